import * as aws from "@pulumi/aws";
import type { ResourceValidationPolicy, StackValidationPolicy } from "@pulumi/policy";
import { expect } from "chai";
import { PACK_ENFORCEMENT_LEVEL } from "../../policies/defaults";
import { evaluatePolicies, policyResources } from "../../policies/evaluate";
import { pulumiTypeOf, TYPES } from "../../policies/lib/types";
import { MEDALLION_POLICIES } from "../../policies/rules";
import { s3PublicAccessBlock } from "../../policies/rules/s3";
import { compliantBucketPair, resource, secureBucket, urnOf } from "./support/fixtures";

describe("evaluatePolicies (the offline evaluator the tests and the plan use)", () => {
    it("runs the whole pack by default and reports nothing on compliant buckets", async () => {
        expect(await evaluatePolicies(compliantBucketPair())).to.deep.equal([]);
    });

    it("reports each violation with its rule, the pack's enforcement level and the resource URN", async () => {
        const violations = await evaluatePolicies(
            secureBucket("b", { omit: ["publicAccessBlock"], logTo: "elsewhere" }),
        );
        expect(violations).to.deep.equal([
            {
                policyName: "s3-public-access-block",
                enforcementLevel: PACK_ENFORCEMENT_LEVEL,
                message: "bucket b: no BucketPublicAccessBlock; add one with all four settings true",
                urn: urnOf(TYPES.bucket, "b"),
            },
        ]);
    });

    it("applies enforcement levels and disabled rules from the pack config", async () => {
        const resources = secureBucket("b", {
            omit: ["publicAccessBlock", "versioning"],
            logTo: "elsewhere",
        });
        const violations = await evaluatePolicies(resources, {
            config: {
                "s3-public-access-block": "advisory",
                "s3-versioning": { enforcementLevel: "disabled" },
            },
        });
        expect(violations.map((v) => [v.policyName, v.enforcementLevel])).to.deep.equal([
            ["s3-public-access-block", "advisory"],
        ]);
    });

    it("runs resource rules on inputs and stack rules on outputs", async () => {
        const seen: string[] = [];
        const probeResource: ResourceValidationPolicy = {
            name: "probe-resource",
            description: "records what it sees",
            validateResource: (args) => {
                seen.push(`resource ${args.name} ${JSON.stringify(args.props)}`);
            },
        };
        const probeStack: StackValidationPolicy = {
            name: "probe-stack",
            description: "records what it sees",
            validateStack: (args) => {
                for (const r of args.resources) seen.push(`stack ${r.name} ${JSON.stringify(r.props)}`);
            },
        };
        await evaluatePolicies(
            [
                {
                    type: TYPES.bucket,
                    name: "b",
                    inputs: { bucket: "in" },
                    outputs: { bucket: "in", arn: "out" },
                },
            ],
            { policies: [probeResource, probeStack] },
        );
        expect(seen).to.deep.equal(['resource b {"bucket":"in"}', 'stack b {"bucket":"in","arn":"out"}']);
    });

    it("links parents, dependencies and property dependencies to the resources they name", () => {
        const [bucket, block] = secureBucket("b", { link: "dependencies" });
        block.parentUrn = bucket.urn;
        block.dependencies = [bucket.urn as string, "urn:pulumi:test::x::unknown::gone"];
        const [policyBucket, policyBlock] = policyResources([bucket, block]);
        expect(policyBlock.parent).to.equal(policyBucket);
        expect(policyBlock.dependencies).to.deep.equal([policyBucket]);
        expect(policyBlock.propertyDependencies.bucket).to.deep.equal([policyBucket]);
        expect(policyBlock.isType(aws.s3.BucketPublicAccessBlock)).to.equal(true);
        expect(policyBlock.isType(aws.s3.Bucket)).to.equal(false);
    });

    it("skips a rule that declares itself not applicable and names the rule of one that fails", async () => {
        const declines: ResourceValidationPolicy = {
            name: "declines",
            description: "never applies",
            validateResource: (args) => args.notApplicable("never"),
        };
        expect(
            await evaluatePolicies([resource(TYPES.bucket, "b", {})], { policies: [declines] }),
        ).to.deep.equal([]);
        const broken: StackValidationPolicy = {
            name: "broken",
            description: "throws",
            validateStack: () => {
                throw new Error("boom");
            },
        };
        let error: Error | undefined;
        try {
            await evaluatePolicies([], { policies: [broken] });
        } catch (e) {
            error = e as Error;
        }
        expect(error?.message).to.equal("policy broken failed: boom");
    });

    it("passes a rule only its own config", async () => {
        const seen: unknown[] = [];
        const probe: StackValidationPolicy = {
            name: "probe",
            description: "records its config",
            validateStack: (args) => {
                seen.push(args.getConfig());
            },
        };
        await evaluatePolicies([], {
            policies: [probe],
            config: { probe: { enforcementLevel: "advisory", limit: 3 }, other: { limit: 9 } },
        });
        expect(seen).to.deep.equal([{ limit: 3 }]);
    });
});

