import { spawnSync } from "node:child_process";
import { createHash } from "node:crypto";
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { expect } from "chai";
import {
    BUNDLE_FILE_NAME,
    BUNDLE_HANDLER,
    BUNDLE_RUNTIME_PROVIDED,
    BUNDLE_TARGET,
    bundleLambda,
    LambdaBundleError,
} from "../../../lambdas/build";

const TRIGGER_ENTRY = "lambdas/trigger/handler.ts";
/** Size budget of the trigger bundle (issue 15): Powertools logger and metrics, zod/mini, the handler. */
const TRIGGER_BUNDLE_MAX_BYTES = 150 * 1024;

describe("bundleLambda (trigger handler)", function () {
    this.timeout(60_000);
    let workDir: string;

    before(() => {
        workDir = mkdtempSync(path.join(tmpdir(), "trigger-bundle-"));
    });
    after(() => rmSync(workDir, { recursive: true, force: true }));

    it("targets the nodejs22.x runtime and writes index.js for the handler index.handler", () => {
        expect([BUNDLE_TARGET, BUNDLE_FILE_NAME, BUNDLE_HANDLER]).to.deep.equal([
            "node22",
            "index.js",
            "index.handler",
        ]);
    });

    it("leaves out only the AWS SDK v3, which the Lambda Node.js runtime provides", () => {
        expect(BUNDLE_RUNTIME_PROVIDED).to.deep.equal(["@aws-sdk/*"]);
    });

    it("bundles the handler into one file of at most 150 KB that requires only node: modules and the runtime's SDK", async () => {
        const bundle = await bundleLambda(TRIGGER_ENTRY, path.join(workDir, "a"));
        expect(bundle.outfile).to.equal(path.join(workDir, "a", "index.js"));
        expect(bundle.bytes).to.equal(statSync(bundle.outfile).size);
        expect(bundle.bytes).to.be.below(TRIGGER_BUNDLE_MAX_BYTES);
        const code = readFileSync(bundle.outfile, "utf8");
        const required = [
            ...new Set([...code.matchAll(/require\("([^"]+)"\)/g)].map((match) => match[1])),
        ].sort();
        expect(required).to.deep.equal(["@aws-sdk/client-glue", "node:console", "node:crypto"]);
        expect(code).not.to.contain(path.resolve("."));
        expect(code).to.contain("StartJobRun").and.to.contain("GetJobRuns");
    });

    it("is byte-for-byte deterministic, so the Pulumi asset hash is stable", async () => {
        const first = await bundleLambda(TRIGGER_ENTRY, path.join(workDir, "b"));
        const second = await bundleLambda(TRIGGER_ENTRY, path.join(workDir, "c"));
        const again = await bundleLambda(TRIGGER_ENTRY, path.join(workDir, "b"));
        const sha = (file: string) => createHash("sha256").update(readFileSync(file)).digest("hex");
        expect(sha(second.outfile)).to.equal(sha(first.outfile));
        expect(sha(again.outfile)).to.equal(sha(first.outfile));
    });

    it("keeps the configuration errors readable in the bundle (cold start in a fresh Node process)", async () => {
        const bundle = await bundleLambda(TRIGGER_ENTRY, path.join(workDir, "d"));
        const run = spawnSync(process.execPath, ["-e", `require(${JSON.stringify(bundle.outfile)})`], {
            // Lambda puts its SDK on NODE_PATH (/var/runtime/node_modules); here the repository's stands in.
            env: {
                PATH: process.env.PATH,
                NODE_PATH: path.resolve("node_modules"),
                DATASET_ROUTES: '[{"dataset":"flights","jobName":"j"}]',
            },
            encoding: "utf8",
        });
        expect(run.status).to.equal(1);
        expect(run.stderr).to.contain("TriggerConfigError");
        expect(run.stderr).to.contain(
            "DATASET_ROUTES[0].bucket: Invalid input: expected string, received undefined",
        );
    });

    it("rejects a missing entry and an output directory holding other files", async () => {
        let missing: unknown;
        await bundleLambda("lambdas/trigger/nope.ts", path.join(workDir, "e")).catch((error) => {
            missing = error;
        });
        expect(missing).to.be.instanceOf(LambdaBundleError);
        expect((missing as Error).message).to.equal(
            'Lambda entry "lambdas/trigger/nope.ts" is not a file; pass the handler\'s .ts path',
        );

        const crowded = path.join(workDir, "f");
        await bundleLambda(TRIGGER_ENTRY, crowded);
        writeFileSync(path.join(crowded, "notes.txt"), "x");
        let foreign: unknown;
        await bundleLambda(TRIGGER_ENTRY, crowded).catch((error) => {
            foreign = error;
        });
        expect((foreign as Error).message).to.match(
            /^Lambda output directory ".*f" holds notes\.txt; Pulumi archives/,
        );
    });

    it("reports esbuild errors with their text", async () => {
        const broken = path.join(workDir, "broken.ts");
        writeFileSync(
            broken,
            'import { nothing } from "./does-not-exist";\nexport const handler = nothing;\n',
        );
        let failure: unknown;
        await bundleLambda(broken, path.join(workDir, "g")).catch((error) => {
            failure = error;
        });
        expect(failure).to.be.instanceOf(LambdaBundleError);
        expect((failure as Error).message).to.contain('Could not resolve "./does-not-exist"');
    });
});
