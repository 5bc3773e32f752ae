/**
 * Small facts about AWS identifiers used across the components: partitions, account ids, regions.
 * Follows https://docs.aws.amazon.com/IAM/latest/UserGuide/reference-arns.html
 */
import { Region } from "@pulumi/aws/types/enums";
import { problem, throwIfProblems } from "./problems";

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

/**
 * Every region the stack can deploy to: the region codes of the AWS provider it deploys with (`aws.Region`
 * of @pulumi/aws, generated from the provider's schema, so a provider upgrade brings new regions), in the
 * partitions {@link partitionOf} knows (the European Sovereign Cloud, `eusc-*`, is not one of them). Sorted.
 * https://docs.aws.amazon.com/global-infrastructure/latest/regions/aws-regions.html
 */
export const KNOWN_REGIONS: readonly string[] = Object.values(Region)
    .filter((region) => REGION_PATTERN.test(region))
    .sort();

/** The {@link KNOWN_REGIONS} of one partition (`aws`, `aws-cn`, `aws-us-gov`, ...), sorted. */
export function regionsOfPartition(partition: string): string[] {
    return KNOWN_REGIONS.filter((region) => partitionOf(region) === partition);
}

/**
 * Why `region` is not a region the stack can deploy to, or undefined when it is one of
 * {@link KNOWN_REGIONS}. A code of the right shape that no partition has (`eu-west-9`) gets the list of its
 * partition's regions: ARNs, endpoint names and bucket names built from it would name nothing.
 */
export function regionProblem(region: string): string | undefined {
    if (!REGION_PATTERN.test(region)) return "use a region code such as eu-west-1 or us-east-1";
    if (KNOWN_REGIONS.includes(region)) return undefined;
    const partition = partitionOf(region);
    return `${region} is not a region of the ${partition} partition; use one of ${regionsOfPartition(partition).join(", ")} (a region newer than the installed @pulumi/aws needs a provider upgrade)`;
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

/** Component args with their account and region resolved (see {@link withLakeTarget}). */
export type WithTarget<A> = Omit<A, "accountId" | "region"> & AwsTarget;

/**
 * The args of a component built on a lake, with `accountId` and `region` taken from the args when given,
 * else from the lake (a `DataLake` carries both).
 * @throws ProblemsError (subject `subject`) naming `accountId` or `region` when neither gives it.
 */
export function withLakeTarget<
    A extends { accountId?: string; region?: string; lake: { accountId?: string; region?: string } },
>(subject: string, args: A): WithTarget<A> {
    const accountId = args.accountId ?? args.lake.accountId;
    const region = args.region ?? args.lake.region;
    const missing = [
        ...(accountId === undefined ? ["accountId"] : []),
        ...(region === undefined ? ["region"] : []),
    ].map((option) =>
        problem(option, undefined, "pass the DataLake as lake (it carries accountId and region), or set it"),
    );
    throwIfProblems(subject, missing);
    return { ...args, accountId: accountId as string, region: region as string };
}

/** `arn:<partition>:iam::<account>:root`, the account principal used in key and resource policies. */
export function accountRootArn(target: AwsTarget): string {
    return `arn:${partitionOf(target.region)}:iam::${target.accountId}:root`;
}

/** A KMS key ARN: `arn:<partition>:kms:<region>:<account>:key/<uuid>` (aliases and multi-Region `mrk-` ids too). */
export const KMS_KEY_ARN_PATTERN =
    /^arn:(aws[a-z-]*):kms:([a-z0-9-]+):(\d{12}):key\/((?:mrk-)?[0-9a-f-]{32,36})$/;

/**
 * Why a KMS key ARN cannot encrypt buckets in `region`, or undefined when it can. S3 SSE-KMS needs the key
 * in the bucket's region (https://docs.aws.amazon.com/AmazonS3/latest/userguide/UsingKMSEncryption.html),
 * so the key's region and partition must be the lake's. The account is not checked: a key of another
 * account (a central key account) works when its key policy grants this account.
 */
export function kmsKeyArnProblem(arn: string, region: string): string | undefined {
    const match = KMS_KEY_ARN_PATTERN.exec(arn);
    if (!match) return "must be a KMS key ARN (arn:aws:kms:<region>:<account>:key/<key id>)";
    const [, partition, keyRegion] = match;
    if (keyRegion !== region) {
        return `the key is in ${keyRegion} but the lake is in ${region} (aws:region); S3 needs a key in the bucket's region: use a key of ${region}, or remove the setting to let the stack create one`;
    }
    if (partition !== partitionOf(region)) {
        return `the ARN's partition is ${partition} but ${region} is in ${partitionOf(region)}; fix the ARN`;
    }
    return undefined;
}

/**
 * Tag key prefix AWS reserves for its own tags, in any letter case; a resource tag may not start with it.
 * https://docs.aws.amazon.com/AWSEC2/latest/UserGuide/Using_Tags.html#tag-restrictions
 */
export const RESERVED_TAG_KEY_PREFIX = "aws:";

/** True when `key` starts with {@link RESERVED_TAG_KEY_PREFIX} in any letter case. */
export function isReservedTagKey(key: string): boolean {
    return key.toLowerCase().startsWith(RESERVED_TAG_KEY_PREFIX);
}
