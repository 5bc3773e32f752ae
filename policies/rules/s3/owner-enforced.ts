import type { StackValidationPolicy } from "@pulumi/policy";
import { bucketViews } from "../../lib/s3-buckets";

/** Every bucket disables ACLs (`BucketOwnerEnforced`). */
export const s3BucketOwnerEnforced: StackValidationPolicy = {
    name: "s3-bucket-owner-enforced",
    description:
        "Every S3 bucket uses object ownership BucketOwnerEnforced, so ACLs are off and the bucket owner owns, and its policies govern, every object.",
    severity: "high",
    remediationSteps:
        'Register an aws.s3.BucketOwnershipControls for the bucket with rule.objectOwnership "BucketOwnerEnforced".',
    url: "https://docs.aws.amazon.com/AmazonS3/latest/userguide/about-object-ownership.html",
    validateStack: (args, reportViolation) => {
        for (const view of bucketViews(args.resources)) {
            const controls = view.configs.ownershipControls;
            const enforced = controls.some((c) => c.props.rule?.objectOwnership === "BucketOwnerEnforced");
            if (!enforced) {
                const found = controls.map((c) => c.props.rule?.objectOwnership).join(", ");
                reportViolation(
                    `bucket ${view.name}: object ownership is ${found === "" ? "not set" : found}; register BucketOwnershipControls with objectOwnership "BucketOwnerEnforced"`,
                    view.bucket.urn,
                );
            }
        }
    },
};
