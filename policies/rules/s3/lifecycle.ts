import type { StackValidationPolicy } from "@pulumi/policy";
import { bucketViews } from "../../lib/s3-buckets";

/** Every bucket has a lifecycle configuration with at least one enabled rule. */
export const s3Lifecycle: StackValidationPolicy = {
    name: "s3-lifecycle",
    description:
        "Every S3 bucket has a lifecycle configuration with at least one enabled rule, so incomplete uploads, old versions and expired data do not accumulate cost forever.",
    severity: "medium",
    remediationSteps:
        'Register an aws.s3.BucketLifecycleConfiguration for the bucket with at least one rule of status "Enabled" (the lake aborts incomplete multipart uploads on every bucket).',
    url: "https://docs.aws.amazon.com/AmazonS3/latest/userguide/object-lifecycle-mgmt.html",
    validateStack: (args, reportViolation) => {
        for (const view of bucketViews(args.resources)) {
            const enabled = view.configs.lifecycle.some((l) =>
                ((l.props.rules ?? []) as { status?: string }[]).some((r) => r.status === "Enabled"),
            );
            if (!enabled) {
                reportViolation(
                    `bucket ${view.name}: no lifecycle configuration with an enabled rule; register BucketLifecycleConfiguration`,
                    view.bucket.urn,
                );
            }
        }
    },
};
