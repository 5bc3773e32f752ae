/**
 * Arguments of {@link DatasetPipeline}: the lake, the dataset spec, and the settings its crawler and jobs
 * share with the other pipelines of the stack.
 */
import type * as aws from "@pulumi/aws";
import type * as pulumi from "@pulumi/pulumi";
import type { NameContext } from "../../lib/naming";
import type { LoadedDatasetSpec } from "../../spec/dataset-specs";
import type { Zone } from "../data-lake/data-lake";
import type { EtlJobArgs } from "../etl-job/args";
import type { GlueSecurityConfiguration } from "../glue-security-configuration/glue-security-configuration";
import type { LaterGrants } from "../lake-formation-admin/ordering";
import type { PipelineCode } from "./shipped-code";

/** What a DatasetPipeline needs from the lake; a {@link DataLake} satisfies it. */
export interface PipelineLake {
    naming: NameContext;
    /** 12-digit account id of the lake. */
    accountId: string;
    /** Region of the lake, e.g. `eu-west-1`. */
    region: string;
    bucketNames: Readonly<Record<Zone | "accessLogs" | "artifacts", string>>;
    artifactsBucket: aws.s3.Bucket;
    keyArn: pulumi.Input<string>;
    databases?: Readonly<Record<Zone, aws.glue.CatalogDatabase>>;
    databaseNames: Readonly<Record<Zone, string>>;
}

/** The EtlJob settings every job of a pipeline takes (see {@link EtlJobArgs} for each field's default). */
export type PipelineJobSettings = Pick<
    EtlJobArgs,
    | "workerType"
    | "numberOfWorkers"
    | "timeoutMinutes"
    | "maxRetries"
    | "flex"
    | "autoScaling"
    | "sparkUi"
    | "logRetentionDays"
    | "glueVersion"
> & {
    /** The security configuration both jobs and the crawler run with (encrypts logs, output, bookmarks). */
    securityConfiguration: GlueSecurityConfiguration;
    /**
     * The lake is in Lake Formation mode: the jobs use Lake Formation credentials, the crawler crawls with
     * them, and the roles get DESCRIBE on Spark's `default` database. @default false
     */
    lakeFormationAccess?: boolean;
    /** Also start bronze_to_silver on this AWS cron schedule (UTC), besides the trigger. @default none */
    schedule?: string;
    /**
     * More DefaultArguments of both jobs, e.g. the `--lineage_*` arguments of `lineageJobArguments`.
     * @default {}
     */
    extraArguments?: Readonly<Record<string, pulumi.Input<string>>>;
};

/** The bronze crawler of a pipeline. */
export interface PipelineCrawlerSettings {
    /** When it runs (AWS cron, UTC). @default none: on demand only */
    schedule?: string;
    /** Days its log group keeps events. @default `GLUE_CRAWLER_DEFAULTS.logRetentionDays` */
    logRetentionDays?: number;
}

export interface DatasetPipelineArgs {
    /** The lake the pipeline reads and writes. */
    lake: PipelineLake;
    /**
     * The dataset spec: the path of its `<name>.yaml` (validated against {@link PipelineCode.specSchemaFile},
     * errors thrown as `DatasetSpecError`), or a spec `loadDatasetSpecs` already loaded.
     */
    spec: string | LoadedDatasetSpec;
    /**
     * Folder holding the spec's `dimensions/<file>` (dimension tables of gold).
     * @default the folder of the spec file
     */
    datasetsDir?: string;
    /** The jobs' settings, shared by every pipeline of the stack. */
    jobs: PipelineJobSettings;
    /**
     * The bronze crawler (one crawler on the dataset's bronze prefix, with the classifier of its format), or
     * `false` for none. @default `{}`: a crawler that runs on demand
     */
    crawler?: PipelineCrawlerSettings | false;
    /**
     * The Lake Formation grants the crawler and the jobs wait for: the {@link LaterGrants} the stack resolves
     * with its LakeFormationAdmin, which grants {@link DatasetPipeline.dataAccess}. @default none: no wait
     */
    grantsReady?: LaterGrants;
    /** The code the jobs run. @default {@link shippedPipelineCode}: the scripts and package this library ships */
    code?: Partial<PipelineCode>;
    /** Tags on every taggable resource. @default {} */
    tags?: Record<string, string>;
}
