/**
 * The source component package as `pulumi package add` sees it: PulumiPlugin.yaml's `main` directory, the
 * component classes its entry exports (found the way the plugin host finds them) and the schema Pulumi's
 * analyzer derives from their TypeScript types. Shared by tests/package/component-schema.test.ts and
 * tests/examples/yaml-program.test.ts; one analysis per test process (it type-checks the package, ~10 s).
 */
import { readFileSync } from "node:fs";
import * as path from "node:path";
import { type AnalyzeResult, Analyzer } from "@pulumi/pulumi/provider/experimental/analyzer";
import { getPulumiComponents } from "@pulumi/pulumi/provider/experimental/provider";
import { generateSchema } from "@pulumi/pulumi/provider/experimental/schema";
import { parse } from "yaml";

export const REPO_ROOT = path.resolve(__dirname, "..", "..");

/** The fields of PulumiPlugin.yaml (https://www.pulumi.com/docs/reference/pulumiplugin-yaml/). */
export interface PluginManifest {
    runtime: string;
    main?: string;
}

export interface ComponentPackage {
    manifest: PluginManifest;
    /** Absolute directory the plugin host runs and the analyzer reads (`main`, else the repo root). */
    dir: string;
    /** That directory's package.json, the one the host reads for the provider name and version. */
    packageJson: { name: string; version: string; description: string; main: string };
    /** Names of the ComponentResource classes the entry exports. */
    componentNames: string[];
    analysis: AnalyzeResult;
    /** The package schema, as the host returns it from GetSchema. */
    schema: ReturnType<typeof generateSchema>;
}

let cached: ComponentPackage | undefined;

/** Analyzes the package once; throws the analyzer's error when it refuses a component or a property. */
export function componentPackage(): ComponentPackage {
    if (cached) return cached;
    const manifest = parse(readFileSync(path.join(REPO_ROOT, "PulumiPlugin.yaml"), "utf8")) as PluginManifest;
    const dir = path.resolve(REPO_ROOT, manifest.main ?? ".");
    const packageJson = JSON.parse(readFileSync(path.join(dir, "package.json"), "utf8"));
    const componentNames = getPulumiComponents(require(dir))
        .map((c) => c.name)
        .sort();
    const analysis = new Analyzer(dir, packageJson.name, packageJson, new Set(componentNames)).analyze();
    const schema = generateSchema(
        packageJson.name,
        packageJson.version,
        packageJson.description,
        analysis.components,
        analysis.typeDefinitions,
        analysis.dependencies,
    );
    cached = { manifest, dir, packageJson, componentNames, analysis, schema };
    return cached;
}
