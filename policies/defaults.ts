/**
 * Every default of the policy pack's configurable rules. The rules' config schemas, the rules themselves,
 * docs/policies.md and the tests read these values; nothing restates them.
 *
 * Override per stack in the pack's config file (`pulumi preview --policy-pack policies
 * --policy-pack-config <file>`), keyed by rule id, for example
 * `{ "glue-job-timeout": { "maxTimeoutMinutes": 240 } }`.
 */
import * as aws from "@pulumi/aws";
import { SERVICES_WITHOUT_SOURCE_CONTEXT } from "../lib/iam";

export { SERVICES_WITHOUT_SOURCE_CONTEXT };

const R = aws.lambda.Runtime;

export const PACK_DEFAULTS = {
    /** `glue-job-timeout`: the longest timeout, in minutes, a Glue job may set (8 hours). */
    glueMaxTimeoutMinutes: 480,
    /**
     * `glue-supported-version`: Glue versions AWS has not ended support for (0.9, 1.0 and 2.0 have).
     * https://docs.aws.amazon.com/glue/latest/dg/glue-version-support-policy.html
     */
    glueVersions: ["3.0", "4.0", "5.0", "5.1"] as string[],
    /**
     * `lambda-supported-runtime`: Lambda runtimes without a passed deprecation date (dotnet6, nodejs18.x and
     * python3.9, still in the provider's enum, are deprecated). Identifiers come from `aws.lambda.Runtime`.
     * https://docs.aws.amazon.com/lambda/latest/dg/lambda-runtimes.html
     */
    lambdaRuntimes: [
        R.Dotnet8,
        R.Dotnet10,
        R.Java8AL2,
        R.Java11,
        R.Java17,
        R.Java21,
        R.Java25,
        R.NodeJS20dX,
        R.NodeJS22dX,
        R.NodeJS24dX,
        R.CustomAL2,
        R.CustomAL2023,
        R.Python3d10,
        R.Python3d11,
        R.Python3d12,
        R.Python3d13,
        R.Python3d14,
        R.Ruby3d2,
        R.Ruby3d3,
        R.Ruby3d4,
    ] as string[],
    /**
     * `iam-trust-policy-scoped`: service principals that assume roles without sending `aws:SourceAccount` or
     * `aws:SourceArn`, so a trust policy for them cannot carry that condition. Why each is listed:
     * {@link SERVICES_WITHOUT_SOURCE_CONTEXT}.
     */
    servicesWithoutSourceContext: Object.keys(SERVICES_WITHOUT_SOURCE_CONTEXT),
} as const;

/** Enforcement level of every rule unless the pack config says otherwise: a violation blocks the update. */
export const PACK_ENFORCEMENT_LEVEL = "mandatory" as const;

/** Name of the pack as `pulumi preview` reports it. */
export const PACK_NAME = "medallion-lake";
