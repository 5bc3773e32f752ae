import type { StackValidationPolicy } from "@pulumi/policy";
import { bucketViews } from "../../lib/s3-buckets";

/** Every bucket, except the log target buckets themselves, has server access logging. */
export const s3AccessLogging: StackValidationPolicy = {
    name: "s3-access-logging",
    description:
        "Every S3 bucket except a log target bucket delivers server access logs to a log bucket, so each request to lake data leaves an audit record.",
    severity: "medium",
    remediationSteps:
        "Register an aws.s3.BucketLogging for the bucket with targetBucket set to the lake's access-logs bucket and a per-bucket targetPrefix.",
    url: "https://docs.aws.amazon.com/AmazonS3/latest/userguide/ServerLogs.html",
    validateStack: (args, reportViolation) => {
        for (const view of bucketViews(args.resources)) {
            if (view.isLogTarget) continue;
            const logging = view.configs.logging.filter((l) => l.props.targetBucket !== undefined);
            if (logging.length === 0) {
                reportViolation(
                    `bucket ${view.name}: no server access logging; register BucketLogging with targetBucket set to the access-logs bucket`,
                    view.bucket.urn,
                );
            }
        }
    },
};
