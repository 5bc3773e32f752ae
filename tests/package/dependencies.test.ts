/**
 * What a consumer's `npm install medallion-lake` resolves: the Pulumi SDKs are peers (one copy, the
 * consumer's), every other dependency is pinned, the lock file agrees with package.json (`npm ci` refuses
 * it otherwise), and `engines` admits exactly the Node versions every runtime dependency admits.
 * Ranges are compared with `semver`, the library npm itself uses.
 */
import { readdirSync, readFileSync } from "node:fs";
import { builtinModules } from "node:module";
import * as path from "node:path";
import { expect } from "chai";
import * as semver from "semver";
import ts from "typescript";
import { REPO_ROOT } from "../support/pulumi-harness";
import { type LockEntry, lockClosure, readRepoLock } from "./lockfile";

interface Manifest {
    engines: { node: string };
    dependencies: Record<string, string>;
    devDependencies: Record<string, string>;
    peerDependencies: Record<string, string>;
}

const pkg = JSON.parse(readFileSync(path.join(REPO_ROOT, "package.json"), "utf8")) as Manifest;
const lock = readRepoLock() as { packages: Record<string, LockEntry & Partial<Manifest>> };

/** The SDKs a consumer's program shares with the components: one copy each, so they are peers. */
const PULUMI_PEERS = ["@pulumi/aws", "@pulumi/awsx", "@pulumi/pulumi"];

/** Folders whose code the package ships (compiled into dist/ or bundled at deploy). */
const SHIPPED_CODE = ["components", "config", "lib", "spec", "lambdas", "testing"];

/** Lock paths of every package a consumer installs with this one: dependencies, peers and theirs. */
function runtimeClosure(): string[] {
    return lockClosure(lock, [...Object.keys(pkg.dependencies), ...Object.keys(pkg.peerDependencies)]);
}

/** Lowest Node version every range admits, or undefined when none does. */
function lowestAdmittedByAll(ranges: string[]): string | undefined {
    // The intersection's lowest version is the lower bound of one of the ranges' comparator sets.
    const bounds = ranges.flatMap((range) =>
        new semver.Range(range).set.map((set) =>
            semver.minVersion(set.map((comparator) => comparator.value).join(" ")),
        ),
    );
    return bounds
        .filter((v): v is semver.SemVer => v !== null && ranges.every((r) => semver.satisfies(v, r)))
        .sort(semver.compare)[0]?.version;
}

/**
 * Bare package names the TypeScript files under `folder` (tests excluded) load at run time, read from the
 * syntax tree: `import type` is erased by tsc and esbuild, so it needs no dependency.
 */
function importedPackages(folder: string): Set<string> {
    const names = new Set<string>();
    const files = readdirSync(path.join(REPO_ROOT, folder), { recursive: true, encoding: "utf8" }).filter(
        (file) => file.endsWith(".ts") && !file.endsWith(".test.ts"),
    );
    for (const file of files) {
        const source = ts.createSourceFile(
            file,
            readFileSync(path.join(REPO_ROOT, folder, file), "utf8"),
            ts.ScriptTarget.Latest,
        );
        for (const statement of source.statements) {
            const isImport = ts.isImportDeclaration(statement) && statement.importClause?.isTypeOnly !== true;
            const isReexport = ts.isExportDeclaration(statement) && !statement.isTypeOnly;
            if (!(isImport || isReexport) || statement.moduleSpecifier === undefined) continue;
            const specifier = (statement.moduleSpecifier as ts.StringLiteral).text;
            if (specifier.startsWith(".") || specifier.startsWith("node:")) continue;
            if (builtinModules.includes(specifier)) continue;
            const parts = specifier.split("/");
            names.add(specifier.startsWith("@") ? parts.slice(0, 2).join("/") : parts[0]);
        }
    }
    return names;
}

describe("package dependencies", () => {
    it("@pulumi/pulumi, @pulumi/aws and @pulumi/awsx are caret-range peers of the exact versions developed against", () => {
        expect(Object.keys(pkg.peerDependencies).sort()).to.deep.equal(PULUMI_PEERS);
        for (const name of PULUMI_PEERS) {
            const developed = pkg.devDependencies[name];
            expect(semver.valid(developed), `${name} devDependency ${developed}`).to.equal(developed);
            expect(pkg.peerDependencies[name], name).to.equal(`^${developed}`);
            expect(pkg.dependencies, name).not.to.have.property(name);
        }
    });

    it("pins every dependency and devDependency to one exact version", () => {
        const loose = Object.entries({ ...pkg.dependencies, ...pkg.devDependencies }).filter(
            ([, version]) => semver.valid(version) !== version,
        );
        expect(loose).to.deep.equal([]);
    });

    it("imports, in every shipped folder, only packages that are dependencies or peers", () => {
        const declared = new Set([...Object.keys(pkg.dependencies), ...Object.keys(pkg.peerDependencies)]);
        const undeclared = SHIPPED_CODE.flatMap((folder) =>
            [...importedPackages(folder)].filter((name) => !declared.has(name)).map((n) => `${folder}: ${n}`),
        );
        expect(undeclared).to.deep.equal([]);
        expect([...importedPackages("components")]).to.include.members(PULUMI_PEERS);
    });

    it("has a package-lock.json that agrees with package.json, so npm ci accepts it", () => {
        const root = lock.packages[""];
        expect(root.dependencies).to.deep.equal(pkg.dependencies);
        expect(root.devDependencies).to.deep.equal(pkg.devDependencies);
        expect(root.peerDependencies).to.deep.equal(pkg.peerDependencies);
        expect(root.engines).to.deep.equal(pkg.engines);
        for (const name of PULUMI_PEERS) {
            expect(lock.packages[`node_modules/${name}`].version, name).to.equal(pkg.devDependencies[name]);
        }
    });

    it("declares in engines.node exactly the Node versions every runtime dependency admits", () => {
        const closure = runtimeClosure();
        expect(closure).to.include.members(PULUMI_PEERS.map((name) => `node_modules/${name}`));
        const constrained = closure.flatMap((at) => {
            const node = lock.packages[at].engines?.node;
            return node === undefined ? [] : [{ at, node }];
        });
        const tooLoose = constrained
            .filter(({ node }) => !semver.subset(pkg.engines.node, node))
            .map(({ at, node }) => `${at} wants ${node}`);
        expect(tooLoose, `engines.node ${pkg.engines.node} admits versions these refuse`).to.deep.equal([]);
        const lowest = lowestAdmittedByAll(constrained.map(({ node }) => node));
        expect(semver.minVersion(pkg.engines.node)?.version, "engines.node floor").to.equal(lowest);
        expect(pkg.engines.node).to.equal("^22.12.0 || >=23");
    });
});
