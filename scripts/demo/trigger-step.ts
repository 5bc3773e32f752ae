/**
 * Step 3 of the demo: the bronze trigger as in the cloud, against a local moto server standing in for SQS
 * and Glue. Creates the stack's bronze-to-silver Glue job (its `MaxConcurrentRuns`), the trigger queue and
 * its dead-letter queue; sends one S3 `ObjectCreated:Put` notification per bronze drop to the queue; drains
 * the queue through the Lambda entry point itself (the `handler` exported by `lambdas/trigger/handler.ts`,
 * the component's `TRIGGER_HANDLER_ENTRY`), cold-started with the function's planned environment, whose
 * start-up validation runs as in the cloud, and with the stack's batch size and concurrency; and advances
 * the Glue job runs. The handler joins a run that has not listed bronze yet (`WAITING`/`STARTING`) or
 * starts a bookmark run with job run queuing; moto does not queue runs, so a start on a busy job is
 * refused with `ConcurrentRunsExceededException` and its messages come back after the visibility timeout.
 * Checks the contract (`run-ownership.ts`): every drop is owned by exactly one run, no run was handed an
 * object list (`--source_keys`), every run succeeded and the dead-letter queue is empty.
 *
 * S3 objects are not uploaded to moto: the trigger reads only the notification; the runs read the drops
 * from the local bronze folder in step 4, through their job bookmark.
 *
 * @see docs/trigger.md
 * @module
 */
import { writeFileSync } from "node:fs";
import path from "node:path";
import { GlueClient, type JobRun } from "@aws-sdk/client-glue";
import { SQSClient } from "@aws-sdk/client-sqs";
import { TRIGGER_HANDLER_ENTRY } from "../../components/trigger-lambda/trigger-lambda";
import type { TriggerHandler } from "../../lambdas/trigger/create-handler";
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
import { REPO_ROOT } from "./paths";
import { ownedObjectsByRun, ownershipProblems, s3Uri } from "./run-ownership";
import type { DemoTargets } from "./stack-targets";

/**
 * Polls of the simulated event source mapping a refused message stays invisible. A job run lasts a few
 * polls in moto (STARTING, RUNNING, then SUCCEEDED, one state per `GetJobRuns`, and the handler's look-ups
 * count too), so 12 polls stand for the deployed 900 s visibility timeout against job runs of about 150 s,
 * as in the trigger's burst test.
 */
export const VISIBILITY_TIMEOUT_POLLS = 12;
/** Give up draining the queue after this many polls (a stuck queue fails the demo instead of hanging it). */
export const MAX_POLLS = 5_000;
/** `GetJobRuns` calls that may be needed to bring the last runs to a final state. */
const MAX_SETTLE_CALLS = 20;
/** Glue version of the job created in moto (the jobs' `GLUE_VERSION` in `medallion_glue.defaults`). */
const GLUE_VERSION = "5.1";

/**
 * Variables of the demo's own environment kept while the handler runs: everything else starting with
 * `AWS_` or `POWERTOOLS_` is removed, since the deployed function sees only what Lambda and the component
 * set (a developer's `AWS_PROFILE` or `AWS_ENDPOINT_URL_GLUE` must not send the handler to a real account).
 */
const KEPT_SDK_VARIABLES = new Set(["AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED"]);

/**
 * The environment the trigger function runs with here: the function's own variables (as the
 * `TriggerLambda` component sets them, from the plan), plus what the Lambda runtime sets for the SDK
 * (`AWS_REGION`, credentials), plus `AWS_ENDPOINT_URL_GLUE` pointing the handler's Glue client at moto,
 * the one local stand-in.
 *
 * @param functionVariables - the function's `environment.variables`.
 * @param moto - the moto server standing in for Glue.
 * @param region - the stack's region.
 */
export function handlerEnvironment(
    functionVariables: Readonly<Record<string, string>>,
    moto: Pick<MotoServer, "endpoint" | "clientConfig">,
    region: string,
): Record<string, string> {
    return {
        ...functionVariables,
        AWS_REGION: region,
        AWS_ACCESS_KEY_ID: moto.clientConfig.credentials.accessKeyId,
        AWS_SECRET_ACCESS_KEY: moto.clientConfig.credentials.secretAccessKey,
        AWS_ENDPOINT_URL_GLUE: moto.endpoint,
    };
}

