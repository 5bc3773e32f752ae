import { readFileSync } from "node:fs";
import * as path from "node:path";
import { expect } from "chai";
import { parse as parseYaml } from "yaml";
import { DATA_LAKE_DEFAULTS } from "../../components/data-lake/data-lake";
import { ICEBERG_CONFIG_DEFAULTS } from "../../config/iceberg";
import {
    ACCOUNT_ID_FIX,
    parseStackConfig,
    projectConfigSchema,
    StackConfigError,
} from "../../config/stack-config";
import { formatProblem } from "../../lib/problems";
import { flattenConfig, REPO_ROOT, readStackConfig, tryRunProgram } from "../support/pulumi-harness";

const VALID = flattenConfig({ "aws:region": "eu-west-1", "aws:allowedAccountIds": ["123456789012"] });

function problemsOf(raw: Record<string, string>): string[] {
    try {
        parseStackConfig(raw, "medallion-lake", "test");
    } catch (err) {
        if (err instanceof StackConfigError) return err.problems.map(formatProblem);
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

    it("refuses a well-formed region that no partition has, listing the regions of its partition", () => {
        const [problem] = problemsOf({ ...VALID, "aws:region": "eu-west-9" });
        expect(problem).to.match(
            /^aws:region: got "eu-west-9"; eu-west-9 is not a region of the aws partition; use one of af-south-1, /,
        );
        expect(problem).to.contain("eu-west-1, eu-west-2, eu-west-3");
        expect(problem).not.to.contain("cn-north-1");
        const [china] = problemsOf({ ...VALID, "aws:region": "cn-east-9" });
        expect(china).to.contain(
            "cn-east-9 is not a region of the aws-cn partition; use one of cn-north-1, cn-northwest-1 (",
        );
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

    describe("aws:allowedAccountIds as pulumi config set --path writes it", () => {
        // What the program receives (JSON of the stack file's list) after each form of the command.
        it("accepts the README's command: --path --type string stores a quoted string", () => {
            // pulumi config set --path --type string 'aws:allowedAccountIds[0]' 210987654321
            const config = parseStackConfig(
                { ...VALID, "aws:allowedAccountIds": '["210987654321"]' },
                "medallion-lake",
                "prod",
            );
            expect(config.accountId).to.equal("210987654321");
        });

        it("refuses the number --path stores without --type string, with the command that fixes it", () => {
            // pulumi config set --path 'aws:allowedAccountIds[0]' 210987654321
            expect(problemsOf({ ...VALID, "aws:allowedAccountIds": "[210987654321]" })).to.deep.equal([
                `aws:allowedAccountIds: got 210987654321, a number (pulumi config set --path stores unquoted digits as a number); ${ACCOUNT_ID_FIX}`,
            ]);
            expect(ACCOUNT_ID_FIX).to.contain(
                "pulumi config set --path --type string 'aws:allowedAccountIds[0]' <12 digits>",
            );
        });

        it("refuses literal quotes kept inside the value, with the command that fixes it", () => {
            // pulumi config set --path 'aws:allowedAccountIds[0]' '"210987654321"'
            expect(problemsOf({ ...VALID, "aws:allowedAccountIds": '["\\"210987654321\\""]' })).to.deep.equal(
                [
                    `aws:allowedAccountIds: got "\\"210987654321\\"", with the quotes inside the value (pulumi config set --path keeps them); ${ACCOUNT_ID_FIX}`,
                ],
            );
        });

        it("is what the README's deploy steps run", () => {
            const readme = readFileSync(path.join(REPO_ROOT, "README.md"), "utf8");
            expect(readme).to.contain(
                "pulumi config set --path --type string 'aws:allowedAccountIds[0]' 210987654321",
            );
            expect(readme).not.to.match(/^pulumi config set --path 'aws:allowedAccountIds/m);
        });
    });

    it("refuses a lifecycle override that breaks S3's minimums together with the defaults, naming the config key", () => {
        // bronze keeps its default GLACIER transition at 90 days, less than 30 days after STANDARD_IA at 80.
        const problems = problemsOf({
            ...VALID,
            "medallion-lake:lifecycle": JSON.stringify({ bronze: { infrequentAccessAfterDays: 80 } }),
        });
        expect(problems).to.deep.equal([
            "medallion-lake:lifecycle.bronze.glacierAfterDays: got 90 (the default); S3 requires GLACIER at least 30 days after STANDARD_IA (80). Set it to 110 or more",
        ]);
        expect(DATA_LAKE_DEFAULTS.lifecycle.bronze.glacierAfterDays).to.equal(90);
    });

    it("accepts the same override when the default GLACIER transition is turned off with null", () => {
        const config = parseStackConfig(
            {
                ...VALID,
                "medallion-lake:lifecycle": JSON.stringify({
                    bronze: { infrequentAccessAfterDays: 80, glacierAfterDays: null },
                }),
            },
            "medallion-lake",
            "prod",
        );
        expect(config.lifecycle.bronze).to.deep.equal({
            infrequentAccessAfterDays: 80,
            glacierAfterDays: null,
        });
    });

    it("fails the program on a merged-lifecycle problem before any resource is registered", async () => {
        const run = await tryRunProgram(
            {
                ...VALID,
                "medallion-lake:lifecycle": JSON.stringify({ bronze: { infrequentAccessAfterDays: 80 } }),
            },
            "bad",
        );
        expect(run.error).to.have.property("name", "StackConfigError");
        expect(String(run.error)).to.contain(
            "medallion-lake:lifecycle.bronze.glacierAfterDays: got 90 (the default)",
        );
        expect(run.recorder.resources).to.deep.equal([]);
    });

    it("refuses a KMS key of another region than aws:region", () => {
        const keyArn = "arn:aws:kms:us-east-1:123456789012:key/11111111-2222-3333-4444-555555555555";
        expect(problemsOf({ ...VALID, "medallion-lake:kmsKeyArn": keyArn })).to.deep.equal([
            `medallion-lake:kmsKeyArn: got "${keyArn}"; the key is in us-east-1 but the lake is in eu-west-1 (aws:region); S3 needs a key in the bucket's region: use a key of eu-west-1, or remove the setting to let the stack create one`,
        ]);
    });

    it("refuses a KMS key ARN of another partition than the region's", () => {
        const keyArn = "arn:aws-cn:kms:eu-west-1:123456789012:key/11111111-2222-3333-4444-555555555555";
        expect(problemsOf({ ...VALID, "medallion-lake:kmsKeyArn": keyArn })[0]).to.contain(
            "the ARN's partition is aws-cn but eu-west-1 is in aws; fix the ARN",
        );
    });

    it("accepts a KMS key of another account in the lake's region (a central key account)", () => {
        const keyArn = "arn:aws:kms:eu-west-1:210987654321:key/11111111-2222-3333-4444-555555555555";
        const config = parseStackConfig(
            { ...VALID, "medallion-lake:kmsKeyArn": keyArn },
            "medallion-lake",
            "prod",
        );
        expect(config.kmsKeyArn).to.equal(keyArn);
    });

    it("refuses tag keys starting with aws: in any case", () => {
        const problems = problemsOf({
            ...VALID,
            "medallion-lake:tags": JSON.stringify({ "aws:team": "x", "Aws:Owner": "y", owner: "z" }),
        });
        expect(problems).to.deep.equal([
            'medallion-lake:tags.aws:team: got "x"; tag key "aws:team" starts with "aws:", a prefix AWS reserves (any case); rename the tag',
            'medallion-lake:tags.Aws:Owner: got "y"; tag key "Aws:Owner" starts with "aws:", a prefix AWS reserves (any case); rename the tag',
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

    describe("medallion-lake:iceberg.tableOptimizers", () => {
        const iceberg = (tableOptimizers: unknown) => ({
            ...VALID,
            "medallion-lake:iceberg": JSON.stringify({ tableOptimizers }),
        });

        it("is off by default, with no option set (the component's defaults apply)", () => {
            const config = parseStackConfig(VALID, "medallion-lake", "test");
            expect(ICEBERG_CONFIG_DEFAULTS.tableOptimizers).to.equal(false);
            expect(config.iceberg).to.deep.equal({ tableOptimizers: { enabled: false } });
        });

        it("passes the options through when they are in range", () => {
            const config = parseStackConfig(
                iceberg({
                    enabled: true,
                    retention: { runRateInHours: 168 },
                    compaction: { strategy: "sort" },
                }),
                "medallion-lake",
                "test",
            );
            expect(config.iceberg.tableOptimizers).to.deep.equal({
                enabled: true,
                retention: { runRateInHours: 168 },
                compaction: { strategy: "sort" },
            });
        });

        it("refuses values out of Glue's ranges with the component's message, under the full key", () => {
            expect(
                problemsOf(
                    iceberg({
                        retention: { runRateInHours: 2 },
                        orphanFileDeletion: { orphanFileRetentionPeriodInDays: 0 },
                    }),
                ),
            ).to.deep.equal([
                "medallion-lake:iceberg.tableOptimizers.retention.runRateInHours: got 2; use a whole number of hours from 3 to 168 (7 days), as Glue allows",
                "medallion-lake:iceberg.tableOptimizers.orphanFileDeletion.orphanFileRetentionPeriodInDays: got 0; use a whole number of days, at least 1",
            ]);
        });

        it("refuses an unknown strategy, an unknown key, and every type disabled only when the optimizers are on", () => {
            const problems = problemsOf(
                iceberg({ compaction: { strategy: "random" }, retention: { keepDays: 3 } }),
            );
            expect(problems).to.have.length(2);
            expect(problems[0]).to.match(
                /^medallion-lake:iceberg\.tableOptimizers\.compaction\.strategy: got "random"; .*"binpack"\|"sort"\|"z-order"/,
            );
            expect(problems[1]).to.equal(
                "medallion-lake:iceberg.tableOptimizers.retention.keepDays: unknown key; remove it or fix its spelling (see the configuration reference in README.md)",
            );
            const off = {
                compaction: { enabled: false },
                retention: { enabled: false },
                orphanFileDeletion: { enabled: false },
            };
            expect(
                parseStackConfig(iceberg(off), "medallion-lake", "test").iceberg.tableOptimizers.enabled,
            ).to.equal(false);
            expect(problemsOf(iceberg({ ...off, enabled: true }))).to.deep.equal([
                "medallion-lake:iceberg.tableOptimizers.enabled: got false; compaction, retention and orphanFileDeletion are all disabled; enable one, or do not create the optimizers",
            ]);
        });
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
