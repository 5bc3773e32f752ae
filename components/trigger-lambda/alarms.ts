/**
 * The alarms of the bronze trigger, delivered to one KMS-encrypted SNS topic with optional email
 * subscriptions:
 * - dead-letter queue not empty (`AWS/SQS ApproximateNumberOfMessagesVisible` > 0): bronze objects whose
 *   Glue job run never started;
 * - trigger queue backlog (`AWS/SQS ApproximateAgeOfOldestMessage` > `queueAgeThresholdSeconds`): objects
 *   waiting for a run (the job stays busy, or nothing consumes the queue) before they reach the
 *   dead-letter queue (SQS stops counting a message in this metric after its third receive, so the
 *   threshold stays below three visibility timeouts);
 * - function errors (`AWS/Lambda Errors` > 0): the handler crashed or timed out (per-message failures are
 *   reported as batch item failures and surface in the dead-letter queue instead);
 * - oldest pending object (the trigger's embedded metric `PendingRunAgeSeconds`, Maximum >
 *   `pendingRunAgeThresholdSeconds`): objects whose messages were deleted because a queued bookmark run owns
 *   them, while that run has waited longer than one run of its job;
 * - a bronze_to_silver run that does not reconcile (the ETL's `Reconciled` metric in
 *   {@link ETL_METRICS_NAMESPACE}, dimension `Dataset`, Minimum < 1, {@link RECONCILED_ALARM_DEFAULTS}): one
 *   alarm per routed dataset; the run's rows in did not equal silver + quarantined + duplicates;
 * - a bronze_to_silver run the quarantine guard stopped (the ETL's {@link QUARANTINE_GUARD_METRIC_NAME},
 *   published without a dimension, Maximum >= 1, {@link QUARANTINE_GUARD_ALARM_DEFAULTS}): one alarm for
 *   every routed dataset; the run quarantined more than its spec's `quarantine.max_ratio` of its rows;
 * - a bronze_to_silver run that quarantined bronze objects whole (the ETL's {@link OBJECTS_QUARANTINED_METRIC_NAME},
 *   published without a dimension, Maximum >= 1, {@link OBJECTS_QUARANTINED_ALARM_DEFAULTS}): one alarm for
 *   every routed dataset; a 0-byte, corrupt or unreadable object (a batch of only such objects ends ok);
 * - Glue job runs that end `FAILED`, `TIMEOUT`, `ERROR`, `EXPIRED` or `STOPPED`: an EventBridge rule on
 *   `Glue Job State Change`. A bookmark run that ends any of these commits no bookmark, so the objects it
 *   owned wait in bronze for the next run;
 * - crawls that end `Failed`: an EventBridge rule on `Glue Crawler State Change` for the monitored crawlers
 *   (created only when there are crawlers to watch).
 *
 * Cost: four standard-resolution CloudWatch alarms, one per routed dataset, the quarantine-guard one and the
 * objects-quarantined one (billed per alarm-month),
 * EventBridge rules on AWS service events (free) and one SNS topic (billed per delivery only). The trigger's other idle cost is the
 * event source mapping's long polling of the queue (billed SQS requests), not an alarm.
 * Follows https://docs.aws.amazon.com/AmazonCloudWatch/latest/monitoring/AlarmThatSendsEmail.html and
 * https://docs.aws.amazon.com/glue/latest/dg/automating-awsglue-with-cloudwatch-events.html and
 * https://docs.aws.amazon.com/AWSSimpleQueueService/latest/SQSDeveloperGuide/sqs-available-cloudwatch-metrics.html
 * and https://docs.aws.amazon.com/AmazonCloudWatch/latest/monitoring/CloudWatch_Embedded_Metric_Format_Specification.html
 * and https://docs.aws.amazon.com/eventbridge/latest/ref/events-ref-glue.html
 */
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import shared from "../../glue/medallion_glue/shared_constants.json";
import { TRIGGER_METRIC_NAMES, TRIGGER_METRICS_NAMESPACE } from "../../lambdas/trigger/defaults";
import type { AwsTarget } from "../../lib/aws";
import { ETL_METRICS_NAMESPACE } from "../../lib/glue-job-contract";
import { policyDocument } from "../../lib/iam";
import {
    allowAlarmPublishing,
    allowRulePublishing,
    denyInsecureTopicTransport,
} from "../../lib/messaging-policies";
import { type NameContext, resourceName } from "../../lib/naming";
import {
    OBJECTS_QUARANTINED_ALARM_DEFAULTS,
    QUARANTINE_GUARD_ALARM_DEFAULTS,
    RECONCILED_ALARM_DEFAULTS,
} from "./settings";

