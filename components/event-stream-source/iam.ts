/**
 * Typed IAM builders for an Amazon Data Firehose delivery stream into the lake: the delivery role's S3,
 * KMS and Kinesis access, and what a producer needs to send events and read their registered schema.
 * Every statement names its ARNs.
 *
 * Follows https://docs.aws.amazon.com/firehose/latest/dev/controlling-access.html (grant Firehose access to
 * an S3 destination, to a Kinesis source, and server-side encryption with a customer managed key) and
 * https://docs.aws.amazon.com/glue/latest/dg/schema-registry-gs.html#schema-registry-gs1b (IAM for the
 * Schema Registry).
 */
import * as pulumi from "@pulumi/pulumi";
import { servicePrincipal } from "../../lib/aws";
import { objectsArn, type Statement } from "../../lib/iam";

/** Bucket-level actions Firehose takes on its destination bucket. */
export const FIREHOSE_BUCKET_ACTIONS = [
    "s3:GetBucketLocation",
    "s3:ListBucket",
    "s3:ListBucketMultipartUploads",
];
/** Object-level actions Firehose takes under its prefixes (multipart uploads of large objects included). */
export const FIREHOSE_OBJECT_ACTIONS = ["s3:AbortMultipartUpload", "s3:GetObject", "s3:PutObject"];
/** What Firehose reads from a Kinesis data stream source. */
export const KINESIS_SOURCE_ACTIONS = [
    "kinesis:DescribeStream",
    "kinesis:GetRecords",
    "kinesis:GetShardIterator",
    "kinesis:ListShards",
];
/** What a producer calls to send records to a Direct PUT stream. */
export const FIREHOSE_PRODUCER_ACTIONS = ["firehose:PutRecord", "firehose:PutRecordBatch"];
/** What a producer (or consumer) calls to look up a registered schema version; nothing that registers one. */
export const SCHEMA_READ_ACTIONS = ["glue:GetSchema", "glue:GetSchemaByDefinition", "glue:GetSchemaVersion"];

/**
 * Firehose delivery to one bucket, limited to the given key prefixes (the data prefix and the error output
 * prefix): list the bucket, and read, write and abort uploads of objects under those prefixes only.
 *
 * @param bucketArn - `arn:<partition>:s3:::<bucket>`.
 * @param prefixes - key prefixes ending in `/`, e.g. `["tweets/", "_firehose-errors/tweets/"]`.
 * @throws Error when `prefixes` is empty or a prefix is not a folder (no leading slash, ending in `/`).
 */
export function firehoseS3Delivery(
    bucketArn: pulumi.Input<string>,
    prefixes: readonly string[],
): Statement[] {
    if (prefixes.length === 0) throw new Error("firehoseS3Delivery: pass at least one key prefix");
    for (const prefix of prefixes) {
        if (!/^[^/].*\/$/.test(prefix)) {
            throw new Error(
                `firehoseS3Delivery: prefix "${prefix}" must be a folder like "tweets/" (no leading slash)`,
            );
        }
    }
    return [
        {
            Sid: "ListDestinationBucket",
            Effect: "Allow",
            Action: [...FIREHOSE_BUCKET_ACTIONS],
            Resource: [bucketArn],
        },
        {
            Sid: "WriteUnderDeliveryPrefixes",
            Effect: "Allow",
            Action: [...FIREHOSE_OBJECT_ACTIONS],
            Resource: prefixes.map((prefix) => objectsArn(bucketArn, prefix)),
        },
    ];
}

/**
 * Use of the bucket's KMS key for objects Firehose writes, only through S3 in `region` and only for this
 * bucket: the encryption context is the bucket ARN when S3 Bucket Keys are on (the lake's buckets) and the
 * object ARN otherwise, so both forms are allowed, the object form limited to `prefixes`.
 * https://docs.aws.amazon.com/AmazonS3/latest/userguide/bucket-key.html#bucket-key-encryption-context
 */
export function encryptObjectsThroughS3(
    keyArn: pulumi.Input<string>,
    region: string,
    bucketArn: pulumi.Input<string>,
    prefixes: readonly string[],
): Statement {
    return {
        Sid: "EncryptDeliveredObjects",
        Effect: "Allow",
        Action: ["kms:Decrypt", "kms:GenerateDataKey"],
        Resource: [keyArn],
        Condition: {
            StringEquals: { "kms:ViaService": `${servicePrincipal(`s3.${region}`, region)}` },
            StringLike: {
                "kms:EncryptionContext:aws:s3:arn": pulumi
                    .output(bucketArn)
                    .apply((arn) => [arn, ...prefixes.map((prefix) => `${arn}/${prefix}*`)]),
            },
        },
    };
}

/** Reading one Kinesis data stream as a Firehose source. */
export function readKinesisSource(streamArn: pulumi.Input<string>): Statement {
    return {
        Sid: "ReadSourceStream",
        Effect: "Allow",
        Action: [...KINESIS_SOURCE_ACTIONS],
        Resource: [streamArn],
    };
}

/** Sending records to one Firehose delivery stream (a producer of a Direct PUT stream). */
export function putFirehoseRecords(deliveryStreamArn: pulumi.Input<string>): Statement {
    return {
        Sid: "SendEvents",
        Effect: "Allow",
        Action: [...FIREHOSE_PRODUCER_ACTIONS],
        Resource: [deliveryStreamArn],
    };
}

/** Looking up the versions of one registered schema (Glue authorizes these on the registry and the schema). */
export function readRegisteredSchema(
    registryArn: pulumi.Input<string>,
    schemaArn: pulumi.Input<string>,
): Statement {
    return {
        Sid: "ReadEventSchema",
        Effect: "Allow",
        Action: [...SCHEMA_READ_ACTIONS],
        Resource: [registryArn, schemaArn],
    };
}
