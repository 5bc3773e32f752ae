/**
 * Pure planning of an EtlJob: the S3 keys of its artifacts (content-hashed), the job arguments it
 * generates, and the statements of its role. No resource is created here.
 */
import * as path from "node:path";
import type * as pulumi from "@pulumi/pulumi";
import type { AwsTarget, WithTarget } from "../../lib/aws";
import {
    bucketArn,
    glueLogGroupAccess,
    icebergCatalogAccess,
    lakeFormationDataAccess,
    putMetricData,
    readDatabaseDefinition,
    sparkPrefixAccess,
} from "../../lib/glue-iam";
import { ICEBERG_CATALOG } from "../../lib/glue-job-contract";
import { type Statement, useKey } from "../../lib/iam";
import { SPARK_EVENT_LOGS_PREFIX, type Zone } from "../../lib/lake-layout";
import type { EtlJobArgs, EtlJobLake } from "./args";
import { contentHash, hashedFileName, pythonPackageFiles } from "./content-hash";
import { lineageStatements } from "./lineage";
import { objectLedgerStatements } from "./object-ledger";
import type { EtlJobSettings } from "./settings";

/** Key prefix, in the artifacts bucket, of each job's uploads: `<prefix><job name>/...`. */
export const JOB_ARTIFACTS_PREFIX = "glue/jobs/";
/** Key prefix, in the artifacts bucket, of each job's `--TempDir`: `<prefix><job name>/`. */
export const JOB_TEMP_PREFIX = "glue/temp/";

/**
 * Database Spark's catalog client reads when a session starts; the role may read (never change) its
 * definition. https://docs.aws.amazon.com/glue/latest/dg/aws-glue-programming-etl-glue-data-catalog-hive.html
 */
export const SPARK_DEFAULT_DATABASE = "default";

/** The prefixes one job owns, from its physical name. */
export interface JobPrefixes {
    /** In the artifacts bucket: everything uploaded for the job. */
    artifacts: string;
    /** In the artifacts bucket: the job's `--TempDir`. */
    temp: string;
    /** In the access-logs bucket: Spark UI event logs. */
    sparkEventLogs: string;
}

/** The prefixes of the job named `jobName`. */
export function jobPrefixes(jobName: string): JobPrefixes {
    return {
        artifacts: `${JOB_ARTIFACTS_PREFIX}${jobName}/`,
        temp: `${JOB_TEMP_PREFIX}${jobName}/`,
        sparkEventLogs: `${SPARK_EVENT_LOGS_PREFIX}${jobName}/`,
    };
}

/** One object to upload: a file, or a zip of files (path inside the zip -> local path). */
export interface PlannedUpload {
    /** Suffix of the child resource name (`<component>-<role>`). */
    role: string;
    /** Key in the artifacts bucket. */
    key: string;
    source: { file: string } | { zip: Readonly<Record<string, string>> };
}

/** What a job uploads, and the job arguments that point at the uploads. */
export interface ArtifactPlan {
    uploads: PlannedUpload[];
    /** Key of the entry script. */
    scriptKey: string;
    /** Argument -> key (a file) or key prefix ending in `/` (a folder); `--extra-py-files` for the package. */
    argumentKeys: Record<string, string>;
}

/**
 * The files of the job's Python package zip: every file of `pythonPackage.dir`, subpackages included (see
 * {@link pythonPackageFiles}), plus `extraFiles`.
 */
export function pythonPackageArchive(
    pythonPackage: NonNullable<EtlJobArgs["pythonPackage"]>,
): Record<string, string> {
    return { ...pythonPackageFiles(pythonPackage.dir), ...pythonPackage.extraFiles };
}

/** Plans the uploads of the entry script, the Python package and the artifact arguments. */
export function planArtifacts(args: EtlJobArgs, prefixes: JobPrefixes): ArtifactPlan {
    const uploads: PlannedUpload[] = [];
    const argumentKeys: Record<string, string> = {};
    const scriptFile = path.basename(args.script);
    const scriptKey = `${prefixes.artifacts}script/${hashedFileName(scriptFile, contentHash({ [scriptFile]: args.script }))}`;
    uploads.push({ role: "script", key: scriptKey, source: { file: args.script } });
    if (args.pythonPackage !== undefined) {
        const files = pythonPackageArchive(args.pythonPackage);
        const packageName = path.basename(path.resolve(args.pythonPackage.dir));
        const key = `${prefixes.artifacts}lib/${packageName}-${contentHash(files)}.zip`;
        uploads.push({ role: "python-package", key, source: { zip: files } });
        argumentKeys["--extra-py-files"] = key;
    }
    for (const [argument, source] of Object.entries(args.artifactArguments ?? {})) {
        const slug = argument.replace(/^--/, "").replace(/[^A-Za-z0-9_-]+/g, "-");
        if ("file" in source) {
            const fileName = path.basename(source.file);
            const key = `${prefixes.artifacts}args/${slug}/${hashedFileName(fileName, contentHash({ [fileName]: source.file }))}`;
            uploads.push({ role: `arg-${slug}`, key, source: { file: source.file } });
            argumentKeys[argument] = key;
        } else {
            const folder = `${prefixes.artifacts}args/${slug}-${contentHash(source.folder)}/`;
            for (const [fileName, local] of Object.entries(source.folder)) {
                uploads.push({
                    role: `arg-${slug}-${fileName}`,
                    key: `${folder}${fileName}`,
                    source: { file: local },
                });
            }
            argumentKeys[argument] = folder;
        }
    }
    return { uploads, scriptKey, argumentKeys };
}

