/**
 * Resource policies of the lake's queues and topics: who may send to an SQS queue or publish to an SNS
 * topic, each grant scoped to the sending resource (`aws:SourceArn`) and account (`aws:SourceAccount`), and
 * a TLS-only deny on every queue and topic.
 * Follows https://docs.aws.amazon.com/AmazonS3/latest/userguide/grant-destinations-permissions-to-s3.html,
 * https://docs.aws.amazon.com/sns/latest/dg/sns-security-best-practices.html#enforce-encryption-data-in-transit
 * and https://docs.aws.amazon.com/AWSSimpleQueueService/latest/SQSDeveloperGuide/sqs-security-best-practices.html
 */
import type * as pulumi from "@pulumi/pulumi";
import { type AwsTarget, partitionOf, servicePrincipal } from "./aws";
import type { Statement } from "./iam";

/** Denies every SQS action on a queue made without TLS (`aws:SecureTransport` false). */
export function denyInsecureQueueTransport(queueArn: pulumi.Input<string>): Statement {
    return {
        Sid: "DenyInsecureTransport",
        Effect: "Deny",
        Principal: "*",
        Action: ["sqs:*"],
        Resource: [queueArn],
        Condition: { Bool: { "aws:SecureTransport": false } },
    };
}

/**
 * Lets S3 event notifications of one bucket, in the given account, send to a queue. Both conditions are
 * required: `aws:SourceArn` alone would admit a bucket of that name in another account.
 */
export function allowBucketNotifications(
    queueArn: pulumi.Input<string>,
    bucketArn: pulumi.Input<string>,
    target: AwsTarget,
): Statement {
    return {
        Sid: "AllowBucketNotifications",
        Effect: "Allow",
        Principal: { Service: [servicePrincipal("s3", target.region)] },
        Action: ["sqs:SendMessage"],
        Resource: [queueArn],
        Condition: {
            ArnEquals: { "aws:SourceArn": bucketArn },
            StringEquals: { "aws:SourceAccount": target.accountId },
        },
    };
}

/**
 * Denies every SNS action on a topic made without TLS (publish, subscribe, management alike), the SNS
 * best practice widened from `sns:Publish` to `sns:*`.
 */
export function denyInsecureTopicTransport(topicArn: pulumi.Input<string>): Statement {
    return {
        Sid: "DenyInsecureTransport",
        Effect: "Deny",
        Principal: "*",
        Action: ["sns:*"],
        Resource: [topicArn],
        Condition: { Bool: { "aws:SecureTransport": false } },
    };
}

/** ARN pattern of every CloudWatch alarm of one account and region: `arn:<p>:cloudwatch:<region>:<account>:alarm:*`. */
export function alarmArnPattern(target: AwsTarget): string {
    return `arn:${partitionOf(target.region)}:cloudwatch:${target.region}:${target.accountId}:alarm:*`;
}

/**
 * Lets CloudWatch alarms of this account and region publish to a topic (any of them, so other components
 * can route their alarms to the same topic).
 */
export function allowAlarmPublishing(topicArn: pulumi.Input<string>, target: AwsTarget): Statement {
    return {
        Sid: "AllowCloudWatchAlarms",
        Effect: "Allow",
        Principal: { Service: [servicePrincipal("cloudwatch", target.region)] },
        Action: ["sns:Publish"],
        Resource: [topicArn],
        Condition: {
            ArnLike: { "aws:SourceArn": alarmArnPattern(target) },
            StringEquals: { "aws:SourceAccount": target.accountId },
        },
    };
}

/**
 * Lets exactly one EventBridge rule publish to a topic.
 * @param sid - the statement id, unique within the topic policy. @default `"AllowEventBridgeRule"`
 */
export function allowRulePublishing(
    topicArn: pulumi.Input<string>,
    ruleArn: pulumi.Input<string>,
    target: AwsTarget,
    sid = "AllowEventBridgeRule",
): Statement {
    return {
        Sid: sid,
        Effect: "Allow",
        Principal: { Service: [servicePrincipal("events", target.region)] },
        Action: ["sns:Publish"],
        Resource: [topicArn],
        Condition: {
            ArnEquals: { "aws:SourceArn": ruleArn },
            StringEquals: { "aws:SourceAccount": target.accountId },
        },
    };
}
