/**
 * The policy pack works from the published npm package: every module it loads (following relative imports,
 * type-only ones included, from every file under policies/) is in the package's file list as `npm pack` computes it, and nothing it loads lies
 * outside `policies/` (the package ships `policies/` as TypeScript source, without `lib/` or `components/`).
 */
import { execFileSync } from "node:child_process";
import { existsSync, readdirSync, readFileSync } from "node:fs";
import * as path from "node:path";
import { expect } from "chai";
import * as ts from "typescript";
import { REPO_ROOT } from "../support/pulumi-harness";

/**
 * Entry points: every TypeScript file under policies/ (the CLI loads `index.ts`, `evaluate.ts` runs the
 * rules offline, and the package ships the rest as source, so each must compile from the package alone).
 */
function entryPoints(): string[] {
    const files: string[] = [];
    const walk = (dir: string) => {
        for (const entry of readdirSync(dir, { withFileTypes: true })) {
            if (entry.name === "node_modules") continue;
            const full = path.join(dir, entry.name);
            if (entry.isDirectory()) walk(full);
            else if (entry.name.endsWith(".ts")) files.push(path.relative(REPO_ROOT, full));
        }
    };
    walk(path.join(REPO_ROOT, "policies"));
    return files;
}

/** The file a relative import names: `<spec>.ts`, `<spec>/index.ts`, or `<spec>` itself (e.g. `.json`). */
function resolveRelative(fromFile: string, specifier: string): string {
    const base = path.resolve(path.dirname(fromFile), specifier);
    const candidates = [`${base}.ts`, path.join(base, "index.ts"), ...(path.extname(base) ? [base] : [])];
    const found = candidates.find((candidate) => existsSync(candidate));
    if (found === undefined) {
        throw new Error(`${path.relative(REPO_ROOT, fromFile)}: cannot resolve import "${specifier}"`);
    }
    return found;
}

/** Every file reachable from `entries` by relative imports (import, export ... from, require), and the bare packages imported. */
function importClosure(entries: string[]): { files: string[]; packages: Set<string> } {
    const seen = new Set<string>();
    const packages = new Set<string>();
    const queue = entries.map((e) => path.join(REPO_ROOT, e));
    while (queue.length > 0) {
        const file = queue.pop() as string;
        if (seen.has(file)) continue;
        seen.add(file);
        if (!file.endsWith(".ts")) continue;
        const { importedFiles } = ts.preProcessFile(readFileSync(file, "utf8"), true, true);
        for (const { fileName: specifier } of importedFiles) {
            if (specifier.startsWith(".")) {
                queue.push(resolveRelative(file, specifier));
            } else if (!specifier.startsWith("node:")) {
                const parts = specifier.split("/");
                packages.add(specifier.startsWith("@") ? parts.slice(0, 2).join("/") : parts[0]);
            }
        }
    }
    return { files: [...seen].map((f) => path.relative(REPO_ROOT, f).split(path.sep).join("/")), packages };
}

/** The files `npm pack` puts in the package, relative to the package root. */
function packedFiles(): Set<string> {
    const out = execFileSync("npm", ["pack", "--dry-run", "--json", "--ignore-scripts"], {
        cwd: REPO_ROOT,
        encoding: "utf8",
        stdio: ["ignore", "pipe", "ignore"],
    });
    const [pack] = JSON.parse(out) as { files: { path: string }[] }[];
    return new Set(pack.files.map((f) => f.path));
}

describe("the policy pack in the published package", () => {
    const closure = importClosure(entryPoints());

    it("follows the pack's imports through rules, lib and shared constants", () => {
        expect(closure.files).to.include.members([
            "policies/index.ts",
            "policies/defaults.ts",
            "policies/shared-constants.ts",
            "policies/rules/index.ts",
            "policies/rules/iam/no-wildcard-resource.ts",
            "policies/rules/lakeformation/zone-locations-registered.ts",
            "policies/rules/athena/scan-cutoff.ts",
            "policies/lib/s3-buckets.ts",
            "policies/lib/parliament.ts",
        ]);
        expect(closure.files.length).to.be.greaterThan(50);
    });

    it("imports nothing from outside policies/ (lib/ and components/ are not shipped as source)", () => {
        const outside = closure.files.filter((f) => !f.startsWith("policies/"));
        expect(outside).to.deep.equal([]);
    });

    it("ships every module the pack loads, and the files the CLI reads, in `npm pack`'s file list", function () {
        this.timeout(120_000);
        const packed = packedFiles();
        const needed = [
            ...closure.files,
            "policies/PulumiPolicy.yaml",
            "policies/package.json",
            "policies/tsconfig.json",
        ];
        expect(needed.filter((f) => !packed.has(f))).to.deep.equal([]);
    });

    it("declares every package the pack imports in policies/package.json", () => {
        const manifest = JSON.parse(
            readFileSync(path.join(REPO_ROOT, "policies", "package.json"), "utf8"),
        ) as {
            dependencies: Record<string, string>;
        };
        expect([...closure.packages]).to.include.members(["@pulumi/aws", "@pulumi/policy"]);
        for (const name of closure.packages) {
            expect(manifest.dependencies, name).to.have.property(name);
        }
    });
});
