/**
 * Constants the policy pack shares with the program: the pack checks what the program builds against the
 * same values. They live here, inside `policies/`, so the pack stands alone (it ships in the npm package
 * without `lib/` or `components/`, and imports nothing outside this folder, tests/policies/packaging.test.ts
 * checks it); `lib/iam.ts` and `components/data-lake/` import them from here and re-export them.
 * Nothing here may import from outside `policies/`.
 */

/**
 * Actions that AWS only authorizes on `Resource: "*"`; they are the only ones any builder in lib/iam.ts
 * may grant on `*`, and the only ones the `iam-no-wildcard-resource` rule accepts on `*`.
 * Each entry cites why.
 */
export const ACTIONS_ONLY_ON_STAR: Readonly<Record<string, string>> = {
    "cloudwatch:PutMetricData": "CloudWatch metrics have no resource ARN; scope with cloudwatch:namespace",
    "datazone:PostLineageEvent":
        "the Service Authorization Reference lists no resource type for it (the request names the domain): https://docs.aws.amazon.com/service-authorization/latest/reference/list_amazondatazone.html",
    "ec2:DescribeNetworkInterfaces": "EC2 Describe* actions support no resource-level permissions",
    "ec2:DescribeRouteTables": "EC2 Describe* actions support no resource-level permissions",
    "ec2:DescribeSecurityGroups": "EC2 Describe* actions support no resource-level permissions",
    "ec2:DescribeSubnets": "EC2 Describe* actions support no resource-level permissions",
    "ec2:DescribeVpcEndpoints": "EC2 Describe* actions support no resource-level permissions",
    "glue:GetSecurityConfiguration": "Glue security configurations are read by name with no resource ARN",
    "lakeformation:GetDataAccess": "Lake Formation credential vending has no resource ARN",
    "sts:GetCallerIdentity": "Identity lookup has no resource",
};

/**
 * Service principals that assume roles without sending `aws:SourceAccount` / `aws:SourceArn`, with the reason.
 * A trust policy for them cannot carry that condition: the service would be refused the role. The policy
 * pack's `iam-trust-policy-scoped` rule exempts exactly these.
 */
export const SERVICES_WITHOUT_SOURCE_CONTEXT: Readonly<Record<string, string>> = {
    "ec2.amazonaws.com": "EC2 assumes instance-profile roles without source context",
    "glue.amazonaws.com":
        "Glue's documented job and crawler role trust policy has no condition; Glue is not documented to send aws:SourceAccount when it assumes the role, and a condition it does not send would stop every run",
    "lakeformation.amazonaws.com":
        "the registration-role trust policy AWS documents has no condition, and credential vending is not documented to send aws:SourceAccount (components/lake-formation-admin/policies.ts)",
    "lambda.amazonaws.com":
        "Lambda assumes the execution role without source context (its documented trust policy has no condition); a condition would make every invocation fail",
};

/** Tag on each zone bucket whose value is its zone; the policy pack finds the zone buckets by it. */
export const ZONE_TAG_KEY = "medallion-lake:zone";

/**
 * Smallest per-query scan cutoff Athena accepts, in bytes (10 MiB).
 * https://docs.aws.amazon.com/athena/latest/APIReference/API_WorkGroupConfiguration.html
 */
export const ATHENA_MIN_BYTES_SCANNED_CUTOFF = 10 * 1024 * 1024;
