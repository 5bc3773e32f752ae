/**
 * Step 3 of the demo: the bronze trigger as in the cloud, against a local moto server standing in for SQS
 * and Glue. Creates the stack's bronze-to-silver Glue job (its `MaxConcurrentRuns`), the trigger queue and
 * its dead-letter queue; sends one S3 `ObjectCreated:Put` notification per bronze drop to the queue; drains
 * the queue through the real trigger handler (`lambdas/trigger`, configured through `DATASET_ROUTES` like
 * the deployed function) with the stack's batch size and concurrency; advances the Glue job runs so runs
 * refused with `ConcurrentRunsExceededException` are retried; and checks that the runs' `--source_keys`
 * name every drop exactly once and that the dead-letter queue is empty.
 *
 * S3 objects are not uploaded to moto: the trigger reads only the notification.
 *
 * @see docs/trigger.md
 * @module
 */
import { writeFileSync } from "node:fs";
import path from "node:path";
import { Logger } from "@aws-lambda-powertools/logger";
import { GlueClient, type JobRun } from "@aws-sdk/client-glue";
import { SQSClient } from "@aws-sdk/client-sqs";
import { loadTriggerConfig } from "../../lambdas/trigger/config";
import { createTriggerHandler } from "../../lambdas/trigger/create-handler";
import { DATASET_ROUTES_ENV, DEFAULT_SERVICE_NAME } from "../../lambdas/trigger/defaults";
import { runEventSourceMapping } from "../local-cloud/event-source-mapping";
import { captureLogLines, type LogLine } from "../local-cloud/lambda-runtime";
import type { MotoServer } from "../local-cloud/moto-server";
import { objectCreatedEvent } from "../local-cloud/s3-events";
import {
    createGlueJob,
    createTriggerQueues,
    listJobRuns,
    receiveAllBodies,
    sendBodies,
    sourceKeysOf,
} from "../local-cloud/trigger-lake";
import { LAKE_LAYOUT } from "./lake-dir";
import type { BronzeDrop } from "./layout-step";
import { coverageProblems, s3Uri } from "./source-keys";
import type { DemoTargets } from "./stack-targets";

/**
 * Polls of the simulated event source mapping a refused message stays invisible. A job run lasts 2 polls
 * in moto (STARTING, RUNNING, then SUCCEEDED, one state per `GetJobRuns`), so 12 polls stand for the
 * deployed 900 s visibility timeout against job runs of about 150 s, as in the trigger's burst test.
 */
export const VISIBILITY_TIMEOUT_POLLS = 12;
/** Give up draining the queue after this many polls (a stuck queue fails the demo instead of hanging it). */
export const MAX_POLLS = 5_000;
/** `GetJobRuns` calls that may be needed to bring the last runs to a final state. */
const MAX_SETTLE_CALLS = 20;
/** Glue version of the job created in moto (the jobs' `GLUE_VERSION` in `medallion_glue.defaults`). */
const GLUE_VERSION = "5.1";

/** One Glue job run the trigger started. */
export interface StartedJobRun {
    readonly id: string;
    readonly state: string;
    readonly startedOn?: string;
    /** The run's `--source_keys`: `s3://<bucket>/<key>` URIs. */
    readonly sourceKeys: string[];
}

/** What the trigger step did. */
export interface TriggerResult {
    /** Job runs, in the order they started. */
    readonly runs: StartedJobRun[];
    readonly messagesSent: number;
    /** Handler invocations and messages delivered to it (redeliveries included). */
    readonly invocations: number;
    readonly deliveries: number;
    /** Messages reported as batch item failures, by Glue error name (e.g. `ConcurrentRunsExceededException`). */
    readonly refusals: Record<string, number>;
    /** The handler's JSON log lines (CloudWatch Logs in the cloud). */
    readonly logFile: string;
}

/** Options of {@link runTrigger}. */
export interface TriggerOptions {
    readonly moto: MotoServer;
    readonly targets: DemoTargets;
    readonly drops: readonly BronzeDrop[];
    readonly lakeDir: string;
    /** Messages per handler invocation. @defaultValue the stack's event source mapping `BatchSize` */
    readonly batchSize?: number;
    /** When the drops landed. @defaultValue now */
    readonly landedAt?: Date;
}

/** Messages refused, by `errorName`, from the handler's WARN/ERROR lines about a job run it could not start. */
export function refusalsByError(lines: readonly LogLine[]): Record<string, number> {
    const counts: Record<string, number> = {};
    for (const line of lines) {
        if (line.level !== "WARN" && line.level !== "ERROR") continue;
        if (typeof line.errorName !== "string" || !Array.isArray(line.messageIds)) continue;
        counts[line.errorName] = (counts[line.errorName] ?? 0) + line.messageIds.length;
    }
    return counts;
}

