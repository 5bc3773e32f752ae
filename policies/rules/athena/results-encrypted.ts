import * as aws from "@pulumi/aws";
import { type ResourceValidationPolicy, validateResourceOfType } from "@pulumi/policy";

/** Athena result encryption options that use KMS. */
export const KMS_RESULT_ENCRYPTION = ["SSE_KMS", "CSE_KMS"] as const;

/** Query results are encrypted with KMS. */
export const athenaResultsEncrypted: ResourceValidationPolicy = {
    name: "athena-results-encrypted",
    description:
        "Every Athena workgroup encrypts query results with KMS (SSE_KMS or CSE_KMS), because results copy lake data and must stay under the same key policy.",
    severity: "high",
    remediationSteps:
        'Set configuration.resultConfiguration.encryptionConfiguration to { encryptionOption: "SSE_KMS", kmsKeyArn: <lake key> }.',
    url: "https://docs.aws.amazon.com/athena/latest/ug/encrypting-query-results-stored-in-s3.html",
    validateResource: validateResourceOfType(aws.athena.Workgroup, (workgroup, args, reportViolation) => {
        const option =
            workgroup.configuration?.resultConfiguration?.encryptionConfiguration?.encryptionOption;
        if (!KMS_RESULT_ENCRYPTION.includes(option as (typeof KMS_RESULT_ENCRYPTION)[number])) {
            reportViolation(
                `Athena workgroup ${args.name}: query results encryption is ${option ?? "not set"}; set encryptionOption "SSE_KMS" with the lake key`,
            );
        }
    }),
};
