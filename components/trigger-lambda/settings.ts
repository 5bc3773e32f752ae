/**
 * Settings of the bronze trigger (TriggerLambda) and the rules AWS puts on them: ranges per setting and the
 * cross-field rules (reserved concurrency covers the event source's maximum concurrency, batches above 10
 * messages need a batching window, the dead-letter queue keeps messages longer than the queue). The
 * component and the stack config schema both report {@link triggerSettingsProblems}.
 * Follows https://docs.aws.amazon.com/lambda/latest/dg/services-sqs-configure.html and
 * https://docs.aws.amazon.com/lambda/latest/dg/services-sqs-scaling.html
 */

import { z } from "zod";
import { logRetentionProblem } from "../../lib/log-retention";
import { type Problem, problemFromDetail } from "../../lib/problems";

/** The numeric settings of a TriggerLambda; each has a default in `TRIGGER_LAMBDA_DEFAULTS` (components/trigger-lambda.ts). */
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
}

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
