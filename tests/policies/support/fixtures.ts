/**
 * Hand-built resources for the rule tests: a bucket with every configuration resource the lake gives a
 * bucket, which a test then breaks one piece of, and small builders for policy documents.
 */
import type { EvaluatedResource } from "../../../policies/evaluate";
import { TYPES } from "../../../policies/lib/types";

export const ACCOUNT = "123456789012";
export const KEY_ARN = `arn:aws:kms:eu-west-1:${ACCOUNT}:key/1234abcd-12ab-34cd-56ef-1234567890ab`;

/** The URN the fixtures give a resource. */
export function urnOf(type: string, name: string): string {
    return `urn:pulumi:test::medallion-lake::${type}::${name}`;
}

/** A resource whose inputs are also its outputs. */
export function resource(type: string, name: string, props: Record<string, unknown>): EvaluatedResource {
    return { type, name, urn: urnOf(type, name), inputs: props, outputs: props };
}

/** A policy document string, as `policyDocument` in lib/iam.ts produces. */
export function doc(...statements: Record<string, unknown>[]): string {
    return JSON.stringify({ Version: "2012-10-17", Statement: statements });
}

/** The TLS-only deny statement for an S3 bucket. */
export function denyInsecureS3(bucketName: string): Record<string, unknown> {
    return {
        Sid: "DenyInsecureTransport",
        Effect: "Deny",
        Principal: "*",
        Action: ["s3:*"],
        Resource: [`arn:aws:s3:::${bucketName}`, `arn:aws:s3:::${bucketName}/*`],
        Condition: { Bool: { "aws:SecureTransport": false } },
    };
}

/** How a configuration resource refers to its bucket. */
export type BucketLink = "dependencies" | "values";

export interface SecureBucketOptions {
    /** Default encryption: the lake key, SSE-S3, or no configuration resource. @default "kms" */
    encryption?: "kms" | "s3" | "none";
    /** Name of the bucket its access logs go to; no logging when absent. */
    logTo?: string;
    /** Refer to the bucket through property dependencies (as the engine records them) or by value. @default "values" */
    link?: BucketLink;
    /** Configuration resources to leave out. */
    omit?: ("publicAccessBlock" | "ownership" | "policy" | "lifecycle" | "versioning")[];
    /** Versioning status. @default "Enabled" */
    versioning?: string;
    /** Tags of the bucket. */
    tags?: Record<string, string>;
}

/** A bucket and its configuration resources, all compliant unless the options say otherwise. */
export function secureBucket(name: string, options: SecureBucketOptions = {}): EvaluatedResource[] {
    const bucket = resource(TYPES.bucket, name, {
        bucket: name,
        arn: `arn:aws:s3:::${name}`,
        tags: options.tags ?? {},
    });
    const link = options.link ?? "values";
    const omit = new Set(options.omit ?? []);
    const part = (type: string, suffix: string, props: Record<string, unknown>): EvaluatedResource => {
        const r = resource(type, `${name}-${suffix}`, {
            bucket: link === "values" ? name : undefined,
            ...props,
        });
        if (link === "dependencies") r.propertyDependencies = { bucket: [bucket.urn as string] };
        return r;
    };
    const parts: EvaluatedResource[] = [bucket];
    if (!omit.has("publicAccessBlock")) {
        parts.push(
            part(TYPES.bucketPublicAccessBlock, "public-access", {
                blockPublicAcls: true,
                blockPublicPolicy: true,
                ignorePublicAcls: true,
                restrictPublicBuckets: true,
            }),
        );
    }
    if (!omit.has("ownership")) {
        parts.push(
            part(TYPES.bucketOwnershipControls, "ownership", {
                rule: { objectOwnership: "BucketOwnerEnforced" },
            }),
        );
    }
    const encryption = options.encryption ?? "kms";
    if (encryption !== "none") {
        const byDefault =
            encryption === "kms"
                ? { sseAlgorithm: "aws:kms", kmsMasterKeyId: KEY_ARN }
                : { sseAlgorithm: "AES256" };
        parts.push(
            part(TYPES.bucketEncryption, "encryption", {
                rules: [{ applyServerSideEncryptionByDefault: byDefault }],
            }),
        );
    }
    if (!omit.has("policy"))
        parts.push(part(TYPES.bucketPolicy, "policy", { policy: doc(denyInsecureS3(name)) }));
    if (!omit.has("lifecycle")) {
        parts.push(
            part(TYPES.bucketLifecycle, "lifecycle", {
                rules: [
                    {
                        id: "abort",
                        status: "Enabled",
                        abortIncompleteMultipartUpload: { daysAfterInitiation: 1 },
                    },
                ],
            }),
        );
    }
    if (!omit.has("versioning")) {
        parts.push(
            part(TYPES.bucketVersioning, "versioning", {
                versioningConfiguration: { status: options.versioning ?? "Enabled" },
            }),
        );
    }
    if (options.logTo !== undefined) {
        parts.push(
            part(TYPES.bucketLogging, "logging", {
                targetBucket: options.logTo,
                targetPrefix: `logs/${name}/`,
            }),
        );
    }
    return parts;
}

/** A data bucket logging to a log bucket (SSE-S3), both fully compliant. */
export function compliantBucketPair(link: BucketLink = "values"): EvaluatedResource[] {
    return [
        ...secureBucket("lake-logs", { encryption: "s3", link }),
        ...secureBucket("lake-bronze", { logTo: "lake-logs", link }),
    ];
}
