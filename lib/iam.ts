/**
 * Typed builders for IAM policy documents. Every statement names the ARNs it applies to: no builder here
 * returns a `*` resource unless the action only supports `*` (see {@link ACTIONS_ONLY_ON_STAR}).
 * Follows https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements.html
 */
import * as pulumi from "@pulumi/pulumi";
import type { JustifiedIamFinding } from "../policies/lib/parliament";
import { ACTIONS_ONLY_ON_STAR, SERVICES_WITHOUT_SOURCE_CONTEXT } from "../policies/shared-constants";

export type { JustifiedIamFinding };
// Defined with the policy pack (which must stand alone in the published package); the builders here read them.
export { ACTIONS_ONLY_ON_STAR, SERVICES_WITHOUT_SOURCE_CONTEXT };

/** A principal block of a resource policy. */
export type Principal = "*" | { AWS?: pulumi.Input<string>[]; Service?: string[]; Federated?: string };

/** One IAM policy statement. `Resource` is always explicit. */
export interface Statement {
    Sid?: string;
    Effect: "Allow" | "Deny";
    Principal?: Principal;
    Action: string[];
    Resource: pulumi.Input<string>[];
    Condition?: Record<string, Record<string, pulumi.Input<string | string[] | boolean>>>;
}

/** A statement for a trust (assume-role) policy; it names principals, not resources. */
export interface TrustStatement {
    Sid?: string;
    Effect: "Allow";
    Principal: Principal;
    Action: string[];
    Condition?: Record<string, Record<string, pulumi.Input<string | string[]>>>;
}

/** The parliament findings accepted in this repository's documents; every other finding fails the tests. */
export const PARLIAMENT_JUSTIFIED_FINDINGS: readonly JustifiedIamFinding[] = [
    {
        issue: "UNKNOWN_CONDITION_FOR_ACTION",
        detail: "Unknown condition kms:EncryptionContext:aws:logs:arn for action kms:Describe",
        resource: /-key$/,
        builder: "lakeKeyPolicy (components/data-lake/key-policy.ts)",
        reason: "the CloudWatch Logs statement is the key policy AWS documents for encrypted log groups (kms:Describe* under the kms:EncryptionContext:aws:logs:arn condition); Describe requests carry no encryption context, so that part grants nothing: https://docs.aws.amazon.com/AmazonCloudWatch/latest/logs/encrypt-log-data-kms.html",
    },
    {
        issue: "MISMATCHED_TYPE",
        detail: "ArnLike requires a value of type Arn but given String",
        resource: /-key$/,
        statement: (s) => s.Condition?.ArnLike?.["kms:EncryptionContext:aws:logs:arn"] !== undefined,
        builder: "lakeKeyPolicy (components/data-lake/key-policy.ts)",
        reason: "the encryption context key holds a log group ARN, and AWS documents ArnLike on kms:EncryptionContext:aws:logs:arn: https://docs.aws.amazon.com/AmazonCloudWatch/latest/logs/encrypt-log-data-kms.html",
    },
    {
        issue: "RESOURCE_STAR",
        detail: "kms:",
        resource: /-key$/,
        builder: "lakeKeyPolicy (components/data-lake/key-policy.ts)",
        reason: "in a key policy Resource * means this key and nothing else: https://docs.aws.amazon.com/kms/latest/developerguide/key-policy-overview.html",
    },
    {
        issue: "PERMISSIONS_MANAGEMENT_ACTIONS",
        detail: "kms:putkeypolicy",
        resource: /-key$/,
        builder: "lakeKeyPolicy (components/data-lake/key-policy.ts)",
        reason: "the default key policy statement: the account root holds kms:* so IAM policies, not the key policy, administer the key: https://docs.aws.amazon.com/kms/latest/developerguide/key-policy-default.html",
    },
    {
        issue: "PERMISSIONS_MANAGEMENT_ACTIONS",
        detail: "iam:passrole",
        resource: /workflow-access$/,
        builder: "passRole (lib/iam.ts) in the Lake Formation workflow role",
        reason: "the workflow role passes only itself to Glue, as Lake Formation blueprints and Glue workflows require",
    },
    {
        issue: "CREDENTIALS_EXPOSURE",
        detail: "sts:assumerole",
        resource: /./,
        statement: (s) => s.Principal !== undefined,
        builder: "serviceTrustPolicy and every role's trust policy",
        reason: "sts:AssumeRole in a trust policy is what lets the named principal (a service, scoped by aws:SourceAccount where it sends it) assume the role; an identity policy granting it has no Principal and is not covered",
    },
];

