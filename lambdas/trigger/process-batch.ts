/**
 * The trigger's batch logic: parse every SQS message, group the objects per Glue job, make sure a
 * bookmark run of each job owns them (join one that has not listed yet, or start a queued one), log every
 * decision, count it in metrics, and answer with an SQS partial batch response.
 *
 * @see https://docs.aws.amazon.com/lambda/latest/dg/services-sqs-errorhandling.html#services-sqs-batchfailurereporting
 * @module
 */
import type { GlueClient } from "@aws-sdk/client-glue";
import type { SQSBatchResponse, SQSEvent } from "aws-lambda";
import { type AcknowledgedMessage, planBatch, type RejectedMessage } from "./batch-plan";
import { TRIGGER_METRIC_NAMES } from "./defaults";
import { ensureOwningRuns, type JobRunOutcome } from "./job-run-owner";
import { type LineageParent, lineageParentArguments } from "./lineage-parent";
import type { DatasetRoute } from "./routes";
import { parseSqsMessage } from "./s3-event-message";

/** The logging calls the trigger makes; `@aws-lambda-powertools/logger`'s `Logger` satisfies it. */
export interface TriggerLogger {
    info(message: string, attributes: Record<string, unknown>): void;
    warn(message: string, attributes: Record<string, unknown>): void;
    error(message: string, attributes: Record<string, unknown>): void;
}

/** The metric calls the trigger makes; `@aws-lambda-powertools/metrics`'s `Metrics` satisfies it. */
export interface TriggerMetrics {
    addMetric(name: string, unit: "Count" | "Seconds", value: number): void;
}

/** What {@link processTriggerBatch} needs from its environment. */
export interface TriggerDependencies {
    /** Glue client used for `GetJobRuns` and `StartJobRun`. */
    readonly glue: GlueClient;
    /** Validated, non-overlapping dataset routes. */
    readonly routes: readonly DatasetRoute[];
    /** Structured logger. */
    readonly logger: TriggerLogger;
    /** Embedded metrics; the caller publishes them once per invocation. */
    readonly metrics?: TriggerMetrics;
    /** Current time in epoch milliseconds (for ages). @defaultValue `Date.now` */
    readonly now?: () => number;
    /** Aborts pending Glue calls at the invocation's deadline. */
    readonly abortSignal?: AbortSignal;
    /**
     * The invocation as the OpenLineage parent of the runs it starts: sent as the `--lineage_parent_*`
     * arguments of each `StartJobRun` (`lineage-parent.ts`). Absent: the runs get no arguments.
     */
    readonly lineageParent?: LineageParent;
}

/**
 * Processes one SQS batch of bronze S3 event notifications.
 *
 * Message outcomes:
 *
 * | message | outcome |
 * |---|---|
 * | objects of a job with a `WAITING`/`STARTING` run (it has not listed yet) | deleted: that run owns them |
 * | objects of a job with no such run, whose `StartJobRun` (with the invocation as lineage parent) Glue accepted (running or queued) | deleted: the new run owns them |
 * | objects whose job refused the start (concurrency with queuing off, throttling, 5xx, network, deadline, configuration error) | failed: redelivered, dead-letter queue after `maxReceiveCount` |
 * | `s3:TestEvent`, objects matching no dataset, non-`ObjectCreated` events | deleted, logged |
 * | objects matching no dataset, non-`ObjectCreated` records, in a message with routed objects | skipped, logged (`withRun: true`); the message follows its run |
 * | malformed body, non-S3 message, undecodable key | failed: reaches the dead-letter queue after `maxReceiveCount` |
 *
 * A message whose objects span several jobs fails if any of its jobs has no owning run; its other jobs'
 * runs list the objects anyway, and their bookmarks keep them from being read twice.
 *
 * @param event - SQS event from the Lambda event source mapping (with `ReportBatchItemFailures`).
 * @param deps - Glue client, routes, logger, metrics, the lineage parent of started runs.
 * @returns the partial batch response: ids of the messages SQS must deliver again, in event order.
 */
export async function processTriggerBatch(
    event: SQSEvent,
    deps: TriggerDependencies,
): Promise<SQSBatchResponse> {
    const { logger } = deps;
    const now = (deps.now ?? Date.now)();
    const messages = event.Records.map(parseSqsMessage);
    const plan = planBatch(messages, deps.routes);
    for (const message of plan.acknowledged) logAcknowledged(logger, message);
    for (const message of plan.rejected) logRejected(logger, message);

    const outcomes = await ensureOwningRuns(deps.glue, plan.runs, {
        abortSignal: deps.abortSignal,
        runArguments: lineageParentArguments(deps.lineageParent),
    });
    for (const outcome of outcomes) logOutcome(logger, outcome);

    const failed = new Set<string>(plan.rejected.map((message) => message.messageId));
    for (const outcome of outcomes) {
        if (outcome.owned !== false) continue;
        for (const messageId of outcome.request.messageIds) failed.add(messageId);
    }
    const batchItemFailures = event.Records.filter((record) => failed.has(record.messageId)).map(
        (record) => ({ itemIdentifier: record.messageId }),
    );

    const count = (owned: JobRunOutcome["owned"]) =>
        outcomes.filter((outcome) => outcome.owned === owned).length;
    const summary = {
        messages: event.Records.length,
        objectsRouted: sum(plan.runs.map((run) => run.sourceUris.length)),
        objectsOwned: sum(outcomes.filter((o) => o.owned !== false).map((o) => o.request.sourceUris.length)),
        jobRunsStarted: count("started"),
        jobRunsJoined: count("joined"),
        jobRunsRefused: count(false),
        acknowledgedWithoutRun: new Set(
            plan.acknowledged.filter((part) => !part.withRun).map((part) => part.messageId),
        ).size,
        failedMessages: batchItemFailures.length,
    };
    logger.info("Trigger batch processed", summary);
    recordMetrics(deps.metrics, summary, plan.rejected.length, event, outcomes, now);
    return { batchItemFailures };
}

