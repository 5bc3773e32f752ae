/**
 * The medallion-lake Pulumi program: loads and validates the stack config, then composes the components.
 * Stack outputs are the names a user needs to land data and query the lake.
 */
import * as path from "node:path";
import * as pulumi from "@pulumi/pulumi";
import {
    type ArtifactSource,
    type CrawlerDefinition,
    classifierForFormat,
    compressionForSuffix,
    type DataAccessGrant,
    type DatabaseDescribeGrant,
    DataLake,
    type DataLakeArgs,
    DataQuality,
    EtlJob,
    type EtlJobArgs,
    EventStreamSource,
    GlueCrawlerSet,
    GlueSecurityConfiguration,
    glueDataAccess,
    LakeFormationAdmin,
    LaterGrants,
    LaterResources,
    PostgresSource,
    QUARANTINE_PREFIX,
    qualityJobArguments,
    SPARK_DEFAULT_DATABASE,
    TableOptimizers,
    TriggerLambda,
    ZONES,
    zoneCatalogUse,
} from "./components";
import { Dashboards, goldTableDashboards } from "./components/dashboards/dashboards";
import { requirementPins } from "./components/etl-job/python-requirements";
import { TRIGGER_ROUTED_JOB_RUN_QUEUING } from "./components/trigger-lambda/trigger-lambda";
import { lineageJobArguments } from "./config/etl";
import { zoneLifecycleOverrides } from "./config/lake";
import { toEventStreamSourceOptions, toPostgresSourceOptions } from "./config/sources";
import { loadStackConfig } from "./config/stack-config";
import { jobArguments } from "./lib/glue-job-contract";
import {
    csvFormatDefaults,
    DATASET_SCHEMA_FILE,
    dimensionFile,
    goldSqlFiles,
    loadDatasetSpecs,
} from "./spec/dataset-specs";

const config = loadStackConfig();
const naming = { project: config.project, stack: config.stack };
/** Tags of every resource: the config's tags and the stack's name. */
const tags = { ...config.tags, "medallion-lake:stack": config.stack };

// --- ETL inputs: dataset specs, gold SQL and Python pins, checked before any resource is registered ---
const datasetsDir = path.join(__dirname, "datasets");
const glueDir = path.join(__dirname, "glue");
const specSchemaFile = path.join(datasetsDir, DATASET_SCHEMA_FILE);
const datasetSpecs = loadDatasetSpecs(datasetsDir, {
    names: config.datasets,
    namesField: "medallion-lake:datasets",
});
const goldSql = new Map(
    datasetSpecs.map((l) => [l.spec.name, goldSqlFiles(l, path.join(glueDir, "sql", "gold"))]),
);
const csvDefaults = csvFormatDefaults(specSchemaFile);
const etlPythonModules = requirementPins(path.join(__dirname, "requirements.txt"), ["jsonschema", "pyyaml"]);

// --- Lake Formation ordering (resolved in the Lake Formation block) ---
// The lake's Glue databases wait for the data lake settings (created before them they would keep
// IAM_ALLOWED_PRINCIPALS and ignore Lake Formation); Glue jobs and crawlers wait for their role's grants:
// pass `{ transformations: [lakeFormationGrants.waitFor("<grantee>")] }` to their component.
const lakeFormationSettingsReady = new LaterResources("Lake Formation data lake settings");
const lakeFormationGrants = new LaterGrants();

const lakeArgs: DataLakeArgs = {
    accountId: config.accountId,
    region: config.region,
    naming,
    kmsKeyArn: config.kmsKeyArn,
    kmsKeyDeletionWindowDays: config.kmsKeyDeletionWindowDays,
    versioning: config.versioning,
    catalogEncryption: config.catalogEncryption,
    retainOnDelete: config.retainDataOnDestroy,
    lifecycle: zoneLifecycleOverrides(config.lifecycle),
    abortIncompleteMultipartUploadDays: config.lifecycle.abortIncompleteMultipartUploadDays,
    accessLogsExpireAfterDays: config.lifecycle.accessLogsExpireAfterDays,
    queryResultsExpireAfterDays: config.lifecycle.queryResultsExpireAfterDays,
    athenaBytesScannedCutoffPerQuery: config.athena.bytesScannedCutoffPerQuery,
    tags,
};
const lake = new DataLake("lake", lakeArgs, {
    transformations: [lakeFormationSettingsReady.waitFor(["aws:glue/catalogDatabase:CatalogDatabase"])],
});

