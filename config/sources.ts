/**
 * The sources section of the stack config: the event stream (Firehose + Schema Registry) and the
 * transactional PostgreSQL source. Both are off unless `enabled: true`. Defaults come from
 * {@link EVENT_STREAM_SOURCE_DEFAULTS} and {@link POSTGRES_SOURCE_DEFAULTS}; nothing is restated here, and
 * the PostgreSQL settings are checked by the component's own validation, reported under their config key.
 *
 * ```yaml
 * medallion-lake:sources:
 *   eventStream:
 *     enabled: true
 *     dataset: tweets                 # datasets/tweets.yaml and datasets/schemas/tweets.schema.json
 *     bufferingIntervalSeconds: 60
 *   postgres:
 *     enabled: true
 *     network: { natGateways: None }
 *     database: { instanceClass: db.t4g.micro, backupRetentionDays: 7 }
 *     simulator: { rowsPerRun: 10 }
 *     ingestion: { schedule: cron(0 * * * ? *) }
 * ```
 */
import { z } from "zod";
import type { EventStreamSourceArgs } from "../components/event-stream-source/args";
import {
    EVENT_STREAM_LIMITS,
    EVENT_STREAM_SOURCE_DEFAULTS,
} from "../components/event-stream-source/event-stream-source";
import {
    POSTGRES_SOURCE_DEFAULTS,
    type PostgresSourceOptions,
    resolvePostgresSourceSettings,
} from "../components/postgres-source/settings";
import { logRetentionProblem } from "../lib/log-retention";
import { ProblemsError, problemDetail } from "../lib/problems";

/** Whether each source is created when its `enabled` key is absent: never by default (they cost money idle). */
export const SOURCES_CONFIG_DEFAULTS = {
    eventStreamEnabled: false,
    postgresEnabled: false,
    /** The dataset the PostgreSQL source feeds (its spec's bronze prefix is where the ingestion lands). */
    postgresDataset: "transactions",
} as const;

const range = (limits: { min: number; max: number }) => z.number().int().min(limits.min).max(limits.max);

const logRetentionDays = z.number().superRefine((days, ctx) => {
    const problem = logRetentionProblem(days);
    if (problem !== undefined) ctx.addIssue({ code: "custom", message: problem });
});

/**
 * An all-optional strict object with one key per setting of a defaults group, typed like its default
 * (string, number, boolean or string list); ranges and formats are left to the component's validation.
 */
function overridesOf(defaults: Readonly<Record<string, unknown>>) {
    const shape: Record<string, z.ZodType> = {};
    for (const [key, value] of Object.entries(defaults)) {
        if (Array.isArray(value)) shape[key] = z.array(z.string()).optional();
        else if (typeof value === "number") shape[key] = z.number().optional();
        else if (typeof value === "boolean") shape[key] = z.boolean().optional();
        else shape[key] = z.string().optional();
    }
    return z.strictObject(shape).prefault({});
}

const KINESIS_STREAM_ARN = /^arn:aws[a-z-]*:kinesis:[a-z0-9-]+:\d{12}:stream\/[A-Za-z0-9_.-]{1,128}$/;
const KMS_KEY_ARN = /^arn:aws[a-z-]*:kms:[a-z0-9-]+:\d{12}:key\/[0-9a-f-]{36}$/;

const eventStream = z
    .strictObject({
        enabled: z.boolean().default(SOURCES_CONFIG_DEFAULTS.eventStreamEnabled),
        /** Dataset of the events; its spec and `datasets/schemas/<dataset>.schema.json` must exist. */
        dataset: z
            .string()
            .regex(/^[a-z][a-z0-9_]{0,62}$/, "must be a dataset name such as tweets (lower snake_case)")
            .default(EVENT_STREAM_SOURCE_DEFAULTS.dataset),
        /** Read this Kinesis data stream instead of accepting Direct PUT. */
        kinesisStreamArn: z
            .string()
            .regex(
                KINESIS_STREAM_ARN,
                "must be a Kinesis stream ARN (arn:aws:kinesis:<region>:<account>:stream/<name>)",
            )
            .optional(),
        /** Customer managed key the Kinesis stream is encrypted with, if any. */
        kinesisStreamKeyArn: z
            .string()
            .regex(KMS_KEY_ARN, "must be a KMS key ARN (arn:aws:kms:<region>:<account>:key/<uuid>)")
            .optional(),
        bufferingSizeMiB: range(EVENT_STREAM_LIMITS.bufferingSizeMiB).default(
            EVENT_STREAM_SOURCE_DEFAULTS.bufferingSizeMiB,
        ),
        bufferingIntervalSeconds: range(EVENT_STREAM_LIMITS.bufferingIntervalSeconds).default(
            EVENT_STREAM_SOURCE_DEFAULTS.bufferingIntervalSeconds,
        ),
        logRetentionDays: logRetentionDays.default(EVENT_STREAM_SOURCE_DEFAULTS.logRetentionDays),
    })
    .superRefine((value, ctx) => {
        if (value.kinesisStreamKeyArn !== undefined && value.kinesisStreamArn === undefined) {
            ctx.addIssue({
                code: "custom",
                path: ["kinesisStreamKeyArn"],
                message: "is set without kinesisStreamArn; set the stream too, or remove the key",
            });
        }
    })
    .prefault({});