/**
 * Name of the per-run metric the bronze_to_silver job publishes: 1 when the run reconciles, 0 when it does
 * not (`metric_data` in `glue/medallion_glue/silver/reconciliation.py`), with the one dimension
 * {@link RECONCILED_METRIC_DIMENSION}.
 */
export const RECONCILED_METRIC_NAME = "Reconciled";
/**
 * Name of the per-run metric the bronze_to_silver job publishes: 1 when the quarantine guard stopped the run
 * (it quarantined more than its spec's `quarantine.max_ratio` of its rows, every row included), 0 for every
 * other run. Sent with dimension {@link RECONCILED_METRIC_DIMENSION} and without a dimension (the one the
 * lake-wide alarm watches: CloudWatch matches an alarm's metric on its exact dimensions). Read from
 * `glue/medallion_glue/shared_constants.json` (`quarantine_guard_metric`), as the Python package
 * (`QUARANTINE_GUARD_METRIC` in `glue/medallion_glue/silver/reconciliation.py`) reads it.
 */
export const QUARANTINE_GUARD_METRIC_NAME: string = shared.quarantine_guard_metric;
/**
 * Name of the per-run metric the bronze_to_silver job publishes: the bronze objects the run quarantined whole
 * (0-byte, corrupt gzip, bad encoding, no records, ...; each one line under the run's quarantine folder
 * `reason=<reason>/`), 0 for a run that read every object. Sent with dimension
 * {@link RECONCILED_METRIC_DIMENSION} and without a dimension (the one the lake-wide alarm watches). Read from
 * `glue/medallion_glue/shared_constants.json` (`objects_quarantined_metric`), as the Python package
 * (`OBJECTS_QUARANTINED_METRIC` in `glue/medallion_glue/silver/reconciliation.py`) reads it.
 */
export const OBJECTS_QUARANTINED_METRIC_NAME: string = shared.objects_quarantined_metric;

/** Dimension of the ETL's per-run metrics; its value is the dataset spec's `name`. */
export const RECONCILED_METRIC_DIMENSION = "Dataset";

/** Crawler state that raises an alarm (the `detail.state` of a `Glue Crawler State Change` event). */
export const GLUE_CRAWLER_FAILURE_STATE = "Failed";

/**
 * Glue job run states that raise an alarm: every terminal state but `SUCCEEDED`. `EXPIRED` (a queued run
 * that waited past its limit) and `STOPPED` (stopped by hand) count too: such a bookmark run read nothing
 * or committed nothing, so the objects it owned wait for the next run.
 * https://docs.aws.amazon.com/glue/latest/dg/job-run-statuses.html
 */
export const GLUE_JOB_FAILURE_STATES = ["FAILED", "TIMEOUT", "ERROR", "EXPIRED", "STOPPED"] as const;

/** Longest EventBridge rule name AWS accepts. */
export const EVENT_RULE_NAME_MAX = 64;

/**
 * EventBridge pattern matching the `Glue Job State Change` events of the given jobs that end in a
 * {@link GLUE_JOB_FAILURE_STATES} state. Job names are de-duplicated and sorted (a stable pattern keeps
 * `pulumi preview` quiet).
 * @throws Error when `jobNames` is empty: a pattern with an empty list matches nothing and EventBridge refuses it.
 */
export function glueJobFailurePattern(jobNames: readonly string[]): string {
    if (jobNames.length === 0) {
        throw new Error("glueJobFailurePattern: pass at least one Glue job name to watch");
    }
    return JSON.stringify({
        source: ["aws.glue"],
        "detail-type": ["Glue Job State Change"],
        detail: { state: [...GLUE_JOB_FAILURE_STATES], jobName: [...new Set(jobNames)].sort() },
    });
}

/**
 * EventBridge pattern matching the `Glue Crawler State Change` events of the given crawlers that end
 * {@link GLUE_CRAWLER_FAILURE_STATE}. Crawler names are de-duplicated and sorted.
 * @throws Error when `crawlerNames` is empty (EventBridge refuses a pattern with an empty list).
 */
export function glueCrawlerFailurePattern(crawlerNames: readonly string[]): string {
    if (crawlerNames.length === 0) {
        throw new Error("glueCrawlerFailurePattern: pass at least one Glue crawler name to watch");
    }
    return JSON.stringify({
        source: ["aws.glue"],
        "detail-type": ["Glue Crawler State Change"],
        detail: { state: [GLUE_CRAWLER_FAILURE_STATE], crawlerName: [...new Set(crawlerNames)].sort() },
    });
}

