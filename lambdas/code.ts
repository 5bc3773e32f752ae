/**
 * Lambda code as a Pulumi asset: the handler bundled with esbuild (`bundleLambda` of `lambdas/build.ts`)
 * into a dedicated directory, packaged as a `FileArchive` of that directory. The bundle is deterministic,
 * so an unchanged handler keeps its asset hash and `pulumi up` does not redeploy the function.
 * Follows https://www.pulumi.com/docs/iac/concepts/assets-archives/
 */
import { existsSync } from "node:fs";
import * as path from "node:path";
import * as pulumi from "@pulumi/pulumi";
import { bundleLambda } from "./build";

/**
 * Bundles built in this process, keyed by entry and output directory. Kept on `globalThis` so a program
 * loaded again in the same process (the test harness reloads `index.ts` for every stack it runs) reuses
 * the bundle instead of running esbuild again; the bundle is deterministic, so reuse changes nothing.
 */
const BUNDLES_KEY = Symbol.for("medallion-lake.lambda-bundles");
const processGlobals = globalThis as { [BUNDLES_KEY]?: Map<string, Promise<pulumi.asset.FileArchive>> };
const bundles = processGlobals[BUNDLES_KEY] ?? new Map<string, Promise<pulumi.asset.FileArchive>>();
processGlobals[BUNDLES_KEY] = bundles;

/**
 * The root of this package: the nearest directory above `from` that holds a `package.json` (works from the
 * TypeScript sources and from `dist/`).
 * @throws Error when no `package.json` is found up to the filesystem root.
 */
export function packageRoot(from: string = __dirname): string {
    let dir = path.resolve(from);
    for (;;) {
        if (existsSync(path.join(dir, "package.json"))) return dir;
        const parent = path.dirname(dir);
        if (parent === dir)
            throw new Error(`no package.json above ${from}; cannot locate the Lambda sources`);
        dir = parent;
    }
}

/**
 * Bundles `entry` into `outDir` once per process and resolves to a `FileArchive` of `outDir`.
 *
 * @param entry - absolute path of the handler's TypeScript entry, e.g. `<root>/lambdas/trigger/handler.ts`.
 * @param outDir - absolute path of a directory that holds nothing but this bundle (`.cache/lambdas/<name>`).
 * @returns a promise of the archive; pass it as the function's `code` (an `Input<Archive>`).
 * @throws (the promise rejects with) `LambdaBundleError` when the entry is missing, `outDir` holds other
 *   files, or esbuild fails; Pulumi then reports it on the function.
 */
export function bundledLambdaArchive(entry: string, outDir: string): Promise<pulumi.asset.FileArchive> {
    const key = `${path.resolve(entry)}\0${path.resolve(outDir)}`;
    let bundle = bundles.get(key);
    if (bundle === undefined) {
        bundle = bundleLambda(entry, outDir).then(() => new pulumi.asset.FileArchive(outDir));
        bundles.set(key, bundle);
    }
    return bundle;
}
