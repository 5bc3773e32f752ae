/**
 * The options of EtlJob: every default ({@link ETL_JOB_DEFAULTS}), the ranges AWS enforces, the Glue
 * arguments typed options own, and {@link resolveEtlJobSettings}, which reports every bad option at once.
 * The component and the stack config (config/etl.ts) both read this module.
 *
 * Follows https://docs.aws.amazon.com/glue/latest/dg/add-job.html and
 * https://docs.aws.amazon.com/glue/latest/dg/aws-glue-programming-etl-glue-arguments.html
 */
import type * as pulumi from "@pulumi/pulumi";
import { awsCronScheduleProblem } from "../../lib/glue-cron";
import {
    ETL_METRICS_NAMESPACE,
    GLUE_VERSION,
    ICEBERG_CATALOG,
    RUN_ONLY_ARGUMENTS,
} from "../../lib/glue-job-contract";
import { logRetentionProblem } from "../../lib/log-retention";
import { componentSubject, type Problem, problem, throwIfProblems } from "../../lib/problems";
import {
    type EtlJobArgs,
    FLEX_WORKER_TYPES,
    SPARK_WORKER_TYPES,
    type SparkWorkerType,
    SUPPORTED_GLUE_VERSIONS,
} from "./args";
import { lineageArgumentProblems } from "./lineage";
import { objectLedgerProblems } from "./object-ledger";

export { FLEX_WORKER_TYPES, SPARK_WORKER_TYPES, type SparkWorkerType, SUPPORTED_GLUE_VERSIONS } from "./args";

/** Every default of the EtlJob component. Docs and tests read these values; the component reads nothing else. */
export const ETL_JOB_DEFAULTS = {
    /**
     * Glue version: Spark 3.5.6, Python 3.11 (https://docs.aws.amazon.com/glue/latest/dg/release-notes.html);
     * the version the `medallion_glue` package targets (`GLUE_VERSION`, glue/medallion_glue/shared_constants.json).
     */
    glueVersion: GLUE_VERSION,
    /** Worker type: 1 DPU (4 vCPU, 16 GB) per worker. */
    workerType: "G.1X",
    /** Workers: 2 x G.1X = 2 DPU. With auto scaling on, the maximum. */
    numberOfWorkers: 2,
    /** Run timeout in minutes (never Glue's own 2880-minute default). */
    timeoutMinutes: 60,
    /** Retries of a failed run (a retry reprocesses the same input; the trigger owns redelivery). */
    maxRetries: 0,
    /** Concurrent runs of the job; more starts wait in the queue (see `jobRunQueuing`). */
    maxConcurrentRuns: 1,
    /** Job run queuing: starts beyond `maxConcurrentRuns` wait instead of failing. */
    jobRunQueuing: true,
    /** Job bookmarks (`--job-bookmark-option job-bookmark-enable`). */
    jobBookmarks: true,
    /** Job metrics (`--enable-metrics`). */
    metrics: true,
    /** Observability metrics (`--enable-observability-metrics`). */
    observabilityMetrics: true,
    /** Spark UI event logs (`--enable-spark-ui`), written to the lake's access-logs bucket when on. */
    sparkUi: false,
    /** Glue auto scaling (`--enable-auto-scaling`); `numberOfWorkers` becomes the maximum. */
    autoScaling: false,
    /** Flex execution class (spare capacity, cheaper, slower to start; G.1X and G.2X only). */
    flex: false,
    /** Delay notification after this share of the timeout, in percent (45 minutes of 60). */
    notifyDelayAfterPercentOfTimeout: 75,
    /** Retention of the job's CloudWatch log groups, in days. */
    logRetentionDays: 30,
    /**
     * CloudWatch namespaces the role may publish to: Glue's job metrics and the ETL's reconciliation metrics
     * (`ETL_METRICS_NAMESPACE`, glue/medallion_glue/shared_constants.json).
     */
    metricNamespaces: ["Glue", ETL_METRICS_NAMESPACE],
    /**
     * Let the role ask Lake Formation for data access credentials (`lakeformation:GetDataAccess`); turn on when
     * the lake is governed by Lake Formation, which then decides what the job may read and write.
     */
    lakeFormationAccess: false,
} as const;

/** Ranges AWS (or this component) enforces on the numeric options. */
export const ETL_JOB_LIMITS = {
    timeoutMinutes: { min: 1, max: 10080 },
    maxRetries: { min: 0, max: 10 },
    maxConcurrentRuns: { min: 1, max: 1000 },
    numberOfWorkers: { min: 2, max: 299 },
} as const;

/**
 * Job arguments this component sets from typed options, and the option that owns each; a
 * `defaultArguments` entry with one of these keys is refused.
 */