/** What {@link createTriggerAlarms} needs. */
export interface TriggerAlarmsArgs {
    naming: NameContext;
    target: AwsTarget;
    /** Key the topic is encrypted with; its policy must admit `cloudwatch` and `events` (the lake key does). */
    kmsKeyArn: pulumi.Input<string>;
    /** Email addresses subscribed to the topic (each must confirm the subscription once). */
    emails: readonly string[];
    /** Name of the trigger queue whose oldest message's age is watched. */
    queueName: pulumi.Input<string>;
    /** Name of the dead-letter queue to watch. */
    deadLetterQueueName: pulumi.Input<string>;
    /**
     * Name of the function to watch; also the `service` dimension of its embedded metrics (the component
     * sets `POWERTOOLS_SERVICE_NAME` to it).
     */
    functionName: pulumi.Input<string>;
    /** Glue jobs whose failed runs alarm. */
    jobNames: pulumi.Input<string>[];
    /** Datasets (spec `name`s) whose bronze_to_silver runs alarm when they publish `Reconciled = 0`. */
    reconciledDatasets: readonly string[];
    /** Glue crawlers whose failed crawls alarm; no crawler rule when empty. */
    crawlerNames: readonly string[];
    /** Alarm evaluation period, in seconds (a multiple of 60). */
    periodSeconds: number;
    /** Age of the trigger queue's oldest message, in seconds, above which the backlog alarm fires. */
    queueAgeThresholdSeconds: number;
    /** Age of the oldest object a queued bookmark run owns, in seconds, above which the pending-run alarm fires. */
    pendingRunAgeThresholdSeconds: number;
    tags: Record<string, string>;
}

/** The resources {@link createTriggerAlarms} registers. */
export interface TriggerAlarms {
    topic: aws.sns.Topic;
    topicPolicy: aws.sns.TopicPolicy;
    subscriptions: aws.sns.TopicSubscription[];
    deadLetterQueueAlarm: aws.cloudwatch.MetricAlarm;
    queueAgeAlarm: aws.cloudwatch.MetricAlarm;
    functionErrorsAlarm: aws.cloudwatch.MetricAlarm;
    pendingRunAgeAlarm: aws.cloudwatch.MetricAlarm;
    /** One `Reconciled = 0` alarm per dataset, keyed by dataset name. */
    notReconciledAlarms: Record<string, aws.cloudwatch.MetricAlarm>;
    /**
     * The quarantine-guard alarm ({@link QUARANTINE_GUARD_METRIC_NAME} Maximum >= 1, no dimension: any routed
     * dataset); absent without routes.
     */
    quarantineGuardAlarm?: aws.cloudwatch.MetricAlarm;
    /**
     * The objects-quarantined alarm ({@link OBJECTS_QUARANTINED_METRIC_NAME} Maximum >= 1, no dimension: any
     * routed dataset); absent without routes.
     */
    objectsQuarantinedAlarm?: aws.cloudwatch.MetricAlarm;
    glueFailureRule: aws.cloudwatch.EventRule;
    glueFailureTarget: aws.cloudwatch.EventTarget;
    /** The failed-crawl rule and its target; absent when no crawler is watched. */
    crawlerFailure?: { rule: aws.cloudwatch.EventRule; target: aws.cloudwatch.EventTarget };
}

/**
 * Registers the alarm topic, its subscriptions, the four trigger alarms, one `Reconciled = 0` alarm per
 * dataset, the lake-wide quarantine-guard and objects-quarantined alarms (when there is a dataset), the Glue
 * job failure rule and the crawler failure rule under `parent`.
 */
