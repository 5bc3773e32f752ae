/**
 * The transactional-source simulator: the TypeScript Lambda of `lambdas/simulator/` in the source's VPC,
 * started by an EventBridge Scheduler schedule, with a dead-letter queue for runs that fail.
 *
 * - Function: Node.js 22 on arm64, the esbuild bundle of `lambdas/simulator/handler.ts`, JSON logs into its
 *   own encrypted log group, the environment its config contract reads (`DB_HOST`, `DB_PORT`, `DB_NAME`,
 *   `DB_SECRET_ARN`, `ROWS_PER_RUN`; see lambdas/simulator/config.ts), encrypted with the lake key.
 * - Execution role: its log group, its VPC's network interfaces, the database secret (decrypted through
 *   Secrets Manager only), the dead-letter queue, and decrypting its own environment (through Lambda only).
 *   No managed policy.
 * - Asynchronous invocations are not retried (the next scheduled run comes soon) and failures go to the
 *   dead-letter queue, as do invocations the scheduler could not deliver.
 * - Schedule: its own role, trusted by `scheduler.amazonaws.com` for this account only, allowed to invoke this
 *   function and nothing else (and to send to the dead-letter queue).
 *
 * Follows https://docs.aws.amazon.com/scheduler/latest/UserGuide/managing-targets-templated.html,
 * https://docs.aws.amazon.com/lambda/latest/dg/invocation-async-retain-records.html,
 * https://docs.aws.amazon.com/lambda/latest/dg/configuration-envvars-encryption.html and
 * https://docs.aws.amazon.com/lambda/latest/dg/monitoring-cloudwatchlogs-advanced.html
 */
import * as aws from "@pulumi/aws";
import type * as pulumi from "@pulumi/pulumi";
import { BUNDLE_HANDLER } from "../../lambdas/build";
import { type AwsTarget, servicePrincipal } from "../../lib/aws";
import { policyDocument, type Statement, serviceTrustPolicy, writeLogGroup } from "../../lib/iam";
import { decryptThroughService } from "../../lib/kms-access";
import { denyInsecureQueueTransport } from "../../lib/messaging-policies";
import { iamRoleName, type NameContext, resourceName } from "../../lib/naming";
import {
    decryptFunctionEnvironment,
    invokeFunction,
    lambdaVpcNetworkInterfaces,
    readSecret,
    sendToEncryptedQueue,
} from "./iam";

/** Settings of the simulator, after defaults and validation (see `POSTGRES_SOURCE_DEFAULTS.simulator`). */
export interface SimulatorSettings {
    /** EventBridge Scheduler expression, e.g. `rate(2 minutes)`. */
    schedule: string;
    rowsPerRun: number;
    timeoutSeconds: number;
    memoryMiB: number;
    runtime: string;
    architecture: string;
    logRetentionDays: number;
    /** Seconds the dead-letter queue keeps a failed invocation. */
    deadLetterRetentionSeconds: number;
    /** Seconds an invocation may wait (scheduler delivery, asynchronous queue) before it is dropped to the DLQ. */
    maximumEventAgeSeconds: number;
    /** Delivery retries by the scheduler when Lambda refuses the invoke (throttling, service errors). */
    schedulerRetries: number;
}

export interface SimulatorFunctionArgs {
    naming: NameContext;
    target: AwsTarget;
    settings: SimulatorSettings;
    /** The function's code: an archive whose `index.js` exports `handler`. */
    code: pulumi.Input<pulumi.asset.Archive>;
    /** Environment the handler reads. */
    environment: {
        DB_HOST: pulumi.Input<string>;
        DB_PORT: pulumi.Input<string>;
        DB_NAME: string;
        DB_SECRET_ARN: pulumi.Input<string>;
        ROWS_PER_RUN: string;
    };
    vpcId: pulumi.Input<string>;
    subnetIds: pulumi.Input<pulumi.Input<string>[]>;
    securityGroupId: pulumi.Input<string>;
    /** The lake key: the secret, the log group, the dead-letter queue and the environment are encrypted with it. */
    kmsKeyArn: pulumi.Input<string>;
    tags: Record<string, string>;
}

/** What {@link createSimulatorFunction} built. */
export interface SimulatorFunction {
    function: aws.lambda.Function;
    role: aws.iam.Role;
    logGroup: aws.cloudwatch.LogGroup;
    deadLetterQueue: aws.sqs.Queue;
    schedule: aws.scheduler.Schedule;
    scheduleRole: aws.iam.Role;
}