/** Bucket name of each zone. */
export const bucketNames = Object.fromEntries(ZONES.map((zone) => [zone, lake.bucketNames[zone]]));
/** Glue Data Catalog database of each zone. */
export const databaseNames = lake.databaseNames;
/** Athena workgroup for SQL on the lake. */
export const athenaWorkgroup = lake.workgroup.name;
/** Bucket of S3 server access logs. */
export const accessLogsBucket = lake.accessLogsBucket.bucket;
/** Bucket of Athena query results. */
export const queryResultsBucket = lake.queryResultsBucket.bucket;
/** ARN of the KMS key that encrypts the lake. */
export const lakeKeyArn = lake.keyArn;

// --- ETL: dataset specs, bronze crawlers, bronze_to_silver and silver_to_gold Glue jobs ---
// Per dataset spec (medallion-lake:datasets, default all datasets/*.yaml): a bronze crawler (unless
// medallion-lake:crawlers.enabled is false), the bronze_to_silver job, and the silver_to_gold job chained
// after it. Every job and crawler waits for its Lake Formation grants (grantee labels below) and adds its
// prefixes to `etlDataAccess`, which the Lake Formation block grants.
const awsTarget = { accountId: config.accountId, region: config.region };
const underLakeFormation = config.lakeFormation.enabled && config.lakeFormation.mode === "lakeformation";
const glueSecurity = new GlueSecurityConfiguration("glue-security", { naming, kmsKeyArn: lake.keyArn });
const etlDataAccess: DataAccessGrant[] = [];
/** DESCRIBE on Spark's `default` database for each job role (Lake Formation mode only; see governedJob). */
const etlDatabaseDescribes: DatabaseDescribeGrant[] = [];

const bronzeCrawlerGrantee = "crawler-bronze";
const bronzeCrawls = datasetSpecs.map(({ spec }) => ({
    zone: "bronze" as const,
    prefix: spec.bronze.prefix,
}));
const bronzeCrawlers = config.crawlers.enabled
    ? new GlueCrawlerSet(
          "bronze-crawler",
          {
              lake,
              ...awsTarget,
              databaseName: lake.databaseNames.bronze,
              securityConfiguration: glueSecurity,
              useLakeFormationCredentials: underLakeFormation,
              logRetentionDays: config.crawlers.logRetentionDays,
              crawlers: Object.fromEntries(
                  datasetSpecs.map(({ spec }) => {
                      const classifier = classifierForFormat(
                          spec.bronze.format.type,
                          spec.bronze.format,
                          csvDefaults,
                      );
                      const crawler: CrawlerDefinition = {
                          target: { kind: "zone", zone: "bronze", prefixes: [spec.bronze.prefix] },
                          description: `Bronze objects of the ${spec.name} dataset`,
                          classifiers: classifier === undefined ? [] : [classifier],
                          schedule: config.crawlers.schedule,
                      };
                      return [spec.name, crawler];
                  }),
              ),
              tags,
          },
          { transformations: [lakeFormationGrants.waitFor(bronzeCrawlerGrantee)] },
      )
    : undefined;
if (bronzeCrawlers) {
    // The crawlers read the objects they crawl: read and crawl grants on bronze.
    etlDataAccess.push(
        ...glueDataAccess(bronzeCrawlerGrantee, bronzeCrawlers.roleArn, {
            reads: bronzeCrawls,
            crawls: bronzeCrawls,
        }),
    );
}

