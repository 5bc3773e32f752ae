/**
 * The whole pack over every resource the program registers: the dev stack, the stack with every optional
 * feature on, and config variants whose rules a stack turns off on purpose. Mandatory violations fail.
 */
import { expect } from "chai";
import { evaluatePolicies, type PolicyViolation } from "../../policies/evaluate";
import { TYPES } from "../../policies/lib/types";
import { readStackConfig } from "../support/pulumi-harness";
import {
    type AllFeaturesRun,
    allFeaturesStack,
    devStack,
    OPTIONAL_FEATURES,
    runStack,
    type StackRun,
} from "./support/stacks";

function mandatory(violations: PolicyViolation[]): string[] {
    return violations
        .filter((v) => v.enforcementLevel === "mandatory")
        .map((v) => `${v.policyName}: ${v.message}`);
}

describe("policy pack over the stacks (mocks)", () => {
    describe("dev stack", () => {
        let dev: StackRun;
        before(async () => {
            dev = await devStack();
        });

        it("has no mandatory violation", async () => {
            expect(mandatory(await evaluatePolicies(dev.resources))).to.deep.equal([]);
        });

        it("evaluates the harness's recorded resources as they are (what the offline plan can pass)", async () => {
            expect(await evaluatePolicies(dev.recorder.resources)).to.deep.equal([]);
        });

        it("gives the rules something to check: six buckets, each with its seven configuration resources", () => {
            expect(dev.recorder.ofType(TYPES.bucket)).to.have.length(6);
            expect(dev.recorder.ofType(TYPES.bucketPublicAccessBlock)).to.have.length(6);
            expect(dev.recorder.ofType(TYPES.bucketPolicy)).to.have.length(6);
            expect(dev.recorder.ofType(TYPES.bucketLogging)).to.have.length(5);
            expect(dev.recorder.ofType(TYPES.athenaWorkgroup)).to.have.length(1);
        });

        it("catches a public access block taken out of the real stack (negative control)", async () => {
            const bronze = dev.recorder.named("lake-bronze", TYPES.bucket);
            const without = dev.resources.filter((r) => r.name !== "lake-bronze-public-access");
            const violations = await evaluatePolicies(without);
            expect(violations.map((v) => [v.policyName, v.urn])).to.deep.equal([
                ["s3-public-access-block", bronze.urn],
            ]);
        });

        it("catches a zone bucket whose encryption falls back to SSE-S3 (negative control on correlation by bucket)", async () => {
            const silver = dev.recorder.named("lake-silver", TYPES.bucket);
            const changed = dev.resources.map((r) =>
                r.name === "lake-silver-encryption"
                    ? {
                          ...r,
                          outputs: {
                              ...r.outputs,
                              rules: [{ applyServerSideEncryptionByDefault: { sseAlgorithm: "AES256" } }],
                          },
                      }
                    : r,
            );
            const violations = await evaluatePolicies(changed);
            expect(violations.map((v) => [v.policyName, v.urn])).to.deep.equal([["s3-sse-kms", silver.urn]]);
        });
    });

    describe("stack with every optional feature on", () => {
        let all: AllFeaturesRun;
        before(async function () {
            this.timeout(300_000);
            all = await allFeaturesStack();
        });

        it("has no mandatory violation", async () => {
            expect(mandatory(await evaluatePolicies(all.resources))).to.deep.equal([]);
        });

        it("catches a Lake Formation-mode database whose new tables still default to IAM_ALLOWED_PRINCIPALS (negative control)", async () => {
            const databases = all.resources.filter((r) => r.type === TYPES.glueCatalogDatabase);
            expect(databases).to.have.length(3);
            expect(all.resources.filter((r) => r.type === TYPES.lakeFormationSettings)).to.have.length(1);
            const silver = databases.find((r) => r.name.endsWith("-silver-db"));
            const changed = all.resources.map((r) =>
                r === silver
                    ? {
                          ...r,
                          outputs: {
                              ...(r.outputs ?? r.inputs),
                              createTableDefaultPermissions: [
                                  {
                                      permissions: ["ALL"],
                                      principal: { dataLakePrincipalIdentifier: "IAM_ALLOWED_PRINCIPALS" },
                                  },
                              ],
                          },
                      }
                    : r,
            );
            const violations = await evaluatePolicies(changed);
            expect(violations.map((v) => [v.policyName, v.enforcementLevel, v.urn])).to.deep.equal([
                ["lakeformation-no-iam-allowed-principals", "mandatory", silver?.urn],
            ]);
        });

        for (const feature of OPTIONAL_FEATURES) {
            it(`turns on: ${feature.feature}`, function () {
                if (all.missing.includes(feature)) this.skip();
                const broken = all.broken.find((b) => b.feature === feature);
                expect(broken?.error, "the program refuses this feature").to.equal(undefined);
                expect(all.applied).to.include(feature);
            });
        }
    });

    describe("config variants", () => {
        it("a stack with medallion-lake:versioning false violates s3-versioning on every bucket unless its pack config disables the rule", async () => {
            const raw = { ...readStackConfig("dev"), "medallion-lake:versioning": "false" };
            const run = await runStack(raw, "dev");
            const violations = await evaluatePolicies(run.resources);
            const buckets = run.recorder.ofType(TYPES.bucket).length;
            expect(violations.map((v) => v.policyName)).to.deep.equal(Array(buckets).fill("s3-versioning"));
            const disabled = await evaluatePolicies(run.resources, {
                config: { "s3-versioning": "disabled" },
            });
            expect(mandatory(disabled)).to.deep.equal([]);
        });

        it("a stack in Lake Formation hybrid mode keeps IAM_ALLOWED_PRINCIPALS defaults without a violation", async () => {
            const raw = readStackConfig("dev");
            const lakeFormation = {
                ...JSON.parse(raw["medallion-lake:lakeFormation"] ?? "{}"),
                enabled: true,
                mode: "hybrid",
            };
            const run = await runStack(
                { ...raw, "medallion-lake:lakeFormation": JSON.stringify(lakeFormation) },
                "dev",
            );
            expect(run.recorder.ofType(TYPES.lakeFormationSettings)).to.have.length(1);
            expect(mandatory(await evaluatePolicies(run.resources))).to.deep.equal([]);
        });
    });
});
