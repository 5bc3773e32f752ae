/**
 * TriggerLambda: starts the Glue jobs of the datasets whose bronze objects arrive.
 *
 * ```
 * bronze bucket --S3 ObjectCreated (one filter per dataset)--> SQS queue (KMS) --event source mapping-->
 *   Lambda (lambdas/trigger) --glue:StartJobRun(--source_keys)--> the dataset's Glue job
 * SQS queue --redrive after maxReceiveCount--> dead-letter queue (KMS) --alarm--> SNS topic (KMS) --> email
 * Lambda Errors --alarm--> SNS topic;  Glue Job State Change FAILED|TIMEOUT|ERROR --EventBridge--> SNS topic
 * ```
 *
 * Failures never vanish: the handler reports messages it could not turn into a job run as batch item
 * failures, SQS delivers them again, and after `maxReceiveCount` deliveries the queue's redrive policy moves
 * them to the dead-letter queue (the function's "failure destination": with an SQS event source, Lambda's
 * own `deadLetterConfig` and on-failure destinations never apply).
 *
 * Follows https://docs.aws.amazon.com/lambda/latest/dg/with-sqs.html and
 * https://docs.aws.amazon.com/AmazonS3/latest/userguide/ways-to-add-notification-config-to-bucket.html
 */
import * as path from "node:path";
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { BUNDLE_HANDLER } from "../../lambdas/build";
import {
    DATASET_ROUTES_ENV,
    TRIGGER_BATCH_SIZE,
    TRIGGER_FUNCTION_TIMEOUT_SECONDS,
    TRIGGER_MAX_BATCHING_WINDOW_SECONDS,
    TRIGGER_MAX_CONCURRENCY,
    TRIGGER_QUEUE_MAX_RECEIVE_COUNT,
    TRIGGER_QUEUE_VISIBILITY_TIMEOUT_SECONDS,
} from "../../lambdas/trigger/defaults";
import type { AwsTarget } from "../../lib/aws";
import { servicePrincipal } from "../../lib/aws";
import {
    consumeQueue,
    decryptWithKey,
    policyDocument,
    serviceTrustPolicy,
    startJobRuns,
    writeLogGroup,
} from "../../lib/iam";
import { bundledLambdaArchive, packageRoot } from "../../lib/lambda-code";
import { allowBucketNotifications, denyInsecureQueueTransport } from "../../lib/messaging-policies";
import { iamRoleName, type NameContext, resourceName } from "../../lib/naming";
import { componentSubject, throwIfProblems } from "../../lib/problems";
import { createTriggerAlarms, type TriggerAlarms } from "./alarms";
import {
    datasetRoutesEnvironment,
    type TriggerRoute,
    triggerQueueNotifications,
    triggerRouteProblems,
} from "./routes";
import { alarmEmailProblems, type TriggerSettings, triggerSettingsProblems } from "./settings";

export { TRIGGER_ROUTED_JOB_RUN_QUEUING } from "../../lambdas/trigger/defaults";
export type { TriggerRoute } from "./routes";
export { TRIGGER_S3_EVENTS } from "./routes";
export type { TriggerSettings } from "./settings";

/**
 * Every default of the TriggerLambda component. Code, docs (`docs/components.md`) and tests read these
 * values; nothing restates them. Queue and event source values are the handler's recommendations
 * (`lambdas/trigger/defaults.ts`), read from there.
 */
