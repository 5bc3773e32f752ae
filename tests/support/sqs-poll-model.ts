/**
 * A model of the Lambda SQS event source mapping and of an SQS standard queue with a redrive policy, on a
 * simulated clock, driving a real trigger handler against {@link SimulatedGlue}.
 *
 * Behaviour, as AWS documents it (https://docs.aws.amazon.com/lambda/latest/dg/services-sqs-scaling.html,
 * https://docs.aws.amazon.com/lambda/latest/dg/services-sqs-parameters.html,
 * https://docs.aws.amazon.com/AWSSimpleQueueService/latest/SQSDeveloperGuide/sqs-visibility-timeout.html,
 * https://docs.aws.amazon.com/AWSSimpleQueueService/latest/SQSDeveloperGuide/sqs-dead-letter-queues.html):
 * - up to `maximumConcurrency` batches are processed at once; each poller polls continuously and starts
 *   its next batch as soon as its invocation returns;
 * - a batch is invoked when it holds `batchSize` messages or `maximumBatchingWindowSeconds` after its
 *   first message, whichever comes first;
 * - a received message is invisible for `visibilityTimeoutSeconds` from its receive; messages the
 *   handler reports as failed (or all of a batch whose invocation failed or timed out) become visible
 *   again then; the others are deleted when the invocation returns;
 * - every receive increments `ApproximateReceiveCount`; a message received more than `maxReceiveCount`
 *   times is moved to the dead-letter queue instead of being delivered;
 * - an invocation lasts `invocationOverheadMs` plus `glueCallMs` per Glue HTTP attempt (simulated time),
 *   and fails as timed out beyond `functionTimeoutSeconds`.
 *
 * Time only moves between events, so 100,000 messages over an hour of simulated time take seconds.
 */
import type { Context, SQSBatchResponse, SQSEvent, SQSRecord } from "aws-lambda";
import { lambdaContext } from "../../scripts/local-cloud/lambda-runtime";
import { invocationScope, type SimulatedGlue } from "./simulated-glue";

/** A message S3 sends to the queue at `sentAtMs`. */
export interface ScheduledMessage {
    readonly sentAtMs: number;
    readonly body: string;
}

/** Settings of {@link runPollModel}. */
export interface PollModelOptions {
    readonly handler: (event: SQSEvent, context: Context) => Promise<SQSBatchResponse>;
    readonly glue: SimulatedGlue;
    /** Messages in `sentAtMs` order. */
    readonly messages: readonly ScheduledMessage[];
    readonly batchSize: number;
    readonly maximumBatchingWindowSeconds: number;
    readonly maximumConcurrency: number;
    readonly visibilityTimeoutSeconds: number;
    readonly maxReceiveCount: number;
    readonly functionTimeoutSeconds: number;
    /** @defaultValue `20` */
    readonly invocationOverheadMs?: number;
    /** Simulated duration of one Glue HTTP attempt. @defaultValue `100` */
    readonly glueCallMs?: number;
    /** Stop (and throw) once simulated time passes this. */
    readonly maxSimulatedMs: number;
    /**
     * Decides, per invocation, whether the handler process dies at a point (see `SimulatedGlue.afterRequest`);
     * a killed invocation returns nothing and its batch comes back after the visibility timeout.
     */
    readonly kill?: (invocation: number) => ((operation: string) => boolean) | undefined;
}

/** What happened. */
export interface PollModelResult {
    invocations: number;
    deliveries: number;
    timedOut: number;
    killed: number;
    reportedFailures: number;
    maxReceiveCount: number;
    /** Longest simulated invocation, ms. */
    longestInvocationMs: number;
    /** Bodies moved to the dead-letter queue. */
    deadLetters: string[];
    /** Simulated time when the queue was empty, ms. */
    drainedAtMs: number;
}

interface QueuedMessage {
    readonly id: string;
    readonly body: string;
    readonly sentAtMs: number;
    receiveCount: number;
    visibleAtMs: number;
    firstReceiveMs?: number;
}

