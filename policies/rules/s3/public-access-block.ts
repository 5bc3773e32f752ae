import type { StackValidationPolicy } from "@pulumi/policy";
import { bucketViews } from "../../lib/s3-buckets";

/** The four settings of an S3 public access block; every one must be true. */
export const PUBLIC_ACCESS_BLOCK_SETTINGS = [
    "blockPublicAcls",
    "blockPublicPolicy",
    "ignorePublicAcls",
    "restrictPublicBuckets",
] as const;

/** Every bucket has a public access block with all four settings on. */
export const s3PublicAccessBlock: StackValidationPolicy = {
    name: "s3-public-access-block",
    description:
        "Every S3 bucket has a public access block with all four settings on, so no ACL or bucket policy can ever make lake data public.",
    severity: "critical",
    remediationSteps:
        "Register an aws.s3.BucketPublicAccessBlock for the bucket with blockPublicAcls, blockPublicPolicy, ignorePublicAcls and restrictPublicBuckets set to true.",
    url: "https://docs.aws.amazon.com/AmazonS3/latest/userguide/access-control-block-public-access.html",
    validateStack: (args, reportViolation) => {
        for (const view of bucketViews(args.resources)) {
            const blocks = view.configs.publicAccessBlock;
            if (blocks.length === 0) {
                reportViolation(
                    `bucket ${view.name}: no BucketPublicAccessBlock; add one with all four settings true`,
                    view.bucket.urn,
                );
                continue;
            }
            const off = PUBLIC_ACCESS_BLOCK_SETTINGS.filter((s) => !blocks.some((b) => b.props[s] === true));
            if (off.length > 0) {
                reportViolation(
                    `bucket ${view.name}: public access block leaves ${off.join(", ")} off; set ${off.length === 1 ? "it" : "them"} to true`,
                    view.bucket.urn,
                );
            }
        }
    },
};
