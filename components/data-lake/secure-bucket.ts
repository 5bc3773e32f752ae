/**
 * One S3 bucket with everything the lake requires of a bucket, registered as the v7 provider's separate
 * resources: public access block (all four settings), `BucketOwnerEnforced` ownership, default encryption,
 * versioning, a TLS-only bucket policy, server access logging and a lifecycle configuration.
 * Follows https://docs.aws.amazon.com/AmazonS3/latest/userguide/security-best-practices.html
 */
import * as aws from "@pulumi/aws";
import type * as pulumi from "@pulumi/pulumi";
import { denyInsecureTransport, policyDocument, type Statement } from "../../lib/iam";
import type { ZoneLifecycle } from "./lifecycle";

/** How a bucket's objects are encrypted at rest. */
export type BucketEncryption = { kind: "kms"; keyArn: pulumi.Input<string> } | { kind: "s3-managed" };

/** Lifecycle of a secure bucket: the zone lifecycle plus the multipart clean-up every bucket gets. */
export interface SecureBucketLifecycle extends ZoneLifecycle {
    /** Days before incomplete multipart uploads are aborted. */
    abortIncompleteMultipartUploadDays: number;
}

export interface SecureBucketArgs {
    /** Globally unique, already validated bucket name. */
    bucketName: string;
    encryption: BucketEncryption;
    /** Turn on S3 versioning. */
    versioning: boolean;
    lifecycle: SecureBucketLifecycle;
    /** Where server access logs go (bucket name and key prefix); omit for the logs bucket itself. */
    accessLogs?: { bucket: pulumi.Input<string>; prefix: string };
    /** Extra bucket policy statements (the TLS-only deny is always present). */
    extraPolicyStatements?: (bucketArn: pulumi.Output<string>) => Statement[];
    /**
     * Keep the bucket and its data when the resource is deleted (`pulumi destroy`). Its configuration
     * resources (public access block, ownership, encryption, versioning, policy, logging, lifecycle) are
     * kept too, so a retained bucket stays private, encrypted and TLS-only.
     */
    retainOnDelete: boolean;
    tags: Record<string, string>;
}

/** The bucket and its configuration resources. */
export interface SecureBucket {
    bucket: aws.s3.Bucket;
    policy: aws.s3.BucketPolicy;
    publicAccessBlock: aws.s3.BucketPublicAccessBlock;
}

/** Registers a bucket and its configuration under `parent`, every child named `<name>-<part>`. */
export function createSecureBucket(
    name: string,
    args: SecureBucketArgs,
    parent: pulumi.Resource,
): SecureBucket {
    const opts: pulumi.CustomResourceOptions = { parent, retainOnDelete: args.retainOnDelete };
    const bucket = new aws.s3.Bucket(
        name,
        { bucket: args.bucketName, forceDestroy: !args.retainOnDelete, tags: args.tags },
        opts,
    );
    const publicAccessBlock = new aws.s3.BucketPublicAccessBlock(
        `${name}-public-access`,
        {
            bucket: bucket.id,
            blockPublicAcls: true,
            blockPublicPolicy: true,
            ignorePublicAcls: true,
            restrictPublicBuckets: true,
        },
        opts,
    );
    new aws.s3.BucketOwnershipControls(
        `${name}-ownership`,
        { bucket: bucket.id, rule: { objectOwnership: "BucketOwnerEnforced" } },
        opts,
    );
    new aws.s3.BucketServerSideEncryptionConfiguration(
        `${name}-encryption`,
        {
            bucket: bucket.id,
            rules: [
                args.encryption.kind === "kms"
                    ? {
                          applyServerSideEncryptionByDefault: {
                              sseAlgorithm: "aws:kms",
                              kmsMasterKeyId: args.encryption.keyArn,
                          },
                          bucketKeyEnabled: true,
                      }
                    : { applyServerSideEncryptionByDefault: { sseAlgorithm: "AES256" } },
            ],
        },
        opts,
    );
    new aws.s3.BucketVersioning(
        `${name}-versioning`,
        { bucket: bucket.id, versioningConfiguration: { status: args.versioning ? "Enabled" : "Suspended" } },
        opts,
    );
    const policy = new aws.s3.BucketPolicy(
        `${name}-policy`,
        {
            bucket: bucket.id,
            policy: policyDocument([
                denyInsecureTransport(bucket.arn),
                ...(args.extraPolicyStatements?.(bucket.arn) ?? []),
            ]),
        },
        { ...opts, dependsOn: [publicAccessBlock] },
    );
    if (args.accessLogs) {
        new aws.s3.BucketLogging(
            `${name}-logging`,
            {
                bucket: bucket.id,
                targetBucket: args.accessLogs.bucket,
                targetPrefix: args.accessLogs.prefix,
                targetObjectKeyFormat: {
                    partitionedPrefix: { partitionDateSource: "EventTime" },
                },
            },
            opts,
        );
    }
    new aws.s3.BucketLifecycleConfiguration(
        `${name}-lifecycle`,
        { bucket: bucket.id, rules: lifecycleRules(args) },
        opts,
    );
    return { bucket, policy, publicAccessBlock };
}

function lifecycleRules(args: SecureBucketArgs): aws.types.input.s3.BucketLifecycleConfigurationRule[] {
    const lc = args.lifecycle;
    const transitions: aws.types.input.s3.BucketLifecycleConfigurationRuleTransition[] = [];
    if (lc.infrequentAccessAfterDays !== undefined) {
        transitions.push({ days: lc.infrequentAccessAfterDays, storageClass: "STANDARD_IA" });
    }
    if (lc.glacierAfterDays !== undefined)
        transitions.push({ days: lc.glacierAfterDays, storageClass: "GLACIER" });
    const rules: aws.types.input.s3.BucketLifecycleConfigurationRule[] = [
        {
            id: "abort-incomplete-multipart-uploads",
            status: "Enabled",
            filter: {},
            abortIncompleteMultipartUpload: { daysAfterInitiation: lc.abortIncompleteMultipartUploadDays },
        },
    ];
    if (transitions.length > 0 || lc.expireAfterDays !== undefined) {
        rules.push({
            id: "tiering-and-expiry",
            status: "Enabled",
            filter: {},
            transitions: transitions.length > 0 ? transitions : undefined,
            expiration: lc.expireAfterDays !== undefined ? { days: lc.expireAfterDays } : undefined,
        });
    }
    if (args.versioning && lc.noncurrentVersionExpireAfterDays !== undefined) {
        rules.push({
            id: "expire-noncurrent-versions",
            status: "Enabled",
            filter: {},
            noncurrentVersionExpiration: { noncurrentDays: lc.noncurrentVersionExpireAfterDays },
        });
    }
    return rules;
}
