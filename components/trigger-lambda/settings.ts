/**
 * Settings of the bronze trigger (TriggerLambda): every default ({@link TRIGGER_LAMBDA_DEFAULTS}), the
 * rules AWS puts on them (ranges per setting and the cross-field rules: reserved concurrency covers the
 * event source's maximum concurrency, batches above 10 messages need a batching window, the dead-letter
 * queue keeps messages longer than the queue) and {@link resolveTriggerLambdaSettings}, which reports every
 * problem at once. The component and the stack config schema both report {@link triggerSettingsProblems}.
 * Follows https://docs.aws.amazon.com/lambda/latest/dg/services-sqs-configure.html and
 * https://docs.aws.amazon.com/lambda/latest/dg/services-sqs-scaling.html
 */

import * as path from "node:path";
import { z } from "zod";
import {
    TRIGGER_BATCH_SIZE,
    TRIGGER_FUNCTION_TIMEOUT_SECONDS,
    TRIGGER_MAX_BATCHING_WINDOW_SECONDS,
    TRIGGER_MAX_CONCURRENCY,
    TRIGGER_QUEUE_MAX_RECEIVE_COUNT,
    TRIGGER_QUEUE_VISIBILITY_TIMEOUT_SECONDS,
} from "../../lambdas/trigger/defaults";
import { logRetentionProblem } from "../../lib/log-retention";
import { componentSubject, type Problem, problemFromDetail, throwIfProblems } from "../../lib/problems";

/** The numeric settings of a TriggerLambda; each has a default in {@link TRIGGER_LAMBDA_DEFAULTS}. */
export interface TriggerSettings {
    /** Function memory, in MB (128-10240). */
    memoryMb: number;
    /** Function timeout, in seconds (1-900). */
    timeoutSeconds: number;
    /** Reserved concurrency of the function; at least `maximumConcurrency`. */
    reservedConcurrency: number;
    /** Most concurrent invocations the SQS event source makes (2-1000). */
    maximumConcurrency: number;
    /**
     * Queue visibility timeout, in seconds (at most 43200): how long a message reported as failed waits
     * before SQS delivers it again. At least {@link minimumVisibilityTimeoutSeconds}.
     */
    visibilityTimeoutSeconds: number;
    /** Most messages per invocation (1-10000; above 10 needs a batching window of at least 1 s). */
    batchSize: number;
    /** Longest time, in seconds (0-300), the event source gathers messages before invoking. */
    maximumBatchingWindowSeconds: number;
    /** Deliveries of a message before SQS moves it to the dead-letter queue (1-1000). */
    maxReceiveCount: number;
    /** Seconds the queue keeps a message (60-1209600). */
    queueRetentionSeconds: number;
    /** Seconds the dead-letter queue keeps a message (60-1209600); longer than `queueRetentionSeconds`. */
    deadLetterRetentionSeconds: number;
    /** Days the function's log group keeps logs (a value CloudWatch Logs accepts). */
    logRetentionDays: number;
    /** Evaluation period of the alarms, in seconds (a multiple of 60). */
    alarmPeriodSeconds: number;
    /**
     * Age, in seconds, of the queue's oldest message (`ApproximateAgeOfOldestMessage`) above which an alarm
     * fires (60-1209600; below `queueRetentionSeconds`). SQS stops counting a message in this metric after
     * its third receive, so keep it below `3 x visibilityTimeoutSeconds` to catch repeatedly refused runs.
     */
    queueAgeAlarmSeconds: number;
    /**
     * Age, in seconds (60-1209600), of the oldest object waiting in a queued bookmark run above which an
     * alarm fires: the trigger's `PendingRunAgeSeconds` metric (how long the run its objects joined has
     * waited to list them, from the run's `StartedOn`), Maximum per `alarmPeriodSeconds`.
     */
    pendingRunAgeAlarmSeconds: number;
}

/**
 * Every default of the TriggerLambda component. Code, docs (`docs/components.md`) and tests read these
 * values; nothing restates them. Queue and event source values are the handler's recommendations
 * (`lambdas/trigger/defaults.ts`), read from there.
 */
