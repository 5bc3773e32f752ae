/**
 * What `npm pack` puts in the tarball: what a consumer's `pulumi up` reads (the built components, the Glue
 * job scripts, package and gold SQL, the dataset spec schema, the Lambda sources esbuild bundles at deploy,
 * the policy pack), and nothing of tests, local-only tools or Python caches.
 *
 * Packs a copy of the working tree (tracked and new files, as git sees them) in a temporary directory, so
 * `prepack` builds a fresh `dist/` there and never touches the repository's own.
 */
import { execFileSync } from "node:child_process";
import { mkdirSync, rmSync, writeFileSync } from "node:fs";
import * as path from "node:path";
import { expect } from "chai";
import { build } from "esbuild";
import { copyWorkingTree, workingTreeFiles } from "./working-tree";

/** Python bytecode the way pytest and the local runner leave it: must never ship. */
const PLANTED_CACHES = [
    "glue/medallion_glue/__pycache__/defaults.cpython-311.pyc",
    "glue/medallion_glue/silver/__pycache__/transform.cpython-311.pyc",
    "glue/jobs/__pycache__/bronze_to_silver.cpython-311.pyc",
    "glue/medallion_glue/stray.pyc",
];

describe("npm tarball", () => {
    /** Those of `expected` the tarball does not hold. */
    const missing = (expected: string[]) => expected.filter((file) => !files.includes(file));

    let root: string;
    let files: string[];

    before(function () {
        this.timeout(300_000);
        root = copyWorkingTree("medallion-lake-tarball-");
        for (const cache of PLANTED_CACHES) {
            mkdirSync(path.dirname(path.join(root, cache)), { recursive: true });
            writeFileSync(path.join(root, cache), "bytecode");
        }
        // `--dry-run` still runs prepack (the build into this copy's dist/) and lists what would be packed.
        const out = execFileSync("npm", ["pack", "--dry-run", "--json"], {
            cwd: root,
            encoding: "utf8",
            stdio: ["ignore", "pipe", "pipe"],
        });
        const [report] = JSON.parse(out) as [{ files: { path: string }[] }];
        files = report.files.map((f) => f.path).sort();
    });

    after(() => {
        if (root) rmSync(root, { recursive: true, force: true });
    });

    it("ships the built entry points, the docs and the manifest", () => {
        expect(
            missing([
                "package.json",
                "README.md",
                "CHANGELOG.md",
                "dist/components/index.js",
                "dist/components/index.d.ts",
                "dist/config/stack-config.js",
                "dist/config/stack-config.d.ts",
                "dist/testing/index.js",
                "dist/testing/index.d.ts",
                "dist/testing/resource-outputs.js",
                "dist/policies/evaluate.js",
                "testing/README.md",
            ]),
        ).to.deep.equal([]);
    });

    it("ships the Glue entry scripts, every module of the job package and the gold SQL", () => {
        expect(
            missing([
                "glue/jobs/bronze_to_silver.py",
                "glue/jobs/silver_to_gold.py",
                "glue/jobs/jdbc_to_bronze.py",
                "glue/medallion_glue/runtime/job_arguments.json",
                "glue/medallion_glue/shared_constants.json",
                "glue/sql/gold/flight_delays_by_origin_month.sql",
                // The Python pins DatasetPipeline's jobs install by default (shippedPipelineCode).
                "requirements.txt",
            ]),
        ).to.deep.equal([]);
        const jobPackage = workingTreeFiles("glue/medallion_glue", "glue/sql");
        expect(jobPackage.length).to.be.greaterThan(30);
        expect(missing(jobPackage)).to.deep.equal([]);
    });

    it("ships the dataset specs with their JSON Schema and the policy pack", () => {
        expect(
            missing([
                "datasets/schema/dataset-spec.schema.json",
                "datasets/flights.yaml",
                "datasets/schemas/tweets.schema.json",
                "policies/PulumiPolicy.yaml",
                "policies/index.ts",
                "policies/package.json",
            ]),
        ).to.deep.equal([]);
    });

    it("ships every source file esbuild bundles into each Lambda at deploy", async function () {
        this.timeout(120_000);
        const entries = files.filter((file) => /^lambdas\/[^/]+\/handler\.ts$/.test(file));
        expect(entries).to.deep.equal(["lambdas/simulator/handler.ts", "lambdas/trigger/handler.ts"]);
        for (const entry of entries) {
            const result = await build({
                entryPoints: [path.join(root, entry)],
                absWorkingDir: root,
                bundle: true,
                platform: "node",
                external: ["@aws-sdk/*"],
                write: false,
                metafile: true,
                outfile: path.join(root, ".bundle-check", "index.js"),
            });
            const sources = Object.keys(result.metafile.inputs).filter(
                (input) => !input.includes("node_modules"),
            );
            expect(sources, entry).to.include(entry);
            expect(missing(sources), `${entry} bundles these`).to.deep.equal([]);
        }
        expect(files).to.include("lib/bronze-objects.ts");
    });

    it("leaves out tests, local-only tools and Python caches", () => {
        const forbidden = [
            /^tests\//,
            /^glue\/tests\//,
            /^glue\/medallion_local\//,
            /^glue\/local_awsglue\//,
            /^(bench|scripts|spark-warehouse|out)\//,
            /(^|\/)__pycache__\//,
            /\.pyc$/,
            /\.test\.[jt]s$/,
            /^dist\/tests\//,
        ];
        const leaked = files.filter((file) => forbidden.some((pattern) => pattern.test(file)));
        expect(leaked).to.deep.equal([]);
        expect(files.some((file) => file.startsWith("glue/"))).to.equal(true);
    });
});
