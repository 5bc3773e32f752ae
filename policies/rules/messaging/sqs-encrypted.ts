import * as aws from "@pulumi/aws";
import { type ResourceValidationPolicy, validateResourceOfType } from "@pulumi/policy";
import { isSet } from "../../lib/unknowns";

/** Queues encrypt messages at rest. */
export const sqsEncrypted: ResourceValidationPolicy = {
    name: "sqs-encrypted",
    description:
        "Every SQS queue encrypts messages at rest, with a KMS key (kmsMasterKeyId) or SQS-managed SSE set explicitly, because the lake's events name objects and runs.",
    severity: "medium",
    remediationSteps:
        "Set kmsMasterKeyId to the lake key (preferred) or sqsManagedSseEnabled: true on the aws.sqs.Queue.",
    url: "https://docs.aws.amazon.com/AWSSimpleQueueService/latest/SQSDeveloperGuide/sqs-server-side-encryption.html",
    validateResource: validateResourceOfType(aws.sqs.Queue, (queue, args, reportViolation) => {
        if (!isSet(() => queue.kmsMasterKeyId) && queue.sqsManagedSseEnabled !== true) {
            reportViolation(
                `SQS queue ${args.name}: no encryption at rest is set; set kmsMasterKeyId to the lake key or sqsManagedSseEnabled: true`,
            );
        }
    }),
};