/**
 * The Spark settings that make {@link ICEBERG_CATALOG} (`glue_catalog`) an Apache Iceberg catalog backed by
 * the Glue Data Catalog, with S3FileIO, as one `--conf` value: Glue takes a single `--conf` key, so the
 * settings are joined with ` --conf `.
 * https://docs.aws.amazon.com/glue/latest/dg/aws-glue-programming-etl-format-iceberg.html
 *
 * @param warehouseUri - `s3://<bucket>/`, where tables created without a location go.
 */
export function icebergSparkConf(warehouseUri: string): string {
    const catalog = `spark.sql.catalog.${ICEBERG_CATALOG}`;
    return [
        "spark.sql.extensions=org.apache.iceberg.spark.extensions.IcebergSparkSessionExtensions",
        `${catalog}=org.apache.iceberg.spark.SparkCatalog`,
        `${catalog}.warehouse=${warehouseUri}`,
        `${catalog}.catalog-impl=org.apache.iceberg.aws.glue.GlueCatalog`,
        `${catalog}.io-impl=org.apache.iceberg.aws.s3.S3FileIO`,
    ].join(" --conf ");
}

/**
 * The Iceberg warehouse of a job: the bucket of its output zone, the zone of its first `writes` entry
 * (its target; `resolveEtlJobSettings` refuses an empty `writes`), e.g. `s3://<silver bucket>/`.
 */
export function icebergWarehouseUri(args: EtlJobArgs): string {
    const output = args.writes[0];
    if (output === undefined) throw new Error("EtlJob: writes is empty; the Iceberg warehouse needs a zone");
    return `s3://${args.lake.bucketNames[output.zone]}/`;
}

/** The Glue arguments the typed options stand for (see `TYPED_JOB_ARGUMENTS`). */
export function generatedArguments(
    settings: EtlJobSettings,
    args: EtlJobArgs,
    prefixes: JobPrefixes,
): Record<string, string> {
    const { bucketNames } = args.lake;
    const generated: Record<string, string> = {
        "--job-language": "python",
        "--enable-glue-datacatalog": "true",
        "--datalake-formats": "iceberg",
        "--conf": icebergSparkConf(icebergWarehouseUri(args)),
        "--TempDir": `s3://${bucketNames.artifacts}/${prefixes.temp}`,
        "--job-bookmark-option": settings.jobBookmarks ? "job-bookmark-enable" : "job-bookmark-disable",
        "--enable-observability-metrics": String(settings.observabilityMetrics),
    };
    if (settings.metrics) generated["--enable-metrics"] = "true";
    if (settings.autoScaling) generated["--enable-auto-scaling"] = "true";
    if (settings.sparkUi) {
        generated["--enable-spark-ui"] = "true";
        generated["--spark-event-logs-path"] = `s3://${bucketNames.accessLogs}/${prefixes.sparkEventLogs}`;
    }
    if (args.additionalPythonModules !== undefined && args.additionalPythonModules.length > 0) {
        generated["--additional-python-modules"] = args.additionalPythonModules.join(",");
    }
    return generated;
}

/**
 * The least-privilege statements of the job's role: its prefixes, its artifacts and temp prefix, the lake
 * key, its catalog scopes (as Iceberg's Glue catalog uses them), its two log groups, its metric namespaces,
 * its object ledger ({@link objectLedgerStatements}) and what its lineage transport calls
 * ({@link lineageStatements}).
 */
export function jobRoleStatements(
    settings: EtlJobSettings,
    args: WithTarget<EtlJobArgs>,
    prefixes: JobPrefixes,
    logGroupArns: readonly pulumi.Input<string>[],
): Statement[] {
    const lake: EtlJobLake = args.lake;
    const target: AwsTarget = { accountId: args.accountId, region: args.region };
    const zoneBucket = (zone: Zone) => bucketArn(args.region, lake.bucketNames[zone]);
    const spark = sparkPrefixAccess;
    const artifacts = bucketArn(args.region, lake.bucketNames.artifacts);
    return [
        ...args.reads.flatMap((r) => spark(zoneBucket(r.zone), r.prefix, "read")),
        ...args.writes.flatMap((w) => spark(zoneBucket(w.zone), w.prefix, "write")),
        ...objectLedgerStatements(args),
        ...spark(artifacts, prefixes.artifacts, "read"),
        ...spark(artifacts, prefixes.temp, "write"),
        ...(settings.sparkUi
            ? spark(bucketArn(args.region, lake.bucketNames.accessLogs), prefixes.sparkEventLogs, "write")
            : []),
        useKey(lake.keyArn),
        readDatabaseDefinition(target, SPARK_DEFAULT_DATABASE),
        ...(args.catalog?.read ?? []).map((c) => icebergCatalogAccess(target, c.database, "read", c.tables)),
        ...(args.catalog?.write ?? []).map((c) =>
            icebergCatalogAccess(target, c.database, "write", c.tables),
        ),
        ...logGroupArns.map((arn) => glueLogGroupAccess(arn)),
        putMetricData(settings.metricNamespaces),
        ...(settings.lakeFormationAccess ? [lakeFormationDataAccess()] : []),
        ...lineageStatements(args),
    ];
}

/**
 * Prefix of the log groups Glue writes a job's logs to when its security configuration encrypts
 * CloudWatch logs: `/aws-glue/jobs/<security configuration>-role/<role name>` (followed by `/output` and
 * `/error`). https://docs.aws.amazon.com/glue/latest/dg/encryption-security-configuration.html
 */
export function glueJobLogGroupPrefix(securityConfigurationName: string, roleName: string): string {
    return `/aws-glue/jobs/${securityConfigurationName}-role/${roleName}`;
}
