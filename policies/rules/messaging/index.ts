/** The SQS and SNS rules. */
import { snsEncrypted } from "./sns-encrypted";
import { snsTlsOnly } from "./sns-tls-only";
import { sqsEncrypted } from "./sqs-encrypted";
import { sqsTlsOnly } from "./sqs-tls-only";

export const MESSAGING_POLICIES = [sqsEncrypted, sqsTlsOnly, snsEncrypted, snsTlsOnly];
export { snsEncrypted, snsTlsOnly, sqsEncrypted, sqsTlsOnly };
