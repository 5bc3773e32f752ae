/** The key policy of the lake's customer-managed KMS key. */
import type * as pulumi from "@pulumi/pulumi";
import { accountRootArn, partitionOf, servicePrincipal } from "../../lib/aws";
import { policyDocument, type Statement } from "../../lib/iam";

/**
 * Key policy of the lake key: the account administers it through IAM; CloudWatch Logs may use it for this
 * account's log groups; S3, EventBridge and CloudWatch may use it to deliver to this account's encrypted
 * queues and topics. https://docs.aws.amazon.com/kms/latest/developerguide/key-policy-default.html
 */
export function lakeKeyPolicy(target: { accountId: string; region: string }): pulumi.Output<string> {
    const partition = partitionOf(target.region);
    const statements: Statement[] = [
        {
            Sid: "AccountAdministersKeyThroughIam",
            Effect: "Allow",
            Principal: { AWS: [accountRootArn(target)] },
            Action: ["kms:*"],
            Resource: ["*"],
        },
        {
            Sid: "CloudWatchLogsOfThisAccount",
            Effect: "Allow",
            Principal: { Service: [servicePrincipal(`logs.${target.region}`, target.region)] },
            Action: [
                "kms:Decrypt*",
                "kms:Describe*",
                "kms:Encrypt*",
                "kms:GenerateDataKey*",
                "kms:ReEncrypt*",
            ],
            Resource: ["*"],
            Condition: {
                ArnLike: {
                    "kms:EncryptionContext:aws:logs:arn": `arn:${partition}:logs:${target.region}:${target.accountId}:*`,
                },
            },
        },
        {
            Sid: "ServiceDeliveryToEncryptedQueuesAndTopics",
            Effect: "Allow",
            Principal: {
                Service: ["cloudwatch", "events", "s3"].map((s) => servicePrincipal(s, target.region)),
            },
            Action: ["kms:Decrypt", "kms:GenerateDataKey"],
            Resource: ["*"],
            Condition: { StringEquals: { "aws:SourceAccount": target.accountId } },
        },
    ];
    return policyDocument(statements);
}