export function createTriggerAlarms(
    name: string,
    args: TriggerAlarmsArgs,
    parent: pulumi.Resource,
): TriggerAlarms {
    const { naming, target, tags } = args;
    const opts = { parent };
    const topic = new aws.sns.Topic(
        `${name}-alarms`,
        {
            name: resourceName(naming, "lake-alarms", 256),
            displayName: `${naming.project} ${naming.stack} lake alarms`,
            kmsMasterKeyId: args.kmsKeyArn,
            tags,
        },
        opts,
    );
    const subscriptions = args.emails.map(
        (email, index) =>
            new aws.sns.TopicSubscription(
                `${name}-alarms-email-${index}`,
                { topic: topic.arn, protocol: "email", endpoint: email },
                opts,
            ),
    );

    const threshold = {
        comparisonOperator: "GreaterThanThreshold",
        threshold: 0,
        evaluationPeriods: 1,
        period: args.periodSeconds,
        treatMissingData: "notBreaching",
        alarmActions: [topic.arn],
        tags,
    };
    const deadLetterQueueAlarm = new aws.cloudwatch.MetricAlarm(
        `${name}-dlq-not-empty`,
        {
            name: resourceName(naming, "bronze-trigger-dlq-not-empty"),
            alarmDescription: pulumi.interpolate`Bronze objects whose Glue job run never started are in ${args.deadLetterQueueName}. Read the trigger's logs, fix the cause, then redrive the messages to the trigger queue.`,
            namespace: "AWS/SQS",
            metricName: "ApproximateNumberOfMessagesVisible",
            dimensions: { QueueName: args.deadLetterQueueName },
            statistic: "Maximum",
            ...threshold,
        },
        opts,
    );
    const queueAgeAlarm = new aws.cloudwatch.MetricAlarm(
        `${name}-queue-age`,
        {
            name: resourceName(naming, "bronze-trigger-queue-age"),
            alarmDescription: pulumi.interpolate`A bronze notification in ${args.queueName} has waited over ${args.queueAgeThresholdSeconds} s for its Glue job run: the job stays busy, Glue refuses the run, or nothing consumes the queue. Read the trigger's logs before the messages reach the dead-letter queue.`,
            namespace: "AWS/SQS",
            metricName: "ApproximateAgeOfOldestMessage",
            dimensions: { QueueName: args.queueName },
            statistic: "Maximum",
            ...threshold,
            threshold: args.queueAgeThresholdSeconds,
        },
        opts,
    );
    const functionErrorsAlarm = new aws.cloudwatch.MetricAlarm(
        `${name}-function-errors`,
        {
            name: resourceName(naming, "bronze-trigger-errors"),
            alarmDescription: pulumi.interpolate`${args.functionName} failed a whole invocation (crash, timeout or bad configuration); its messages return to the queue.`,
            namespace: "AWS/Lambda",
            metricName: "Errors",
            dimensions: { FunctionName: args.functionName },
            statistic: "Sum",
            ...threshold,
        },
        opts,
    );
    const pendingRunAgeAlarm = new aws.cloudwatch.MetricAlarm(
        `${name}-pending-run-age`,
        {
            name: resourceName(naming, "bronze-trigger-pending-run-age"),
            alarmDescription: pulumi.interpolate`Bronze objects owned by a queued Glue job run have waited over ${args.pendingRunAgeThresholdSeconds} s (${TRIGGER_METRIC_NAMES.pendingRunAge} of ${args.functionName}): the running run is stuck or Glue cannot start the queued one. Check the job's runs; the objects stay in bronze until a run reads them.`,
            namespace: TRIGGER_METRICS_NAMESPACE,
            metricName: TRIGGER_METRIC_NAMES.pendingRunAge,
            dimensions: { service: args.functionName },
            statistic: "Maximum",
            ...threshold,
            threshold: args.pendingRunAgeThresholdSeconds,
        },
        opts,
    );
    const notReconciledAlarms = Object.fromEntries(
        [...new Set(args.reconciledDatasets)].map((dataset) => [
            dataset,
            new aws.cloudwatch.MetricAlarm(
                `${name}-${dataset}-not-reconciled`,
                {
                    name: resourceName(naming, `${dataset}-not-reconciled`),
                    alarmDescription: `A bronze_to_silver run of dataset ${dataset} published ${RECONCILED_METRIC_NAME} = 0: its rows in did not equal silver + quarantined + duplicates, and its bookmark was not committed. Read the run's JSON summary in its log before re-running.`,
                    namespace: ETL_METRICS_NAMESPACE,
                    metricName: RECONCILED_METRIC_NAME,
                    dimensions: { [RECONCILED_METRIC_DIMENSION]: dataset },
                    ...threshold,
                    ...RECONCILED_ALARM_DEFAULTS,
                },
                opts,
            ),
        ]),
    );
    // One alarm for every routed dataset (the ETL also publishes QuarantineGuardExceeded without a dimension): an
    // alarm per dataset would cost $0.10 a month each and take the dev stack over its $2 idle budget.
    const quarantineGuardAlarm =
        args.reconciledDatasets.length === 0
            ? undefined
            : new aws.cloudwatch.MetricAlarm(
                  `${name}-quarantine-guard`,
                  {
                      name: resourceName(naming, "quarantine-guard"),
                      alarmDescription: `A bronze_to_silver run of ${[...new Set(args.reconciledDatasets)].join(", ")} quarantined more than its spec's quarantine.max_ratio of its rows: it wrote nothing to silver and did not commit its bookmark (${QUARANTINE_GUARD_METRIC_NAME} = 1; the metric with dimension Dataset names the dataset). Read the run's error line (it names the main reason), fix the drop or the spec, then run again.`,
                      namespace: ETL_METRICS_NAMESPACE,
                      metricName: QUARANTINE_GUARD_METRIC_NAME,
                      ...threshold,
                      ...QUARANTINE_GUARD_ALARM_DEFAULTS,
                  },
                  opts,
              );
    // Lake-wide too: a batch whose every object is unreadable ends ok (WARNING only), so this alarm is what
    // tells that bronze holds objects no run will read again.
    const objectsQuarantinedAlarm =
        args.reconciledDatasets.length === 0
            ? undefined
            : new aws.cloudwatch.MetricAlarm(
                  `${name}-objects-quarantined`,
                  {
                      name: resourceName(naming, "objects-quarantined"),
                      alarmDescription: `A bronze_to_silver run of ${[...new Set(args.reconciledDatasets)].join(", ")} quarantined bronze objects whole (${OBJECTS_QUARANTINED_METRIC_NAME} >= 1: 0-byte, corrupt gzip, bad encoding, no records, ...); the run succeeded and its object ledger moved past them. The metric with dimension Dataset names the dataset and the run's quarantine folder reason=<reason>/ names each object and why. Replace the object in bronze (rewritten in place, the next run reads it again) or fix the producer that wrote it.`,
                      namespace: ETL_METRICS_NAMESPACE,
                      metricName: OBJECTS_QUARANTINED_METRIC_NAME,
                      ...threshold,
                      ...OBJECTS_QUARANTINED_ALARM_DEFAULTS,
                  },
                  opts,
              );

    /** An EventBridge rule whose matching events reach the topic as one line of text. */
    const ruleToTopic = (
        id: string,
        description: string,
        eventPattern: pulumi.Input<string>,
        inputTransformer: aws.types.input.cloudwatch.EventTargetInputTransformer,
    ) => {
        const rule = new aws.cloudwatch.EventRule(
            `${name}-${id}`,
            { name: resourceName(naming, id, EVENT_RULE_NAME_MAX), description, eventPattern, tags },
            opts,
        );
        const ruleTarget = new aws.cloudwatch.EventTarget(
            `${name}-${id}-to-alarms`,
            { rule: rule.name, arn: topic.arn, inputTransformer },
            opts,
        );
        return { rule, target: ruleTarget };
    };

    const glueFailure = ruleToTopic(
        "glue-job-failed",
        `Glue job runs of the ${naming.project} ${naming.stack} lake that end ${GLUE_JOB_FAILURE_STATES.join(", ")}`,
        pulumi.all(args.jobNames).apply(glueJobFailurePattern),
        {
            inputPaths: {
                job: "$.detail.jobName",
                run: "$.detail.jobRunId",
                state: "$.detail.state",
                message: "$.detail.message",
            },
            inputTemplate: '"Glue job <job> run <run> ended <state>: <message>"',
        },
    );
    const crawlerNames = [...new Set(args.crawlerNames)];
    const crawlerFailure =
        crawlerNames.length === 0
            ? undefined
            : ruleToTopic(
                  "glue-crawler-failed",
                  `Glue crawls of the ${naming.project} ${naming.stack} lake that end ${GLUE_CRAWLER_FAILURE_STATE}`,
                  glueCrawlerFailurePattern(crawlerNames),
                  {
                      inputPaths: { crawler: "$.detail.crawlerName", message: "$.detail.errorMessage" },
                      inputTemplate: '"Glue crawler <crawler> failed: <message>"',
                  },
              );

    const topicPolicy = new aws.sns.TopicPolicy(
        `${name}-alarms-policy`,
        {
            arn: topic.arn,
            policy: policyDocument([
                allowAlarmPublishing(topic.arn, target),
                allowRulePublishing(topic.arn, glueFailure.rule.arn, target),
                ...(crawlerFailure
                    ? [
                          allowRulePublishing(
                              topic.arn,
                              crawlerFailure.rule.arn,
                              target,
                              "AllowCrawlerFailedRule",
                          ),
                      ]
                    : []),
                denyInsecureTopicTransport(topic.arn),
            ]),
        },
        opts,
    );
    return {
        topic,
        topicPolicy,
        subscriptions,
        deadLetterQueueAlarm,
        queueAgeAlarm,
        functionErrorsAlarm,
        pendingRunAgeAlarm,
        notReconciledAlarms,
        quarantineGuardAlarm,
        objectsQuarantinedAlarm,
        glueFailureRule: glueFailure.rule,
        glueFailureTarget: glueFailure.target,
        ...(crawlerFailure ? { crawlerFailure } : {}),
    };
}
