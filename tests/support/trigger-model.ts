/**
 * The trigger under the poll model: routes, a {@link SimulatedGlue} with one bronze_to_silver job per
 * dataset, S3 notifications landing at given times, and the real handler (`createTriggerHandler`) with a
 * Glue client that has the production retry settings and talks to the simulated Glue.
 */
import { GlueClient } from "@aws-sdk/client-glue";
import { createTriggerHandler } from "../../lambdas/trigger/create-handler";
import {
    TRIGGER_AWS_MAX_ATTEMPTS,
    TRIGGER_AWS_RETRY_MODE,
    TRIGGER_BATCH_SIZE,
    TRIGGER_FUNCTION_TIMEOUT_SECONDS,
    TRIGGER_MAX_BATCHING_WINDOW_SECONDS,
    TRIGGER_MAX_CONCURRENCY,
    TRIGGER_QUEUE_MAX_RECEIVE_COUNT,
    TRIGGER_QUEUE_VISIBILITY_TIMEOUT_SECONDS,
    TRIGGER_ROUTED_JOB_RUN_QUEUING,
} from "../../lambdas/trigger/defaults";
import type { TriggerLogger, TriggerMetrics } from "../../lambdas/trigger/process-batch";
import type { DatasetRoute } from "../../lambdas/trigger/routes";
import { objectCreatedEvent } from "../../scripts/local-cloud/s3-events";
import { type GlueFault, SimulatedGlue } from "./simulated-glue";
import {
    type PollModelOptions,
    type PollModelResult,
    runPollModel,
    type ScheduledMessage,
} from "./sqs-poll-model";

export const MODEL_BUCKET = "lake-bronze";
const MINUTE_MS = 60_000;

/** The event source mapping and queue defaults of the trigger (`lambdas/trigger/defaults.ts`). */
export const DEFAULT_MAPPING = {
    batchSize: TRIGGER_BATCH_SIZE,
    maximumBatchingWindowSeconds: TRIGGER_MAX_BATCHING_WINDOW_SECONDS,
    maximumConcurrency: TRIGGER_MAX_CONCURRENCY,
    visibilityTimeoutSeconds: TRIGGER_QUEUE_VISIBILITY_TIMEOUT_SECONDS,
    maxReceiveCount: TRIGGER_QUEUE_MAX_RECEIVE_COUNT,
    functionTimeoutSeconds: TRIGGER_FUNCTION_TIMEOUT_SECONDS,
} as const;

/** Settings of {@link runModelTrigger}. */
export interface ModelTriggerOptions {
    readonly datasets: readonly string[];
    /** Objects per dataset. */
    readonly objectsPerDataset: number;
    /** Objects land evenly over this window, ms. */
    readonly landingMs: number;
    /** Bodies that are no S3 notification, sent evenly over the window. */
    readonly malformed?: readonly string[];
    /** @defaultValue 10 minutes */
    readonly runMs?: number;
    /** @defaultValue 30 s */
    readonly startupMs?: number;
    /** @defaultValue 1 */
    readonly maxConcurrentRuns?: number;
    /** Job-level queuing. @defaultValue {@link TRIGGER_ROUTED_JOB_RUN_QUEUING} */
    readonly jobRunQueuing?: boolean;
    readonly fault?: (operation: string, input: Record<string, unknown>) => GlueFault;
    readonly mapping?: Partial<Record<keyof typeof DEFAULT_MAPPING, number>>;
    readonly kill?: PollModelOptions["kill"];
    /** @defaultValue a logger that drops every line */
    readonly logger?: TriggerLogger;
}

/** Outcome of {@link runModelTrigger}. */
export interface ModelTriggerResult {
    readonly glue: SimulatedGlue;
    readonly poll: PollModelResult;
    readonly uris: readonly string[];
    readonly metrics: Array<{ name: string; unit: string; value: number }>;
    /** Simulated time at which the last run SUCCEEDED, ms. */
    readonly lastRunEndMs: number;
}

export const jobOf = (dataset: string) => `${dataset}-silver`;