export const TRIGGER_LAMBDA_DEFAULTS = {
    /** 256 MB on arm64: the handler only parses messages and calls Glue. */
    memoryMb: 256,
    /** The handler's recommendation: one `GetJobRuns` and at most one `StartJobRun` per job per batch, with SDK retries. */
    timeoutSeconds: TRIGGER_FUNCTION_TIMEOUT_SECONDS,
    /** Small and explicit, so a flood of bronze objects cannot starve other functions of the account. */
    reservedConcurrency: 2,
    /** The lowest value Lambda accepts; equal to the reserved concurrency, so no batch is throttled. */
    maximumConcurrency: TRIGGER_MAX_CONCURRENCY,
    /** Up to 100 messages per batch: fewer invocations and Glue look-ups per burst. */
    batchSize: TRIGGER_BATCH_SIZE,
    /** Gather messages up to 30 s so objects landing together are handled in one invocation. */
    maximumBatchingWindowSeconds: TRIGGER_MAX_BATCHING_WINDOW_SECONDS,
    /**
     * 10 deliveries: a message survives about `10 x visibilityTimeoutSeconds` (2.5 h by default) of Glue
     * refusing runs (throttling, 5xx, or `ConcurrentRunsExceededException` where queuing is not honoured).
     */
    maxReceiveCount: TRIGGER_QUEUE_MAX_RECEIVE_COUNT,
    /** 900 s: above the 6 x timeout + window floor, and several times a typical bronze-to-silver run. */
    visibilityTimeoutSeconds: TRIGGER_QUEUE_VISIBILITY_TIMEOUT_SECONDS,
    /** 4 days, SQS's own default. */
    queueRetentionSeconds: 4 * 24 * 3600,
    /** 14 days, the SQS maximum: time to investigate and redrive. */
    deadLetterRetentionSeconds: 14 * 24 * 3600,
    /** Days the function's logs are kept. */
    logRetentionDays: 30,
    /** Alarms evaluate 5-minute periods (standard resolution). */
    alarmPeriodSeconds: 300,
    /**
     * 1800 s (30 min), twice the default visibility timeout: the oldest message waited through two refused
     * runs, or nothing consumed the queue for half an hour. Below `3 x visibilityTimeoutSeconds`, since SQS
     * stops counting a message in `ApproximateAgeOfOldestMessage` after its third receive.
     */
    queueAgeAlarmSeconds: 1800,
    /**
     * 3900 s (65 min): a queued bookmark run should wait at most one run of its job (the EtlJob default
     * timeout, 60 min) plus its start-up; longer means the running run is stuck or Glue cannot start the
     * queued one, and the objects it owns are not reaching silver.
     */
    pendingRunAgeAlarmSeconds: 3_900,
    /** No email subscription unless configured (`medallion-lake:alarms.emails`). */
    alarmEmails: [] as readonly string[],
    /** Where the handler is bundled when no `code` is given, relative to the working directory. */
    bundleDir: path.join(".cache", "lambdas", "trigger"),
} as const satisfies TriggerSettings & Record<string, unknown>;

/**
 * The `Reconciled = 0` alarm of each routed dataset (documented in `docs/components.md`, table
 * `RECONCILED_ALARM_DEFAULTS`): the ETL publishes `Reconciled` 1 for a run that reconciles and 0 for one
 * that does not, so the Minimum over one `alarmPeriodSeconds` period is below 1 when any run of the period
 * did not reconcile; a period without runs has no data and does not breach.
 */
export const RECONCILED_ALARM_DEFAULTS = {
    /** @default "Minimum" — a single failed run in the period is enough. */
    statistic: "Minimum",
    /** @default "LessThanThreshold" */
    comparisonOperator: "LessThanThreshold",
    /** @default 1 — below the value of a reconciled run. */
    threshold: 1,
} as const;

/**
 * The lake's one quarantine-guard alarm, for every routed dataset (documented in `docs/components.md`, table
 * `QUARANTINE_GUARD_ALARM_DEFAULTS`): the ETL publishes `QuarantineGuardExceeded` without a dimension (and
 * per `Dataset`) with each run's counts, 1 for a bronze_to_silver run that quarantined more than its spec's
 * `quarantine.max_ratio` of its rows (it writes nothing and does not commit its bookmark; a run that
 * quarantined every row included) and 0 for every other run, so the Maximum over one `alarmPeriodSeconds`
 * period reaches 1 when any run of the period was stopped by the guard; a period without runs has no data
 * and does not breach.
 */
export const QUARANTINE_GUARD_ALARM_DEFAULTS = {
    /** @default "Maximum" — a single stopped run in the period is enough. */
    statistic: "Maximum",
    /** @default "GreaterThanOrEqualToThreshold" */
    comparisonOperator: "GreaterThanOrEqualToThreshold",
    /** @default 1 — the value a stopped run publishes; a run that passes the guard publishes 0. */
    threshold: 1,
} as const;

/**
 * The lake's one objects-quarantined alarm, for every routed dataset (documented in `docs/components.md`, table
 * `OBJECTS_QUARANTINED_ALARM_DEFAULTS`): the ETL publishes `ObjectsQuarantined` without a dimension (and per
 * `Dataset`) with each bronze_to_silver run's counts: the bronze objects the run quarantined whole (0-byte,
 * corrupt gzip, unreadable), 0 for a run that read every object. A run whose every object was unreadable writes
 * nothing and still succeeds (its objects are in quarantine, the object ledger moves past them), so only this
 * alarm tells: the Maximum over one `alarmPeriodSeconds` period reaches 1 when any run of the period quarantined
 * an object; a period without runs has no data and does not breach.
 */
