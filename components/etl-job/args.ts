/** The arguments of {@link EtlJob} and the value domains they accept; defaults live in `settings.ts`. */
import type * as aws from "@pulumi/aws";
import type * as pulumi from "@pulumi/pulumi";
import type { Zone } from "../../lib/lake-layout";
import type { NameContext } from "../../lib/naming";
import type { GlueSecurityConfiguration } from "../glue-security-configuration/glue-security-configuration";

/** Glue versions this component supports (their logging layout is the one it scopes permissions to). */
export const SUPPORTED_GLUE_VERSIONS = ["5.0", "5.1"] as const;
/** Worker types of Glue Spark jobs. */
export const SPARK_WORKER_TYPES = [
    "G.1X",
    "G.2X",
    "G.4X",
    "G.8X",
    "G.12X",
    "G.16X",
    "R.1X",
    "R.2X",
    "R.4X",
    "R.8X",
] as const;
/** Worker types the Flex execution class runs on (https://docs.aws.amazon.com/glue/latest/dg/add-job.html). */
export const FLEX_WORKER_TYPES = ["G.1X", "G.2X"] as const;

/** A Spark worker type. */
export type SparkWorkerType = (typeof SPARK_WORKER_TYPES)[number];

/** States a conditional trigger can wait for. */
export type JobRunState = "SUCCEEDED" | "FAILED" | "TIMEOUT" | "STOPPED";

/** A local file, or a folder assembled from local files, uploaded for one job argument. */
export type ArtifactSource =
    /** One file: the argument is its S3 URI, e.g. `--dataset_spec_uri s3://.../flights-<hash>.yaml`. */
    | { file: string }
    /** Files under one prefix: the argument is the prefix URI (ending in `/`); keys are the names given. */
    | { folder: Readonly<Record<string, string>> };

/** An S3 prefix of a lake zone. */
export interface ZonePrefix {
    zone: Zone;
    /** Key prefix ending in `/`, e.g. `flights/` or `_quarantine/flights/`. */
    prefix: string;
}

/** Catalog access to one database. */
export interface CatalogScope {
    database: string;
    /** Table names or patterns. @default every table of the database */
    tables?: readonly string[];
}

/** What EtlJob needs from the lake; a {@link DataLake} satisfies it. */
export interface EtlJobLake {
    naming: NameContext;
    bucketNames: Readonly<Record<Zone | "accessLogs" | "artifacts", string>>;
    /** Where job artifacts are uploaded (its physical name must equal `bucketNames.artifacts`). */
    artifactsBucket: aws.s3.Bucket;
    /** The lake key: artifacts, logs, output and bookmarks are encrypted with it. */
    keyArn: pulumi.Input<string>;
    /** The lake's account id (a `DataLake` has it): the job's when `accountId` is not given. */
    accountId?: string;
    /** The lake's region (a `DataLake` has it): the job's when `region` is not given. */
    region?: string;
}

