/**
 * Typed IAM builders for the transactional (PostgreSQL) source: reading the RDS-managed master secret,
 * a Lambda function's network interfaces in a VPC, EventBridge Scheduler invoking exactly one function,
 * delivery to a KMS-encrypted dead-letter queue, and decrypting a function's own encrypted environment. Every statement names its ARNs; `*` appears only for EC2
 * `Describe*` actions, listed in `ACTIONS_ONLY_ON_STAR` (lib/iam.ts).
 *
 * Follows https://docs.aws.amazon.com/secretsmanager/latest/userguide/auth-and-access_examples.html,
 * https://docs.aws.amazon.com/lambda/latest/dg/configuration-vpc.html#configuration-vpc-permissions,
 * https://docs.aws.amazon.com/scheduler/latest/UserGuide/setting-up.html#setting-up-execution-role and
 * https://docs.aws.amazon.com/AWSSimpleQueueService/latest/SQSDeveloperGuide/sqs-key-management.html
 */
import * as pulumi from "@pulumi/pulumi";
import { type AwsTarget, partitionOf, servicePrincipal } from "../../lib/aws";
import type { Statement } from "../../lib/iam";

/** What a client of the RDS-managed secret calls: read the current value and describe the secret. */
export const SECRET_READ_ACTIONS = ["secretsmanager:DescribeSecret", "secretsmanager:GetSecretValue"];
/** EC2 actions Lambda takes with the execution role to attach a function to a VPC. */
export const LAMBDA_VPC_ENI_ACTIONS = [
    "ec2:AssignPrivateIpAddresses",
    "ec2:CreateNetworkInterface",
    "ec2:DeleteNetworkInterface",
    "ec2:UnassignPrivateIpAddresses",
];
/** EC2 lookups Lambda makes for a VPC function; they support no resource-level permissions. */
export const LAMBDA_VPC_DESCRIBE_ACTIONS = ["ec2:DescribeNetworkInterfaces", "ec2:DescribeSubnets"];

/** Reading one Secrets Manager secret (its current value included). */
export function readSecret(secretArn: pulumi.Input<string>): Statement {
    return {
        Sid: "ReadDatabaseSecret",
        Effect: "Allow",
        Action: [...SECRET_READ_ACTIONS],
        Resource: [secretArn],
    };
}

/**
 * What a Lambda function needs to run in a VPC: describe network interfaces and subnets (only on `*`), and
 * create, delete and (un)assign addresses of network interfaces, in this account and region, only in one
 * VPC (condition `ec2:Vpc` on the interface, subnet and security group).
 *
 * @param vpcId - the VPC the function runs in.
 */
export function lambdaVpcNetworkInterfaces(target: AwsTarget, vpcId: pulumi.Input<string>): Statement[] {
    const ec2 = `arn:${partitionOf(target.region)}:ec2:${target.region}:${target.accountId}`;
    return [
        {
            Sid: "DescribeVpcNetwork",
            Effect: "Allow",
            Action: [...LAMBDA_VPC_DESCRIBE_ACTIONS],
            Resource: ["*"],
        },
        {
            Sid: "ManageInterfacesInOwnVpc",
            Effect: "Allow",
            Action: [...LAMBDA_VPC_ENI_ACTIONS],
            Resource: [`${ec2}:network-interface/*`, `${ec2}:security-group/*`, `${ec2}:subnet/*`],
            Condition: { ArnEquals: { "ec2:Vpc": pulumi.interpolate`${ec2}:vpc/${vpcId}` } },
        },
    ];
}

/** `lambda:InvokeFunction` on exactly one function (and its versions and aliases). */
export function invokeFunction(functionArn: pulumi.Input<string>): Statement {
    return {
        Sid: "InvokeFunction",
        Effect: "Allow",
        Action: ["lambda:InvokeFunction"],
        Resource: [functionArn, pulumi.interpolate`${functionArn}:*`],
    };
}

/**
 * Sending to one SQS queue encrypted with a customer managed key: `sqs:SendMessage` on the queue, and the
 * data-key calls SQS makes with the sender's credentials, only through SQS in `region`.
 */
export function sendToEncryptedQueue(
    queueArn: pulumi.Input<string>,
    keyArn: pulumi.Input<string>,
    region: string,
): Statement[] {
    return [
        { Sid: "SendToDeadLetterQueue", Effect: "Allow", Action: ["sqs:SendMessage"], Resource: [queueArn] },
        {
            Sid: "EncryptDeadLetters",
            Effect: "Allow",
            Action: ["kms:Decrypt", "kms:GenerateDataKey"],
            Resource: [keyArn],
            Condition: { StringEquals: { "kms:ViaService": servicePrincipal(`sqs.${region}`, region) } },
        },
    ];
}

// Shared with the trigger function: lib/kms-access.ts.
export { decryptFunctionEnvironment, LAMBDA_ENVIRONMENT_CONTEXT_KEY } from "../../lib/kms-access";