/**
 * Runs `fn` with `environment` as the process's AWS/Powertools environment (other `AWS_*` and
 * `POWERTOOLS_*` variables removed, see {@link KEPT_SDK_VARIABLES}), then restores the environment.
 */
export async function withEnvironment<T>(
    environment: Readonly<Record<string, string>>,
    fn: () => Promise<T>,
): Promise<T> {
    const saved = { ...process.env };
    for (const key of Object.keys(process.env)) {
        if (/^(AWS|POWERTOOLS)_/.test(key) && !KEPT_SDK_VARIABLES.has(key)) delete process.env[key];
    }
    Object.assign(process.env, environment);
    try {
        return await fn();
    } finally {
        for (const key of Object.keys(process.env)) {
            if (!(key in saved)) delete process.env[key];
        }
        Object.assign(process.env, saved);
    }
}

/**
 * Loads the trigger's Lambda entry point (`TRIGGER_HANDLER_ENTRY`) afresh, as a cold start does: its
 * configuration is read and validated from `process.env` while loading.
 *
 * @throws Error naming the entry when the init fails (e.g. an invalid `DATASET_ROUTES`: the message names
 *   the field).
 */
export function coldStartHandler(): TriggerHandler {
    const entry = require.resolve(path.join(REPO_ROOT, TRIGGER_HANDLER_ENTRY));
    delete require.cache[entry];
    try {
        return (require(entry) as { handler: TriggerHandler }).handler;
    } catch (error) {
        throw new Error(
            `the trigger function's init failed (${TRIGGER_HANDLER_ENTRY}, with its planned environment): ${error instanceof Error ? error.message : String(error)}`,
        );
    }
}

/** One Glue job run the trigger started: a bookmark run, which reads what its job bookmark has not seen. */
export interface StartedJobRun {
    readonly id: string;
    readonly state: string;
    readonly startedOn?: string;
    /**
     * The drops (`s3://<bucket>/<key>`) whose notifications the trigger deleted because this run owns them:
     * it started the run for them, or joined it while it had not listed bronze yet.
     */
    readonly ownedObjects: string[];
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

function startedRun(run: JobRun, owned: ReadonlyMap<string, string[]>): StartedJobRun {
    return {
        id: run.Id ?? "",
        state: run.JobRunState ?? "UNKNOWN",
        startedOn: run.StartedOn?.toISOString(),
        ownedObjects: owned.get(run.Id ?? "") ?? [],
    };
}

/**
 * Runs the trigger against moto.
 *
 * @throws Error when a drop is owned by no job run or by several, a run was given `--source_keys`, a run
 *   does not succeed, or a message reached the dead-letter queue (the message lists them).
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

        const environment = handlerEnvironment(targets.functionEnvironment.value, moto, targets.region);
        const { result: stats, lines } = await withEnvironment(environment, () =>
            captureLogLines(() =>
                runEventSourceMapping({
                    sqs,
                    queueUrl: queues.queueUrl,
                    queueArn: queues.queueArn,
                    handler: coldStartHandler(),
                    batchSize: options.batchSize ?? targets.eventSource.value.batchSize,
                    pollers: targets.eventSource.value.maximumConcurrency,
                    visibilityTimeoutTicks: VISIBILITY_TIMEOUT_POLLS,
                    onTick: async () => {
                        await listJobRuns(glue, route.jobName);
                    },
                    maxTicks: MAX_POLLS,
                }),
            ),
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
        const owned = ownedObjectsByRun(lines);
        const started = runs
            .map((run) => startedRun(run, owned))
            .sort((a, b) => (a.startedOn ?? "").localeCompare(b.startedOn ?? "") || a.id.localeCompare(b.id));
        const deadLetters = await receiveAllBodies(sqs, queues.dlqUrl);
        const problems = [
            ...ownershipProblems(
                drops.map((drop) => s3Uri(route.bucket, drop.key)),
                [...owned.values()],
            ),
            ...[...owned.keys()]
                .filter((id) => !runs.some((run) => run.Id === id))
                .map((id) => `the handler logged job run ${id}, which Glue does not list`),
            ...runs
                .filter((run) => sourceKeysOf(run).length > 0)
                .map((run) => `job run ${run.Id} was given --source_keys; the trigger starts bookmark runs`),
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
