/**
 * The arguments of {@link TriggerLambda}; every default is a field of {@link TRIGGER_LAMBDA_DEFAULTS}
 * (`settings.ts`), and the ranges each setting accepts are in `TRIGGER_SETTING_RANGES`.
 */
import type * as pulumi from "@pulumi/pulumi";
import type { NameContext } from "../../lib/naming";
import type { TriggerRoute } from "./routes";

/** What a {@link TriggerLambda} is built from. */
/** What the trigger takes from a dataset pipeline; a `DatasetPipeline` satisfies it. */
export interface TriggerPipeline {
    /** The route that starts its bronze_to_silver job. */
    route: TriggerRoute;
    /** Its silver_to_gold job, if any: failed runs alarm. */
    silverToGold?: { jobName: pulumi.Input<string> };
    /** Its bronze crawler, if any: failed crawls alarm. */
    crawlerName?: string;
}

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
    /** One route per dataset; see {@link TriggerRoute}. Give `routes`, `pipelines` or both. @default [] */
    routes?: TriggerRoute[];
    /**
     * Dataset pipelines (e.g. `DatasetPipeline`s): each adds its `route`, its silver_to_gold job to the
     * failed-run alarms and its bronze crawler to the failed-crawl alarm. @default []
     */
    pipelines?: readonly TriggerPipeline[];
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
    /**
     * Age of the oldest object waiting in a queued bookmark run (`PendingRunAgeSeconds`), in seconds, above
     * which an alarm fires.
     * @default {@link TRIGGER_LAMBDA_DEFAULTS.pendingRunAgeAlarmSeconds}
     */
    pendingRunAgeAlarmSeconds?: number;
    /** Glue jobs whose failed runs alarm besides the routed ones (e.g. gold jobs). @default [] */
    monitoredJobNames?: pulumi.Input<string>[];
    /**
     * Glue crawlers whose crawls ending `Failed` alarm (an EventBridge rule on `Glue Crawler State Change`,
     * e.g. `Object.values(crawlers.crawlerNames)`); no rule when empty.
     * @default []
     */
    monitoredCrawlerNames?: readonly string[];
    /** Tags on every taggable resource. @default {} */
    tags?: Record<string, string>;
}