/** What every job of the lake shares: code, security configuration, size and behavior from config. */
const sharedJobArgs = {
    lake,
    ...awsTarget,
    pythonPackage: {
        dir: path.join(glueDir, "medallion_glue"),
        extraFiles: { "medallion_glue/_schema/dataset-spec.schema.json": specSchemaFile },
    },
    additionalPythonModules: etlPythonModules,
    securityConfiguration: glueSecurity,
    lakeFormationAccess: underLakeFormation,
    workerType: config.etl.workerType,
    numberOfWorkers: config.etl.numberOfWorkers,
    timeoutMinutes: config.etl.timeoutMinutes,
    maxRetries: config.etl.maxRetries,
    flex: config.etl.flex,
    autoScaling: config.etl.autoScaling,
    sparkUi: config.etl.sparkUi,
    logRetentionDays: config.etl.logRetentionDays,
    tags,
};

/**
 * An EtlJob that waits for its Lake Formation grants, which it declares from its own prefixes and catalog
 * scope: table grants on the tables its IAM catalog scope names (in silver and gold, where the jobs create their
 * Iceberg tables after the grants, the database's table wildcard: see glueDataAccess), and nothing on a zone
 * it only reads in S3. In Lake Formation mode it also gets DESCRIBE on Spark's `default` database, which Spark opens when
 * the session starts (its IAM allows glue:GetDatabase on it); that database must exist in the catalog.
 */
function governedJob(name: string, args: Omit<EtlJobArgs, keyof typeof sharedJobArgs>): EtlJob {
    const grantee = `job-${name}`;
    const job = new EtlJob(
        name,
        { ...sharedJobArgs, ...args },
        { transformations: [lakeFormationGrants.waitFor(grantee)] },
    );
    etlDataAccess.push(
        ...glueDataAccess(grantee, job.roleArn, {
            reads: args.reads,
            writes: args.writes,
            catalog: zoneCatalogUse(lake.databaseNames, args.catalog),
        }),
    );
    if (underLakeFormation) {
        etlDatabaseDescribes.push({ grantee, principalArn: job.roleArn, database: SPARK_DEFAULT_DATABASE });
    }
    return job;
}

/** The scripts' argument names, from the job contract (glue/medallion_glue/runtime/job_arguments.json). */
const SILVER_ARGS = jobArguments("bronze_to_silver");
const GOLD_ARGS = jobArguments("silver_to_gold");

/** Per dataset: its spec, bronze crawler name, and the bronze_to_silver and silver_to_gold jobs. */
const datasetPipelines = datasetSpecs.map((loaded) => {
    const { spec } = loaded;
    const silverTable = `${spec.silver.table}/`;
    const bronzeToSilver = governedJob(`${spec.name}-bronze-to-silver`, {
        description: `${spec.name}: new bronze objects to the silver table ${spec.silver.table}`,
        script: path.join(glueDir, "jobs", "bronze_to_silver.py"),
        artifactArguments: { [SILVER_ARGS.dataset_spec_uri]: { file: loaded.file } },
        defaultArguments: {
            [SILVER_ARGS.bronze_uri]: `s3://${lake.bucketNames.bronze}/${spec.bronze.prefix}`,
            [SILVER_ARGS.silver_uri]: `s3://${lake.bucketNames.silver}/`,
            [SILVER_ARGS.quarantine_uri]: `s3://${lake.bucketNames.silver}/${QUARANTINE_PREFIX}`,
            [SILVER_ARGS.silver_database]: lake.databaseNames.silver,
            ...lineageJobArguments(config.etl.lineage, awsTarget),
            ...qualityJobArguments(spec),
        },
        reads: [{ zone: "bronze", prefix: spec.bronze.prefix }],
        writes: [
            { zone: "silver", prefix: silverTable },
            { zone: "silver", prefix: `${QUARANTINE_PREFIX}${spec.name}/` },
        ],
        catalog: { write: [{ database: lake.databaseNames.silver, tables: [spec.silver.table] }] },
        schedule: config.etl.schedule,
        // The bronze trigger routes to this job: busy starts fail and SQS redelivers them (docs/trigger.md).
        jobRunQueuing: TRIGGER_ROUTED_JOB_RUN_QUEUING,
    });
    const goldTables = (spec.gold?.tables ?? []).map((table) => table.name);
    const dimensions = spec.dimensions ?? [];
    const goldArtifacts: Record<string, ArtifactSource> = {
        [GOLD_ARGS.dataset_spec_uri]: { file: loaded.file },
        [GOLD_ARGS.gold_sql_uri]: { folder: goldSql.get(spec.name) ?? {} },
    };
    if (dimensions.length > 0) {
        goldArtifacts[GOLD_ARGS.dimensions_uri] = {
            folder: Object.fromEntries(dimensions.map((d) => [d.file, dimensionFile(datasetsDir, d)])),
        };
    }
    const silverToGold =
        goldTables.length === 0
            ? undefined
            : governedJob(`${spec.name}-silver-to-gold`, {
                  description: `${spec.name}: the silver table ${spec.silver.table} to gold tables ${goldTables.join(", ")}`,
                  script: path.join(glueDir, "jobs", "silver_to_gold.py"),
                  artifactArguments: goldArtifacts,
                  defaultArguments: {
                      [GOLD_ARGS.silver_database]: lake.databaseNames.silver,
                      [GOLD_ARGS.gold_database]: lake.databaseNames.gold,
                      [GOLD_ARGS.gold_uri]: `s3://${lake.bucketNames.gold}/`,
                      ...lineageJobArguments(config.etl.lineage, awsTarget),
                  },
                  reads: [{ zone: "silver", prefix: silverTable }],
                  writes: goldTables.map((table) => ({ zone: "gold" as const, prefix: `${table}/` })),
                  catalog: {
                      read: [{ database: lake.databaseNames.silver, tables: [spec.silver.table] }],
                      write: [{ database: lake.databaseNames.gold, tables: goldTables }],
                  },
                  runAfter: { jobNames: [bronzeToSilver.jobName] },
              });
    return {
        dataset: spec.name,
        spec,
        crawlerName: bronzeCrawlers?.crawlerNames[spec.name],
        bronzeToSilver,
        silverToGold,
    };
});

