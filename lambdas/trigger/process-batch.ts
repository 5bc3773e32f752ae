/**
 * The trigger's batch logic: parse every SQS message, plan one Glue job run per job, start the runs, log
 * every decision, and answer with an SQS partial batch response.
 *
 * @see https://docs.aws.amazon.com/lambda/latest/dg/services-sqs-errorhandling.html#services-sqs-batchfailurereporting
 * @module
 */
import type { GlueClient } from "@aws-sdk/client-glue";
import type { SQSBatchResponse, SQSEvent } from "aws-lambda";
import { type AcknowledgedMessage, planBatch, type RejectedMessage } from "./batch-plan";
import { SOURCE_KEYS_MAX_BYTES } from "./defaults";
import type { DatasetRoute } from "./routes";
import { parseSqsMessage } from "./s3-event-message";
import { type JobRunOutcome, startJobRuns } from "./start-job-runs";

/** The logging calls the trigger makes; `@aws-lambda-powertools/logger`'s `Logger` satisfies it. */
export interface TriggerLogger {
    info(message: string, attributes: Record<string, unknown>): void;
    warn(message: string, attributes: Record<string, unknown>): void;
    error(message: string, attributes: Record<string, unknown>): void;
}

/** What {@link processTriggerBatch} needs from its environment. */
export interface TriggerDependencies {
    /** Glue client used for `StartJobRun`. */
    readonly glue: GlueClient;
    /** Validated, non-overlapping dataset routes. */
    readonly routes: readonly DatasetRoute[];
    /** Structured logger. */
    readonly logger: TriggerLogger;
    /**
     * Budget for one run's `--source_keys` JSON, in UTF-8 bytes.
     *
     * @defaultValue {@link SOURCE_KEYS_MAX_BYTES}
     */
    readonly maxSourceKeysBytes?: number;
}

/**
 * Processes one SQS batch of bronze S3 event notifications.
 *
 * Message outcomes:
 *
 * | message | outcome |
 * |---|---|
 * | objects routed to a job whose run started | deleted (success) |
 * | objects routed to a job whose run was refused (concurrency, throttling, 5xx, or configuration error) | failed: redelivered, dead-letter queue after `maxReceiveCount` |
 * | `s3:TestEvent`, objects matching no dataset, non-`ObjectCreated` events | deleted, logged |
 * | objects matching no dataset, non-`ObjectCreated` records, in a message with routed objects | skipped, logged (`withRun: true`); the message follows its run |
 * | malformed body, non-S3 message, undecodable key | failed: reaches the dead-letter queue after `maxReceiveCount` |
 * | objects that would overflow this batch's `--source_keys` budget | failed: delivered again in a later batch |
 *
 * A message whose objects span several jobs fails if any of its jobs' runs was refused (at-least-once:
 * the other job may see those keys again, so jobs must be idempotent per key).
 *
 * @param event - SQS event from the Lambda event source mapping (with `ReportBatchItemFailures`).
 * @param deps - Glue client, routes and logger.
 * @returns the partial batch response: ids of the messages SQS must deliver again, in event order.
 */
export async function processTriggerBatch(
    event: SQSEvent,
    deps: TriggerDependencies,
): Promise<SQSBatchResponse> {
    const { logger } = deps;
    const messages = event.Records.map(parseSqsMessage);
    const plan = planBatch(messages, deps.routes, deps.maxSourceKeysBytes ?? SOURCE_KEYS_MAX_BYTES);
    for (const message of plan.acknowledged) logAcknowledged(logger, message);
    for (const message of plan.rejected) logRejected(logger, message);

    const outcomes = await startJobRuns(deps.glue, plan.runs);
    for (const outcome of outcomes) logOutcome(logger, outcome);

    const failed = new Set<string>(plan.rejected.map((message) => message.messageId));
    for (const outcome of outcomes) {
        if (outcome.started) continue;
        for (const messageId of outcome.request.messageIds) failed.add(messageId);
    }
    const batchItemFailures = event.Records.filter((record) => failed.has(record.messageId)).map(
        (record) => ({
            itemIdentifier: record.messageId,
        }),
    );

    logger.info("Trigger batch processed", {
        messages: event.Records.length,
        jobRunsStarted: outcomes.filter((outcome) => outcome.started).length,
        jobRunsRefused: outcomes.filter((outcome) => !outcome.started).length,
        acknowledgedWithoutRun: new Set(
            plan.acknowledged.filter((part) => !part.withRun).map((part) => part.messageId),
        ).size,
        failedMessages: batchItemFailures.length,
    });
    return { batchItemFailures };
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

const REJECTED_LOG: Record<RejectedMessage["reason"], { level: "info" | "error"; text: string }> = {
    malformed: {
        level: "error",
        text: "Malformed message reported as failed; SQS moves it to the dead-letter queue after maxReceiveCount",
    },
    "too-large-for-one-run": {
        level: "error",
        text: "Message too large for one job run reported as failed; it will reach the dead-letter queue",
    },
    "deferred-run-full": { level: "info", text: "Message deferred to a later batch" },
};

function logRejected(logger: TriggerLogger, message: RejectedMessage): void {
    const { level, text } = REJECTED_LOG[message.reason];
    logger[level](text, {
        messageId: message.messageId,
        receiveCount: message.receiveCount,
        reason: message.reason,
        detail: message.detail,
    });
}

function logOutcome(logger: TriggerLogger, outcome: JobRunOutcome): void {
    const { request } = outcome;
    const common = {
        jobName: request.jobName,
        datasets: request.datasets,
        objectCount: request.sourceUris.length,
        messageIds: request.messageIds,
    };
    if (outcome.started) {
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