/** Key of object `i` of a dataset: spaces, a plus sign and non-ASCII, form-encoded by S3. */
export const modelKey = (dataset: string, i: number) =>
    `${dataset}/2024/05/01/part ${String(i).padStart(6, "0")}+é.csv`;

const silentLogger: TriggerLogger = { info: () => undefined, warn: () => undefined, error: () => undefined };

/** Lands the objects, runs the poll model until the queue is empty, then lets Glue finish every run. */
export async function runModelTrigger(options: ModelTriggerOptions): Promise<ModelTriggerResult> {
    const runMs = options.runMs ?? 10 * MINUTE_MS;
    const glue = new SimulatedGlue({
        jobs: Object.fromEntries(
            options.datasets.map((d) => [
                jobOf(d),
                {
                    maxConcurrentRuns: options.maxConcurrentRuns ?? 1,
                    jobRunQueuing: options.jobRunQueuing ?? TRIGGER_ROUTED_JOB_RUN_QUEUING,
                },
            ]),
        ),
        startupMs: options.startupMs ?? 30_000,
        runMs,
        fault: options.fault,
    });
    const routes: DatasetRoute[] = options.datasets.map((dataset) => ({
        dataset,
        bucket: MODEL_BUCKET,
        prefix: `${dataset}/`,
        suffix: ".csv",
        jobName: jobOf(dataset),
    }));
    const messages: ScheduledMessage[] = [];
    const uris: string[] = [];
    const total = options.objectsPerDataset * options.datasets.length;
    for (let i = 0; i < options.objectsPerDataset; i++) {
        options.datasets.forEach((dataset, d) => {
            const at = Math.floor(((i * options.datasets.length + d) * options.landingMs) / total);
            const key = modelKey(dataset, i);
            const uri = `s3://${MODEL_BUCKET}/${key}`;
            glue.land({ uri, jobName: jobOf(dataset), landedAtMs: at });
            uris.push(uri);
            const body = objectCreatedEvent({
                bucket: MODEL_BUCKET,
                key,
                size: 1,
                eTag: "e",
                region: "us-east-1",
                eventTime: new Date(at),
            });
            messages.push({ sentAtMs: at, body: JSON.stringify(body) });
        });
    }
    (options.malformed ?? []).forEach((body, i, all) => {
        messages.push({ sentAtMs: Math.floor(((i + 0.5) * options.landingMs) / all.length), body });
    });
    messages.sort((a, b) => a.sentAtMs - b.sentAtMs);

    const metrics: ModelTriggerResult["metrics"] = [];
    const recorder: TriggerMetrics & { publishStoredMetrics(): void } = {
        addMetric: (name, unit, value) => metrics.push({ name, unit, value }),
        publishStoredMetrics: () => undefined,
    };
    const client = new GlueClient({
        region: "us-east-1",
        credentials: { accessKeyId: "model", secretAccessKey: "model" },
        maxAttempts: TRIGGER_AWS_MAX_ATTEMPTS,
        retryMode: TRIGGER_AWS_RETRY_MODE,
        requestHandler: glue.requestHandler,
    });
    const handler = createTriggerHandler({
        glue: client,
        routes,
        logger: options.logger ?? silentLogger,
        metrics: recorder,
        now: () => glue.nowMs,
    });
    const poll = await runPollModel({
        handler,
        glue,
        messages,
        ...DEFAULT_MAPPING,
        ...options.mapping,
        maxSimulatedMs: 24 * 60 * MINUTE_MS,
        kill: options.kill,
    });
    const lastRunEndMs = finishRuns(glue);
    return { glue, poll, uris, metrics, lastRunEndMs };
}

/** Advances the simulated Glue until no run is left STARTING or RUNNING; returns when the last one ended. */
function finishRuns(glue: SimulatedGlue): number {
    for (let next = glue.nextChangeMs(); Number.isFinite(next); next = glue.nextChangeMs())
        glue.advanceTo(next);
    return Math.max(0, ...glue.runs.map((run) => run.endedAtMs ?? 0));
}
