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
 *   lineage:                                    # OpenLineage events of the jobs (docs/lineage.md)
 *     transport: http                           # off (absent: the jobs' default), file, http or datazone
 *     url: http://marquez.internal:5000/api/v1/lineage
 *     # or: transport: datazone, domainId: dzd_4p9n6b2xkzs3ah (Amazon DataZone's PostLineageEvent)
 * ```
 */
import { z } from "zod";
import {
    DATAZONE_DOMAIN_ID,
    DATAZONE_DOMAIN_ID_EXAMPLE,
    ETL_JOB_DEFAULTS,
    ETL_JOB_LIMITS,
    flexProblem,
    SPARK_WORKER_TYPES,
} from "../components/etl-job/etl-job";
import { GLUE_CRAWLER_DEFAULTS } from "../components/glue-crawler-set/glue-crawler-set";
import contract from "../glue/medallion_glue/runtime/job_arguments.json";
import { AWS_CRON_EXAMPLE, awsCronProblem } from "../lib/glue-cron";
import { jobArguments } from "../lib/glue-job-contract";
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

/**
 * The lineage transports the jobs take: `lineage_transport`'s values in the job contract
 * (glue/medallion_glue/runtime/job_arguments.json); `off` sends nothing.
 */
export const LINEAGE_TRANSPORTS = contract.jobs.bronze_to_silver.arguments.lineage_transport.values as [
    string,
    ...string[],
];

/** An example endpoint, quoted in error messages. */
const LINEAGE_URL_EXAMPLE = "http://marquez.internal:5000/api/v1/lineage";

/** `medallion-lake:etl.lineage`: where the Glue jobs send their OpenLineage run events. */
const lineage = z
    .strictObject({
        /** `off`, `file`, `http` or `datazone`. Absent: the jobs' default, off (no argument is set). */
        transport: z.enum(LINEAGE_TRANSPORTS).optional(),
        /** The endpoint (`http`) or the file path on the job's driver (`file`). */
        url: z.string().optional(),
        /** The Amazon DataZone domain id, `dzd_...` (`datazone`), checked with {@link DATAZONE_DOMAIN_ID}. */
        domainId: z.string().optional(),
    })
    .superRefine((value, ctx) => {
        const issue = (field: "url" | "domainId", message: string) =>
            ctx.addIssue({ code: "custom", path: [field], message });
        const datazoneTransport = value.transport === "datazone";
        const takesUrl = value.transport === "file" || value.transport === "http";
        if (datazoneTransport) {
            if (value.domainId === undefined) {
                issue(
                    "domainId",
                    `required with transport datazone, e.g. ${DATAZONE_DOMAIN_ID_EXAMPLE} (the domain's id in the DataZone or SageMaker Unified Studio console)`,
                );
            } else if (!DATAZONE_DOMAIN_ID.test(value.domainId)) {
                issue(
                    "domainId",
                    `a DataZone domain id is dzd_ or dzd- then 1 to 36 letters, digits, _ or -, e.g. ${DATAZONE_DOMAIN_ID_EXAMPLE}`,
                );
            }
        } else if (value.domainId !== undefined) {
            issue("domainId", "set only with transport datazone; remove it or set transport: datazone");
        }
        if (!takesUrl && value.url !== undefined) {
            issue(
                "url",
                datazoneTransport
                    ? "not used by transport datazone (it posts to domainId); remove it"
                    : "set only with transport file or http; remove it or set transport",
            );
        } else if (takesUrl && value.url === undefined) {
            issue("url", `required with transport ${value.transport}, e.g. ${LINEAGE_URL_EXAMPLE}`);
        } else if (value.transport === "http" && !/^https?:\/\/[^/\s]+/.test(value.url ?? "")) {
            issue("url", `an http:// or https:// endpoint is required, e.g. ${LINEAGE_URL_EXAMPLE}`);
        } else if (value.transport === "file" && !(value.url ?? "").startsWith("/")) {
            issue("url", "an absolute path on the job's driver is required, e.g. /tmp/lineage/events.jsonl");
        }
    });

/** Validated `medallion-lake:etl.lineage`. */
export type LineageConfig = z.infer<typeof lineage>;

/**
 * The `--lineage_*` DefaultArguments of a bronze_to_silver or silver_to_gold job (names from the job
 * contract): none when lineage is absent or off, else the transport, its destination (`--lineage_url` for
 * file and http, `--lineage_domain` for datazone) and the Data Catalog's OpenLineage namespace
 * `arn:aws:glue:<region>:<account>`. EtlJob grants `datazone:PostLineageEvent` from these arguments.
 */
export function lineageJobArguments(
    config: LineageConfig | undefined,
    target: { accountId: string; region: string },
): Record<string, string> {
    if (config?.transport === undefined || config.transport === "off") return {};
    const names = jobArguments("bronze_to_silver");
    const [argument, value] =
        config.transport === "datazone"
            ? [names.lineage_domain, config.domainId]
            : [names.lineage_url, config.url];
    if (value === undefined) return {};
    return {
        [names.lineage_transport]: config.transport,
        [argument]: value,
        [names.lineage_catalog]: `arn:aws:glue:${target.region}:${target.accountId}`,
    };
}

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
            /** OpenLineage events of the jobs. Absent: none. */
            lineage: lineage.optional(),
        })
        .superRefine((etl, ctx) => {
            const problem = flexProblem(etl.flex, etl.workerType);
            if (problem !== undefined) ctx.addIssue({ code: "custom", path: ["flex"], message: problem });
        })
        .prefault({}),
};
