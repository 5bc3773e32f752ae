/**
 * The medallion-lake Pulumi program: validates the stack config, then composes the components (config/component-args.ts
 * maps config keys to their arguments; config/stack-outputs.ts documents the outputs).
 */
import * as path from "node:path";
import {
    Dashboards,
    DataLake,
    DatasetPipeline,
    EventStreamSource,
    GlueSecurityConfiguration,
    goldTableDashboards,
    LakeFormationAdmin,
    LaterGrants,
    LaterResources,
    PostgresSource,
    TableOptimizers,
    TriggerLambda,
} from "./components";
import * as args from "./config/component-args";
import { lineageJobArguments } from "./config/etl";
import { toEventStreamSourceOptions, toPostgresSourceOptions } from "./config/sources";
import { loadStackConfig } from "./config/stack-config";
import { stackOutputs } from "./config/stack-outputs";

const config = loadStackConfig();
const tags = args.stackTags(config);
const datasetsDir = path.join(__dirname, "datasets");
/** Checked before any resource is registered: a bad spec or dataset name fails the preview at once. */
const specs = args.specsToDeploy(config, datasetsDir);

// Lake Formation ordering: the zone databases wait for the data lake settings (created before them they would
// keep IAM_ALLOWED_PRINCIPALS); crawlers, jobs and optimizers wait for their role's grants (docs/components.md).
const lakeFormationSettingsReady = new LaterResources("Lake Formation data lake settings");
const grantsReady = new LaterGrants();

const lake = new DataLake("lake", args.toDataLakeArgs(config), {
    transformations: [lakeFormationSettingsReady.waitFor(["aws:glue/catalogDatabase:CatalogDatabase"])],
});
const identity = { accountId: lake.accountId, region: lake.region, naming: lake.naming };
const glueSecurity = new GlueSecurityConfiguration("glue-security", { ...identity, kmsKeyArn: lake.keyArn });

// Per dataset spec (medallion-lake:datasets, default all datasets/*.yaml): bronze crawler, bronze_to_silver and
// silver_to_gold jobs, trigger route and Lake Formation grants (docs/components.md#datasetpipeline).
const jobs = args.toPipelineJobSettings(config, glueSecurity);
const crawler = config.crawlers.enabled && config.crawlers;
const pipelines = specs.map(
    (spec) => new DatasetPipeline(spec.spec.name, { lake, spec, jobs, crawler, grantsReady, tags }),
);

// Iceberg table optimizers on every silver and gold table (docs/iceberg.md): off unless
// medallion-lake:iceberg.tableOptimizers.enabled, since Glue refuses one on a table the jobs have not created.
const { lakeFormationAccess } = jobs;
const optimizers = config.iceberg.tableOptimizers;
const tableOptimizers =
    optimizers.enabled && pipelines.length > 0
        ? new TableOptimizers("table-optimizers", {
              lake,
              ...optimizers,
              tables: pipelines.flatMap((p) => p.optimizedTables),
              lakeFormationAccess,
              grantsReady,
              tags,
          })
        : undefined;

const lakeFormation = config.lakeFormation.enabled
    ? new LakeFormationAdmin("lake-formation", {
          lake,
          ...config.lakeFormation,
          workflowRole: config.lakeFormation.workflowRole.enabled,
          dataAccess: [...pipelines.flatMap((p) => p.dataAccess), ...(tableOptimizers?.dataAccess ?? [])],
          databaseDescribes: pipelines.flatMap((p) => p.databaseDescribes),
          tags,
      })
    : undefined;
lakeFormationSettingsReady.resolve(lakeFormation ? [lakeFormation.settings] : []);
grantsReady.resolve(lakeFormation);

// Sources, each off unless medallion-lake:sources.<source>.enabled (docs/sources.md): the event stream (Firehose
// into bronze + Schema Registry) and the transactional PostgreSQL source (VPC, RDS, simulator, JDBC ingestion).
const eventStream = config.sources.eventStream.enabled
    ? new EventStreamSource("event-stream", {
          lake,
          ...args.eventStreamSpecArgs(config, datasetsDir),
          ...toEventStreamSourceOptions(config.sources.eventStream),
          tags,
      })
    : undefined;
const postgres = config.sources.postgres.enabled
    ? new PostgresSource("transactional", {
          lake,
          ...toPostgresSourceOptions(config.sources.postgres),
          lineageArguments: lineageJobArguments(config.etl.lineage, config),
          retainOnDelete: config.retainDataOnDestroy,
          tags,
      })
    : undefined;

// The bronze trigger: S3 ObjectCreated -> KMS queue -> Lambda -> bookmarked bronze_to_silver runs, and the lake's
// alarms (dead-letter queue, function errors, failed runs and crawls, unreconciled runs) into one SNS topic.
const trigger =
    pipelines.length === 0
        ? undefined
        : new TriggerLambda("bronze-trigger", {
              ...identity,
              bronzeBucket: lake.buckets.bronze,
              kmsKeyArn: lake.keyArn,
              pipelines,
              monitoredJobNames: postgres && [postgres.ingestion.jobName],
              monitoredCrawlerNames: Object.values(postgres?.crawler?.crawlerNames ?? {}),
              ...config.trigger,
              alarmEmails: config.alarms.emails,
              tags,
          });
// Data quality (docs/quality.md): each pipeline's DQDL ruleset and its alarm into the lake's alarm topic.
if (trigger) for (const p of pipelines) p.monitorQuality(trigger.alarmTopic.arn);

// QuickSight on the gold tables (docs/bi.md): off unless medallion-lake:dashboards.enabled (billed per user).
const dashboards = config.dashboards.enabled
    ? new Dashboards("dashboards", {
          ...identity,
          ...config.dashboards,
          workgroupName: lake.workgroup.name,
          goldDatabaseName: lake.databaseNames.gold,
          tables: goldTableDashboards(pipelines.flatMap((p) => p.goldTables)),
          lakeFormation: lakeFormationAccess,
          grantsAfter: lakeFormation ? [lakeFormation] : [],
          tags,
      })
    : undefined;

export = stackOutputs({
    lake,
    glueSecurity,
    pipelines,
    tableOptimizers,
    lakeFormation,
    eventStream,
    postgres,
    trigger,
    dashboards,
});
