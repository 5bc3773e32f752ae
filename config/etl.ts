/**
 * The ETL section of the stack config: which datasets to deploy, their bronze crawlers and the size and
 * behavior of their Glue jobs. Defaults come from {@link ETL_JOB_DEFAULTS}, {@link GLUE_CRAWLER_DEFAULTS}
 * and {@link ETL_CONFIG_DEFAULTS}; nothing is restated here.
 *
 * ```yaml
 * medallion-lake:datasets: [flights, sales]     # default: every datasets/*.yaml
 * medallion-lake:crawlers:
 *   enabled: true
 *   schedule: cron(0 * * * ? *)
 * medallion-lake:etl:
 *   workerType: G.1X
 *   numberOfWorkers: 2
 *   timeoutMinutes: 60
 *   flex: false
 *   schedule: cron(15 2 * * ? *)                # bronze_to_silver, besides the event trigger
 * ```
 */
import { z } from "zod";
import {
    ETL_JOB_DEFAULTS,
    ETL_JOB_LIMITS,
    flexProblem,
    SPARK_WORKER_TYPES,
} from "../components/etl-job/etl-job";
import { GLUE_CRAWLER_DEFAULTS } from "../components/glue-crawler-set/glue-crawler-set";
import { AWS_CRON_EXAMPLE, awsCronProblem } from "../lib/glue-cron";
import { logRetentionProblem } from "../lib/log-retention";

/** Defaults of the ETL wiring that belong to no component. */
export const ETL_CONFIG_DEFAULTS = {
    /** Create a bronze crawler per dataset. */
    bronzeCrawlers: true,
} as const;

/** Dataset names as the spec schema allows them (`name` in datasets/schema/dataset-spec.schema.json). */
const DATASET_NAME = /^[a-z][a-z0-9_]{0,62}$/;

/** An AWS cron schedule, checked with the same rules as the components. */
const schedule = z.string().superRefine((value, ctx) => {
    const problem = awsCronProblem(value);
    if (problem !== undefined)
        ctx.addIssue({ code: "custom", message: `${problem}; for example ${AWS_CRON_EXAMPLE}` });
});

const range = (limits: { min: number; max: number }) => z.number().int().min(limits.min).max(limits.max);

const logRetentionDays = z.number().superRefine((days, ctx) => {
    const problem = logRetentionProblem(days);
    if (problem !== undefined) ctx.addIssue({ code: "custom", message: problem });
});

/** Schema of the ETL config keys (top-level keys of the `medallion-lake` namespace). */
export const etlConfigShape = {
    /** Datasets to deploy, by spec name. Absent: every `datasets/*.yaml`. */
    datasets: z
        .array(z.string().regex(DATASET_NAME, "must be a dataset name such as flights (lower snake_case)"))
        .min(1, "list at least one dataset, or remove the key to deploy them all")
        .optional(),
    crawlers: z
        .strictObject({
            /** A bronze crawler per dataset. */
            enabled: z.boolean().default(ETL_CONFIG_DEFAULTS.bronzeCrawlers),
            /** When the bronze crawlers run (AWS cron, UTC). Absent: on demand only. */
            schedule: schedule.optional(),
            logRetentionDays: logRetentionDays.default(GLUE_CRAWLER_DEFAULTS.logRetentionDays),
        })
        .prefault({}),
    etl: z
        .strictObject({
            workerType: z.enum(SPARK_WORKER_TYPES).default(ETL_JOB_DEFAULTS.workerType),
            numberOfWorkers: range(ETL_JOB_LIMITS.numberOfWorkers).default(ETL_JOB_DEFAULTS.numberOfWorkers),
            timeoutMinutes: range(ETL_JOB_LIMITS.timeoutMinutes).default(ETL_JOB_DEFAULTS.timeoutMinutes),
            maxRetries: range(ETL_JOB_LIMITS.maxRetries).default(ETL_JOB_DEFAULTS.maxRetries),
            flex: z.boolean().default(ETL_JOB_DEFAULTS.flex),
            autoScaling: z.boolean().default(ETL_JOB_DEFAULTS.autoScaling),
            sparkUi: z.boolean().default(ETL_JOB_DEFAULTS.sparkUi),
            logRetentionDays: logRetentionDays.default(ETL_JOB_DEFAULTS.logRetentionDays),
            /** Also start bronze_to_silver on this AWS cron schedule (UTC), besides the event trigger. */
            schedule: schedule.optional(),
        })
        .superRefine((etl, ctx) => {
            const problem = flexProblem(etl.flex, etl.workerType);
            if (problem !== undefined) ctx.addIssue({ code: "custom", path: ["flex"], message: problem });
        })
        .prefault({}),
};
