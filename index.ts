/**
 * The medallion-lake Pulumi program: loads and validates the stack config, then composes the components.
 * Stack outputs are the names a user needs to land data and query the lake.
 */
import { DataLake, ZONES, type Zone } from "./components";
import { zoneLifecycleOverrides } from "./config/lake";
import { loadStackConfig } from "./config/stack-config";

const config = loadStackConfig();
const naming = { project: config.project, stack: config.stack };

const lake = new DataLake("lake", {
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