export interface EtlJobArgs {
    /** The lake the job reads, writes and logs to. */
    lake: EtlJobLake;
    /** 12-digit account id; part of catalog and log group ARNs. @default `lake.accountId` */
    accountId?: string;
    /** Region, e.g. `eu-west-1`; part of catalog and log group ARNs. @default `lake.region` */
    region?: string;
    /** Physical job name. @default `<project>-<stack>-<component name>` */
    jobName?: string;
    /** Description of the job. */
    description?: string;
    /** Local path of the PySpark entry script (e.g. `glue/jobs/bronze_to_silver.py`). */
    script: string;
    /** A Python package zipped with its folder at the root and given as `--extra-py-files`. */
    pythonPackage?: {
        /** The package folder, e.g. `glue/medallion_glue` (must hold `__init__.py`). */
        dir: string;
        /** More files for the zip: path inside the zip -> local path. */
        extraFiles?: Readonly<Record<string, string>>;
    };
    /** Pip requirements installed on the workers (`--additional-python-modules`), e.g. `["jsonschema==4.26.0"]`. */
    additionalPythonModules?: readonly string[];
    /** Arguments whose value is an uploaded file or folder, e.g. `{"--dataset_spec_uri": {file: "..."}}`. */
    artifactArguments?: Readonly<Record<string, ArtifactSource>>;
    /**
     * Other default arguments (the script's contract, e.g. `--silver_database`). Keys must start with `--`
     * and may not be one of {@link TYPED_JOB_ARGUMENTS} (set the typed option) or {@link RUN_ONLY_ARGUMENTS}.
     * `--lineage_transport` must be a plain string: with `datazone` (which needs `--lineage_domain`, a
     * `dzd_...` domain id) the role gets `datazone:PostLineageEvent` (docs/lineage.md).
     */
    defaultArguments?: Readonly<Record<string, pulumi.Input<string>>>;
    /** Prefixes the job reads. */
    reads: readonly ZonePrefix[];
    /** Prefixes the job writes (reading them too): its target and its quarantine. */
    writes: readonly ZonePrefix[];
    /**
     * The bronze_to_silver object ledger of dataset `dataset` in the bucket of `zone` (the bucket of the job's
     * `--silver_uri`): the role may list, read and create objects under `_ledger/<dataset>/` there, never
     * delete them (`object-ledger.ts`, docs/etl.md "The object ledger"). @default none (no ledger grant)
     */
    objectLedger?: { zone: Zone; dataset: string };
    /** Glue Data Catalog access. Spark's `default` database is always readable (see {@link SPARK_DEFAULT_DATABASE}). */
    catalog?: { read?: readonly CatalogScope[]; write?: readonly CatalogScope[] };
    /**
     * A security configuration of this stack (the job is created after it). Give this or
     * `securityConfigurationName`, not both. @default a new one encrypting with the lake key
     */
    securityConfiguration?: GlueSecurityConfiguration;
    /** Name of a security configuration that already exists outside this stack. */
    securityConfigurationName?: string;
    /** @default "5.1" */
    glueVersion?: (typeof SUPPORTED_GLUE_VERSIONS)[number];
    /** @default "G.1X" */
    workerType?: SparkWorkerType;
    /** 2-299. @default 2 */
    numberOfWorkers?: number;
    /** 1-10080 minutes. @default 60 */
    timeoutMinutes?: number;
    /** 0-10. @default 0 */
    maxRetries?: number;
    /** 1-1000. @default 1 */
    maxConcurrentRuns?: number;
    /** @default true */
    jobRunQueuing?: boolean;
    /** @default true */
    jobBookmarks?: boolean;
    /** @default true */
    metrics?: boolean;
    /** @default true */
    observabilityMetrics?: boolean;
    /** Spark UI event logs to `s3://<access-logs bucket>/spark-event-logs/<job name>/`. @default false */
    sparkUi?: boolean;
    /** @default false */
    autoScaling?: boolean;
    /** Flex execution class; G.1X and G.2X only. @default false */
    flex?: boolean;
    /** Minutes after a run starts before Glue sends a delay notification. @default 75% of the timeout */
    notifyDelayAfterMinutes?: number;
    /** Days the job's log groups keep events (a CloudWatch Logs retention value). @default 30 */
    logRetentionDays?: number;
    /** CloudWatch namespaces the job may publish to. @default ["Glue", "MedallionLake/ETL"] */
    metricNamespaces?: readonly string[];
    /** The role may call `lakeformation:GetDataAccess` (the lake is in Lake Formation mode). @default false */
    lakeFormationAccess?: boolean;
    /** Start the job on this AWS cron schedule, e.g. `cron(15 2 * * ? *)` (UTC). @default none */
    schedule?: string;
    /** Start the job when these jobs reach `state` (a conditional trigger). @default none */
    runAfter?: { jobNames: readonly pulumi.Input<string>[]; state?: JobRunState; logical?: "AND" | "ANY" };
    /**
     * Glue connections the job runs with (e.g. a JDBC connection, which places the job in its VPC subnet).
     * The role gets no connection or network permissions from this option: add them to `role`.
     * @default none
     */
    connections?: readonly pulumi.Input<string>[];
    /** Tags on every taggable resource. @default {} */
    tags?: Record<string, string>;
}
