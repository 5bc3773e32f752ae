/**
 * Every default of the policy pack's configurable rules. The rules' config schemas, the rules themselves,
 * docs/policies.md and the tests read these values; nothing restates them.
 *
 * Override per stack in the pack's config file (`pulumi preview --policy-pack policies
 * --policy-pack-config <file>`), keyed by rule id, for example
 * `{ "glue-job-timeout": { "maxTimeoutMinutes": 240 } }`.
 */
import * as aws from "@pulumi/aws";
import { SERVICES_WITHOUT_SOURCE_CONTEXT } from "./shared-constants";

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
     * `lambda-supported-runtime`: each Lambda runtime identifier the rule knows, with the date (`YYYY-MM-DD`,
     * UTC) Lambda deprecates it: from that day on no function can be created on it and it gets no more
     * security patches. A function passes while the evaluation date is before its runtime's date; a runtime
     * absent from this table fails. Dates from the "Supported runtimes" table of
     * https://docs.aws.amazon.com/lambda/latest/dg/lambda-runtimes.html (dotnet6, nodejs18.x and python3.9,
     * still in the provider's enum, are deprecated and not listed). Identifiers come from `aws.lambda.Runtime`.
     */
    lambdaRuntimeDeprecations: {
        [R.Dotnet8]: "2026-11-10",
        [R.Dotnet10]: "2028-11-14",
        [R.Java8AL2]: "2027-06-30",
        [R.Java11]: "2027-06-30",
        [R.Java17]: "2027-06-30",
        [R.Java21]: "2029-06-30",
        [R.Java25]: "2029-06-30",
        [R.NodeJS20dX]: "2026-04-30",
        [R.NodeJS22dX]: "2027-04-30",
        [R.NodeJS24dX]: "2028-04-30",
        [R.CustomAL2]: "2026-07-31",
        [R.CustomAL2023]: "2029-06-30",
        [R.Python3d10]: "2026-10-31",
        [R.Python3d11]: "2027-06-30",
        [R.Python3d12]: "2028-10-31",
        [R.Python3d13]: "2029-06-30",
        [R.Python3d14]: "2029-06-30",
        [R.Ruby3d2]: "2026-03-31",
        [R.Ruby3d3]: "2027-03-31",
        [R.Ruby3d4]: "2028-03-31",
    } as Record<string, string>,
    /**
     * `iam-trust-policy-scoped`: service principals that assume roles without sending `aws:SourceAccount` or
     * `aws:SourceArn`, so a trust policy for them cannot carry that condition. Why each is listed:
     * {@link SERVICES_WITHOUT_SOURCE_CONTEXT}.
     */
    servicesWithoutSourceContext: Object.keys(SERVICES_WITHOUT_SOURCE_CONTEXT),
    /**
     * `iam-resource-policy-private` and `lambda-permission-same-account`: accounts, besides the stack's own
     * (those in its resources' ARNs), that resource policies and Lambda permissions may let in. None.
     */
    allowedAccounts: [] as string[],
    /**
     * `iam-no-wildcard-arn`: resource types (`<service>:<type>`) whose name an identity policy may write as
     * `*`. Each is here because AWS checks the action on a resource the role cannot name in advance: Glue
     * and Lambda in a VPC create and delete elastic network interfaces with generated ids in the subnets and
     * security groups of their connection, and describe the VPC.
     * https://docs.aws.amazon.com/glue/latest/dg/connection-VPC-job.html
     */
    allowedWildcardTypes: [
        "ec2:network-interface",
        "ec2:security-group",
        "ec2:subnet",
        "ec2:vpc",
    ] as string[],
    /**
     * `rds-deletion-protection` and `rds-backup-retention`: values of the environment tag that mark a
     * database as dev, where it may be deleted with the stack and keep fewer backups. A database without
     * the tag, or with any other value, is held to the production settings.
     */
    devEnvironments: ["dev"] as string[],
    /** Tag key whose value names a resource's environment (the lake's `medallion-lake:tags.environment`). */
    environmentTagKey: "environment",
    /** `rds-backup-retention`: fewest days of automated backups outside dev. */
    rdsMinBackupRetentionDays: 7,
    /**
     * `rds-current-ca`: the RDS certificate authorities valid until 2061 or later (rds-ca-2019 expired
     * in August 2024). https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/UsingWithRDS.SSL.html
     */
    rdsCertificateAuthorities: ["rds-ca-rsa2048-g1", "rds-ca-rsa4096-g1", "rds-ca-ecc384-g1"] as string[],
} as const;

/** Enforcement level of every rule unless the pack config says otherwise: a violation blocks the update. */
export const PACK_ENFORCEMENT_LEVEL = "mandatory" as const;

/** Name of the pack as `pulumi preview` reports it. */
export const PACK_NAME = "medallion-lake";
