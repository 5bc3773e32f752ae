import type { PolicyResource, StackValidationPolicy } from "@pulumi/policy";
import { bucketViews } from "../../lib/s3-buckets";
import { isSet } from "../../lib/unknowns";

/** Default-encryption algorithms that are SSE-KMS (single- or dual-layer). */
export const SSE_KMS_ALGORITHMS = ["aws:kms", "aws:kms:dsse"] as const;
/** The SSE-S3 algorithm, the only default encryption S3 server access log target buckets support. */
export const SSE_S3_ALGORITHM = "AES256";

interface DefaultEncryption {
    algorithm?: string;
    /** A key is named (or will be, once the deployment creates it). */
    hasKey: boolean;
}

/** A rule of `BucketServerSideEncryptionConfiguration.rules`, as far as this rule reads it. */
interface EncryptionRule {
    applyServerSideEncryptionByDefault?: { sseAlgorithm?: string; kmsMasterKeyId?: string };
}

function defaultEncryptions(configs: PolicyResource[]): DefaultEncryption[] {
    const found: DefaultEncryption[] = [];
    for (const config of configs) {
        for (const rule of (config.props.rules ?? []) as EncryptionRule[]) {
            const byDefault = rule.applyServerSideEncryptionByDefault ?? {};
            found.push({ algorithm: byDefault.sseAlgorithm, hasKey: isSet(() => byDefault.kmsMasterKeyId) });
        }
    }
    return found;
}

/**
 * Every bucket encrypts by default with a customer-managed KMS key, except the buckets S3 server access
 * logging writes to, which must use SSE-S3 because S3 cannot deliver logs to an SSE-KMS bucket.
 */
export const s3SseKms: StackValidationPolicy = {
    name: "s3-sse-kms",
    description:
        "Every S3 bucket encrypts new objects by default with SSE-KMS under a named key, so reading lake data also needs the key policy's consent; server access log target buckets use SSE-S3 instead, the only default encryption S3 log delivery supports.",
    severity: "high",
    remediationSteps:
        'Register an aws.s3.BucketServerSideEncryptionConfiguration with sseAlgorithm "aws:kms" and kmsMasterKeyId set to the lake key; for a log target bucket use sseAlgorithm "AES256".',
    url: "https://docs.aws.amazon.com/AmazonS3/latest/userguide/enable-server-access-logging.html",
    validateStack: (args, reportViolation) => {
        for (const view of bucketViews(args.resources)) {
            const encryptions = defaultEncryptions(view.configs.encryption);
            const urn = view.bucket.urn;
            if (encryptions.length === 0) {
                reportViolation(
                    `bucket ${view.name}: no default encryption configuration; register BucketServerSideEncryptionConfiguration (${view.isLogTarget ? "AES256, it receives access logs" : "aws:kms with the lake key"})`,
                    urn,
                );
                continue;
            }
            for (const { algorithm, hasKey } of encryptions) {
                if (view.isLogTarget) {
                    if (algorithm !== SSE_S3_ALGORITHM) {
                        reportViolation(
                            `bucket ${view.name}: receives S3 server access logs but encrypts with ${algorithm}; S3 only delivers logs to SSE-S3 buckets, use "AES256"`,
                            urn,
                        );
                    }
                } else if (!SSE_KMS_ALGORITHMS.includes(algorithm as (typeof SSE_KMS_ALGORITHMS)[number])) {
                    reportViolation(
                        `bucket ${view.name}: default encryption is ${algorithm}; use "aws:kms" with the lake key`,
                        urn,
                    );
                } else if (!hasKey) {
                    reportViolation(
                        `bucket ${view.name}: SSE-KMS without kmsMasterKeyId uses the AWS managed aws/s3 key, whose policy you cannot control; set kmsMasterKeyId to the lake key`,
                        urn,
                    );
                }
            }
        }
    },
};
