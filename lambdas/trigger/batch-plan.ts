/**
 * Plans one SQS batch: groups the bronze objects of all messages by Glue job (one run owns them all) and
 * decides what happens to messages that need no run.
 *
 * Pure: no AWS calls, no logging.
 *
 * @module
 */
import { type DatasetRoute, findRoute } from "./routes";
import type { BronzeObject, ParsedMessage } from "./s3-event-message";

/** The objects of the batch routed to one Glue job: a bookmark run of `jobName` must own them. */
export interface JobRunRequest {
    /** Glue job name. */
    readonly jobName: string;
    /** Datasets whose objects these are (sorted, for logs). */
    readonly datasets: readonly string[];
    /** Distinct `s3://bucket/key` URIs (keys decoded), in arrival order: what the owning run will list. */
    readonly sourceUris: readonly string[];
    /** SQS message ids whose objects are here; they are deleted or returned together. */
    readonly messageIds: readonly string[];
}

/** Why a message is deleted from the queue without starting a job run. */
export type AcknowledgeReason = "s3-test-event" | "no-matching-dataset" | "not-object-created";

/** Why a message is reported as a batch item failure before any Glue call. */
export type RejectReason = "malformed";

/**
 * Part of a message that starts no job run and is acknowledged with its message: a whole message (test
 * event, nothing routed) or, in a message whose other objects go into a run, its unmatched objects or its
 * non-`ObjectCreated` records. A message appears once per reason.
 */
export interface AcknowledgedMessage {
    readonly messageId: string;
    readonly reason: AcknowledgeReason;
    /** Human-readable detail: the unmatched keys, the other event names, the test event bucket. */
    readonly detail: string;
    /**
     * `true` when the message's other objects went into a job run: the message is deleted (or delivered
     * again) with that run's outcome; `false` when the message starts no run and is deleted.
     */
    readonly withRun: boolean;
}

/** A message reported as failed so SQS delivers it again (and, after `maxReceiveCount`, to the dead-letter queue). */
export interface RejectedMessage {
    readonly messageId: string;
    readonly receiveCount: number;
    readonly reason: RejectReason;
    readonly detail: string;
}

/** Result of {@link planBatch}. */
export interface BatchPlan {
    /** One request per Glue job with at least one object, in order of first appearance. */
    readonly runs: readonly JobRunRequest[];
    readonly acknowledged: readonly AcknowledgedMessage[];
    readonly rejected: readonly RejectedMessage[];
}

/**
 * Builds the `s3://` URI of a bronze object as passed to the Glue job.
 *
 * @param object - decoded bucket and key.
 * @returns `s3://<bucket>/<key>` with the key verbatim (not re-encoded).
 */
export function toS3Uri(object: Pick<BronzeObject, "bucket" | "key">): string {
    return `s3://${object.bucket}/${object.key}`;
}

interface RunBuilder {
    readonly jobName: string;
    readonly datasets: Set<string>;
    readonly uris: Set<string>;
    readonly messageIds: string[];
}

/**
 * Plans the job runs of one SQS batch.
 *
 * - `s3:TestEvent` messages, messages whose objects match no route, and messages holding only
 *   non-`ObjectCreated` records are acknowledged (logged by the caller, never silently dropped). In a
 *   message whose other objects go into a run, the unmatched objects and non-`ObjectCreated` records are
 *   listed too (`withRun: true`), so none is dropped without a log line.
 * - Malformed messages are rejected: reported as failed until SQS moves them to the dead-letter queue.
 * - Routed objects are grouped per Glue job, de-duplicated by URI. There is no size limit: the owning
 *   run lists the objects itself, nothing is passed in its arguments.
 *
 * @param messages - parsed messages of the batch, in SQS order.
 * @param routes - validated, non-overlapping dataset routes.
 * @returns the objects per job and the messages settled without a run.
 */
export function planBatch(messages: readonly ParsedMessage[], routes: readonly DatasetRoute[]): BatchPlan {
    const runs = new Map<string, RunBuilder>();
    const acknowledged: AcknowledgedMessage[] = [];
    const rejected: RejectedMessage[] = [];

    for (const message of messages) {
        const { messageId, receiveCount } = message;
        if (message.kind === "testEvent") {
            acknowledged.push({
                messageId,
                reason: "s3-test-event",
                detail: `bucket ${message.bucket}`,
                withRun: false,
            });
            continue;
        }
        if (message.kind === "malformed") {
            rejected.push({ messageId, receiveCount, reason: "malformed", detail: message.reason });
            continue;
        }

        const routed = new Map<string, { route: DatasetRoute; uris: string[] }>();
        const unmatched: string[] = [];
        for (const object of message.objects) {
            const route = findRoute(routes, object.bucket, object.key);
            if (route === undefined) {
                unmatched.push(toS3Uri(object));
                continue;
            }
            const entry = routed.get(route.jobName) ?? { route, uris: [] };
            entry.uris.push(toS3Uri(object));
            routed.set(route.jobName, entry);
        }
        const setAside = (withRun: boolean): AcknowledgedMessage[] => [
            ...(unmatched.length > 0
                ? [
                      {
                          messageId,
                          reason: "no-matching-dataset" as const,
                          detail: unmatched.join(", "),
                          withRun,
                      },
                  ]
                : []),
            ...(message.otherEvents.length > 0
                ? [
                      {
                          messageId,
                          reason: "not-object-created" as const,
                          detail: message.otherEvents.join(", "),
                          withRun,
                      },
                  ]
                : []),
        ];
        if (routed.size === 0) {
            // The parser refuses an empty `Records` list, so at least one of the two parts is there.
            acknowledged.push(...setAside(false));
            continue;
        }

        acknowledged.push(...setAside(true));
        for (const [jobName, { route, uris }] of routed) {
            const run = runs.get(jobName) ?? {
                jobName,
                datasets: new Set<string>(),
                uris: new Set<string>(),
                messageIds: [],
            };
            run.datasets.add(route.dataset);
            for (const uri of uris) run.uris.add(uri);
            run.messageIds.push(messageId);
            runs.set(jobName, run);
        }
    }

    return {
        runs: [...runs.values()].map((run) => ({
            jobName: run.jobName,
            datasets: [...run.datasets].sort(),
            sourceUris: [...run.uris],
            messageIds: run.messageIds,
        })),
        acknowledged,
        rejected,
    };
}
