/**
 * A consumer project, as a user builds one: in a temporary folder outside the repository, it installs the
 * packed tarball and its peers, and runs a mocha test that uses the testing kit on the package's components
 * (the DataLake and DatasetPipeline example of testing/README.md, its spec and test run as written), then type-checks it with the
 * tsconfig `pulumi new typescript` writes.
 *
 * Offline: the consumer's package-lock.json is cut from the repository's (the same resolved tarballs and
 * integrity hashes), so `npm ci --offline` installs from the npm cache the repository's `npm ci` filled.
 */

import { execFileSync, spawnSync } from "node:child_process";
import { createHash } from "node:crypto";
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import * as path from "node:path";
import { expect } from "chai";
import { REPO_ROOT } from "../support/pulumi-harness";
import { type LockEntry, type Lockfile, lockClosure, readRepoLock } from "./lockfile";
import { copyWorkingTree } from "./working-tree";

interface Manifest {
    name: string;
    version: string;
    license: string;
    engines: Record<string, string>;
    dependencies: Record<string, string>;
    devDependencies: Record<string, string>;
    peerDependencies: Record<string, string>;
}

const pkg = JSON.parse(readFileSync(path.join(REPO_ROOT, "package.json"), "utf8")) as Manifest;

/** What the consumer installs besides the tarball, at the versions this repository develops against. */
const CONSUMER_DEPENDENCIES = Object.keys(pkg.peerDependencies);
const CONSUMER_DEV_DEPENDENCIES = [
    "@pulumi/policy",
    "@types/chai",
    "@types/mocha",
    "@types/node",
    "chai",
    "mocha",
    "tsx",
    "typescript",
];

/** The tsconfig `pulumi new typescript` writes (CommonJS, Node 10 resolution), with the test files included. */
const PULUMI_TEMPLATE_TSCONFIG = {
    compilerOptions: {
        strict: true,
        outDir: "bin",
        target: "es2020",
        module: "commonjs",
        moduleResolution: "node",
        sourceMap: true,
        experimentalDecorators: true,
        pretty: true,
        noFallthroughCasesInSwitch: true,
        noImplicitReturns: true,
        forceConsistentCasingInFileNames: true,
        // Declaration files of the dependencies are not the consumer's to check (@pulumi/policy's own fail).
        skipLibCheck: true,
        types: ["node", "mocha"],
    },
    include: ["test/**/*.ts"],
};

/** Versions of `names` from the repository's devDependencies. */
function pinned(names: string[]): Record<string, string> {
    return Object.fromEntries(names.map((name) => [name, pkg.devDependencies[name]]));
}

/**
 * The consumer's lockfile: the tarball as `node_modules/medallion-lake`, and every package the consumer's
 * dependencies pull in, with the lock path, version, resolved URL and integrity the repository's lock gives it.
 */
function consumerLock(
    manifest: { name: string; dependencies: Record<string, string>; devDependencies: Record<string, string> },
    tarball: { resolved: string; integrity: string },
    repoLock: Lockfile,
): Lockfile & { name: string; lockfileVersion: 3; requires: true } {
    const installed = lockClosure(repoLock, [
        ...Object.keys(pkg.dependencies),
        ...Object.keys(manifest.dependencies).filter((name) => name !== pkg.name),
        ...Object.keys(manifest.devDependencies),
    ]);
    const packages: Record<string, LockEntry> = {
        "": {
            dependencies: manifest.dependencies,
            devDependencies: manifest.devDependencies,
        },
        [`node_modules/${pkg.name}`]: {
            version: pkg.version,
            ...tarball,
            dependencies: pkg.dependencies,
            peerDependencies: pkg.peerDependencies,
            engines: pkg.engines,
        },
    };
    for (const at of installed) {
        const { dev: _dev, peer: _peer, devOptional: _devOptional, ...entry } = repoLock.packages[at];
        packages[at] = entry;
    }
    return { name: manifest.name, lockfileVersion: 3, requires: true, packages };
}

/** The first fenced block of `language` (`ts`, `yaml`) in a Markdown file. */
function firstBlock(file: string, language: string): string {
    const match = new RegExp(`\`\`\`${language}\n([\\s\\S]*?)\`\`\``).exec(readFileSync(file, "utf8"));
    if (match === null) throw new Error(`${file} has no \`\`\`${language} block`);
    return match[1];
}

interface MochaReport {
    stats: { tests: number; passes: number; failures: number };
    passes: { fullTitle: string }[];
    failures: { fullTitle: string; err: { message: string } }[];
}