const postgres = z
    .strictObject({
        enabled: z.boolean().default(SOURCES_CONFIG_DEFAULTS.postgresEnabled),
        /** Dataset of the ingested rows; left out of the default dataset list while the source is off. */
        dataset: z
            .string()
            .regex(/^[a-z][a-z0-9_]{0,62}$/, "must be a dataset name such as transactions (lower snake_case)")
            .default(SOURCES_CONFIG_DEFAULTS.postgresDataset),
        network: overridesOf(POSTGRES_SOURCE_DEFAULTS.network),
        database: overridesOf(POSTGRES_SOURCE_DEFAULTS.database),
        simulator: overridesOf(POSTGRES_SOURCE_DEFAULTS.simulator),
        ingestion: overridesOf(POSTGRES_SOURCE_DEFAULTS.ingestion),
        logRetentionDays: z.number().optional(),
    })
    .superRefine((value, ctx) => {
        for (const problem of postgresSettingsProblems(toPostgresSourceOptions(value)))
            ctx.addIssue({ code: "custom", path: problem.path, message: problem.message });
    })
    .prefault({});

/** Schema of the sources key (a top-level key of the `medallion-lake` namespace). */
export const sourcesConfigShape = {
    sources: z.strictObject({ eventStream, postgres }).prefault({}),
};

/** The validated `sources.eventStream` value. */
export type EventStreamSourceConfig = z.infer<typeof eventStream>;

/** The `sources.eventStream` config as the component's stream settings (dataset and bronze come from its spec). */
export function toEventStreamSourceOptions(
    config: EventStreamSourceConfig,
): Pick<
    EventStreamSourceArgs,
    "kinesisSource" | "bufferingSizeMiB" | "bufferingIntervalSeconds" | "logRetentionDays"
> {
    return {
        kinesisSource:
            config.kinesisStreamArn === undefined
                ? undefined
                : { streamArn: config.kinesisStreamArn, keyArn: config.kinesisStreamKeyArn },
        bufferingSizeMiB: config.bufferingSizeMiB,
        bufferingIntervalSeconds: config.bufferingIntervalSeconds,
        logRetentionDays: config.logRetentionDays,
    };
}

/** The validated `sources.postgres` value. */
export type PostgresSourceConfig = z.infer<typeof postgres>;

/** The `sources.postgres` config as the component's settings (retention of data comes from the lake's key). */
export function toPostgresSourceOptions(config: PostgresSourceConfig): PostgresSourceOptions {
    return {
        network: config.network as PostgresSourceOptions["network"],
        database: config.database as PostgresSourceOptions["database"],
        simulator: config.simulator as PostgresSourceOptions["simulator"],
        ingestion: config.ingestion as PostgresSourceOptions["ingestion"],
        logRetentionDays: config.logRetentionDays,
    };
}

/**
 * Every problem the PostgresSource validation finds in `options`, each as a path under `sources.postgres`
 * (e.g. `["network", "cidrBlock"]`) and its `got X; fix` message; empty when the settings are valid.
 */
export function postgresSettingsProblems(
    options: PostgresSourceOptions,
): { path: string[]; message: string }[] {
    try {
        resolvePostgresSourceSettings("config", options);
        return [];
    } catch (error) {
        if (!(error instanceof ProblemsError)) throw error;
        return error.problems.map((p) => ({ path: p.option.split("."), message: problemDetail(p) }));
    }
}
