import { unknownCheckingProxy } from "@pulumi/policy";
import { expect } from "chai";
import { type EvaluatedResource, evaluatePolicies } from "../../policies/evaluate";
import { MEDALLION_POLICIES } from "../../policies/rules";
import { monthlyIdleCostCeiling } from "../../policies/rules/cost";
import { resource } from "./support/fixtures";
import { runStackRule } from "./support/rule-runner";

const RULE = "monthly-idle-cost-ceiling";

/** The sentinels CrossGuard's engine sends for values a preview does not know yet (@pulumi/policy 1.21). */
const UNKNOWN_STRING = "04da6b54-80e4-46f7-96ec-b56ff0331ba9";
const UNKNOWN_ARRAY = "6a19a0b0-7e62-4c92-b797-7f8e31da9cc2";

/** A resource as a stack rule sees it during a preview: reading an unknown value throws UnknownValueError. */
function previewed(type: string, name: string, props: Record<string, unknown>): EvaluatedResource {
    return { ...resource(type, name, props), outputs: unknownCheckingProxy(props) };
}

/** A key and two alarms in eu-west-1: $1.00 + 2 x $0.10 = $1.20 a month. */
function smallStack(): EvaluatedResource[] {
    return [
        resource("aws:kms/key:Key", "lake-key", { arn: "arn:aws:kms:eu-west-1:123456789012:key/k1" }),
        resource("aws:cloudwatch/metricAlarm:MetricAlarm", "errors", { period: 300 }),
        resource("aws:cloudwatch/metricAlarm:MetricAlarm", "age", { period: 300 }),
    ];
}

/** The small stack plus one interface endpoint in two AZs: $1.20 + 2 x 730 x $0.011 = $17.26. */
function stackWithEndpoint(): EvaluatedResource[] {
    return [
        ...smallStack(),
        resource("aws:ec2/vpcEndpoint:VpcEndpoint", "glue-endpoint", {
            vpcEndpointType: "Interface",
            subnetIds: ["subnet-1", "subnet-2"],
        }),
    ];
}

describe("monthly-idle-cost-ceiling", () => {
    it("is registered in the pack, off unless a ceiling is set", async () => {
        expect(MEDALLION_POLICIES.map((p) => p.name)).to.include(RULE);
        const outcome = await runStackRule(monthlyIdleCostCeiling, stackWithEndpoint());
        expect(outcome.notApplicable).to.equal("no ceilingUsd is set for this stack");
        expect(outcome.violations).to.deep.equal([]);
    });

    it("fails a preview whose idle estimate is over the stack's ceiling, naming the largest items", async () => {
        const outcome = await runStackRule(monthlyIdleCostCeiling, stackWithEndpoint(), {
            [RULE]: { ceilingUsd: 10 },
        });
        expect(outcome.violations).to.deep.equal([
            "idle cost $17.26/month in eu-west-1 is over the ceiling of $10.00; largest items: VPC interface endpoint glue-endpoint $16.06, KMS key lake-key $1.00, CloudWatch alarm errors $0.10",
        ]);
    });

    it("passes a preview under the ceiling", async () => {
        const under = await runStackRule(monthlyIdleCostCeiling, smallStack(), { [RULE]: { ceilingUsd: 2 } });
        expect(under).to.deep.equal({ violations: [], urns: [] });
        const atTheEdge = await runStackRule(monthlyIdleCostCeiling, stackWithEndpoint(), {
            [RULE]: { ceilingUsd: 17.26 },
        });
        expect(atTheEdge.violations).to.deep.equal([]);
    });

    it("blocks the update through the pack at the mandatory level, as configured per stack", async () => {
        const violations = await evaluatePolicies(stackWithEndpoint(), {
            policies: [monthlyIdleCostCeiling],
            config: { [RULE]: { ceilingUsd: 5 } },
        });
        expect(violations.map((v) => [v.policyName, v.enforcementLevel])).to.deep.equal([
            [RULE, "mandatory"],
        ]);
        const advisory = await evaluatePolicies(stackWithEndpoint(), {
            policies: [monthlyIdleCostCeiling],
            config: { [RULE]: { enforcementLevel: "advisory", ceilingUsd: 5 } },
        });
        expect(advisory.map((v) => v.enforcementLevel)).to.deep.equal(["advisory"]);
    });

    it("prices in the configured region over the one the ARNs show", async () => {
        const outcome = await runStackRule(monthlyIdleCostCeiling, stackWithEndpoint(), {
            [RULE]: { ceilingUsd: 10, region: "us-east-1" },
        });
        expect(outcome.violations[0]).to.match(/^idle cost \$15\.80\/month in us-east-1 /);
    });

    it("says so when the price table has no prices for the region, instead of guessing", async () => {
        const outcome = await runStackRule(monthlyIdleCostCeiling, smallStack(), {
            [RULE]: { ceilingUsd: 2, region: "ap-south-2" },
        });
        expect(outcome.violations).to.deep.equal([
            "the pack's price table (policies/rules/cost/prices.ts) has no prices for ap-south-2, so the idle cost cannot be checked against $2; add the region's prices or disable the rule for this stack",
        ]);
    });

    it("asks for the region when no resource shows it", async () => {
        const outcome = await runStackRule(
            monthlyIdleCostCeiling,
            [resource("aws:cloudwatch/metricAlarm:MetricAlarm", "errors", { period: 300 })],
            { [RULE]: { ceilingUsd: 2 } },
        );
        expect(outcome.violations).to.deep.equal([
            "cannot tell the stack's region, so the idle cost cannot be priced; set region in the rule's config",
        ]);
    });

    it("prices a preview whose ARNs and subnets are not known yet: provider region, endpoint at one AZ at least", async () => {
        const outcome = await runStackRule(
            monthlyIdleCostCeiling,
            [
                previewed("pulumi:providers:aws", "default", { region: "eu-west-1" }),
                previewed("aws:kms/key:Key", "lake-key", { arn: UNKNOWN_STRING }),
                previewed("aws:ec2/vpcEndpoint:VpcEndpoint", "logs-endpoint", {
                    vpcEndpointType: "Interface",
                    subnetIds: UNKNOWN_ARRAY,
                }),
                previewed("aws:ec2/vpcEndpoint:VpcEndpoint", "kms-endpoint", {
                    vpcEndpointType: "Interface",
                    subnetIds: [UNKNOWN_STRING, UNKNOWN_STRING],
                }),
            ],
            { [RULE]: { ceilingUsd: 1 } },
        );
        expect(outcome.violations).to.deep.equal([
            "idle cost $25.09/month in eu-west-1 is over the ceiling of $1.00; largest items: VPC interface endpoint kms-endpoint $16.06, VPC interface endpoint logs-endpoint $8.03, KMS key lake-key $1.00",
        ]);
    });
});
