import { readFileSync } from "node:fs";
import * as path from "node:path";
import { expect } from "chai";
import { parse as parseYaml } from "yaml";
import { DATA_LAKE_DEFAULTS } from "../../components/data-lake";
import { parseStackConfig, projectConfigSchema, StackConfigError } from "../../config/stack-config";
import { flattenConfig, REPO_ROOT, readStackConfig, tryRunProgram } from "../support/pulumi-harness";

const VALID = flattenConfig({ "aws:region": "eu-west-1", "aws:allowedAccountIds": ["123456789012"] });

function problemsOf(raw: Record<string, string>): string[] {
    try {
        parseStackConfig(raw, "medallion-lake", "test");
    } catch (err) {
        if (err instanceof StackConfigError) return err.problems;
        throw err;
    }
    throw new Error("expected a StackConfigError");
}

describe("stack config", () => {
    it("applies every default from DATA_LAKE_DEFAULTS when only region and account are set", () => {
        const config = parseStackConfig(VALID, "medallion-lake", "prod");
        expect(config).to.deep.include({
            accountId: "123456789012",
            region: "eu-west-1",
            project: "medallion-lake",
            stack: "prod",
            retainDataOnDestroy: DATA_LAKE_DEFAULTS.retainOnDelete,
            versioning: DATA_LAKE_DEFAULTS.versioning,
            kmsKeyDeletionWindowDays: DATA_LAKE_DEFAULTS.kmsKeyDeletionWindowDays,
        });
        expect(config.retainDataOnDestroy).to.equal(true);
        expect(config.lifecycle).to.deep.equal({
            abortIncompleteMultipartUploadDays: 1,
            accessLogsExpireAfterDays: 365,
            queryResultsExpireAfterDays: 30,
        });
        expect(config.athena.bytesScannedCutoffPerQuery).to.equal(10737418240);
    });

    it("reads the dev stack file", () => {
        const config = parseStackConfig(readStackConfig("dev"), "medallion-lake", "dev");
        expect(config.retainDataOnDestroy).to.equal(false);
        expect(config.athena.bytesScannedCutoffPerQuery).to.equal(1073741824);
        expect(config.tags).to.deep.equal({ environment: "dev", owner: "data-platform" });
    });

    it("refuses a lifecycle below S3's minimums, naming the full key, the value and the fix", () => {
        const problems = problemsOf({
            ...VALID,
            "medallion-lake:lifecycle": JSON.stringify({
                bronze: { infrequentAccessAfterDays: 30, glacierAfterDays: 40 },
            }),
        });
        expect(problems).to.deep.equal([
            "medallion-lake:lifecycle.bronze.glacierAfterDays: got 40; S3 requires GLACIER at least 30 days after STANDARD_IA (30). Set it to 60 or more",
        ]);
    });

    it("refuses STANDARD_IA before 30 days", () => {
        const problems = problemsOf({
            ...VALID,
            "medallion-lake:lifecycle": JSON.stringify({ silver: { infrequentAccessAfterDays: 7 } }),
        });
        expect(problems[0]).to.match(/^medallion-lake:lifecycle\.silver\.infrequentAccessAfterDays: got 7; /);
        expect(problems[0]).to.contain(">=30");
    });

    it("refuses a malformed region", () => {
        expect(problemsOf({ ...VALID, "aws:region": "europe-1" })).to.deep.equal([
            'aws:region: got "europe-1"; use a region code such as eu-west-1 or us-east-1',
        ]);
    });

    it("refuses a missing region with the command that sets it", () => {
        const { "aws:region": _, ...withoutRegion } = VALID;
        expect(problemsOf(withoutRegion)[0]).to.contain("pulumi config set aws:region");
    });

    it("refuses an account id that is not 12 digits", () => {
        expect(problemsOf({ ...VALID, "aws:allowedAccountIds": '["12345"]' })).to.deep.equal([
            'aws:allowedAccountIds: got "12345"; an account id is 12 digits, written as a quoted string',
        ]);
    });

    it("refuses a stack that does not pin exactly one account", () => {
        const { "aws:allowedAccountIds": _, ...unpinned } = VALID;
        expect(problemsOf(unpinned)[0]).to.match(
            /^aws:allowedAccountIds: got nothing; pin exactly one account/,
        );
    });

    it("refuses unknown keys, top-level and nested", () => {
        const problems = problemsOf({
            ...VALID,
            "medallion-lake:versoning": "true",
            "medallion-lake:athena": JSON.stringify({ cutoff: 5 }),
        });
        expect(problems).to.have.members([
            "medallion-lake:versoning: unknown key; remove it or fix its spelling (see the configuration reference in README.md)",
            "medallion-lake:athena.cutoff: unknown key; remove it or fix its spelling (see the configuration reference in README.md)",
        ]);
    });

    it("refuses a value of the wrong type", () => {
        const problems = problemsOf({ ...VALID, "medallion-lake:versioning": "yes" });
        expect(problems).to.have.length(1);
        expect(problems[0]).to.match(/^medallion-lake:versioning: got "yes"; .*boolean/);
    });

    it("fails the program before any resource is registered", async () => {
        const run = await tryRunProgram({ ...VALID, "medallion-lake:kmsKeyDeletionWindowDays": "3" }, "bad");
        expect(run.error).to.have.property("name", "StackConfigError");
        expect(String(run.error)).to.contain("medallion-lake:kmsKeyDeletionWindowDays: got 3");
        expect(run.recorder.resources).to.deep.equal([]);
    });

    it("declares every scalar key of Pulumi.yaml in the schema with the same type", () => {
        const project = parseYaml(readFileSync(path.join(REPO_ROOT, "Pulumi.yaml"), "utf8")) as {
            config: Record<string, { type: string }>;
        };
        const shape = projectConfigSchema.shape as Record<string, unknown>;
        for (const [fullKey, decl] of Object.entries(project.config)) {
            const key = fullKey.replace(/^medallion-lake:/, "");
            expect(shape, fullKey).to.have.property(key);
            const sample = decl.type === "boolean" ? true : decl.type === "integer" ? 7 : "x";
            const field = (
                projectConfigSchema.shape as Record<string, { safeParse(v: unknown): { success: boolean } }>
            )[key];
            if (key !== "kmsKeyArn") expect(field.safeParse(sample).success, fullKey).to.equal(true);
        }
    });
});
