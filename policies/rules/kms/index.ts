/** The KMS rules. */
import { kmsKeyPolicyNotPublic } from "./key-policy-not-public";
import { kmsKeyRotation } from "./key-rotation";

export const KMS_POLICIES = [kmsKeyRotation, kmsKeyPolicyNotPublic];
export { kmsKeyPolicyNotPublic, kmsKeyRotation };
