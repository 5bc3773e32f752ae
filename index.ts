/**
 * The medallion-lake Pulumi program: loads and validates the stack config, then composes the components.
 * Stack outputs are the names a user needs to land data and query the lake.
 */
import * as path from "node:path";
import * as pulumi from "@pulumi/pulumi";
import {
    compressionForSuffix,
    DataLake,
    type DataLakeArgs,
    EventStreamSource,
    LakeFormationAdmin,
    LaterGrants,
    LaterResources,
    PostgresSource,
    ZONES,
    type Zone,
} from "./components";
import { zoneLifecycleOverrides } from "./config/lake";
import { toPostgresSourceOptions } from "./config/sources";
import { loadStackConfig } from "./config/stack-config";
import { loadDatasetSpecs } from "./lib/dataset-specs";

const config = loadStackConfig();
const naming = { project: config.project, stack: config.stack };

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
    retainOnDelete: config.retainDataOnDestroy,
    lifecycle: zoneLifecycleOverrides(config.lifecycle),
    abortIncompleteMultipartUploadDays: config.lifecycle.abortIncompleteMultipartUploadDays,
    accessLogsExpireAfterDays: config.lifecycle.accessLogsExpireAfterDays,
    queryResultsExpireAfterDays: config.lifecycle.queryResultsExpireAfterDays,
    athenaBytesScannedCutoffPerQuery: config.athena.bytesScannedCutoffPerQuery,
    tags: { ...config.tags, "medallion-lake:stack": config.stack },
};
const lake = new DataLake("lake", lakeArgs, {
    transformations: [lakeFormationSettingsReady.waitFor(["aws:glue/catalogDatabase:CatalogDatabase"])],
});

const byZone = <T>(pick: (zone: Zone) => T): Record<Zone, T> =>
    Object.fromEntries(ZONES.map((zone) => [zone, pick(zone)])) as Record<Zone, T>;

/** Bucket name of each zone. */
export const bucketNames = byZone((zone) => lake.buckets[zone].bucket);
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

// --- Lake Formation ---
// Glue roles join `dataAccess` with glueDataAccess("<grantee>", job.roleArn, { reads, writes }) (ETL jobs)
// or { crawls } (crawlers), under the same grantee label they wait for above.
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
          dataAccess: [],
          tags: { ...config.tags, "medallion-lake:stack": config.stack },
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
const sourceTags = { ...config.tags, "medallion-lake:stack": config.stack };
const eventStreamConfig = config.sources.eventStream;
const eventStreamSpec = eventStreamConfig.enabled
    ? loadDatasetSpecs(path.join(__dirname, "datasets"), {
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
              schemaFile: path.join(__dirname, "datasets", "schemas", `${eventStreamSpec.name}.schema.json`),
              kinesisSource:
                  eventStreamConfig.kinesisStreamArn === undefined
                      ? undefined
                      : {
                            streamArn: eventStreamConfig.kinesisStreamArn,
                            keyArn: eventStreamConfig.kinesisStreamKeyArn,
                        },
              bufferingSizeMiB: eventStreamConfig.bufferingSizeMiB,
              bufferingIntervalSeconds: eventStreamConfig.bufferingIntervalSeconds,
              logRetentionDays: eventStreamConfig.logRetentionDays,
              tags: sourceTags,
          });
const postgres = config.sources.postgres.enabled
    ? new PostgresSource("transactional", {
          lake,
          accountId: config.accountId,
          region: config.region,
          ...toPostgresSourceOptions(config.sources.postgres),
          retainOnDelete: config.retainDataOnDestroy,
          tags: sourceTags,
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