export const OBJECTS_QUARANTINED_ALARM_DEFAULTS = {
    /** @default "Maximum" — a single quarantined object in the period is enough. */
    statistic: "Maximum",
    /** @default "GreaterThanOrEqualToThreshold" */
    comparisonOperator: "GreaterThanOrEqualToThreshold",
    /** @default 1 — one object quarantined whole; a run that read every object publishes 0. */
    threshold: 1,
} as const;

/**
 * AWS recommends a queue visibility timeout of at least six times the function timeout for SQS event
 * sources (room for Lambda to retry a throttled batch); the floor adds the batching window, during which
 * received messages are already invisible.
 * https://docs.aws.amazon.com/lambda/latest/dg/services-sqs-configure.html
 */
export const VISIBILITY_TIMEOUT_FUNCTION_TIMEOUT_MULTIPLE = 6;

/** Inclusive ranges AWS accepts for each setting (cross-field rules are in {@link triggerSettingsProblems}). */
export const TRIGGER_SETTING_RANGES: Record<
    Exclude<keyof TriggerSettings, "logRetentionDays">,
    [number, number]
> = {
    memoryMb: [128, 10240],
    timeoutSeconds: [1, 900],
    reservedConcurrency: [1, 1000],
    maximumConcurrency: [2, 1000],
    batchSize: [1, 10000],
    maximumBatchingWindowSeconds: [0, 300],
    maxReceiveCount: [1, 1000],
    visibilityTimeoutSeconds: [0, 43200],
    queueRetentionSeconds: [60, 1209600],
    deadLetterRetentionSeconds: [60, 1209600],
    alarmPeriodSeconds: [60, 86400],
    queueAgeAlarmSeconds: [60, 1209600],
    pendingRunAgeAlarmSeconds: [60, 1209600],
};

/** One invalid setting as found: the field (an argument and a `medallion-lake:trigger.*` key) and what is wrong. */
interface Finding {
    field: string;
    message: string;
}

/** Findings as {@link Problem}s (`message` reads `got X; <fix>`, or is only the fix). */
export function asProblems(findings: readonly { field: string; message: string }[]): Problem[] {
    return findings.map((f) => problemFromDetail(f.field, f.message));
}

/**
 * The shortest queue visibility timeout, in seconds, the settings allow:
 * `6 x timeoutSeconds + maximumBatchingWindowSeconds` (see {@link VISIBILITY_TIMEOUT_FUNCTION_TIMEOUT_MULTIPLE}).
 */
export function minimumVisibilityTimeoutSeconds(
    settings: Pick<TriggerSettings, "timeoutSeconds" | "maximumBatchingWindowSeconds">,
): number {
    return (
        VISIBILITY_TIMEOUT_FUNCTION_TIMEOUT_MULTIPLE * settings.timeoutSeconds +
        settings.maximumBatchingWindowSeconds
    );
}

/**
 * Every problem of a full set of settings, each naming the field, the value and the fix; empty when valid.
 * Used by the component and by the stack config schema, so both report the same rules.
 */
export function triggerSettingsProblems(s: TriggerSettings): Problem[] {
    const problems: Finding[] = [];
    for (const [field, [min, max]] of Object.entries(TRIGGER_SETTING_RANGES)) {
        const value = s[field as keyof TriggerSettings];
        if (!Number.isInteger(value) || value < min || value > max) {
            problems.push({ field, message: `got ${value}; use a whole number from ${min} to ${max}` });
        }
    }
    const retention = logRetentionProblem(s.logRetentionDays);
    if (retention !== undefined) {
        problems.push({ field: "logRetentionDays", message: `got ${s.logRetentionDays}; ${retention}` });
    }
    if (s.reservedConcurrency < s.maximumConcurrency) {
        problems.push({
            field: "reservedConcurrency",
            message: `got ${s.reservedConcurrency}; it must be at least maximumConcurrency (${s.maximumConcurrency}), else Lambda throttles the event source's batches`,
        });
    }
    const floor = minimumVisibilityTimeoutSeconds(s);
    if (s.visibilityTimeoutSeconds < floor) {
        problems.push({
            field: "visibilityTimeoutSeconds",
            message: `got ${s.visibilityTimeoutSeconds}; it must be at least ${VISIBILITY_TIMEOUT_FUNCTION_TIMEOUT_MULTIPLE} x timeoutSeconds (${s.timeoutSeconds}) + maximumBatchingWindowSeconds (${s.maximumBatchingWindowSeconds}) = ${floor}, as AWS recommends for SQS event sources`,
        });
    }
    if (s.batchSize > 10 && s.maximumBatchingWindowSeconds < 1) {
        problems.push({
            field: "maximumBatchingWindowSeconds",
            message: `got ${s.maximumBatchingWindowSeconds}; a batchSize above 10 (${s.batchSize}) needs a batching window of at least 1 second`,
        });
    }
    if (s.deadLetterRetentionSeconds <= s.queueRetentionSeconds) {
        problems.push({
            field: "deadLetterRetentionSeconds",
            message: `got ${s.deadLetterRetentionSeconds}; it must exceed queueRetentionSeconds (${s.queueRetentionSeconds}) because a message keeps its original enqueue time in the dead-letter queue`,
        });
    }
    if (s.queueAgeAlarmSeconds >= s.queueRetentionSeconds) {
        problems.push({
            field: "queueAgeAlarmSeconds",
            message: `got ${s.queueAgeAlarmSeconds}; it must be below queueRetentionSeconds (${s.queueRetentionSeconds}), else messages expire before the alarm fires`,
        });
    }
    if (s.alarmPeriodSeconds % 60 !== 0) {
        problems.push({
            field: "alarmPeriodSeconds",
            message: `got ${s.alarmPeriodSeconds}; use a multiple of 60 (standard-resolution metrics)`,
        });
    }
    return asProblems(problems);
}