/** Runs the model until the queue holds nothing (visible or in flight) and every message was sent. */
export async function runPollModel(options: PollModelOptions): Promise<PollModelResult> {
    const overhead = options.invocationOverheadMs ?? 20;
    const glueCallMs = options.glueCallMs ?? 100;
    const visibilityMs = options.visibilityTimeoutSeconds * 1000;
    const windowMs = options.maximumBatchingWindowSeconds * 1000;
    const timeoutMs = options.functionTimeoutSeconds * 1000;
    const result: PollModelResult = {
        invocations: 0,
        deliveries: 0,
        timedOut: 0,
        killed: 0,
        reportedFailures: 0,
        maxReceiveCount: 0,
        longestInvocationMs: 0,
        deadLetters: [],
        drainedAtMs: 0,
    };
    const visible: QueuedMessage[] = [];
    const invisible: QueuedMessage[] = [];
    let nextToSend = 0;
    let now = 0;
    const pollers = Array.from({ length: options.maximumConcurrency }, () => ({
        readyAtMs: 0,
        windowEndsAtMs: undefined as number | undefined,
    }));
    const completions: Array<{ atMs: number; apply: () => void }> = [];

    const release = () => {
        while (nextToSend < options.messages.length && (options.messages[nextToSend]?.sentAtMs ?? 0) <= now) {
            const message = options.messages[nextToSend] as ScheduledMessage;
            visible.push({
                id: `msg-${nextToSend}`,
                body: message.body,
                sentAtMs: message.sentAtMs,
                receiveCount: 0,
                visibleAtMs: message.sentAtMs,
            });
            nextToSend += 1;
        }
        for (let i = invisible.length - 1; i >= 0; i--) {
            const message = invisible[i] as QueuedMessage;
            if (message.visibleAtMs <= now) {
                invisible.splice(i, 1);
                visible.push(message);
            }
        }
    };

    const receive = (count: number): QueuedMessage[] => {
        const batch: QueuedMessage[] = [];
        while (batch.length < count && visible.length > 0) {
            const message = visible.shift() as QueuedMessage;
            if (message.receiveCount >= options.maxReceiveCount) {
                result.deadLetters.push(message.body);
                continue;
            }
            message.receiveCount += 1;
            message.firstReceiveMs ??= now;
            message.visibleAtMs = now + visibilityMs;
            result.maxReceiveCount = Math.max(result.maxReceiveCount, message.receiveCount);
            invisible.push(message);
            batch.push(message);
        }
        return batch;
    };

    const invoke = async (batch: QueuedMessage[], poller: (typeof pollers)[number]) => {
        result.invocations += 1;
        result.deliveries += batch.length;
        const invocation = result.invocations;
        const event: SQSEvent = { Records: batch.map((m) => toRecord(m)) };
        const scope = { killed: false, glueCalls: 0 };
        const killAt = options.kill?.(invocation);
        options.glue.afterRequest = killAt
            ? (operation) => {
                  if (invocationScope.getStore() === scope && killAt(operation)) scope.killed = true;
              }
            : undefined;
        let response: SQSBatchResponse | undefined;
        try {
            response = await invocationScope.run(scope, () =>
                options.handler(event, lambdaContextAt(invocation, timeoutMs)),
            );
        } catch {
            response = undefined;
        }
        const durationMs = overhead + scope.glueCalls * glueCallMs;
        result.longestInvocationMs = Math.max(result.longestInvocationMs, durationMs);
        const timedOut = durationMs > timeoutMs;
        if (timedOut) result.timedOut += 1;
        if (scope.killed) result.killed += 1;
        const doneAt = now + Math.min(durationMs, timeoutMs);
        poller.readyAtMs = doneAt;
        completions.push({
            atMs: doneAt,
            apply: () => {
                if (response === undefined || timedOut || scope.killed) return;
                const failed = new Set(response.batchItemFailures.map((f) => f.itemIdentifier));
                result.reportedFailures += failed.size;
                for (const message of batch) {
                    if (failed.has(message.id)) continue;
                    const index = invisible.indexOf(message);
                    if (index >= 0) invisible.splice(index, 1);
                }
            },
        });
    };

    for (;;) {
        release();
        completions.sort((a, b) => a.atMs - b.atMs);
        while (completions.length > 0 && (completions[0]?.atMs ?? 0) <= now) completions.shift()?.apply();
        options.glue.advanceTo(now);

        const started: Array<Promise<void>> = [];
        for (const poller of pollers) {
            if (poller.readyAtMs > now || visible.length === 0) continue;
            poller.windowEndsAtMs ??= now + windowMs;
            if (visible.length >= options.batchSize || now >= poller.windowEndsAtMs) {
                poller.windowEndsAtMs = undefined;
                const batch = receive(options.batchSize);
                if (batch.length > 0) started.push(invoke(batch, poller));
            }
        }
        await Promise.all(started);

        const done =
            nextToSend >= options.messages.length &&
            visible.length === 0 &&
            invisible.length === 0 &&
            completions.length === 0;
        if (done) {
            result.drainedAtMs = now;
            return result;
        }
        const candidates = [
            options.messages[nextToSend]?.sentAtMs ?? Number.POSITIVE_INFINITY,
            ...invisible.map((m) => m.visibleAtMs),
            ...completions.map((c) => c.atMs),
            options.glue.nextChangeMs(),
            ...pollers.map((p) =>
                visible.length > 0
                    ? Math.max(p.readyAtMs, p.windowEndsAtMs ?? p.readyAtMs)
                    : Number.POSITIVE_INFINITY,
            ),
        ].filter((t) => t > now);
        const next = Math.min(...candidates);
        if (!Number.isFinite(next) || next > options.maxSimulatedMs) {
            throw new Error(`poll model did not drain within ${options.maxSimulatedMs} ms (now ${now} ms)`);
        }
        now = next;
    }

    function toRecord(message: QueuedMessage): SQSRecord {
        return {
            messageId: message.id,
            receiptHandle: `${message.id}-${message.receiveCount}`,
            body: message.body,
            attributes: {
                ApproximateReceiveCount: String(message.receiveCount),
                SentTimestamp: String(message.sentAtMs),
                SenderId: "AIDAS3",
                ApproximateFirstReceiveTimestamp: String(message.firstReceiveMs ?? now),
            },
            messageAttributes: {},
            md5OfBody: "",
            eventSource: "aws:sqs",
            eventSourceARN: "arn:aws:sqs:us-east-1:123456789012:bronze-trigger",
            awsRegion: "us-east-1",
        };
    }
}

function lambdaContextAt(invocation: number, timeoutMs: number): Context {
    return { ...lambdaContext(`model-${invocation}`), getRemainingTimeInMillis: () => timeoutMs };
}
