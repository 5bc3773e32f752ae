/**
 * A small stand-in for the Lambda SQS event source mapping, driving a handler from a real (moto) SQS
 * queue: receive a batch, invoke the handler, delete the messages it did not report as failed, and make
 * the failed ones visible again when their visibility timeout ends, so SQS's redrive policy moves a
 * message to the dead-letter queue once it was received `maxReceiveCount` times.
 *
 * Time is a simulated clock of ticks (one tick per poll) rather than seconds, so tests are fast and
 * deterministic: the visibility timeout is a number of ticks, and `onTick` moves Glue job runs on.
 *
 * @see https://docs.aws.amazon.com/lambda/latest/dg/with-sqs.html
 * @see https://docs.aws.amazon.com/lambda/latest/dg/services-sqs-errorhandling.html
 */
import {
    ChangeMessageVisibilityBatchCommand,
    DeleteMessageBatchCommand,
    GetQueueAttributesCommand,
    type Message,
    ReceiveMessageCommand,
    type SQSClient,
} from "@aws-sdk/client-sqs";
import type { Context, SQSBatchResponse, SQSEvent, SQSRecord } from "aws-lambda";
import { lambdaContext } from "./lambda-runtime";

/** Options of {@link runEventSourceMapping}. */
export interface EventSourceMappingOptions {
    readonly sqs: SQSClient;
    readonly queueUrl: string;
    readonly queueArn: string;
    /** The Lambda handler under test. */
    readonly handler: (event: SQSEvent, context: Context) => Promise<SQSBatchResponse>;
    /**
     * Messages per invocation (Lambda's `BatchSize`). Above 10 the batch is gathered from several
     * `ReceiveMessage` calls, as Lambda does with a batching window.
     */
    readonly batchSize: number;
    /** Concurrent pollers, like the concurrent batches Lambda processes (`MaximumConcurrency` >= 2). */
    readonly pollers: number;
    /**
     * Ticks until a failed message is visible again: the queue's visibility timeout, on the simulated clock.
     * One tick is one poll by any poller.
     */
    readonly visibilityTimeoutTicks: number;
    /** Called on every tick, for example to move Glue job runs on. */
    readonly onTick?: () => Promise<void>;
    /** Give up (throw) after this many ticks. */
    readonly maxTicks: number;
}

/** What happened while draining the queue. */
export interface EventSourceMappingStats {
    ticks: number;
    invocations: number;
    /** Messages handed to the handler, redeliveries included. */
    deliveries: number;
    /** Batch item failures reported by the handler. */
    reportedFailures: number;
    /** Highest `ApproximateReceiveCount` seen on a delivered message. */
    maxReceiveCount: number;
    /** Wall-clock duration of each invocation, in milliseconds. */
    invocationMs: number[];
}

/**
 * Seconds a received message stays invisible in moto: longer than any test, so messages only reappear
 * when {@link runEventSourceMapping} releases them on its simulated clock.
 */
const IN_FLIGHT_SECONDS = 900;

/** Converts received SQS messages to the event Lambda delivers. */
export function toSqsEvent(messages: readonly Message[], queueArn: string): SQSEvent {
    return {
        Records: messages.map(
            (message): SQSRecord => ({
                messageId: message.MessageId ?? "",
                receiptHandle: message.ReceiptHandle ?? "",
                body: message.Body ?? "",
                attributes: {
                    ApproximateReceiveCount: message.Attributes?.ApproximateReceiveCount ?? "1",
                    SentTimestamp: message.Attributes?.SentTimestamp ?? "0",
                    SenderId: message.Attributes?.SenderId ?? "",
                    ApproximateFirstReceiveTimestamp:
                        message.Attributes?.ApproximateFirstReceiveTimestamp ?? "0",
                },
                messageAttributes: {},
                md5OfBody: message.MD5OfBody ?? "",
                eventSource: "aws:sqs",
                eventSourceARN: queueArn,
                awsRegion: "us-east-1",
            }),
        ),
    };
}

/** Visible plus in-flight messages of a queue. */
export async function queueDepth(sqs: SQSClient, queueUrl: string): Promise<number> {
    const { Attributes = {} } = await sqs.send(
        new GetQueueAttributesCommand({
            QueueUrl: queueUrl,
            AttributeNames: ["ApproximateNumberOfMessages", "ApproximateNumberOfMessagesNotVisible"],
        }),
    );
    return (
        Number(Attributes.ApproximateNumberOfMessages ?? 0) +
        Number(Attributes.ApproximateNumberOfMessagesNotVisible ?? 0)
    );
}

/**
 * Polls `queueUrl` with `pollers` concurrent pollers until the queue holds no message, visible or in
 * flight. Successful messages are deleted; failed ones become visible again `visibilityTimeoutTicks`
 * ticks later (SQS then counts one more receive and applies the redrive policy).
 *
 * A handler that throws fails its whole batch, as with Lambda.
 *
 * @returns delivery statistics.
 * @throws Error when the queue is not drained within `maxTicks`.
 */
