/**
 * medallion-lake: reusable Pulumi components for a medallion data lake on AWS.
 *
 * ```ts
 * import { DataLake } from "medallion-lake";
 * const lake = new DataLake("lake", { accountId: "123456789012", region: "eu-west-1" });
 * ```
 */

export * as naming from "../lib/naming";
export {
    type DatasetSpec,
    DatasetSpecError,
    goldSqlFiles,
    type LoadDatasetSpecsOptions,
    type LoadedDatasetSpec,
    loadDatasetSpecFile,
    loadDatasetSpecs,
} from "../spec/dataset-specs";
export {
    DASHBOARD_ROLES,
    DASHBOARDS_DEFAULTS,
    type DashboardPrincipal,
    type DashboardRole,
    Dashboards,
    type DashboardsArgs,
    GOLD_TABLE_DASHBOARDS,
    type GoldTableDashboard,
    type GoldTableVisual,
    goldTableDashboards,
    IMPORT_MODES,
    type ImportMode,
    type InputColumnType,
    type VisualMeasure,
} from "./dashboards/dashboards";
export {
    ACCESS_LOGS_PREFIX,
    ATHENA_MIN_BYTES_SCANNED_CUTOFF,
    ATHENA_RESULTS_PREFIX,
    DATA_LAKE_DEFAULTS,
    DataLake,
    type DataLakeArgs,
    DEFAULT_LAKE_NAME,
    QUARANTINE_PREFIX,
    resolveLifecycles,
    SPARK_EVENT_LOGS_PREFIX,
    ZONES,
    type Zone,
} from "./data-lake/data-lake";
export { S3_LIFECYCLE_MINIMUMS, type ZoneLifecycle } from "./data-lake/lifecycle";
export {
    DataQuality,
    type DataQualityArgs,
    QUALITY_ALARM_DEFAULTS,
    QUALITY_FAILED_METRIC,
    QUALITY_METRIC_DATASET_DIMENSION,
    QUALITY_METRIC_RULE_DIMENSION,
    QUALITY_RULE_FAILED_METRIC,
    qualityJobArguments,
} from "./data-quality/data-quality";
export { compileDqdl, type DqdlTarget } from "./data-quality/dqdl";
export {
    crawlerGrantee,
    DatasetPipeline,
    type DatasetPipelineArgs,
    jobGrantee,
    PACKAGED_SPEC_SCHEMA,
    PIPELINE_PYTHON_MODULES,
    type PipelineCode,
    type PipelineCrawlerSettings,
    type PipelineJobSettings,
    type PipelineLake,
    shippedPipelineCode,
} from "./dataset-pipeline/dataset-pipeline";
export {
    type ArtifactSource,
    ETL_JOB_DEFAULTS,
    ETL_JOB_LIMITS,
    EtlJob,
    type EtlJobArgs,
    type EtlJobLake,
    FLEX_WORKER_TYPES,
    RUN_ONLY_ARGUMENTS,
    SPARK_DEFAULT_DATABASE,
    SPARK_WORKER_TYPES,
    TYPED_JOB_ARGUMENTS,
} from "./etl-job/etl-job";
export { requirementPins } from "./etl-job/python-requirements";
export {
    compressionForSuffix,
    EVENT_STREAM_SOURCE_DEFAULTS,
    EventStreamSource,
    type EventStreamSourceArgs,
    FIREHOSE_ERRORS_PREFIX,
} from "./event-stream-source/event-stream-source";
export {
    type ClassifierDefinition,
    type CrawlerDefinition,
    classifierForFormat,
    GLUE_CRAWLER_DEFAULTS,
    GlueCrawlerSet,
    type GlueCrawlerSetArgs,
} from "./glue-crawler-set/glue-crawler-set";
export {
    GLUE_SECURITY_CONFIGURATION_MODES,
    GlueSecurityConfiguration,
    type GlueSecurityConfigurationArgs,
} from "./glue-security-configuration/glue-security-configuration";
export { type GlueZoneUsage, glueDataAccess, zoneCatalogUse } from "./lake-formation-admin/grants";
export {
    type DataAccessGrant,
    type DatabaseDescribeGrant,
    type GovernedLake,
    LAKE_FORMATION_DEFAULTS,
    LakeFormationAdmin,
    type LakeFormationAdminArgs,
    type TagConsumer,
} from "./lake-formation-admin/lake-formation-admin";
export { LaterGrants, LaterResources } from "./lake-formation-admin/ordering";
export {
    DATA_ACCESS_PERMISSIONS,
    IAM_ALLOWED_PRINCIPALS,
    type LakeFormationMode,
} from "./lake-formation-admin/permissions";
export {
    POSTGRES_SOURCE_DEFAULTS,
    PostgresSource,
    type PostgresSourceArgs,
    type PostgresSourceOptions,
} from "./postgres-source/postgres-source";
export {
    type CompactionOptions,
    type OptimizedTable,
    type OrphanFileDeletionOptions,
    type RetentionOptions,
    TABLE_OPTIMIZER_DEFAULTS,
    TABLE_OPTIMIZER_TYPES,
    TableOptimizers,
    type TableOptimizersArgs,
    type TableOptimizerType,
} from "./table-optimizers/table-optimizers";
export {
    TRIGGER_LAMBDA_DEFAULTS,
    TriggerLambda,
    type TriggerLambdaArgs,
    type TriggerRoute,
    type TriggerSettings,
} from "./trigger-lambda/trigger-lambda";
