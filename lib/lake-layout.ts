/**
 * The lake's layout that every component shares: its zones, in data-flow order, and the key prefixes the
 * components agree on (quarantine, access logs, Athena results, Spark event logs).
 */
import { ATHENA_MIN_BYTES_SCANNED_CUTOFF, ZONE_TAG_KEY } from "../policies/shared-constants";

// Defined with the policy pack, which checks them and must stand alone in the published package.
export { ATHENA_MIN_BYTES_SCANNED_CUTOFF, ZONE_TAG_KEY };

/** The lake's zones, in the order data flows through them. */
export const ZONES = ["bronze", "silver", "gold"] as const;
/** A zone of the medallion lake. */
export type Zone = (typeof ZONES)[number];
/**
 * The zones whose tables the ETL jobs create on their first run and own, as Apache Iceberg tables: no
 * crawler catalogs them, and Lake Formation grants on them use the database's table wildcard.
 */
export const JOB_OWNED_ZONES = ["silver", "gold"] as const satisfies readonly Zone[];

/** Key prefix, in the query-results bucket, where the Athena workgroup writes query results. */
export const ATHENA_RESULTS_PREFIX = "results/";
/** Key prefix of S3 server access logs in the logs bucket; each bucket logs under `<prefix><bucket>/`. */
export const ACCESS_LOGS_PREFIX = "s3-access-logs/";
/** Key prefix, in the silver bucket, where rejected rows are quarantined with their reason. */
export const QUARANTINE_PREFIX = "_quarantine/";
/** Key prefix, in the access-logs bucket, where Glue jobs write Spark UI event logs when the Spark UI is on. */
export const SPARK_EVENT_LOGS_PREFIX = "spark-event-logs/";
