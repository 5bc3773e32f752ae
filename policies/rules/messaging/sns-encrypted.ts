import * as aws from "@pulumi/aws";
import { type ResourceValidationPolicy, validateResourceOfType } from "@pulumi/policy";
import { isSet } from "../../lib/unknowns";

/** Topics encrypt messages at rest with KMS. */
export const snsEncrypted: ResourceValidationPolicy = {
    name: "sns-encrypted",
    description:
        "Every SNS topic encrypts messages at rest with a KMS key (kmsMasterKeyId), because SNS stores messages unencrypted otherwise.",
    severity: "medium",
    remediationSteps: "Set kmsMasterKeyId on the aws.sns.Topic to the lake key (or alias/aws/sns).",
    url: "https://docs.aws.amazon.com/sns/latest/dg/sns-server-side-encryption.html",
    validateResource: validateResourceOfType(aws.sns.Topic, (topic, args, reportViolation) => {
        if (!isSet(() => topic.kmsMasterKeyId)) {
            reportViolation(
                `SNS topic ${args.name}: not encrypted at rest; set kmsMasterKeyId to the lake key`,
            );
        }
    }),
};
