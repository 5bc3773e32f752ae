/** The S3 rules: each bucket's separate v7 configuration resources, correlated by bucket. */
import { s3AccessLogging } from "./access-logging";
import { s3Lifecycle } from "./lifecycle";
import { s3BucketOwnerEnforced } from "./owner-enforced";
import { s3PublicAccessBlock } from "./public-access-block";
import { s3SseKms } from "./sse-kms";
import { s3TlsOnly } from "./tls-only";
import { s3Versioning } from "./versioning";

export const S3_POLICIES = [
    s3PublicAccessBlock,
    s3BucketOwnerEnforced,
    s3SseKms,
    s3TlsOnly,
    s3AccessLogging,
    s3Lifecycle,
    s3Versioning,
];
export {
    s3AccessLogging,
    s3BucketOwnerEnforced,
    s3Lifecycle,
    s3PublicAccessBlock,
    s3SseKms,
    s3TlsOnly,
    s3Versioning,
};
