/**
 * TriggerLambda: makes sure a bookmark run of each dataset's Glue job owns the bronze objects that arrive.
 *
 * ```
 * bronze bucket --S3 ObjectCreated (one filter per dataset)--> SQS queue (KMS) --event source mapping-->
 *   Lambda (lambdas/trigger, environment encrypted with the key) --glue:GetJobRuns: a WAITING/STARTING run?
 *   --> join it, else glue:StartJobRun(JobRunQueuingEnabled, --lineage_parent_*)--> the dataset's Glue job
 * SQS queue --redrive after maxReceiveCount--> dead-letter queue (KMS) --alarm--> SNS topic (KMS) --> email
 * Lambda Errors, PendingRunAgeSeconds --alarm--> SNS topic
 * Glue Job State Change FAILED|TIMEOUT|ERROR|EXPIRED|STOPPED --EventBridge--> SNS topic
 * ```
 *
 * Failures never vanish: the handler reports messages no run owns as batch item
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
import { bundledLambdaArchive, packageRoot } from "../../lambdas/code";
import type { AwsTarget } from "../../lib/aws";
import { servicePrincipal } from "../../lib/aws";
import { consumeQueue, policyDocument, serviceTrustPolicy, startJobRuns, writeLogGroup } from "../../lib/iam";
import { allowBucketNotifications, denyInsecureQueueTransport } from "../../lib/messaging-policies";
import { claimPhysicalNames, iamRoleName, resourceName } from "../../lib/naming";
import { componentSubject } from "../../lib/problems";
import { createTriggerAlarms, type TriggerAlarms } from "./alarms";
import type { TriggerLambdaArgs } from "./args";
import { readJobRuns, triggerKeyGrants } from "./iam";
import { triggerFunctionVariables, triggerQueueNotifications, triggerRouteProblems } from "./routes";
import { resolveTriggerLambdaSettings, TRIGGER_LAMBDA_DEFAULTS, type TriggerSettings } from "./settings";

export { TRIGGER_ROUTED_JOB_RUN_QUEUING } from "../../lambdas/trigger/defaults";
export type { TriggerLambdaArgs, TriggerPipeline } from "./args";
export type { TriggerRoute } from "./routes";
export { TRIGGER_S3_EVENTS, TRIGGER_SERVICE_NAME_ENV } from "./routes";
export type { TriggerSettings } from "./settings";
export { TRIGGER_LAMBDA_DEFAULTS } from "./settings";

/** Lambda runtime of the trigger function. */
export const TRIGGER_RUNTIME = "nodejs22.x";
/** Instruction set of the trigger function (Graviton: cheaper per GB-second than x86_64). */
export const TRIGGER_ARCHITECTURE = "arm64";
/** The handler's entry, relative to the package root; bundled when no `code` is given. */
export const TRIGGER_HANDLER_ENTRY = path.join("lambdas", "trigger", "handler.ts");

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
        const pipelines = args.pipelines ?? [];
        const routes = [...(args.routes ?? []), ...pipelines.map((p) => p.route)];
        const { settings, alarmEmails } = resolveTriggerLambdaSettings(
            name,
            args,
            triggerRouteProblems(routes),
        );
        this.settings = settings;

        const naming = args.naming ?? { project: pulumi.getProject(), stack: pulumi.getStack() };
        const target: AwsTarget = { accountId: args.accountId, region: args.region };
        // One trigger per lake: the bronze bucket has one notification configuration. A second lake's
        // trigger gets names of its own through that lake's naming.instance.
        const oneTriggerPerLake =
            "a lake has one TriggerLambda (its bronze bucket has one notification configuration): route every pipeline of the lake through it (pipelines), and build another lake's trigger with that lake's naming";
        claimPhysicalNames(componentSubject("TriggerLambda", name), [
            {
                kind: "Lambda function",
                name: resourceName(naming, "bronze-trigger", 64),
                fix: oneTriggerPerLake,
            },
            { kind: "SQS queue", name: resourceName(naming, "bronze-trigger", 80), fix: oneTriggerPerLake },
            {
                kind: "SQS queue",
                name: resourceName(naming, "bronze-trigger-dlq", 80),
                fix: oneTriggerPerLake,
            },
            { kind: "IAM role", name: iamRoleName(naming, "bronze-trigger"), fix: oneTriggerPerLake },
            { kind: "SNS topic", name: resourceName(naming, "lake-alarms", 256), fix: oneTriggerPerLake },
        ]);
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
                queues: triggerQueueNotifications(routes).map((filter) => ({
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
        const jobArns = routes.map((route) => route.jobArn);
        const rolePolicy = new aws.iam.RolePolicy(
            `${name}-role-policy`,
            {
                role: this.role.id,
                name: "bronze-trigger",
                policy: policyDocument([
                    startJobRuns(jobArns),
                    readJobRuns(jobArns),
                    consumeQueue(this.queue.arn),
                    ...triggerKeyGrants(args.kmsKeyArn, functionName, args.region),
                    writeLogGroup(this.logGroup.arn),
                ]),
            },
            child,
        );

        const bronzeBucketName = pulumi.output(args.bronzeBucket.bucket);
        const variables = pulumi
            .all([bronzeBucketName, pulumi.all(routes.map((route) => route.jobName))])
            .apply(([bucket, jobNames]) =>
                triggerFunctionVariables(
                    routes.map((route, index) => ({
                        dataset: route.dataset,
                        bucket,
                        prefix: route.prefix,
                        suffix: route.suffix,
                        jobName: jobNames[index] as string,
                    })),
                    functionName,
                ),
            );
        const code =
            args.code ??
            bundledLambdaArchive(
                path.join(packageRoot(), TRIGGER_HANDLER_ENTRY),
                path.resolve(args.bundleDir ?? TRIGGER_LAMBDA_DEFAULTS.bundleDir),
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
                environment: { variables },
                // The lake key, not Lambda's AWS-managed key: reading the configuration needs the key policy.
                kmsKeyArn: args.kmsKeyArn,
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
                emails: alarmEmails,
                queueName: this.queue.name,
                deadLetterQueueName: this.deadLetterQueue.name,
                functionName: this.function.name,
                jobNames: [
                    ...routes.map((route) => route.jobName),
                    ...pipelines.flatMap((p) => (p.silverToGold ? [p.silverToGold.jobName] : [])),
                    ...(args.monitoredJobNames ?? []),
                ],
                reconciledDatasets: routes.map((route) => route.dataset),
                crawlerNames: [
                    ...pipelines.flatMap((p) => (p.crawlerName ? [p.crawlerName] : [])),
                    ...(args.monitoredCrawlerNames ?? []),
                ],
                periodSeconds: settings.alarmPeriodSeconds,
                queueAgeThresholdSeconds: settings.queueAgeAlarmSeconds,
                pendingRunAgeThresholdSeconds: settings.pendingRunAgeAlarmSeconds,
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