/** Per dataset: the bronze crawler, bronze_to_silver and silver_to_gold job names (absent when not created). */
export const etlPipelines = Object.fromEntries(
    datasetPipelines.map((p) => [
        p.dataset,
        {
            ...(p.crawlerName === undefined ? {} : { crawler: p.crawlerName }),
            bronzeToSilverJob: p.bronzeToSilver.jobName,
            ...(p.silverToGold === undefined ? {} : { silverToGoldJob: p.silverToGold.jobName }),
        },
    ]),
);
/** Name of the Glue security configuration every job and crawler runs with. */
export const glueSecurityConfiguration = glueSecurity.name;

// --- Iceberg table optimizers (docs/iceberg.md) ---
// Compaction, snapshot retention and orphan file deletion on every silver table and every gold table of the
// deployed datasets, off unless medallion-lake:iceberg.tableOptimizers.enabled: Glue refuses an optimizer on a
// table that does not exist yet, and the jobs create theirs on their first run. Under Lake Formation the role
// gets the `optimize` grants and the optimizers wait for them.
const tableOptimizersConfig = config.iceberg.tableOptimizers;
const tableOptimizersGrantee = "table-optimizers";
const optimizedTables = datasetPipelines.flatMap((p) => [
    { zone: "silver" as const, table: p.spec.silver.table },
    ...(p.silverToGold === undefined
        ? []
        : (p.spec.gold?.tables ?? []).map((t) => ({ zone: "gold" as const, table: t.name }))),
]);
const tableOptimizers =
    tableOptimizersConfig.enabled && optimizedTables.length > 0
        ? new TableOptimizers(
              "table-optimizers",
              {
                  lake,
                  ...awsTarget,
                  tables: optimizedTables,
                  compaction: tableOptimizersConfig.compaction,
                  retention: tableOptimizersConfig.retention,
                  orphanFileDeletion: tableOptimizersConfig.orphanFileDeletion,
                  lakeFormationAccess: underLakeFormation,
                  tags,
              },
              {
                  transformations: [
                      lakeFormationGrants.waitFor(tableOptimizersGrantee, [
                          "aws:glue/catalogTableOptimizer:CatalogTableOptimizer",
                      ]),
                  ],
              },
          )
        : undefined;
if (tableOptimizers) {
    etlDataAccess.push(
        ...glueDataAccess(tableOptimizersGrantee, tableOptimizers.roleArn, {
            optimizes: tableOptimizers.prefixes,
        }),
    );
}
/** The role the Iceberg table optimizers run as (undefined when they are off). */
export const tableOptimizersRoleArn = tableOptimizers?.roleArn;

