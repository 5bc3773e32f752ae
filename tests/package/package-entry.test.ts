/**
 * The package as `npm pack` ships it: `prepack` builds `dist/` with tsconfig.build.json, and `main`, `types`
 * and `exports` must point at files that build produces. Builds into a temporary directory (never `dist/`).
 */
import { execFileSync } from "node:child_process";
import { copyFileSync, existsSync, mkdtempSync, readFileSync, rmSync, symlinkSync } from "node:fs";
import { tmpdir } from "node:os";
import * as path from "node:path";
import { expect } from "chai";
import { REPO_ROOT, settle, setupPulumiMocks } from "../support/pulumi-harness";

interface PackageJson {
    main: string;
    types: string;
    exports: Record<string, { types: string; default: string } | string>;
    scripts: Record<string, string>;
    files: string[];
    typesVersions: Record<string, Record<string, string[]>>;
}

const pkg = JSON.parse(readFileSync(path.join(REPO_ROOT, "package.json"), "utf8")) as PackageJson;

describe("package entry", () => {
    let root: string;

    before(function () {
        this.timeout(300_000);
        root = mkdtempSync(path.join(tmpdir(), "medallion-lake-pack-"));
        const tsc = path.join(REPO_ROOT, "node_modules", "typescript", "bin", "tsc");
        execFileSync(
            process.execPath,
            [tsc, "-p", "tsconfig.build.json", "--outDir", path.join(root, "dist")],
            {
                cwd: REPO_ROOT,
                stdio: "pipe",
            },
        );
        copyFileSync(path.join(REPO_ROOT, "package.json"), path.join(root, "package.json"));
        symlinkSync(path.join(REPO_ROOT, "node_modules"), path.join(root, "node_modules"), "dir");
    });

    after(() => {
        if (root) rmSync(root, { recursive: true, force: true });
    });

    it("builds dist/ before npm pack and publish (prepack), not on every npm ci (no prepare)", () => {
        expect(pkg.scripts.prepack).to.equal("npm run build");
        expect(pkg.scripts.build).to.equal("tsc -p tsconfig.build.json");
        expect(pkg.scripts).not.to.have.property("prepare");
        expect(pkg.files).to.include("dist");
    });

    it("main, types and exports point at built files", () => {
        expect(existsSync(path.join(root, pkg.main)), pkg.main).to.equal(true);
        expect(existsSync(path.join(root, pkg.types)), pkg.types).to.equal(true);
        expect(pkg.exports["."]).to.deep.equal({ types: `./${pkg.types}`, default: `./${pkg.main}` });
    });

    it("maps each subpath export to its types for TypeScript's Node 10 resolution too (pulumi new's tsconfig)", () => {
        const subpaths = Object.entries(pkg.exports).filter(
            (entry): entry is [string, { types: string; default: string }] =>
                entry[0] !== "." && typeof entry[1] === "object",
        );
        expect(subpaths.map(([subpath]) => subpath)).to.deep.equal(["./config", "./testing"]);
        expect(pkg.typesVersions).to.deep.equal({
            "*": Object.fromEntries(subpaths.map(([subpath, entry]) => [subpath.slice(2), [entry.types]])),
        });
    });

    it("exports every component and its defaults from the built main, and not the program's stack config loader", () => {
        const entry = require(path.join(root, pkg.main)) as Record<string, unknown>;
        for (const name of [
            "DataLake",
            "EtlJob",
            "GlueCrawlerSet",
            "GlueSecurityConfiguration",
            "LakeFormationAdmin",
            "TriggerLambda",
            "TableOptimizers",
            "EventStreamSource",
            "PostgresSource",
        ]) {
            expect(entry[name], name).to.be.a("function");
        }
        expect(entry.parseStackConfig, "config/ is the program's, not the package's").to.equal(undefined);
        expect(entry.DATA_LAKE_DEFAULTS).to.have.property("retainOnDelete", true);
        expect(entry.ETL_JOB_DEFAULTS).to.have.property("glueVersion", "5.1");
        // The program's config loader ships as its own entry, so the components never import config/.
        const config = pkg.exports["./config"] as { types: string; default: string };
        const loader = require(path.join(root, config.default)) as Record<string, unknown>;
        expect(loader.parseStackConfig, "parseStackConfig").to.be.a("function");
        expect(existsSync(path.join(root, config.types)), config.types).to.equal(true);
        expect(entry).not.to.have.property("parseStackConfig");
    });

    it("exports the testing kit as medallion-lake/testing: the mock harness, planStack and the policy evaluation", async () => {
        const testing = pkg.exports["./testing"] as { types: string; default: string };
        expect(testing).to.deep.equal({
            types: "./dist/testing/index.d.ts",
            default: "./dist/testing/index.js",
        });
        expect(existsSync(path.join(root, testing.types)), testing.types).to.equal(true);
        expect(pkg.files).to.include("testing/README.md");
        const kit = require(path.join(root, testing.default)) as typeof import("../../testing");
        for (const name of [
            "setupPulumiMocks",
            "settle",
            "resolve",
            "planStack",
            "tryPlanStack",
            "evaluatePolicies",
        ]) {
            expect(kit[name as keyof typeof kit], name).to.be.a("function");
        }
        expect(kit.Recorder).to.be.a("function");
        expect(kit.DEFAULT_AWS_ENVIRONMENT).to.deep.include({
            accountId: "123456789012",
            region: "eu-west-1",
        });
        // The built kit plans the built components and evaluates the built pack over them.
        const { DataLake } = require(path.join(root, pkg.main)) as typeof import("../../components");
        const plan = await kit.planStack(() => {
            const lake = new DataLake("lake", { accountId: "123456789012", region: "eu-west-1" });
            return { bronze: lake.buckets.bronze.bucket };
        });
        expect(plan.resources.filter((r) => r.type === "aws:s3/bucket:Bucket")).to.have.length(6);
        expect(plan.outputs.bronze).to.equal("medallion-lake-test-bronze-123456789012-eu-west-1");
        const violations = await kit.evaluatePolicies(plan.resources);
        expect(violations.filter((v) => v.enforcementLevel === "mandatory")).to.deep.equal([]);
    });

    it("builds a DataLake from the built package", async () => {
        const { DataLake } = require(path.join(root, pkg.main)) as typeof import("../../components");
        const recorder = setupPulumiMocks();
        new DataLake("lake", {
            accountId: "123456789012",
            region: "eu-west-1",
            naming: { project: "p", stack: "s" },
        });
        await settle();
        expect(recorder.ofType("aws:s3/bucket:Bucket")).to.have.length(6);
    });
});
