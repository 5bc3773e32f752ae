/**
 * The S3 rules. `S3_POLICIES` are the stack rules over each bucket's separate v7 configuration resources,
 * correlated by bucket; `s3-no-acl-grants` is a resource rule on each ACL and is registered beside them.
 */
import { s3AccessLogging } from "./access-logging";
import { s3Lifecycle } from "./lifecycle";
import { s3NoAclGrants } from "./no-acl-grants";
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
export const S3_RESOURCE_POLICIES = [s3NoAclGrants];
export {
    s3AccessLogging,
    s3BucketOwnerEnforced,
    s3Lifecycle,
    s3NoAclGrants,
    s3PublicAccessBlock,
    s3SseKms,
    s3TlsOnly,
    s3Versioning,
};