export const TRIGGER_LAMBDA_DEFAULTS = {
    /** 256 MB on arm64: the handler only parses messages and calls Glue. */
    memoryMb: 256,
    /** The handler's recommendation: one `StartJobRun` per job per batch, with SDK retries. */
    timeoutSeconds: TRIGGER_FUNCTION_TIMEOUT_SECONDS,
    /** Small and explicit, so a flood of bronze objects cannot starve other functions of the account. */
    reservedConcurrency: 2,
    /** The lowest value Lambda accepts; equal to the reserved concurrency, so no batch is throttled. */
    maximumConcurrency: TRIGGER_MAX_CONCURRENCY,
    /** Up to 100 messages per batch: fewer, larger Glue runs (one run per job per batch). */
    batchSize: TRIGGER_BATCH_SIZE,
    /** Gather messages up to 30 s so objects landing together share one job run. */
    maximumBatchingWindowSeconds: TRIGGER_MAX_BATCHING_WINDOW_SECONDS,
    /**
     * 10 deliveries: a message survives about `10 x visibilityTimeoutSeconds` (2.5 h by default) of Glue
     * refusing runs (e.g. `ConcurrentRunsExceededException` while a long run of the same job is in progress).
     */
    maxReceiveCount: TRIGGER_QUEUE_MAX_RECEIVE_COUNT,
    /** 900 s: above the 6 x timeout + window floor, and several times a typical bronze-to-silver run. */
    visibilityTimeoutSeconds: TRIGGER_QUEUE_VISIBILITY_TIMEOUT_SECONDS,
    /** 4 days, SQS's own default. */
    queueRetentionSeconds: 4 * 24 * 3600,
    /** 14 days, the SQS maximum: time to investigate and redrive. */
    deadLetterRetentionSeconds: 14 * 24 * 3600,
    /** Days the function's logs are kept. */
    logRetentionDays: 30,
    /** Alarms evaluate 5-minute periods (standard resolution). */
    alarmPeriodSeconds: 300,
    /**
     * 1800 s (30 min), twice the default visibility timeout: the oldest message waited through two refused
     * runs, or nothing consumed the queue for half an hour. Below `3 x visibilityTimeoutSeconds`, since SQS
     * stops counting a message in `ApproximateAgeOfOldestMessage` after its third receive.
     */
    queueAgeAlarmSeconds: 1800,
    /** No email subscription unless configured (`medallion-lake:alarms.emails`). */
    alarmEmails: [] as readonly string[],
    /** Where the handler is bundled when no `code` is given, relative to the working directory. */
    bundleDir: path.join(".cache", "lambdas", "trigger"),
} as const satisfies TriggerSettings & Record<string, unknown>;

/** Lambda runtime of the trigger function. */
export const TRIGGER_RUNTIME = "nodejs22.x";
/** Instruction set of the trigger function (Graviton: cheaper per GB-second than x86_64). */
export const TRIGGER_ARCHITECTURE = "arm64";
/** The handler's entry, relative to the package root; bundled when no `code` is given. */
export const TRIGGER_HANDLER_ENTRY = path.join("lambdas", "trigger", "handler.ts");

