import type { StackValidationPolicy } from "@pulumi/policy";
import {
    deniesInsecureTransport,
    listOf,
    PolicyDocumentError,
    parsePolicyDocument,
} from "../../lib/policy-document";
import { bucketViews } from "../../lib/s3-buckets";

/** True when `resources` cover the bucket itself and all its objects. */
function coversBucketAndObjects(resources: string[], bucketName: string): boolean {
    if (resources.includes("*")) return true;
    const bucket = resources.some((r) => r.endsWith(`:::${bucketName}`));
    const objects = resources.some((r) => r.endsWith(`:::${bucketName}/*`));
    return bucket && objects;
}

/** Every bucket policy denies requests made without TLS. */
export const s3TlsOnly: StackValidationPolicy = {
    name: "s3-tls-only",
    description:
        "Every S3 bucket has a bucket policy that denies any request made without TLS (aws:SecureTransport false) to the bucket and its objects, so lake data never crosses the network in clear text.",
    severity: "high",
    remediationSteps:
        "Add to the bucket's aws.s3.BucketPolicy the statement denyInsecureTransport(bucket.arn) from lib/iam.ts: Deny, Principal *, s3:*, on the bucket ARN and <arn>/*, when Bool aws:SecureTransport is false.",
    url: "https://docs.aws.amazon.com/AmazonS3/latest/userguide/security-best-practices.html#transit",
    validateStack: (args, reportViolation) => {
        for (const view of bucketViews(args.resources)) {
            const urn = view.bucket.urn;
            if (view.configs.policy.length === 0) {
                reportViolation(
                    `bucket ${view.name}: no bucket policy; add an aws.s3.BucketPolicy that denies aws:SecureTransport false`,
                    urn,
                );
                continue;
            }
            let tlsOnly = false;
            for (const policy of view.configs.policy) {
                try {
                    const doc = parsePolicyDocument(policy.props.policy);
                    tlsOnly ||= (doc?.Statement ?? []).some(
                        (s) =>
                            deniesInsecureTransport(s) &&
                            coversBucketAndObjects(listOf(s.Resource), view.name),
                    );
                } catch (error) {
                    if (!(error instanceof PolicyDocumentError)) throw error;
                    reportViolation(`bucket ${view.name}: bucket policy ${error.message}`, urn);
                }
            }
            if (!tlsOnly) {
                reportViolation(
                    `bucket ${view.name}: the bucket policy does not deny requests without TLS to the bucket and its objects; add denyInsecureTransport(bucket.arn)`,
                    urn,
                );
            }
        }
    },
};
