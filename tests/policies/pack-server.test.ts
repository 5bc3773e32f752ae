/**
 * The pack as the Pulumi CLI runs it: `policies/index.ts` compiled by Pulumi's policy-pack runner, served
 * over gRPC, asked by the engine's analyzer client. It must agree with the offline evaluator the other
 * tests use. (Slow: the runner type-checks the pack with ts-node, about a minute on 2 cores.)
 */
import { expect } from "chai";
import { type EvaluatedResource, evaluatePolicies } from "../../policies/evaluate";
import { TYPES } from "../../policies/lib/types";
import { MEDALLION_POLICIES } from "../../policies/rules";
import {
    analyzeResource,
    analyzerInfo,
    analyzeStack,
    type ServedPack,
    servePack,
} from "./support/pack-server";
import { devStack } from "./support/stacks";

/** `MANDATORY` in the analyzer proto's EnforcementLevel enum. */
const MANDATORY = 1;

/** The value the engine sends for an output not known until the deployment (`pulumi.runtime.unknownValue`). */
const UNKNOWN = "04da6b54-80e4-46f7-96ec-b56ff0331ba9";

/** Every ARN, id and URL unknown, as in a first preview: values the deployment computes. */
function unknownComputed(value: unknown, key = ""): unknown {
    if (typeof value === "string") {
        return value.includes("arn:aws") || value.startsWith("https://") || key === "id" ? UNKNOWN : value;
    }
    if (Array.isArray(value)) return value.map((v) => unknownComputed(v));
    if (value !== null && typeof value === "object") {
        return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, unknownComputed(v, k)]));
    }
    return value;
}

/** The stack as a first `pulumi preview` shows it: computed values unknown, property dependencies known. */
function asFirstPreview(resources: EvaluatedResource[]): EvaluatedResource[] {
    return resources.map((r) => {
        const outputs = unknownComputed(r.outputs ?? r.inputs) as Record<string, unknown>;
        if (r.type !== TYPES.bucket && "bucket" in outputs) outputs.bucket = UNKNOWN;
        return { ...r, outputs };
    });
}

/** The message as the CrossGuard server words it: the rule's description, then what the rule reported. */
function served(policyName: string, message: string): string {
    const policy = MEDALLION_POLICIES.find((p) => p.name === policyName);
    return `${policy?.description}\n${message}`;
}

describe("the pack served as `pulumi preview --policy-pack policies/` serves it", function () {
    this.timeout(240_000);
    let pack: ServedPack;

    before(async () => {
        pack = await servePack();
    });

    after(() => pack?.stop());

    it("serves every rule of the pack under the pack's name", async () => {
        const info = await analyzerInfo(pack);
        expect(info.name).to.equal("medallion-lake");
        expect(info.policies).to.deep.equal(MEDALLION_POLICIES.map((p) => p.name));
    });

    it("finds nothing in the dev stack, as the offline evaluator does", async () => {
        const dev = await devStack();
        expect(await analyzeStack(pack, dev.resources)).to.deep.equal([]);
        expect(await evaluatePolicies(dev.resources)).to.deep.equal([]);
    });

    it("reports the same mandatory violation as the offline evaluator when a public access block is missing", async () => {
        const dev = await devStack();
        const without = dev.resources.filter((r) => r.name !== "lake-bronze-public-access");
        const diagnostics = await analyzeStack(pack, without);
        const offline = await evaluatePolicies(without);
        expect(diagnostics.map((d) => [d.policyName, d.message, d.urn, d.enforcementLevel])).to.deep.equal(
            offline.map((v) => [v.policyName, served(v.policyName, v.message), v.urn, MANDATORY]),
        );
        expect(diagnostics.map((d) => d.policyName)).to.deep.equal(["s3-public-access-block"]);
    });

    it("in a first preview, finds its way by property dependencies and blocks nothing it cannot see", async () => {
        const preview = asFirstPreview((await devStack()).resources);
        const diagnostics = await analyzeStack(pack, preview);
        expect(diagnostics.filter((d) => d.enforcementLevel === MANDATORY)).to.deep.equal([]);
        for (const d of diagnostics)
            expect(d.message).to.match(/can't run policy '[a-z0-9-]+' .* during preview/);
        expect(diagnostics.map((d) => d.policyName)).to.not.include.members([
            "s3-public-access-block",
            "s3-bucket-owner-enforced",
            "s3-sse-kms",
            "s3-lifecycle",
            "lakeformation-zone-locations-registered",
        ]);
        const without = preview.filter((r) => r.name !== "lake-bronze-public-access");
        const caught = await analyzeStack(pack, without);
        expect(caught.filter((d) => d.enforcementLevel === MANDATORY).map((d) => d.policyName)).to.deep.equal(
            ["s3-public-access-block"],
        );
    });

    it("checks a resource's inputs before it is created (a Glue job without a timeout)", async () => {
        const job = {
            type: TYPES.glueJob,
            name: "flights-silver",
            urn: "urn:pulumi:dev::medallion-lake::aws:glue/job:Job::flights-silver",
            inputs: {
                command: { name: "glueetl" },
                glueVersion: "5.1",
                roleArn: "arn:aws:iam::123456789012:role/r",
            },
        };
        const diagnostics = await analyzeResource(pack, job);
        expect(diagnostics.map((d) => [d.policyName, d.message])).to.deep.equal([
            [
                "glue-job-timeout",
                served(
                    "glue-job-timeout",
                    "Glue job flights-silver: no timeout, so a stuck run bills for 2 days; set timeout (1 to 480 minutes)",
                ),
            ],
        ]);
    });
});
