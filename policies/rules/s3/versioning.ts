import type { StackValidationPolicy } from "@pulumi/policy";
import { bucketViews } from "../../lib/s3-buckets";

/** Every bucket has versioning enabled (disable the rule for stacks configured without versioning). */
export const s3Versioning: StackValidationPolicy = {
    name: "s3-versioning",
    description:
        "Every S3 bucket has versioning Enabled, so an overwrite or delete of lake data can be undone; a stack deliberately configured with medallion-lake:versioning false sets this rule to disabled in its pack config.",
    severity: "medium",
    remediationSteps:
        'Register an aws.s3.BucketVersioning for the bucket with versioningConfiguration.status "Enabled" (the lake default), or, for a stack with medallion-lake:versioning false, set { "s3-versioning": "disabled" } in the pack config.',
    url: "https://docs.aws.amazon.com/AmazonS3/latest/userguide/Versioning.html",
    validateStack: (args, reportViolation) => {
        for (const view of bucketViews(args.resources)) {
            const statuses = view.configs.versioning.map((v) => v.props.versioningConfiguration?.status);
            if (!statuses.includes("Enabled")) {
                reportViolation(
                    `bucket ${view.name}: versioning is ${statuses.length === 0 ? "not configured" : statuses.join(", ")}; register BucketVersioning with status "Enabled"`,
                    view.bucket.urn,
                );
            }
        }
    },
};
