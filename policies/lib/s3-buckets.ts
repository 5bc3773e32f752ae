/**
 * The buckets of a stack, each with the separate configuration resources the v7 provider registers for it
 * (public access block, ownership controls, encryption, policy, logging, lifecycle, versioning), matched
 * by their `bucket` input. Also marks the buckets S3 server access logging writes to
 * (`BucketLogging.targetBucket`).
 */
import type { PolicyResource } from "@pulumi/policy";
import { groupByReference, ofTypes, referencedBy, stringProp } from "./stack-links";
import { S3_BUCKET_TYPES, S3_SUB_RESOURCE_TYPES } from "./types";

/** A kind of bucket configuration resource. */
export type BucketConfigKind = keyof typeof S3_SUB_RESOURCE_TYPES;

/** One bucket and what configures it. */
export interface BucketView {
    bucket: PolicyResource;
    /** Physical bucket name, or the logical name when the name is not known. */
    name: string;
    /** The configuration resources of each kind that target this bucket. */
    configs: Record<BucketConfigKind, PolicyResource[]>;
    /** True when another bucket's server access logs are delivered to this bucket. */
    isLogTarget: boolean;
}

/** What identifies a bucket in a `bucket` or `targetBucket` input: its name (= id) or its ARN. */
export function bucketIdentifiers(bucket: PolicyResource): (string | undefined)[] {
    return [stringProp(bucket, "bucket"), stringProp(bucket, "id"), stringProp(bucket, "arn")];
}

/** Every bucket of the stack (`aws.s3.Bucket` and the deprecated `aws.s3.BucketV2`) with its configuration resources. */
export function bucketViews(resources: PolicyResource[]): BucketView[] {
    const buckets = ofTypes(resources, S3_BUCKET_TYPES);
    const byKind = {} as Record<BucketConfigKind, Map<PolicyResource, PolicyResource[]>>;
    for (const kind of Object.keys(S3_SUB_RESOURCE_TYPES) as BucketConfigKind[]) {
        const items = ofTypes(resources, S3_SUB_RESOURCE_TYPES[kind]);
        byKind[kind] = groupByReference(items, "bucket", buckets, bucketIdentifiers);
    }
    const logTargets = new Set<PolicyResource>();
    for (const logging of ofTypes(resources, S3_SUB_RESOURCE_TYPES.logging)) {
        for (const target of referencedBy(logging, "targetBucket", buckets, bucketIdentifiers)) {
            logTargets.add(target);
        }
    }
    return buckets.map((bucket) => {
        const configs = {} as Record<BucketConfigKind, PolicyResource[]>;
        for (const kind of Object.keys(byKind) as BucketConfigKind[]) {
            configs[kind] = byKind[kind].get(bucket) ?? [];
        }
        return {
            bucket,
            name: stringProp(bucket, "bucket") ?? bucket.name,
            configs,
            isLogTarget: logTargets.has(bucket),
        };
    });
}
