import * as aws from "@pulumi/aws";
import { type ResourceValidationPolicy, validateResourceOfType } from "@pulumi/policy";

/** Firehose delivery streams encrypt the records they buffer. */
export const firehoseSse: ResourceValidationPolicy = {
    name: "firehose-sse",
    description:
        "Every Firehose delivery stream fed by direct PUT has server-side encryption on with a customer-managed KMS key, so the events it buffers before delivery to bronze are encrypted under the lake key (a stream fed by Kinesis Data Streams is encrypted by its source stream).",
    severity: "medium",
    remediationSteps:
        'Set serverSideEncryption: { enabled: true, keyType: "CUSTOMER_MANAGED_CMK", keyArn: <lake key> } on the aws.kinesis.FirehoseDeliveryStream.',
    url: "https://docs.aws.amazon.com/firehose/latest/dev/encryption.html",
    validateResource: validateResourceOfType(
        aws.kinesis.FirehoseDeliveryStream,
        (stream, args, reportViolation) => {
            if (stream.kinesisSourceConfiguration !== undefined) {
                args.notApplicable("a Kinesis-fed stream is encrypted by its source stream");
            }
            const sse = stream.serverSideEncryption;
            if (sse?.enabled !== true) {
                reportViolation(
                    `Firehose stream ${args.name}: server-side encryption is off; set serverSideEncryption.enabled with the lake key`,
                );
            } else if (sse.keyType !== "CUSTOMER_MANAGED_CMK" || sse.keyArn === undefined) {
                reportViolation(
                    `Firehose stream ${args.name}: encrypts with an AWS-owned key; set keyType CUSTOMER_MANAGED_CMK and keyArn to the lake key`,
                );
            }
        },
    ),
};