/** A policy document (version 2012-10-17) serialized to JSON once its Outputs resolve. */
export function policyDocument(statements: Statement[] | TrustStatement[]): pulumi.Output<string> {
    return pulumi.jsonStringify({ Version: "2012-10-17", Statement: statements });
}

/**
 * Trust policy letting one AWS service assume a role. The statement carries `aws:SourceAccount` (confused
 * deputy prevention) unless the service is in {@link SERVICES_WITHOUT_SOURCE_CONTEXT}.
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/confused-deputy.html
 */
export function serviceTrustPolicy(service: string, sourceAccount: string): pulumi.Output<string> {
    const statement: TrustStatement = {
        Effect: "Allow",
        Principal: { Service: [service] },
        Action: ["sts:AssumeRole"],
    };
    if (!(service in SERVICES_WITHOUT_SOURCE_CONTEXT)) {
        statement.Condition = { StringEquals: { "aws:SourceAccount": sourceAccount } };
    }
    return policyDocument([statement]);
}

/** Denies every S3 request made without TLS to a bucket and its objects. */
export function denyInsecureTransport(bucketArn: pulumi.Input<string>): Statement {
    return {
        Sid: "DenyInsecureTransport",
        Effect: "Deny",
        Principal: "*",
        Action: ["s3:*"],
        Resource: [bucketArn, pulumi.interpolate`${bucketArn}/*`],
        Condition: { Bool: { "aws:SecureTransport": false } },
    };
}

/** ARN of the objects under `prefix` in a bucket (`<arn>/<prefix>*`); all objects when prefix is empty. */
export function objectsArn(bucketArn: pulumi.Input<string>, prefix = ""): pulumi.Output<string> {
    return pulumi.interpolate`${bucketArn}/${prefix}*`;
}

/**
 * `s3:ListBucket` on one bucket, only for listings whose `s3:prefix` matches one of `prefixes`, and
 * `s3:GetBucketLocation` in a statement of its own (its requests never carry `s3:prefix`).
 *
 * The condition uses `StringLike`, not `StringLikeIfExists`: a condition key that is absent from the
 * request context makes every operator without `IfExists` evaluate to false, so a listing without a prefix
 * (the whole bucket) is refused.
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_condition_operators.html#Conditions_IfExists
 *
 * @param prefixes - `s3:prefix` patterns (`flights/*`, `flights`); at least one.
 */
export function listPrefixes(bucketArn: pulumi.Input<string>, prefixes: readonly string[]): Statement[] {
    return [
        { Effect: "Allow", Action: ["s3:GetBucketLocation"], Resource: [bucketArn] },
        {
            Effect: "Allow",
            Action: ["s3:ListBucket"],
            Resource: [bucketArn],
            Condition: { StringLike: { "s3:prefix": [...prefixes] } },
        },
    ];
}

/**
 * Read-only access to the objects under `prefix`, and listing of that prefix only
 * ({@link listPrefixes}); the whole bucket when `prefix` is empty.
 */