describe("a consumer project installing the packed tarball", () => {
    let work: string;
    let consumer: string;
    let report: MochaReport;

    before(function () {
        this.timeout(300_000);
        work = mkdtempSync(path.join(tmpdir(), "medallion-lake-consumer-"));
        const source = copyWorkingTree("medallion-lake-pack-");
        try {
            const packed = execFileSync("npm", ["pack", "--json", "--pack-destination", work], {
                cwd: source,
                encoding: "utf8",
                stdio: ["ignore", "pipe", "pipe"],
            });
            const [{ filename }] = JSON.parse(packed) as [{ filename: string }];
            consumer = path.join(work, "shop-lake");
            mkdirSync(path.join(consumer, "test"), { recursive: true });
            mkdirSync(path.join(consumer, "datasets"));
            const tarball = readFileSync(path.join(work, filename));
            const manifest = {
                name: "shop-lake",
                version: "1.0.0",
                private: true,
                dependencies: { [pkg.name]: `file:../${filename}`, ...pinned(CONSUMER_DEPENDENCIES) },
                devDependencies: pinned(CONSUMER_DEV_DEPENDENCIES),
            };
            const integrity = `sha512-${createHash("sha512").update(tarball).digest("base64")}`;
            const lock = consumerLock(
                manifest,
                { resolved: `file:../${filename}`, integrity },
                readRepoLock(),
            );
            writeFileSync(path.join(consumer, "package.json"), `${JSON.stringify(manifest, null, 2)}\n`);
            writeFileSync(path.join(consumer, "package-lock.json"), `${JSON.stringify(lock, null, 2)}\n`);
            writeFileSync(path.join(consumer, "tsconfig.json"), JSON.stringify(PULUMI_TEMPLATE_TSCONFIG));
            writeFileSync(
                path.join(consumer, "test", "lake.test.ts"),
                firstBlock(path.join(REPO_ROOT, "testing", "README.md"), "ts"),
            );
            writeFileSync(
                path.join(consumer, "datasets", "orders.yaml"),
                firstBlock(path.join(REPO_ROOT, "testing", "README.md"), "yaml"),
            );
            execFileSync("npm", ["ci", "--offline", "--no-audit", "--no-fund", "--ignore-scripts"], {
                cwd: consumer,
                stdio: "pipe",
            });
        } finally {
            rmSync(source, { recursive: true, force: true });
        }
        const mocha = path.join(consumer, "node_modules", "mocha", "bin", "mocha.js");
        let out: string;
        try {
            out = execFileSync(
                process.execPath,
                [
                    mocha,
                    "--require",
                    "tsx/cjs",
                    "--reporter",
                    "json",
                    "--timeout",
                    "120000",
                    "test/lake.test.ts",
                ],
                { cwd: consumer, encoding: "utf8", stdio: ["ignore", "pipe", "pipe"] },
            );
        } catch (error) {
            // mocha exits with the number of failures; its JSON report is still on stdout.
            out = (error as { stdout: string }).stdout;
        }
        report = JSON.parse(out.slice(out.indexOf("{"))) as MochaReport;
    });

    after(() => {
        if (work) rmSync(work, { recursive: true, force: true });
    });

    it("is outside the repository and has the package and its peers installed from the tarball, one copy each", () => {
        expect(path.relative(REPO_ROOT, consumer).startsWith("..")).to.equal(true);
        const installed = (name: string) =>
            JSON.parse(readFileSync(path.join(consumer, "node_modules", name, "package.json"), "utf8")) as {
                version: string;
            };
        expect(installed(pkg.name).version).to.equal(pkg.version);
        for (const peer of CONSUMER_DEPENDENCIES)
            expect(installed(peer).version, peer).to.equal(pkg.devDependencies[peer]);
        const resolvedFromPackage = execFileSync(
            process.execPath,
            ["-p", `require.resolve("@pulumi/pulumi", { paths: [require.resolve("${pkg.name}")] })`],
            { cwd: consumer, encoding: "utf8" },
        ).trim();
        expect(resolvedFromPackage).to.equal(
            path.join(consumer, "node_modules", "@pulumi", "pulumi", "index.js"),
        );
    });

    it("runs the consumer's mocha test of a DataLake and a DatasetPipeline under the testing kit, and it passes", () => {
        expect(report.failures.map((f) => `${f.fullTitle}: ${f.err.message}`)).to.deep.equal([]);
        expect(report.passes.map((p) => p.fullTitle)).to.deep.equal([
            "shop lake plans the lake and the orders pipeline in the shop's account",
            "shop lake passes the medallion-lake policy pack",
        ]);
    });

    it("type-checks with the tsconfig of `pulumi new typescript`, medallion-lake/testing included", function () {
        this.timeout(120_000);
        const tsc = path.join(consumer, "node_modules", "typescript", "bin", "tsc");
        const run = spawnSync(process.execPath, [tsc, "--noEmit", "-p", "."], {
            cwd: consumer,
            encoding: "utf8",
        });
        expect(run.stdout + run.stderr).to.equal("");
        expect(run.status).to.equal(0);
    });
});