const emailSchema = z.email();

/** Problems of the alarm email addresses: each must be a valid address, listed once. */
export function alarmEmailProblems(emails: readonly string[]): Problem[] {
    const problems: Finding[] = [];
    emails.forEach((email, index) => {
        if (!emailSchema.safeParse(email).success) {
            problems.push({
                field: `alarmEmails[${index}]`,
                message: `got ${JSON.stringify(email)}; use an email address`,
            });
        } else if (emails.indexOf(email) !== index) {
            problems.push({
                field: `alarmEmails[${index}]`,
                message: `${email} is listed twice; list it once`,
            });
        }
    });
    return asProblems(problems);
}

/** The options {@link resolveTriggerLambdaSettings} reads (a `TriggerLambdaArgs` satisfies it). */
export type TriggerSettingsArgs = Partial<TriggerSettings> & { alarmEmails?: readonly string[] };

/** The settings in effect and the alarm emails, as {@link resolveTriggerLambdaSettings} returns them. */
export interface ResolvedTriggerSettings {
    settings: TriggerSettings;
    alarmEmails: readonly string[];
}

/**
 * Applies {@link TRIGGER_LAMBDA_DEFAULTS} to the arguments and checks them with the `routeProblems` found
 * by the caller.
 * @throws ProblemsError listing every problem (`TriggerLambda <name>: <option>: got X; <fix>`).
 */
export function resolveTriggerLambdaSettings(
    name: string,
    args: TriggerSettingsArgs,
    routeProblems: readonly Problem[],
): ResolvedTriggerSettings {
    const d = TRIGGER_LAMBDA_DEFAULTS;
    const settings: TriggerSettings = {
        memoryMb: args.memoryMb ?? d.memoryMb,
        timeoutSeconds: args.timeoutSeconds ?? d.timeoutSeconds,
        reservedConcurrency: args.reservedConcurrency ?? d.reservedConcurrency,
        maximumConcurrency: args.maximumConcurrency ?? d.maximumConcurrency,
        batchSize: args.batchSize ?? d.batchSize,
        maximumBatchingWindowSeconds: args.maximumBatchingWindowSeconds ?? d.maximumBatchingWindowSeconds,
        maxReceiveCount: args.maxReceiveCount ?? d.maxReceiveCount,
        visibilityTimeoutSeconds: args.visibilityTimeoutSeconds ?? d.visibilityTimeoutSeconds,
        queueRetentionSeconds: args.queueRetentionSeconds ?? d.queueRetentionSeconds,
        deadLetterRetentionSeconds: args.deadLetterRetentionSeconds ?? d.deadLetterRetentionSeconds,
        logRetentionDays: args.logRetentionDays ?? d.logRetentionDays,
        alarmPeriodSeconds: args.alarmPeriodSeconds ?? d.alarmPeriodSeconds,
        queueAgeAlarmSeconds: args.queueAgeAlarmSeconds ?? d.queueAgeAlarmSeconds,
        pendingRunAgeAlarmSeconds: args.pendingRunAgeAlarmSeconds ?? d.pendingRunAgeAlarmSeconds,
    };
    const alarmEmails = args.alarmEmails ?? d.alarmEmails;
    throwIfProblems(componentSubject("TriggerLambda", name), [
        ...triggerSettingsProblems(settings),
        ...alarmEmailProblems(alarmEmails),
        ...routeProblems,
    ]);
    return { settings, alarmEmails };
}
