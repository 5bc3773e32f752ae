import type { PolicyResource, StackValidationPolicy } from "@pulumi/policy";
import { ruleConfig } from "../../lib/config";
import { idleMonthlyCost } from "./idle";
import { known } from "./resources";

/** Config of `monthly-idle-cost-ceiling`. */
export interface IdleCostCeilingConfig {
    /** Highest accepted idle cost, in USD per month. Unset: the rule is off. */
    ceilingUsd?: number;
    /** The stack's AWS region (`aws:region`). Unset: read from the stack's AWS provider or resource ARNs. */
    region?: string;
}

/** The region of a regional ARN (`arn:<partition>:<service>:<region>:...`), or undefined. */
function regionOfArn(arn: unknown): string | undefined {
    return typeof arn === "string"
        ? /^arn:[a-z-]+:[a-z0-9-]+:([a-z]{2}(?:-[a-z]+)+-\d):/.exec(arn)?.[1]
        : undefined;
}

/**
 * The region of the stack: the AWS provider's `region`, else the region of the first regional ARN among
 * the resources (values a preview does not know yet are skipped).
 */
export function stackRegion(resources: PolicyResource[]): string | undefined {
    for (const r of resources.filter((x) => x.type === "pulumi:providers:aws")) {
        const region = known(() => r.props.region);
        if (typeof region === "string") return region;
    }
    for (const r of resources) {
        const region = regionOfArn(known(() => r.props.arn));
        if (region !== undefined) return region;
    }
    return undefined;
}

/** The stack's idle monthly cost is at most the ceiling set for it. */
export const monthlyIdleCostCeiling: StackValidationPolicy = {
    name: "monthly-idle-cost-ceiling",
    description:
        "When a ceiling is set for the stack, what the stack bills per month with no data flowing (KMS keys, alarms, interface endpoints, RDS, NAT gateways, secrets, scheduled crawls and job runs, priced from the pack's pinned price table) is at most that ceiling, so a preview shows an over-budget change before it is deployed.",
    severity: "medium",
    remediationSteps:
        "Remove what bills by the hour (turn off sources.postgres, drop NAT gateways or interface endpoints, use fewer alarms or keys), or raise ceilingUsd in this rule's config for the stack; `npm run plan` lists every item of the estimate.",
    url: "https://docs.aws.amazon.com/cost-management/latest/userguide/budgets-managing-costs.html",
    configSchema: {
        properties: {
            ceilingUsd: {
                type: "number",
                minimum: 0,
                description:
                    "Highest accepted idle cost of the stack, in USD per month; the rule is off unless set.",
            },
            region: {
                type: "string",
                description: "The stack's AWS region, when the stack's resources do not show it.",
            },
        },
    },
    validateStack: (args, reportViolation) => {
        const { ceilingUsd, region: configured } = ruleConfig<IdleCostCeilingConfig>(args, {});
        if (ceilingUsd === undefined) args.notApplicable("no ceilingUsd is set for this stack");
        const region = configured ?? stackRegion(args.resources);
        if (region === undefined) {
            reportViolation(
                `cannot tell the stack's region, so the idle cost cannot be priced; set region in the rule's config`,
            );
            return;
        }
        const estimate = idleMonthlyCost(args.resources, region);
        if (!estimate.priced) {
            reportViolation(
                `the pack's price table (policies/rules/cost/prices.ts) has no prices for ${region}, so the idle cost cannot be checked against $${ceilingUsd}; add the region's prices or disable the rule for this stack`,
            );
            return;
        }
        for (const missing of estimate.unpriced) {
            reportViolation(`${missing}; the idle cost cannot be checked against $${ceilingUsd} without it`);
        }
        if (estimate.totalUsd > (ceilingUsd as number)) {
            const largest = [...estimate.items]
                .sort((a, b) => b.monthlyUsd - a.monthlyUsd)
                .slice(0, 3)
                .map((i) => `${i.item} ${i.resource} $${i.monthlyUsd.toFixed(2)}`)
                .join(", ");
            reportViolation(
                `idle cost $${estimate.totalUsd.toFixed(2)}/month in ${region} is over the ceiling of $${(ceilingUsd as number).toFixed(2)}; largest items: ${largest}`,
            );
        }
    },
};
