import * as aws from "@pulumi/aws";
import { type ResourceValidationPolicy, validateResourceOfType } from "@pulumi/policy";

/** The key spec of symmetric encryption keys, the only KMS keys with automatic rotation. */
export const SYMMETRIC_KEY_SPEC = "SYMMETRIC_DEFAULT";

/** Symmetric KMS keys rotate their key material. */
export const kmsKeyRotation: ResourceValidationPolicy = {
    name: "kms-key-rotation",
    description:
        "Every symmetric KMS key has automatic key rotation on, so the material that encrypts the lake is replaced every year without re-encrypting data.",
    severity: "medium",
    remediationSteps: "Set enableKeyRotation: true on the aws.kms.Key (the DataLake key has it).",
    url: "https://docs.aws.amazon.com/kms/latest/developerguide/rotate-keys.html",
    validateResource: validateResourceOfType(aws.kms.Key, (key, args, reportViolation) => {
        const spec = key.customerMasterKeySpec ?? SYMMETRIC_KEY_SPEC;
        if (spec !== SYMMETRIC_KEY_SPEC || (key.keyUsage ?? "ENCRYPT_DECRYPT") !== "ENCRYPT_DECRYPT") {
            args.notApplicable(
                `key spec ${spec} (usage ${key.keyUsage}) does not support automatic rotation`,
            );
        }
        if (key.enableKeyRotation !== true) {
            reportViolation(`KMS key ${args.name}: key rotation is off; set enableKeyRotation: true`);
        }
    }),
};