// --- Lake Formation ---
// Glue roles join `dataAccess` with glueDataAccess("<grantee>", job.roleArn, { reads, writes, catalog }) (ETL
// jobs), { reads, crawls } (crawlers) or { optimizes } (the table optimizers), and job roles join `databaseDescribes` (Spark's `default` database),
// under the same grantee label they wait for above. The planner merges a grantee's levels per resource.
const lakeFormation = config.lakeFormation.enabled
    ? new LakeFormationAdmin("lake-formation", {
          lake,
          accountId: config.accountId,
          region: config.region,
          mode: config.lakeFormation.mode,
          admins: config.lakeFormation.admins,
          formerAdmins: config.lakeFormation.formerAdmins,
          consumers: config.lakeFormation.consumers,
          workflowRole: config.lakeFormation.workflowRole.enabled,
          dataAccess: etlDataAccess,
          databaseDescribes: etlDatabaseDescribes,
          tags,
      })
    : undefined;
lakeFormationSettingsReady.resolve(lakeFormation ? [lakeFormation.settings] : []);
lakeFormationGrants.resolve(lakeFormation);

/** Lake Formation data lake admins (undefined when Lake Formation is off). */
export const lakeFormationAdmins = lakeFormation?.admins;
/** Role for Lake Formation blueprints and Glue workflows (undefined when off or not created). */
export const lakeFormationWorkflowRoleArn = lakeFormation?.workflowRole?.arn;

// --- Sources ---
// The event stream (Firehose into bronze + Schema Registry) and the transactional PostgreSQL source (VPC,
// RDS, simulator Lambda, JDBC ingestion job). Each is off unless medallion-lake:sources.<source>.enabled;
// see docs/components.md#sources.
const eventStreamConfig = config.sources.eventStream;
const eventStreamSpec = eventStreamConfig.enabled
    ? loadDatasetSpecs(datasetsDir, {
          names: [eventStreamConfig.dataset],
          namesField: "medallion-lake:sources.eventStream.dataset",
      })[0].spec
    : undefined;
if (eventStreamSpec !== undefined && compressionForSuffix(eventStreamSpec.bronze.suffix) === "UNCOMPRESSED") {
    pulumi.log.warn(
        `datasets/${eventStreamSpec.name}.yaml bronze.suffix is "${eventStreamSpec.bronze.suffix}": Firehose delivers uncompressed objects. Set it to "${eventStreamSpec.bronze.suffix}.gz" to deliver GZIP.`,
    );
}
const eventStream =
    eventStreamSpec === undefined
        ? undefined
        : new EventStreamSource("event-stream", {
              lake,
              accountId: config.accountId,
              region: config.region,
              dataset: eventStreamSpec.name,
              bronzePrefix: eventStreamSpec.bronze.prefix,
              fileExtension: eventStreamSpec.bronze.suffix,
              compressionFormat: compressionForSuffix(eventStreamSpec.bronze.suffix),
              schemaFile: path.join(datasetsDir, "schemas", `${eventStreamSpec.name}.schema.json`),
              ...toEventStreamSourceOptions(eventStreamConfig),
              tags,
          });
const postgres = config.sources.postgres.enabled
    ? new PostgresSource("transactional", {
          lake,
          accountId: config.accountId,
          region: config.region,
          ...toPostgresSourceOptions(config.sources.postgres),
          lineageArguments: lineageJobArguments(config.etl.lineage, awsTarget),
          retainOnDelete: config.retainDataOnDestroy,
          tags,
      })
    : undefined;

/** The event stream (undefined when off): where producers send events and where they land. */
export const eventStreamSource = eventStream && {
    deliveryStreamName: eventStream.deliveryStreamName,
    bronzeUri: eventStream.bronzeUri,
    schemaArn: eventStream.schema.arn,
    producerPolicyArn: eventStream.producerPolicy.arn,
};
/** The transactional source (undefined when off): database, simulator, connection and ingestion job. */
export const postgresSource = postgres && {
    vpcId: postgres.network.vpcId,
    databaseAddress: postgres.database.instance.address,
    databaseSecretArn: postgres.database.secretArn,
    simulatorFunctionName: postgres.simulator.function.name,
    connectionName: postgres.connectionName,
    ingestionJobName: postgres.ingestion.jobName,
    bronzeUri: postgres.bronzeUri,
};