export const TYPED_JOB_ARGUMENTS: Readonly<Record<string, string>> = {
    "--job-language": "script (always python)",
    "--extra-py-files": "pythonPackage",
    "--additional-python-modules": "additionalPythonModules",
    "--job-bookmark-option": "jobBookmarks",
    "--enable-metrics": "metrics",
    "--enable-observability-metrics": "observabilityMetrics",
    "--enable-spark-ui": "sparkUi",
    "--spark-event-logs-path": "sparkUi",
    "--enable-auto-scaling": "autoScaling",
    "--enable-glue-datacatalog": "catalog (always on: Spark SQL reads the Glue Data Catalog)",
    "--datalake-formats": "always iceberg: silver and gold are Apache Iceberg tables",
    "--conf": `always the Iceberg catalog settings of ${ICEBERG_CATALOG} (icebergSparkConf); the warehouse is the bucket of the first writes zone`,
    "--TempDir": "the job's temp prefix in the artifacts bucket",
    // Another log group prefix would send the logs where the role may not write, unencrypted and unretained.
    "--custom-logGroup-prefix":
        "logRetentionDays (logs go to the job's own encrypted log groups /aws-glue/jobs/<security configuration>-role/<role>/output and /error, which the component creates and the role may write)",
};

/** Arguments that only a run may set, never the job definition, with the reason: from the job contract. */
export { RUN_ONLY_ARGUMENTS };

/** The options of an EtlJob after defaults, validated. */
export interface EtlJobSettings {
    glueVersion: string;
    workerType: SparkWorkerType;
    numberOfWorkers: number;
    timeoutMinutes: number;
    maxRetries: number;
    maxConcurrentRuns: number;
    jobRunQueuing: boolean;
    jobBookmarks: boolean;
    metrics: boolean;
    observabilityMetrics: boolean;
    sparkUi: boolean;
    autoScaling: boolean;
    flex: boolean;
    notifyDelayAfterMinutes: number;
    logRetentionDays: number;
    metricNamespaces: readonly string[];
    lakeFormationAccess: boolean;
}

/**
 * Applies {@link ETL_JOB_DEFAULTS} and checks every option, the job arguments and the security
 * configuration choice.
 * @throws ProblemsError listing every problem, each `EtlJob <name>: <option>: got X; <fix>`.
 */
export function resolveEtlJobSettings(name: string, args: EtlJobArgs): EtlJobSettings {
    const d = ETL_JOB_DEFAULTS;
    const problems: Problem[] = [];
    const whole = (option: keyof typeof ETL_JOB_LIMITS, value: number) => {
        const { min, max } = ETL_JOB_LIMITS[option];
        if (!Number.isInteger(value) || value < min || value > max) {
            problems.push(problem(option, value, `use a whole number from ${min} to ${max}`));
        }
        return value;
    };
    const glueVersion = args.glueVersion ?? d.glueVersion;
    if (!(SUPPORTED_GLUE_VERSIONS as readonly string[]).includes(glueVersion)) {
        problems.push(
            problem("glueVersion", glueVersion, `use one of ${SUPPORTED_GLUE_VERSIONS.join(", ")}`),
        );
    }
    const workerType = args.workerType ?? d.workerType;
    if (!(SPARK_WORKER_TYPES as readonly string[]).includes(workerType)) {
        problems.push(problem("workerType", workerType, `use one of ${SPARK_WORKER_TYPES.join(", ")}`));
    }
    const flex = args.flex ?? d.flex;
    const flexIssue = flexProblem(flex, workerType);
    if (flexIssue !== undefined) problems.push(problem("flex", flex, flexIssue));
    const numberOfWorkers = whole("numberOfWorkers", args.numberOfWorkers ?? d.numberOfWorkers);
    const timeoutMinutes = whole("timeoutMinutes", args.timeoutMinutes ?? d.timeoutMinutes);
    const maxRetries = whole("maxRetries", args.maxRetries ?? d.maxRetries);
    const maxConcurrentRuns = whole("maxConcurrentRuns", args.maxConcurrentRuns ?? d.maxConcurrentRuns);
    const notifyDelayAfterMinutes =
        args.notifyDelayAfterMinutes ??
        Math.max(1, Math.floor((timeoutMinutes * d.notifyDelayAfterPercentOfTimeout) / 100));
    if (
        !Number.isInteger(notifyDelayAfterMinutes) ||
        notifyDelayAfterMinutes < 1 ||
        (notifyDelayAfterMinutes >= timeoutMinutes && timeoutMinutes > 1)
    ) {
        problems.push(
            problem(
                "notifyDelayAfterMinutes",
                notifyDelayAfterMinutes,
                `use a whole number of minutes from 1 to ${timeoutMinutes - 1} (below timeoutMinutes, or the notice never comes)`,
            ),
        );
    }
    const logRetentionDays = args.logRetentionDays ?? d.logRetentionDays;
    const retentionProblem = logRetentionProblem(logRetentionDays);
    if (retentionProblem !== undefined)
        problems.push(problem("logRetentionDays", logRetentionDays, retentionProblem));
    const scheduleProblem =
        args.schedule === undefined ? undefined : awsCronScheduleProblem("schedule", args.schedule);
    if (scheduleProblem !== undefined) problems.push(scheduleProblem);
    if (args.runAfter !== undefined && args.runAfter.jobNames.length === 0) {
        problems.push(problem("runAfter.jobNames", [], "name at least one job, or leave runAfter out"));
    }
    if (args.writes.length === 0) {
        problems.push(
            problem(
                "writes",
                [],
                "name at least the job's target prefix: its zone's bucket is the Iceberg warehouse",
            ),
        );
    }
    problems.push(...objectLedgerProblems(args));
    for (const [field, prefixes] of [
        ["reads", args.reads],
        ["writes", args.writes],
    ] as const) {
        prefixes.forEach((p, i) => {
            if (!/^[^/].*\/$/.test(p.prefix)) {
                problems.push(
                    problem(
                        `${field}[${i}].prefix`,
                        p.prefix,
                        'use a folder such as "flights/" (no leading slash, ending in /)',
                    ),
                );
            }
        });
    }
    if (args.securityConfiguration !== undefined && args.securityConfigurationName !== undefined) {
        problems.push({
            option: "securityConfiguration",
            fix: "give either securityConfiguration (of this stack) or securityConfigurationName (an existing one), not both",
        });
    }
    problems.push(...jobArgumentProblems(args));
    throwIfProblems(componentSubject("EtlJob", name), problems);
    return {
        glueVersion,
        workerType: workerType as SparkWorkerType,
        numberOfWorkers,
        timeoutMinutes,
        maxRetries,
        maxConcurrentRuns,
        jobRunQueuing: args.jobRunQueuing ?? d.jobRunQueuing,
        jobBookmarks: args.jobBookmarks ?? d.jobBookmarks,
        metrics: args.metrics ?? d.metrics,
        observabilityMetrics: args.observabilityMetrics ?? d.observabilityMetrics,
        sparkUi: args.sparkUi ?? d.sparkUi,
        autoScaling: args.autoScaling ?? d.autoScaling,
        flex,
        notifyDelayAfterMinutes,
        logRetentionDays,
        metricNamespaces: args.metricNamespaces ?? d.metricNamespaces,
        lakeFormationAccess: args.lakeFormationAccess ?? d.lakeFormationAccess,
    };
}