export interface TriggerLambdaArgs {
    /** 12-digit account id; scopes the queue and topic policies (`aws:SourceAccount`). */
    accountId: string;
    /** Region, e.g. `eu-west-1`; picks the partition and service principals. */
    region: string;
    /** Project and stack that prefix every physical name. @default `pulumi.getProject()`, `pulumi.getStack()` */
    naming?: NameContext;
    /**
     * The bronze bucket (e.g. `lake.buckets.bronze`). The component owns its one `BucketNotification`: do not
     * create another notification configuration for this bucket, S3 keeps only the last one written.
     */
    bronzeBucket: { bucket: pulumi.Input<string>; arn: pulumi.Input<string> };
    /**
     * KMS key of the queues, the topic and the log group (e.g. `lake.keyArn`). Its key policy must let
     * `s3`, `cloudwatch` and `events` use it for this account and CloudWatch Logs encrypt log groups (the
     * lake key's policy does).
     */
    kmsKeyArn: pulumi.Input<string>;
    /** One route per dataset; see {@link TriggerRoute}. */
    routes: TriggerRoute[];
    /**
     * The function code: an archive whose `index.js` exports `handler`.
     * @default the bundle of `lambdas/trigger/handler.ts`, built once per process into `bundleDir`
     */
    code?: pulumi.Input<pulumi.asset.Archive>;
    /** Directory the default code is bundled into. @default {@link TRIGGER_LAMBDA_DEFAULTS.bundleDir} */
    bundleDir?: string;
    /**
     * Function memory, in MB (128-10240).
     * @default {@link TRIGGER_LAMBDA_DEFAULTS.memoryMb}
     */
    memoryMb?: number;
    /**
     * Function timeout, in seconds (1-900).
     * @default {@link TRIGGER_LAMBDA_DEFAULTS.timeoutSeconds}
     */
    timeoutSeconds?: number;
    /**
     * Reserved concurrency of the function; at least `maximumConcurrency`.
     * @default {@link TRIGGER_LAMBDA_DEFAULTS.reservedConcurrency}
     */
    reservedConcurrency?: number;
    /**
     * Most concurrent batches the SQS event source invokes (2-1000).
     * @default {@link TRIGGER_LAMBDA_DEFAULTS.maximumConcurrency}
     */
    maximumConcurrency?: number;
    /**
     * Most messages per invocation (1-10000; above 10 needs a batching window).
     * @default {@link TRIGGER_LAMBDA_DEFAULTS.batchSize}
     */
    batchSize?: number;
    /**
     * Seconds (0-300) the event source gathers messages before invoking.
     * @default {@link TRIGGER_LAMBDA_DEFAULTS.maximumBatchingWindowSeconds}
     */
    maximumBatchingWindowSeconds?: number;
    /**
     * Deliveries of a message before the queue moves it to the dead-letter queue (1-1000).
     * @default {@link TRIGGER_LAMBDA_DEFAULTS.maxReceiveCount}
     */
    maxReceiveCount?: number;
    /**
     * Queue visibility timeout, in seconds; at least `6 x timeoutSeconds + maximumBatchingWindowSeconds`.
     * @default {@link TRIGGER_LAMBDA_DEFAULTS.visibilityTimeoutSeconds}
     */
    visibilityTimeoutSeconds?: number;
    /**
     * Seconds the queue keeps a message (60-1209600).
     * @default {@link TRIGGER_LAMBDA_DEFAULTS.queueRetentionSeconds}
     */
    queueRetentionSeconds?: number;
    /**
     * Seconds the dead-letter queue keeps a message; longer than `queueRetentionSeconds`.
     * @default {@link TRIGGER_LAMBDA_DEFAULTS.deadLetterRetentionSeconds}
     */
    deadLetterRetentionSeconds?: number;
    /**
     * Days the function's log group keeps logs (a CloudWatch Logs retention value).
     * @default {@link TRIGGER_LAMBDA_DEFAULTS.logRetentionDays}
     */
    logRetentionDays?: number;
    /**
     * Alarm evaluation period, in seconds (a multiple of 60).
     * @default {@link TRIGGER_LAMBDA_DEFAULTS.alarmPeriodSeconds}
     */
    alarmPeriodSeconds?: number;
    /**
     * Age of the queue's oldest message, in seconds, above which an alarm fires; below `queueRetentionSeconds`.
     * @default {@link TRIGGER_LAMBDA_DEFAULTS.queueAgeAlarmSeconds}
     */
    queueAgeAlarmSeconds?: number;
    /**
     * Email addresses subscribed to the alarm topic (each confirms once).
     * @default {@link TRIGGER_LAMBDA_DEFAULTS.alarmEmails}
     */
    alarmEmails?: readonly string[];
    /** Glue jobs whose failed runs alarm besides the routed ones (e.g. gold jobs). @default [] */
    monitoredJobNames?: pulumi.Input<string>[];
    /** Tags on every taggable resource. @default {} */
    tags?: Record<string, string>;
}

/**
 * The bronze trigger: S3 notifications into a KMS-encrypted queue, a Lambda that starts the routed Glue
 * jobs, a dead-letter queue, a log group and alarms into an encrypted SNS topic.
 *
 * @throws Error from the constructor when a setting, route or email is invalid; the message lists every
 *   problem with the argument name, the value and the fix. The function's `DATASET_ROUTES` must fit
 *   Lambda's 4 KB environment; a larger route list fails the deployment with a message saying so.
 */
export class TriggerLambda extends pulumi.ComponentResource {
    /** The trigger function. */
    public readonly function: aws.lambda.Function;
    /** The function's execution role. */
    public readonly role: aws.iam.Role;
    /** The queue the bronze bucket notifies. */
    public readonly queue: aws.sqs.Queue;
    /** Where messages go after `maxReceiveCount` deliveries. */
    public readonly deadLetterQueue: aws.sqs.Queue;
    /** The queue's policy (S3 of the bronze bucket may send; TLS only). */
    public readonly queuePolicy: aws.sqs.QueuePolicy;
    /** The bronze bucket's notification configuration (one queue filter per route). */
    public readonly notification: aws.s3.BucketNotification;
    /** The event source mapping from the queue to the function. */
    public readonly eventSourceMapping: aws.lambda.EventSourceMapping;
    /** The function's log group `/aws/lambda/<function>`. */
    public readonly logGroup: aws.cloudwatch.LogGroup;
    /** The encrypted alarm topic; other components may point their alarms at it. */
    public readonly alarmTopic: aws.sns.Topic;
    /** The alarms, the Glue failure rule and the topic's policy and subscriptions. */
    public readonly alarms: TriggerAlarms;
    /** The settings in effect (arguments over {@link TRIGGER_LAMBDA_DEFAULTS}). */
    public readonly settings: TriggerSettings;

