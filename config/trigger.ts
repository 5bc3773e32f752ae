/**
 * The bronze trigger and alarm sections of the stack config: the `medallion-lake:trigger` and
 * `medallion-lake:alarms` keys, passed to the TriggerLambda component. Defaults come from
 * {@link TRIGGER_LAMBDA_DEFAULTS}; the cross-field rules are the component's own
 * ({@link triggerSettingsProblems}), so config and component report the same problems.
 *
 * ```yaml
 * medallion-lake:trigger:
 *   timeoutSeconds: 120
 *   visibilityTimeoutSeconds: 1800   # at least 6 x timeoutSeconds + maximumBatchingWindowSeconds
 *   maxReceiveCount: 5
 * medallion-lake:alarms:
 *   emails: ["data-oncall@example.com"]
 * ```
 */
import { z } from "zod";
import { type TriggerSettings, triggerSettingsProblems } from "../components/trigger-lambda/settings";
import { TRIGGER_LAMBDA_DEFAULTS } from "../components/trigger-lambda/trigger-lambda";
import { problemDetail } from "../lib/problems";

const D = TRIGGER_LAMBDA_DEFAULTS;
const whole = (fallback: number) => z.number().int("must be a whole number").default(fallback);

/** The `trigger` key: every numeric setting of the function, queues and alarms. */
const triggerSettings = z
    .strictObject({
        memoryMb: whole(D.memoryMb),
        timeoutSeconds: whole(D.timeoutSeconds),
        reservedConcurrency: whole(D.reservedConcurrency),
        maximumConcurrency: whole(D.maximumConcurrency),
        batchSize: whole(D.batchSize),
        maximumBatchingWindowSeconds: whole(D.maximumBatchingWindowSeconds),
        maxReceiveCount: whole(D.maxReceiveCount),
        visibilityTimeoutSeconds: whole(D.visibilityTimeoutSeconds),
        queueRetentionSeconds: whole(D.queueRetentionSeconds),
        deadLetterRetentionSeconds: whole(D.deadLetterRetentionSeconds),
        logRetentionDays: whole(D.logRetentionDays),
        alarmPeriodSeconds: whole(D.alarmPeriodSeconds),
        queueAgeAlarmSeconds: whole(D.queueAgeAlarmSeconds),
        pendingRunAgeAlarmSeconds: whole(D.pendingRunAgeAlarmSeconds),
    } satisfies Record<keyof TriggerSettings, z.ZodType>)
    .superRefine((settings, ctx) => {
        for (const problem of triggerSettingsProblems(settings)) {
            ctx.addIssue({ code: "custom", path: [problem.option], message: problemDetail(problem) });
        }
    });

/** The `alarms` key: who is emailed when an alarm fires. */
const alarms = z.strictObject({
    emails: z
        .array(z.email("must be an email address such as data-oncall@example.com"))
        .superRefine((emails, ctx) => {
            emails.forEach((email, index) => {
                if (emails.indexOf(email) !== index) {
                    ctx.addIssue({
                        code: "custom",
                        path: [index],
                        message: `got ${JSON.stringify(email)} again; list each address once`,
                    });
                }
            });
        })
        .default([...D.alarmEmails]),
});

/** Schema of the trigger's and alarms' config keys (top-level keys of the `medallion-lake` namespace). */
export const triggerConfigShape = {
    /** Function, queue, event source and alarm settings of the bronze trigger. */
    trigger: triggerSettings.prefault({}),
    /** Alarm delivery: email subscriptions of the alarm topic. */
    alarms: alarms.prefault({}),
};