/** Creates the function, its schedule and dead-letter queue as children of `parent`, named `<name>-<role>`. */
export function createSimulatorFunction(
    name: string,
    args: SimulatorFunctionArgs,
    parent: pulumi.Resource,
): SimulatorFunction {
    const { settings, target, tags } = args;
    const opts = { parent };
    const functionName = resourceName(args.naming, `${name}-simulator`, 64);

    const deadLetterQueue = new aws.sqs.Queue(
        `${name}-simulator-dlq`,
        {
            name: resourceName(args.naming, `${name}-simulator-dlq`, 80),
            kmsMasterKeyId: args.kmsKeyArn,
            kmsDataKeyReusePeriodSeconds: 300,
            messageRetentionSeconds: settings.deadLetterRetentionSeconds,
            tags,
        },
        opts,
    );
    new aws.sqs.QueuePolicy(
        `${name}-simulator-dlq-policy`,
        {
            queueUrl: deadLetterQueue.url,
            policy: policyDocument([denyInsecureQueueTransport(deadLetterQueue.arn)]),
        },
        opts,
    );

    const logGroup = new aws.cloudwatch.LogGroup(
        `${name}-simulator-logs`,
        {
            name: `/aws/lambda/${functionName}`,
            retentionInDays: settings.logRetentionDays,
            kmsKeyId: args.kmsKeyArn,
            tags,
        },
        opts,
    );

    const statements: Statement[] = [
        writeLogGroup(logGroup.arn),
        ...lambdaVpcNetworkInterfaces(target, args.vpcId),
        readSecret(args.environment.DB_SECRET_ARN),
        decryptThroughService(args.kmsKeyArn, "secretsmanager", target.region),
        ...sendToEncryptedQueue(deadLetterQueue.arn, args.kmsKeyArn, target.region),
        decryptFunctionEnvironment(args.kmsKeyArn, functionName, target.region),
    ];
    const role = new aws.iam.Role(
        `${name}-simulator-role`,
        {
            name: iamRoleName(args.naming, `${name}-simulator`),
            description: `Runs the ${functionName} Lambda`,
            assumeRolePolicy: serviceTrustPolicy(servicePrincipal("lambda", target.region), target.accountId),
            tags,
        },
        opts,
    );
    const rolePolicy = new aws.iam.RolePolicy(
        `${name}-simulator-role-policy`,
        { role: role.name, name: "simulator", policy: policyDocument(statements) },
        opts,
    );

    const fn = new aws.lambda.Function(
        `${name}-simulator`,
        {
            name: functionName,
            description: "Inserts random rows into random_data, as the seed's transactional source did",
            role: role.arn,
            runtime: settings.runtime,
            architectures: [settings.architecture],
            handler: BUNDLE_HANDLER,
            code: args.code,
            timeout: settings.timeoutSeconds,
            memorySize: settings.memoryMiB,
            environment: { variables: { ...args.environment } },
            kmsKeyArn: args.kmsKeyArn,
            vpcConfig: { subnetIds: args.subnetIds, securityGroupIds: [args.securityGroupId] },
            loggingConfig: {
                logFormat: "JSON",
                logGroup: logGroup.name,
                applicationLogLevel: "INFO",
                systemLogLevel: "WARN",
            },
            tags,
        },
        // Lambda checks the VPC permissions when it creates the function.
        { parent, dependsOn: [rolePolicy] },
    );
    new aws.lambda.FunctionEventInvokeConfig(
        `${name}-simulator-async`,
        {
            functionName: fn.name,
            maximumRetryAttempts: 0,
            maximumEventAgeInSeconds: settings.maximumEventAgeSeconds,
            destinationConfig: { onFailure: { destination: deadLetterQueue.arn } },
        },
        opts,
    );

    const scheduleRole = new aws.iam.Role(
        `${name}-schedule-role`,
        {
            name: iamRoleName(args.naming, `${name}-simulator-schedule`),
            description: `Lets EventBridge Scheduler invoke ${functionName}`,
            assumeRolePolicy: serviceTrustPolicy(
                servicePrincipal("scheduler", target.region),
                target.accountId,
            ),
            tags,
        },
        opts,
    );
    const schedulePolicy = new aws.iam.RolePolicy(
        `${name}-schedule-role-policy`,
        {
            role: scheduleRole.name,
            name: "invoke-simulator",
            policy: policyDocument([
                invokeFunction(fn.arn),
                ...sendToEncryptedQueue(deadLetterQueue.arn, args.kmsKeyArn, target.region),
            ]),
        },
        opts,
    );
    const schedule = new aws.scheduler.Schedule(
        `${name}-schedule`,
        {
            name: resourceName(args.naming, `${name}-simulator`, 64),
            description: `Runs ${functionName}: ${settings.schedule}`,
            scheduleExpression: settings.schedule,
            scheduleExpressionTimezone: "UTC",
            flexibleTimeWindow: { mode: "OFF" },
            state: "ENABLED",
            target: {
                arn: fn.arn,
                roleArn: scheduleRole.arn,
                retryPolicy: {
                    maximumRetryAttempts: settings.schedulerRetries,
                    maximumEventAgeInSeconds: settings.maximumEventAgeSeconds,
                },
                deadLetterConfig: { arn: deadLetterQueue.arn },
            },
        },
        { parent, dependsOn: [schedulePolicy] },
    );
    return { function: fn, role, logGroup, deadLetterQueue, schedule, scheduleRole };
}