describe("the pack", () => {
    it("has unique rule ids that the Pulumi CLI accepts", () => {
        const names = MEDALLION_POLICIES.map((p) => p.name);
        expect(new Set(names).size).to.equal(names.length);
        for (const name of names) expect(name).to.match(/^[a-z0-9-]{1,100}$/);
        expect(names).to.not.include("all");
    });

    it("gives every rule a description, remediation steps, a severity and an AWS documentation URL", () => {
        for (const policy of MEDALLION_POLICIES) {
            expect(policy.description.length, policy.name).to.be.greaterThan(40);
            expect(policy.remediationSteps, policy.name).to.be.a("string");
            expect(policy.severity, policy.name).to.be.oneOf(["low", "medium", "high", "critical"]);
            expect(policy.url, policy.name).to.match(/^https:\/\/docs\.aws\.amazon\.com\//);
        }
    });

    it("keys rules on type tokens of @pulumi/aws v7 classes", () => {
        expect(TYPES.bucket).to.equal("aws:s3/bucket:Bucket");
        expect(TYPES.bucketPublicAccessBlock).to.equal(
            "aws:s3/bucketPublicAccessBlock:BucketPublicAccessBlock",
        );
        expect(TYPES.glueJob).to.equal("aws:glue/job:Job");
        expect(TYPES.lambdaFunction).to.equal("aws:lambda/function:Function");
        expect(() => pulumiTypeOf({})).to.throw("pulumiTypeOf: the class has no __pulumiType");
    });

    it("serves every rule at the mandatory level unless the pack config lowers it", () => {
        expect(PACK_ENFORCEMENT_LEVEL).to.equal("mandatory");
        for (const policy of MEDALLION_POLICIES)
            expect(policy.enforcementLevel, policy.name).to.equal(undefined);
    });

    it("registers the PolicyPack only in its entry file", async () => {
        const { readdirSync, readFileSync, statSync } = await import("node:fs");
        const path = await import("node:path");
        const root = path.join(__dirname, "..", "..", "policies");
        const constructing: string[] = [];
        const walk = (dir: string) => {
            for (const entry of readdirSync(dir)) {
                const full = path.join(dir, entry);
                if (entry === "node_modules") continue;
                if (statSync(full).isDirectory()) walk(full);
                else if (full.endsWith(".ts") && readFileSync(full, "utf8").includes("new PolicyPack(")) {
                    constructing.push(path.relative(root, full));
                }
            }
        };
        walk(root);
        expect(constructing).to.deep.equal(["index.ts"]);
    });

    it("imports nothing from outside policies/ (the pack ships alone; shared values live in policies/shared-constants.ts)", async () => {
        const { readdirSync, readFileSync, statSync } = await import("node:fs");
        const path = await import("node:path");
        const root = path.join(__dirname, "..", "..", "policies");
        const outside = new Set<string>();
        const walk = (dir: string) => {
            for (const entry of readdirSync(dir)) {
                const full = path.join(dir, entry);
                if (entry === "node_modules") continue;
                if (statSync(full).isDirectory()) walk(full);
                else if (full.endsWith(".ts")) {
                    for (const [, spec] of readFileSync(full, "utf8").matchAll(/from "(\.[^"]+)"/g)) {
                        const target = path.relative(root, path.resolve(path.dirname(full), spec));
                        if (target.startsWith("..")) outside.add(target);
                    }
                }
            }
        };
        walk(root);
        expect([...outside].sort()).to.deep.equal([]);
    });

    it("runs a stack policy over the S3 rules on its own", async () => {
        const outcome = await evaluatePolicies(secureBucket("b", { omit: ["publicAccessBlock"] }), {
            policies: [s3PublicAccessBlock],
        });
        expect(outcome.map((v) => v.policyName)).to.deep.equal(["s3-public-access-block"]);
    });
});