function sum(values: readonly number[]): number {
    return values.reduce((total, value) => total + value, 0);
}

function recordMetrics(
    metrics: TriggerMetrics | undefined,
    summary: {
        objectsRouted: number;
        objectsOwned: number;
        jobRunsStarted: number;
        jobRunsJoined: number;
        failedMessages: number;
    },
    malformed: number,
    event: SQSEvent,
    outcomes: readonly JobRunOutcome[],
    now: number,
): void {
    if (metrics === undefined) return;
    const names = TRIGGER_METRIC_NAMES;
    metrics.addMetric(names.objectsRouted, "Count", summary.objectsRouted);
    metrics.addMetric(names.objectsOwned, "Count", summary.objectsOwned);
    metrics.addMetric(names.runsStarted, "Count", summary.jobRunsStarted);
    metrics.addMetric(names.runsJoined, "Count", summary.jobRunsJoined);
    metrics.addMetric(names.itemsReturned, "Count", summary.failedMessages);
    metrics.addMetric(names.malformed, "Count", malformed);
    const sent = event.Records.map((record) => Number(record.attributes?.SentTimestamp)).filter(
        (value) => Number.isFinite(value) && value > 0,
    );
    if (sent.length > 0) {
        metrics.addMetric(names.oldestMessageAge, "Seconds", Math.max(0, (now - Math.min(...sent)) / 1000));
    }
    const waiting = outcomes.flatMap((o) => (o.owned === "joined" && o.startedOnMs ? [o.startedOnMs] : []));
    if (waiting.length > 0) {
        metrics.addMetric(names.pendingRunAge, "Seconds", Math.max(0, (now - Math.min(...waiting)) / 1000));
    }
}

const ACKNOWLEDGED_LOG: Record<AcknowledgedMessage["reason"], { level: "info" | "warn"; text: string }> = {
    "s3-test-event": { level: "info", text: "S3 test event acknowledged" },
    "no-matching-dataset": { level: "warn", text: "Objects match no dataset route" },
    "not-object-created": { level: "warn", text: "Not an ObjectCreated event" },
};

function logAcknowledged(logger: TriggerLogger, part: AcknowledgedMessage): void {
    const { level, text } = ACKNOWLEDGED_LOG[part.reason];
    const outcome = part.withRun
        ? "skipped; the message's other objects go to a job run"
        : "message acknowledged";
    logger[level](`${text}; ${outcome}`, {
        messageId: part.messageId,
        reason: part.reason,
        detail: part.detail,
        withRun: part.withRun,
    });
}

function logRejected(logger: TriggerLogger, message: RejectedMessage): void {
    logger.error(
        "Malformed message reported as failed; SQS moves it to the dead-letter queue after maxReceiveCount",
        {
            messageId: message.messageId,
            receiveCount: message.receiveCount,
            reason: message.reason,
            detail: message.detail,
        },
    );
}

function logOutcome(logger: TriggerLogger, outcome: JobRunOutcome): void {
    const { request } = outcome;
    const common = {
        jobName: request.jobName,
        datasets: request.datasets,
        objectCount: request.sourceUris.length,
        objects: request.sourceUris,
        messageIds: request.messageIds,
    };
    if (outcome.owned === "joined") {
        logger.info("Joined Glue job run that has not listed bronze yet", {
            ...common,
            jobRunId: outcome.jobRunId,
            jobRunState: outcome.state,
        });
        return;
    }
    if (outcome.owned === "started") {
        if (outcome.lookupFailure !== undefined) {
            logger.warn("GetJobRuns failed; started a run without looking for one to join", {
                jobName: request.jobName,
                errorName: outcome.lookupFailure.errorName,
                errorMessage: outcome.lookupFailure.errorMessage,
            });
        }
        logger.info("Started Glue job run", { ...common, jobRunId: outcome.jobRunId });
        return;
    }
    const { errorName, errorMessage, retryable } = outcome.failure;
    const attributes = { ...common, errorName, errorMessage, retryable };
    if (retryable) {
        logger.warn("Glue job run not started; messages reported as failed for redelivery", attributes);
    } else {
        logger.error(
            "Glue job run refused by a non-retryable error; messages fail until they reach the dead-letter queue",
            attributes,
        );
    }
}