export async function runEventSourceMapping(
    options: EventSourceMappingOptions,
): Promise<EventSourceMappingStats> {
    const { sqs, queueUrl } = options;
    const stats: EventSourceMappingStats = {
        ticks: 0,
        invocations: 0,
        deliveries: 0,
        reportedFailures: 0,
        maxReceiveCount: 0,
        invocationMs: [],
    };
    const waiting: Array<{ receiptHandle: string; visibleAtTick: number }> = [];

    const tick = async (): Promise<void> => {
        stats.ticks += 1;
        if (stats.ticks > options.maxTicks) {
            throw new Error(`queue ${queueUrl} not drained within ${options.maxTicks} ticks`);
        }
        const due = waiting.filter((entry) => entry.visibleAtTick <= stats.ticks);
        if (due.length > 0) {
            for (const entry of due) waiting.splice(waiting.indexOf(entry), 1);
            await changeVisibility(
                sqs,
                queueUrl,
                due.map((entry) => entry.receiptHandle),
                0,
            );
        }
        await options.onTick?.();
    };

    const poll = async (): Promise<void> => {
        for (;;) {
            await tick();
            const messages = await receiveBatch(sqs, queueUrl, options.batchSize);
            if (messages.length === 0) {
                if (waiting.length === 0 && (await queueDepth(sqs, queueUrl)) === 0) return;
                continue;
            }
            stats.invocations += 1;
            stats.deliveries += messages.length;
            for (const message of messages) {
                const count = Number(message.Attributes?.ApproximateReceiveCount ?? 1);
                stats.maxReceiveCount = Math.max(stats.maxReceiveCount, count);
            }
            const started = performance.now();
            let failedIds: Set<string>;
            try {
                const event = toSqsEvent(messages, options.queueArn);
                const response = await options.handler(event, lambdaContext(`esm-${stats.invocations}`));
                failedIds = new Set(response.batchItemFailures.map((failure) => failure.itemIdentifier));
            } catch {
                failedIds = new Set(messages.map((message) => message.MessageId ?? ""));
            }
            stats.invocationMs.push(performance.now() - started);
            stats.reportedFailures += failedIds.size;
            const failed = messages.filter((message) => failedIds.has(message.MessageId ?? ""));
            const succeeded = messages.filter((message) => !failedIds.has(message.MessageId ?? ""));
            await deleteMessages(
                sqs,
                queueUrl,
                succeeded.map((message) => message.ReceiptHandle ?? ""),
            );
            for (const message of failed) {
                waiting.push({
                    receiptHandle: message.ReceiptHandle ?? "",
                    visibleAtTick: stats.ticks + options.visibilityTimeoutTicks,
                });
            }
        }
    };

    await Promise.all(Array.from({ length: options.pollers }, poll));
    return stats;
}

/** Receives up to `batchSize` messages, 10 per call, stopping early when the queue has no more visible. */
async function receiveBatch(sqs: SQSClient, queueUrl: string, batchSize: number): Promise<Message[]> {
    const batch: Message[] = [];
    while (batch.length < batchSize) {
        const { Messages = [] } = await sqs.send(
            new ReceiveMessageCommand({
                QueueUrl: queueUrl,
                MaxNumberOfMessages: Math.min(10, batchSize - batch.length),
                VisibilityTimeout: IN_FLIGHT_SECONDS,
                WaitTimeSeconds: 0,
                MessageSystemAttributeNames: ["All"],
            }),
        );
        if (Messages.length === 0) break;
        batch.push(...Messages);
    }
    return batch;
}

async function deleteMessages(
    sqs: SQSClient,
    queueUrl: string,
    receiptHandles: readonly string[],
): Promise<void> {
    for (let start = 0; start < receiptHandles.length; start += 10) {
        const chunk = receiptHandles.slice(start, start + 10);
        await sqs.send(
            new DeleteMessageBatchCommand({
                QueueUrl: queueUrl,
                Entries: chunk.map((ReceiptHandle, index) => ({ Id: String(index), ReceiptHandle })),
            }),
        );
    }
}

async function changeVisibility(
    sqs: SQSClient,
    queueUrl: string,
    receiptHandles: readonly string[],
    visibilityTimeout: number,
): Promise<void> {
    for (let start = 0; start < receiptHandles.length; start += 10) {
        const chunk = receiptHandles.slice(start, start + 10);
        await sqs.send(
            new ChangeMessageVisibilityBatchCommand({
                QueueUrl: queueUrl,
                Entries: chunk.map((ReceiptHandle, index) => ({
                    Id: String(index),
                    ReceiptHandle,
                    VisibilityTimeout: visibilityTimeout,
                })),
            }),
        );
    }
}