/**
 * Why Flex cannot run on `workerType`, or undefined when it can (or Flex is off).
 * Flex runs Spark jobs on G.1X and G.2X workers only: https://docs.aws.amazon.com/glue/latest/dg/add-job.html
 */
export function flexProblem(flex: boolean, workerType: string): string | undefined {
    if (!flex || (FLEX_WORKER_TYPES as readonly string[]).includes(workerType)) return undefined;
    return `Flex runs only on ${FLEX_WORKER_TYPES.join(" or ")} workers, not ${workerType}; set workerType to ${FLEX_WORKER_TYPES.join(" or ")}, or turn flex off`;
}

/**
 * What is wrong with the caller's job arguments: a key without `--`, a key a typed option or a run owns,
 * a key set both as an artifact argument and a default, or lineage arguments the role cannot be planned
 * from (`lineageArgumentProblems`, lineage.ts).
 */
export function jobArgumentProblems(args: EtlJobArgs): Problem[] {
    const problems: Problem[] = [];
    const artifactArguments = new Set(Object.keys(args.artifactArguments ?? {}));
    for (const [key, source] of Object.entries(args.artifactArguments ?? {})) {
        const option = `artifactArguments["${key}"]`;
        const owner = TYPED_JOB_ARGUMENTS[key] ?? RUN_ONLY_ARGUMENTS[key];
        if (!key.startsWith("--")) {
            problems.push(problem(option, source, `job arguments start with --, e.g. --${key}`));
        } else if (owner !== undefined) {
            problems.push(
                problem(option, source, `${key} is reserved (${owner}); pick another argument name`),
            );
        }
    }
    for (const [key, given] of Object.entries(args.defaultArguments ?? {})) {
        const value = typeof given === "string" ? given : "a pulumi Output";
        const option = `defaultArguments["${key}"]`;
        const typed = TYPED_JOB_ARGUMENTS[key];
        const runOnly = RUN_ONLY_ARGUMENTS[key];
        if (!key.startsWith("--")) {
            problems.push(problem(option, value, `job arguments start with --, e.g. --${key}`));
        } else if (typed !== undefined) {
            problems.push(
                problem(option, value, `collides with the typed option ${typed}; set that option instead`),
            );
        } else if (runOnly !== undefined) {
            problems.push(problem(option, value, `must not be a default (${runOnly}); remove it`));
        } else if (artifactArguments.has(key)) {
            problems.push(
                problem(option, value, `collides with artifactArguments["${key}"]; set it in one place`),
            );
        }
    }
    problems.push(...lineageArgumentProblems(args));
    return problems;
}

/** The job's default arguments: the generated ones plus the caller's (checked by {@link jobArgumentProblems}). */
export function mergeJobArguments(
    generated: Record<string, pulumi.Input<string>>,
    defaultArguments: Readonly<Record<string, pulumi.Input<string>>> = {},
): Record<string, pulumi.Input<string>> {
    return { ...generated, ...defaultArguments };
}