export function readPrefix(bucketArn: pulumi.Input<string>, prefix = ""): Statement[] {
    const list: Statement[] =
        prefix === ""
            ? [{ Effect: "Allow", Action: ["s3:GetBucketLocation", "s3:ListBucket"], Resource: [bucketArn] }]
            : listPrefixes(bucketArn, [`${prefix}*`, prefix]);
    return [
        ...list,
        {
            Effect: "Allow",
            Action: ["s3:GetObject", "s3:GetObjectVersion"],
            Resource: [objectsArn(bucketArn, prefix)],
        },
    ];
}

/** Write access (put and delete, as Spark overwrites do) to the objects under `prefix`. */
export function writePrefix(bucketArn: pulumi.Input<string>, prefix = ""): Statement[] {
    return [
        ...readPrefix(bucketArn, prefix),
        {
            Effect: "Allow",
            Action: ["s3:AbortMultipartUpload", "s3:DeleteObject", "s3:PutObject"],
            Resource: [objectsArn(bucketArn, prefix)],
        },
    ];
}

/** Use of one KMS key to read and write data encrypted with it. */
export function useKey(keyArn: pulumi.Input<string>): Statement {
    return {
        Effect: "Allow",
        Action: ["kms:Decrypt", "kms:DescribeKey", "kms:Encrypt", "kms:GenerateDataKey", "kms:ReEncrypt*"],
        Resource: [keyArn],
    };
}

/** Writing to one CloudWatch Logs log group (and its streams). */
export function writeLogGroup(logGroupArn: pulumi.Input<string>): Statement {
    return {
        Effect: "Allow",
        Action: ["logs:CreateLogStream", "logs:PutLogEvents"],
        Resource: [logGroupArn, pulumi.interpolate`${logGroupArn}:*`],
    };
}

/**
 * `iam:PassRole` on exactly one role, and only to one service (condition `iam:PassedToService`), e.g. a
 * Glue workflow role passing itself to the jobs and crawlers it starts.
 */
export function passRole(roleArn: pulumi.Input<string>, toService: string): Statement {
    return {
        Effect: "Allow",
        Action: ["iam:PassRole"],
        Resource: [roleArn],
        Condition: { StringEquals: { "iam:PassedToService": toService } },
    };
}

/**
 * `glue:StartJobRun` on exactly the given Glue jobs (`arn:<partition>:glue:<region>:<account>:job/<name>`),
 * e.g. for a trigger that starts the jobs it routes to. Starting a run needs no `iam:PassRole`: the job
 * already names its role.
 * Follows https://docs.aws.amazon.com/glue/latest/dg/glue-specifying-resource-arns.html
 * @throws Error when `jobArns` is empty (a statement with no resource grants nothing and IAM refuses it).
 */
export function startJobRuns(jobArns: pulumi.Input<string>[]): Statement {
    if (jobArns.length === 0) {
        throw new Error(
            "startJobRuns: pass at least one Glue job ARN; IAM refuses a statement without resources",
        );
    }
    return { Effect: "Allow", Action: ["glue:StartJobRun"], Resource: jobArns };
}

/**
 * What a Lambda SQS event source mapping needs on its queue: receive, delete and read the attributes of
 * messages (the actions of the `AWSLambdaSQSQueueExecutionRole` managed policy, on one queue).
 * Follows https://docs.aws.amazon.com/lambda/latest/dg/services-sqs-configure.html#events-sqs-permissions
 */
export function consumeQueue(queueArn: pulumi.Input<string>): Statement {
    return {
        Effect: "Allow",
        Action: ["sqs:DeleteMessage", "sqs:GetQueueAttributes", "sqs:ReceiveMessage"],
        Resource: [queueArn],
    };
}

/**
 * `kms:Decrypt` on one key only, e.g. for a consumer of a queue encrypted with that key (SQS decrypts the
 * data key with the consumer's credentials).
 * Follows https://docs.aws.amazon.com/AWSSimpleQueueService/latest/SQSDeveloperGuide/sqs-key-management.html
 */
export function decryptWithKey(keyArn: pulumi.Input<string>): Statement {
    return { Effect: "Allow", Action: ["kms:Decrypt"], Resource: [keyArn] };
}