function startedRun(run: JobRun): StartedJobRun {
    return {
        id: run.Id ?? "",
        state: run.JobRunState ?? "UNKNOWN",
        startedOn: run.StartedOn?.toISOString(),
        sourceKeys: sourceKeysOf(run),
    };
}

/**
 * Runs the trigger against moto.
 *
 * @throws Error when a drop is in no job run or in several, a run does not succeed, or a message reached
 *   the dead-letter queue (the message lists them).
 */
export async function runTrigger(options: TriggerOptions): Promise<TriggerResult> {
    const { moto, targets, drops } = options;
    const route = targets.route.value;
    const clientConfig = { ...moto.clientConfig, region: targets.region };
    const glue = new GlueClient(clientConfig);
    const sqs = new SQSClient(clientConfig);
    try {
        // Job runs stay STARTING/RUNNING until GetJobRuns moves them on: a second start is refused while one runs.
        await moto.setTransition("glue::job_run", { progression: "manual", times: 1 });
        await createGlueJob(glue, route.jobName, targets.maxConcurrentRuns.value, {
            glueVersion: GLUE_VERSION,
        });
        const { queue, deadLetterQueue } = targets.queues.value;
        const queues = await createTriggerQueues(sqs, queue, targets.maxReceiveCount.value, deadLetterQueue);

        const landedAt = options.landedAt ?? new Date();
        const events = drops.map((drop, index) =>
            objectCreatedEvent({
                bucket: route.bucket,
                key: drop.key,
                size: drop.size,
                eTag: drop.md5,
                region: targets.region,
                eventTime: new Date(landedAt.getTime() + index),
                configurationId: route.dataset,
            }),
        );
        await sendBodies(sqs, queues.queueUrl, events);

        const config = loadTriggerConfig({ [DATASET_ROUTES_ENV]: JSON.stringify([route]) });
        const handler = createTriggerHandler({
            glue,
            routes: config.routes,
            logger: new Logger({ serviceName: DEFAULT_SERVICE_NAME }),
        });
        const { result: stats, lines } = await captureLogLines(() =>
            runEventSourceMapping({
                sqs,
                queueUrl: queues.queueUrl,
                queueArn: queues.queueArn,
                handler,
                batchSize: options.batchSize ?? targets.eventSource.value.batchSize,
                pollers: targets.eventSource.value.maximumConcurrency,
                visibilityTimeoutTicks: VISIBILITY_TIMEOUT_POLLS,
                onTick: async () => {
                    await listJobRuns(glue, route.jobName);
                },
                maxTicks: MAX_POLLS,
            }),
        );
        const logFile = path.join(options.lakeDir, LAKE_LAYOUT.logs, "trigger-lambda.jsonl");
        writeFileSync(
            logFile,
            lines.map((line) => JSON.stringify(line)).join("\n") + (lines.length ? "\n" : ""),
        );

        let runs = await listJobRuns(glue, route.jobName);
        for (
            let call = 0;
            call < MAX_SETTLE_CALLS && runs.some((r) => r.JobRunState !== "SUCCEEDED");
            call++
        ) {
            runs = await listJobRuns(glue, route.jobName);
        }
        const started = runs
            .map(startedRun)
            .sort((a, b) => (a.startedOn ?? "").localeCompare(b.startedOn ?? "") || a.id.localeCompare(b.id));
        const deadLetters = await receiveAllBodies(sqs, queues.dlqUrl);
        const problems = [
            ...coverageProblems(
                drops.map((drop) => s3Uri(route.bucket, drop.key)),
                started.map((run) => run.sourceKeys),
            ),
            ...started
                .filter((run) => run.state !== "SUCCEEDED")
                .map((run) => `job run ${run.id} is ${run.state}`),
            ...(deadLetters.length > 0
                ? [`${deadLetters.length} messages reached the dead-letter queue`]
                : []),
        ];
        if (problems.length > 0) {
            throw new Error(
                `the trigger broke its contract (handler log: ${logFile}):\n  ${problems.join("\n  ")}`,
            );
        }
        return {
            runs: started,
            messagesSent: events.length,
            invocations: stats.invocations,
            deliveries: stats.deliveries,
            refusals: refusalsByError(lines),
            logFile,
        };
    } finally {
        glue.destroy();
        sqs.destroy();
    }
}