    constructor(name: string, args: TriggerLambdaArgs, opts?: pulumi.ComponentResourceOptions) {
        super("medallion-lake:index:TriggerLambda", name, {}, opts);
        const d = TRIGGER_LAMBDA_DEFAULTS;
        const settings: TriggerSettings = {
            memoryMb: args.memoryMb ?? d.memoryMb,
            timeoutSeconds: args.timeoutSeconds ?? d.timeoutSeconds,
            reservedConcurrency: args.reservedConcurrency ?? d.reservedConcurrency,
            maximumConcurrency: args.maximumConcurrency ?? d.maximumConcurrency,
            batchSize: args.batchSize ?? d.batchSize,
            maximumBatchingWindowSeconds: args.maximumBatchingWindowSeconds ?? d.maximumBatchingWindowSeconds,
            maxReceiveCount: args.maxReceiveCount ?? d.maxReceiveCount,
            visibilityTimeoutSeconds: args.visibilityTimeoutSeconds ?? d.visibilityTimeoutSeconds,
            queueRetentionSeconds: args.queueRetentionSeconds ?? d.queueRetentionSeconds,
            deadLetterRetentionSeconds: args.deadLetterRetentionSeconds ?? d.deadLetterRetentionSeconds,
            logRetentionDays: args.logRetentionDays ?? d.logRetentionDays,
            alarmPeriodSeconds: args.alarmPeriodSeconds ?? d.alarmPeriodSeconds,
            queueAgeAlarmSeconds: args.queueAgeAlarmSeconds ?? d.queueAgeAlarmSeconds,
        };
        const emails = args.alarmEmails ?? d.alarmEmails;
        const problems = [
            ...triggerSettingsProblems(settings),
            ...alarmEmailProblems(emails),
            ...triggerRouteProblems(args.routes),
        ];
        throwIfProblems(componentSubject("TriggerLambda", name), problems);
        this.settings = settings;

        const naming = args.naming ?? { project: pulumi.getProject(), stack: pulumi.getStack() };
        const target: AwsTarget = { accountId: args.accountId, region: args.region };
        const tags = { ...args.tags };
        const child = { parent: this };
        const functionName = resourceName(naming, "bronze-trigger", 64);

        this.deadLetterQueue = new aws.sqs.Queue(
            `${name}-dlq`,
            {
                name: resourceName(naming, "bronze-trigger-dlq", 80),
                kmsMasterKeyId: args.kmsKeyArn,
                messageRetentionSeconds: settings.deadLetterRetentionSeconds,
                tags,
            },
            child,
        );
        this.queue = new aws.sqs.Queue(
            `${name}-queue`,
            {
                name: resourceName(naming, "bronze-trigger", 80),
                kmsMasterKeyId: args.kmsKeyArn,
                visibilityTimeoutSeconds: settings.visibilityTimeoutSeconds,
                messageRetentionSeconds: settings.queueRetentionSeconds,
                redrivePolicy: pulumi.jsonStringify({
                    deadLetterTargetArn: this.deadLetterQueue.arn,
                    maxReceiveCount: settings.maxReceiveCount,
                }),
                tags,
            },
            child,
        );
        new aws.sqs.RedriveAllowPolicy(
            `${name}-dlq-redrive-allow`,
            {
                queueUrl: this.deadLetterQueue.url,
                redriveAllowPolicy: pulumi.jsonStringify({
                    redrivePermission: "byQueue",
                    sourceQueueArns: [this.queue.arn],
                }),
            },
            child,
        );
        new aws.sqs.QueuePolicy(
            `${name}-dlq-policy`,
            {
                queueUrl: this.deadLetterQueue.url,
                policy: policyDocument([denyInsecureQueueTransport(this.deadLetterQueue.arn)]),
            },
            child,
        );
        this.queuePolicy = new aws.sqs.QueuePolicy(
            `${name}-queue-policy`,
            {
                queueUrl: this.queue.url,
                policy: policyDocument([
                    allowBucketNotifications(this.queue.arn, args.bronzeBucket.arn, target),
                    denyInsecureQueueTransport(this.queue.arn),
                ]),
            },
            child,
        );
        this.notification = new aws.s3.BucketNotification(
            `${name}-notification`,
            {
                bucket: args.bronzeBucket.bucket,
                queues: triggerQueueNotifications(args.routes).map((filter) => ({
                    ...filter,
                    queueArn: this.queue.arn,
                })),
            },
            // S3 sends a test event when the configuration is saved and refuses it if it cannot deliver.
            { parent: this, dependsOn: [this.queuePolicy] },
        );

        this.logGroup = new aws.cloudwatch.LogGroup(
            `${name}-logs`,
            {
                name: `/aws/lambda/${functionName}`,
                retentionInDays: settings.logRetentionDays,
                kmsKeyId: args.kmsKeyArn,
                tags,
            },
            child,
        );
        this.role = new aws.iam.Role(
            `${name}-role`,
            {
                name: iamRoleName(naming, "bronze-trigger"),
                description: `Runs the ${naming.project} ${naming.stack} bronze trigger function`,
                assumeRolePolicy: serviceTrustPolicy(servicePrincipal("lambda", args.region), args.accountId),
                tags,
            },
            child,
        );
        const rolePolicy = new aws.iam.RolePolicy(
            `${name}-role-policy`,
            {
                role: this.role.id,
                name: "bronze-trigger",
                policy: policyDocument([
                    startJobRuns(args.routes.map((route) => route.jobArn)),
                    consumeQueue(this.queue.arn),
                    decryptWithKey(args.kmsKeyArn),
                    writeLogGroup(this.logGroup.arn),
                ]),
            },
            child,
        );

        const bronzeBucketName = pulumi.output(args.bronzeBucket.bucket);
        const routesJson = pulumi
            .all([bronzeBucketName, pulumi.all(args.routes.map((route) => route.jobName))])
            .apply(([bucket, jobNames]) =>
                datasetRoutesEnvironment(
                    args.routes.map((route, index) => ({
                        dataset: route.dataset,
                        bucket,
                        prefix: route.prefix,
                        suffix: route.suffix,
                        jobName: jobNames[index] as string,
                    })),
                ),
            );
        const code =
            args.code ??
            bundledLambdaArchive(
                path.join(packageRoot(), TRIGGER_HANDLER_ENTRY),
                path.resolve(args.bundleDir ?? d.bundleDir),
            );
        this.function = new aws.lambda.Function(
            `${name}-function`,
            {
                name: functionName,
                description: `Starts the Glue jobs of bronze objects landing in the ${naming.project} ${naming.stack} lake`,
                role: this.role.arn,
                runtime: TRIGGER_RUNTIME,
                architectures: [TRIGGER_ARCHITECTURE],
                handler: BUNDLE_HANDLER,
                code,
                memorySize: settings.memoryMb,
                timeout: settings.timeoutSeconds,
                reservedConcurrentExecutions: settings.reservedConcurrency,
                environment: { variables: { [DATASET_ROUTES_ENV]: routesJson } },
                loggingConfig: { logFormat: "JSON", logGroup: this.logGroup.name },
                tags,
            },
            { parent: this, dependsOn: [rolePolicy] },
        );
        this.eventSourceMapping = new aws.lambda.EventSourceMapping(
            `${name}-event-source`,
            {
                eventSourceArn: this.queue.arn,
                functionName: this.function.arn,
                batchSize: settings.batchSize,
                maximumBatchingWindowInSeconds: settings.maximumBatchingWindowSeconds,
                functionResponseTypes: ["ReportBatchItemFailures"],
                scalingConfig: { maximumConcurrency: settings.maximumConcurrency },
                tags,
            },
            // Lambda checks the role can read the queue when the mapping is created.
            { parent: this, dependsOn: [rolePolicy] },
        );

        this.alarms = createTriggerAlarms(
            name,
            {
                naming,
                target,
                kmsKeyArn: args.kmsKeyArn,
                emails,
                queueName: this.queue.name,
                deadLetterQueueName: this.deadLetterQueue.name,
                functionName: this.function.name,
                jobNames: [...args.routes.map((route) => route.jobName), ...(args.monitoredJobNames ?? [])],
                periodSeconds: settings.alarmPeriodSeconds,
                queueAgeThresholdSeconds: settings.queueAgeAlarmSeconds,
                tags,
            },
            this,
        );
        this.alarmTopic = this.alarms.topic;

        this.registerOutputs({
            functionName: this.function.name,
            queueUrl: this.queue.url,
            deadLetterQueueUrl: this.deadLetterQueue.url,
            alarmTopicArn: this.alarmTopic.arn,
        });
    }
}
