/**
 * Small facts about AWS identifiers used across the components: partitions, account ids, regions.
 * Follows https://docs.aws.amazon.com/IAM/latest/UserGuide/reference-arns.html
 */

/** A 12-digit AWS account id. */
export const ACCOUNT_ID_PATTERN = /^\d{12}$/;

/** A commercial, GovCloud, China or ISO region code such as `eu-west-1` or `us-gov-west-1`. */
export const REGION_PATTERN =
    /^(us|eu|ap|sa|ca|me|af|il|mx|cn|us-gov|us-iso|us-isob|eu-isoe|us-isof)-[a-z]+-\d{1,2}$/;

/**
 * The ARN partition of a region: `aws-cn` for China, `aws-us-gov` for GovCloud, `aws-iso`, `aws-iso-b`,
 * `aws-iso-e` and `aws-iso-f` for the ISO regions (`us-iso-*`, `us-isob-*`, `eu-isoe-*`, `us-isof-*`), else
 * `aws`. Matches the partition table of the AWS SDK's endpoint rules (`@aws-sdk/util-endpoints`).
 */
export function partitionOf(region: string): string {
    if (region.startsWith("cn-")) return "aws-cn";
    if (region.startsWith("us-gov-")) return "aws-us-gov";
    if (region.startsWith("us-isob-")) return "aws-iso-b";
    if (region.startsWith("us-isof-")) return "aws-iso-f";
    if (region.startsWith("eu-isoe-")) return "aws-iso-e";
    if (region.startsWith("us-iso-")) return "aws-iso";
    return "aws";
}

/** The DNS suffix of service principals in a region's partition. */
export function servicePrincipal(service: string, region: string): string {
    return partitionOf(region) === "aws-cn" ? `${service}.amazonaws.com.cn` : `${service}.amazonaws.com`;
}

/** Where the lake is deployed: the account, region and partition every ARN is built from. */
export interface AwsTarget {
    /** 12-digit account id. */
    accountId: string;
    /** Region code, e.g. `eu-west-1`. */
    region: string;
}

/** `arn:<partition>:iam::<account>:root`, the account principal used in key and resource policies. */
export function accountRootArn(target: AwsTarget): string {
    return `arn:${partitionOf(target.region)}:iam::${target.accountId}:root`;
}