// --- Bronze trigger ---
// S3 ObjectCreated in bronze (one filter per dataset spec's bronze.prefix/suffix) -> KMS queue -> the trigger
// Lambda -> a bookmarked run of the dataset's bronze_to_silver job (docs/trigger.md). Owns the bronze bucket's one
// BucketNotification. Alarms (dead-letter queue, function errors, failed runs of every ETL job, bronze_to_silver
// runs that do not reconcile, failed bronze crawls) go to an
// encrypted SNS topic with medallion-lake:alarms.emails; see docs/components.md#triggerlambda.
const trigger =
    datasetPipelines.length === 0
        ? undefined
        : new TriggerLambda("bronze-trigger", {
              accountId: config.accountId,
              region: config.region,
              naming,
              bronzeBucket: lake.buckets.bronze,
              kmsKeyArn: lake.keyArn,
              routes: datasetPipelines.map((p) => ({
                  dataset: p.dataset,
                  prefix: p.spec.bronze.prefix,
                  suffix: p.spec.bronze.suffix,
                  jobName: p.bronzeToSilver.jobName,
                  jobArn: p.bronzeToSilver.jobArn,
              })),
              monitoredJobNames: [
                  ...datasetPipelines.flatMap((p) => (p.silverToGold ? [p.silverToGold.jobName] : [])),
                  ...(postgres ? [postgres.ingestion.jobName] : []),
              ],
              monitoredCrawlerNames: [
                  ...Object.values(bronzeCrawlers?.crawlerNames ?? {}),
                  ...Object.values(postgres?.crawler?.crawlerNames ?? {}),
              ],
              ...config.trigger,
              alarmEmails: config.alarms.emails,
              tags,
          });

// --- Data quality (docs/quality.md): per dataset with quality: rules, a DQDL ruleset on its silver table and an
// alarm into the lake's alarm topic when a run fails a rule with action fail ---
for (const p of datasetPipelines) {
    if (trigger) {
        new DataQuality(`${p.dataset}-quality`, {
            naming,
            spec: p.spec,
            silverDatabase: lake.databaseNames.silver,
            alarmTopicArn: trigger.alarmTopic.arn,
            tags,
        });
    }
}

/** The bronze trigger (undefined when no dataset is deployed): its function, queues and alarm topic. */
export const bronzeTrigger = trigger && {
    functionName: trigger.function.name,
    queueUrl: trigger.queue.url,
    deadLetterQueueUrl: trigger.deadLetterQueue.url,
    alarmTopicArn: trigger.alarmTopic.arn,
};

// --- Dashboards ---
// QuickSight on the gold tables of the deployed datasets (docs/bi.md): off unless medallion-lake:dashboards.enabled,
// since QuickSight bills per user. Under Lake Formation the Athena role's grants wait for the lake's own.
const dashboards = config.dashboards.enabled
    ? new Dashboards("dashboards", {
          accountId: config.accountId,
          region: config.region,
          naming,
          workgroupName: lake.workgroup.name,
          goldDatabaseName: lake.databaseNames.gold,
          tables: goldTableDashboards(
              datasetPipelines.flatMap((p) => (p.spec.gold?.tables ?? []).map((t) => t.name)),
          ),
          principals: config.dashboards.principals,
          athenaRoleArn: config.dashboards.athenaRoleArn,
          importMode: config.dashboards.importMode,
          lakeFormation: underLakeFormation,
          grantsAfter: lakeFormation ? [lakeFormation] : [],
          tags,
      })
    : undefined;

/** The QuickSight dashboard (undefined when off): its id and ARN and the Athena data source. */
export const quickSightDashboard = dashboards && {
    dashboardId: dashboards.dashboardId,
    dashboardArn: dashboards.dashboardArn,
    dataSourceArn: dashboards.dataSource.arn,
};
