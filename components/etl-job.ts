/**
 * EtlJob: one PySpark Glue job of the lake, deployed with everything it runs and nothing more.
 *
 * - Uploads the entry script, the shared Python package (a zip given as `--extra-py-files`) and any file or
 *   folder arguments (dataset spec, gold SQL, dimension files) to the lake's artifacts bucket under keys that
 *   carry a content hash, so any code change changes the job definition and nothing stale runs.
 * - Creates the `aws.glue.Job` with explicit defaults ({@link ETL_JOB_DEFAULTS}), attached to a Glue security
 *   configuration that encrypts S3 output, CloudWatch logs and job bookmarks with the lake key.
 * - Creates a least-privilege role: read its source prefixes, write its target prefixes (and quarantine),
 *   read its own artifacts, use the lake key, catalog actions on its own databases and tables, write its own
 *   encrypted log groups. No AWS managed policy is attached.
 * - Optionally schedules the job (AWS cron) and chains it after other jobs (conditional trigger).
 *
 * Follows https://docs.aws.amazon.com/glue/latest/dg/aws-glue-programming-etl-glue-arguments.html,
 * https://docs.aws.amazon.com/glue/latest/dg/add-job.html and
 * https://docs.aws.amazon.com/glue/latest/dg/monitor-continuous-logging.html
 */
import * as path from "node:path";
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { contentHash, hashedFileName, pythonPackageFiles } from "../lib/content-hash";
import {
    bucketArn,
    catalogAccess,
    glueLogGroupAccess,
    lakeFormationDataAccess,
    putMetricData,
    readDatabaseDefinition,
    sparkPrefixAccess,
} from "../lib/glue-iam";
import { createGlueRole } from "../lib/glue-role";
import { type Statement, useKey } from "../lib/iam";
import { fitName, iamRoleName, NAME_LIMITS, type NameContext, resourceName } from "../lib/naming";
import { SPARK_EVENT_LOGS_PREFIX, type Zone } from "./data-lake";
import {
    mergeJobArguments,
    RUN_ONLY_ARGUMENTS,
    resolveEtlJobSettings,
    type SparkWorkerType,
    type SUPPORTED_GLUE_VERSIONS,
    TYPED_JOB_ARGUMENTS,
} from "./etl-job-settings";
import { GlueSecurityConfiguration } from "./glue-security-configuration";

export {
    ETL_JOB_DEFAULTS,
    ETL_JOB_LIMITS,
    type EtlJobSettings,
    FLEX_WORKER_TYPES,
    flexProblem,
    RUN_ONLY_ARGUMENTS,
    resolveEtlJobSettings,
    SPARK_WORKER_TYPES,
    type SparkWorkerType,
    SUPPORTED_GLUE_VERSIONS,
    TYPED_JOB_ARGUMENTS,
} from "./etl-job-settings";

/** Key prefix, in the artifacts bucket, of each job's uploads: `<prefix><job name>/...`. */
export const JOB_ARTIFACTS_PREFIX = "glue/jobs/";
/** Key prefix, in the artifacts bucket, of each job's `--TempDir`: `<prefix><job name>/`. */
export const JOB_TEMP_PREFIX = "glue/temp/";

/**
 * Database Spark's catalog client reads when a session starts; the role may read (never change) its
 * definition. https://docs.aws.amazon.com/glue/latest/dg/aws-glue-programming-etl-glue-data-catalog-hive.html
 */
export const SPARK_DEFAULT_DATABASE = "default";

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
}

export interface EtlJobArgs {
    /** The lake the job reads, writes and logs to. */
    lake: EtlJobLake;
    /** 12-digit account id; part of catalog and log group ARNs. */
    accountId: string;
    /** Region, e.g. `eu-west-1`; part of catalog and log group ARNs. */
    region: string;
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
     */
    defaultArguments?: Readonly<Record<string, pulumi.Input<string>>>;
    /** Prefixes the job reads. */
    reads: readonly ZonePrefix[];
    /** Prefixes the job writes (reading them too): its target and its quarantine. */
    writes: readonly ZonePrefix[];
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

/**
 * A Glue Spark job with its artifacts, role, log groups, security configuration and triggers.
 *
 * @throws Error from the constructor when an option is out of range, Flex is asked for on an unsupported
 *   worker type, the schedule is not AWS cron, a default argument collides with a typed option, or a local
 *   file is missing; the message names the option and the fix.
 */
export class EtlJob extends pulumi.ComponentResource {
    /** Physical job name, known before deployment. */
    public readonly name: string;
    /** The Glue job. */
    public readonly job: aws.glue.Job;
    /** The job's role (extend it with `aws.iam.RolePolicy` if the script needs more). */
    public readonly role: aws.iam.Role;
    /** Glue's encrypted log groups of this job (`output` and `error`). */
    public readonly logGroups: { output: aws.cloudwatch.LogGroup; error: aws.cloudwatch.LogGroup };
    /** The job name, once the job exists. */
    public readonly jobName: pulumi.Output<string>;
    /** The job ARN. */
    public readonly jobArn: pulumi.Output<string>;
    /** The role ARN. */
    public readonly roleArn: pulumi.Output<string>;
    /** `s3://` URI of the uploaded entry script. */
    public readonly scriptLocation: string;
    /** Name of the security configuration the job runs with. */
    public readonly securityConfigurationName: string;
    /** The schedule trigger, when `schedule` is set. */
    public readonly scheduleTrigger?: aws.glue.Trigger;
    /** The conditional trigger, when `runAfter` is set. */
    public readonly runAfterTrigger?: aws.glue.Trigger;

    constructor(name: string, args: EtlJobArgs, opts?: pulumi.ComponentResourceOptions) {
        super("medallion-lake:index:EtlJob", name, {}, opts);
        const settings = resolveEtlJobSettings(name, args);
        const { lake } = args;
        const target = { accountId: args.accountId, region: args.region };
        const tags = { ...args.tags };
        this.name = args.jobName ?? resourceName(lake.naming, name);
        const roleName = iamRoleName(lake.naming, name);

        if (args.securityConfiguration !== undefined && args.securityConfigurationName !== undefined) {
            throw new Error(
                `EtlJob ${name} securityConfiguration: give either securityConfiguration (of this stack) or securityConfigurationName (an existing one), not both`,
            );
        }
        const security =
            args.securityConfiguration ??
            (args.securityConfigurationName === undefined
                ? new GlueSecurityConfiguration(
                      `${name}-security`,
                      { naming: lake.naming, kmsKeyArn: lake.keyArn, name: this.name },
                      { parent: this },
                  )
                : undefined);
        this.securityConfigurationName = security?.name ?? (args.securityConfigurationName as string);
        /** The configuration's name as an input: an Output of the resource when it is in this stack. */
        const securityConfigurationInput = security?.configuration.name ?? this.securityConfigurationName;

        // --- artifacts ---
        const artifactsPrefix = `${JOB_ARTIFACTS_PREFIX}${this.name}/`;
        const tempPrefix = `${JOB_TEMP_PREFIX}${this.name}/`;
        const artifactsUri = `s3://${lake.bucketNames.artifacts}/`;
        const uploads: aws.s3.BucketObjectv2[] = [];
        const upload = (role: string, key: string, source: pulumi.asset.Asset | pulumi.asset.Archive) => {
            uploads.push(
                new aws.s3.BucketObjectv2(
                    `${name}-${role}`,
                    {
                        bucket: lake.artifactsBucket.bucket,
                        key,
                        source,
                        serverSideEncryption: "aws:kms",
                        kmsKeyId: lake.keyArn,
                        tags,
                    },
                    { parent: this },
                ),
            );
            return `${artifactsUri}${key}`;
        };

        const scriptFile = path.basename(args.script);
        const scriptKey = `${artifactsPrefix}script/${hashedFileName(scriptFile, contentHash({ [scriptFile]: args.script }))}`;
        this.scriptLocation = upload("script", scriptKey, new pulumi.asset.FileAsset(args.script));

        const generated: Record<string, pulumi.Input<string>> = {
            "--job-language": "python",
            "--enable-glue-datacatalog": "true",
            "--TempDir": `s3://${lake.bucketNames.artifacts}/${tempPrefix}`,
            "--job-bookmark-option": settings.jobBookmarks ? "job-bookmark-enable" : "job-bookmark-disable",
            "--enable-observability-metrics": String(settings.observabilityMetrics),
        };
        if (settings.metrics) generated["--enable-metrics"] = "true";
        if (settings.autoScaling) generated["--enable-auto-scaling"] = "true";
        const sparkEventLogsPrefix = `${SPARK_EVENT_LOGS_PREFIX}${this.name}/`;
        if (settings.sparkUi) {
            generated["--enable-spark-ui"] = "true";
            generated["--spark-event-logs-path"] =
                `s3://${lake.bucketNames.accessLogs}/${sparkEventLogsPrefix}`;
        }
        if (args.additionalPythonModules !== undefined && args.additionalPythonModules.length > 0) {
            generated["--additional-python-modules"] = args.additionalPythonModules.join(",");
        }
        if (args.pythonPackage !== undefined) {
            const files = { ...pythonPackageFiles(args.pythonPackage.dir), ...args.pythonPackage.extraFiles };
            const packageName = path.basename(path.resolve(args.pythonPackage.dir));
            const key = `${artifactsPrefix}lib/${packageName}-${contentHash(files)}.zip`;
            const assets = Object.fromEntries(
                Object.entries(files).map(([inZip, local]) => [inZip, new pulumi.asset.FileAsset(local)]),
            );
            generated["--extra-py-files"] = upload(
                "python-package",
                key,
                new pulumi.asset.AssetArchive(assets),
            );
        }
        for (const [argument, source] of Object.entries(args.artifactArguments ?? {})) {
            const slug = argument.replace(/^--/, "").replace(/[^A-Za-z0-9_-]+/g, "-");
            if ("file" in source) {
                const fileName = path.basename(source.file);
                const key = `${artifactsPrefix}args/${slug}/${hashedFileName(fileName, contentHash({ [fileName]: source.file }))}`;
                generated[argument] = upload(`arg-${slug}`, key, new pulumi.asset.FileAsset(source.file));
            } else {
                const folder = `${artifactsPrefix}args/${slug}-${contentHash(source.folder)}/`;
                for (const [fileName, local] of Object.entries(source.folder)) {
                    upload(
                        `arg-${slug}-${fileName}`,
                        `${folder}${fileName}`,
                        new pulumi.asset.FileAsset(local),
                    );
                }
                generated[argument] = `${artifactsUri}${folder}`;
            }
        }
        const defaultArguments = mergeJobArguments(name, generated, args);

        // --- logs ---
        const logGroupBase = glueJobLogGroupPrefix(this.securityConfigurationName, roleName);
        const logGroup = (stream: "output" | "error") =>
            new aws.cloudwatch.LogGroup(
                `${name}-logs-${stream}`,
                {
                    name: `${logGroupBase}/${stream}`,
                    retentionInDays: settings.logRetentionDays,
                    kmsKeyId: lake.keyArn,
                    tags,
                },
                { parent: this },
            );
        this.logGroups = { output: logGroup("output"), error: logGroup("error") };

        // --- role ---
        const zoneBucket = (zone: Zone) => bucketArn(args.region, lake.bucketNames[zone]);
        const spark = sparkPrefixAccess;
        const artifacts = bucketArn(args.region, lake.bucketNames.artifacts);
        const statements: Statement[] = [
            ...args.reads.flatMap((r) => spark(zoneBucket(r.zone), r.prefix, "read")),
            ...args.writes.flatMap((w) => spark(zoneBucket(w.zone), w.prefix, "write")),
            ...spark(artifacts, artifactsPrefix, "read"),
            ...spark(artifacts, tempPrefix, "write"),
            ...(settings.sparkUi
                ? spark(bucketArn(args.region, lake.bucketNames.accessLogs), sparkEventLogsPrefix, "write")
                : []),
            useKey(lake.keyArn),
            readDatabaseDefinition(target, SPARK_DEFAULT_DATABASE),
            ...(args.catalog?.read ?? []).map((c) => catalogAccess(target, c.database, "read", c.tables)),
            ...(args.catalog?.write ?? []).map((c) => catalogAccess(target, c.database, "write", c.tables)),
            glueLogGroupAccess(this.logGroups.output.arn),
            glueLogGroupAccess(this.logGroups.error.arn),
            putMetricData(settings.metricNamespaces),
            ...(settings.lakeFormationAccess ? [lakeFormationDataAccess()] : []),
        ];
        const { role, policy: rolePolicy } = createGlueRole(
            name,
            { roleName, description: `Runs the Glue job ${this.name}`, ...target, statements, tags },
            this,
        );
        this.role = role;

        // --- job ---
        this.job = new aws.glue.Job(
            `${name}-job`,
            {
                name: this.name,
                description: args.description,
                roleArn: this.role.arn,
                glueVersion: settings.glueVersion,
                command: { name: "glueetl", pythonVersion: "3", scriptLocation: this.scriptLocation },
                workerType: settings.workerType,
                numberOfWorkers: settings.numberOfWorkers,
                timeout: settings.timeoutMinutes,
                maxRetries: settings.maxRetries,
                executionProperty: { maxConcurrentRuns: settings.maxConcurrentRuns },
                jobRunQueuingEnabled: settings.jobRunQueuing,
                executionClass: settings.flex ? "FLEX" : "STANDARD",
                notificationProperty: { notifyDelayAfter: settings.notifyDelayAfterMinutes },
                securityConfiguration: securityConfigurationInput,
                connections: args.connections === undefined ? undefined : [...args.connections],
                defaultArguments,
                tags,
            },
            {
                parent: this,
                dependsOn: [rolePolicy, this.logGroups.output, this.logGroups.error, ...uploads],
            },
        );
        this.jobName = this.job.name;
        this.jobArn = this.job.arn;
        this.roleArn = this.role.arn;

        // --- triggers ---
        const triggerName = (suffix: string) => fitName(this.name, `-${suffix}`, NAME_LIMITS.glueMax);
        if (args.schedule !== undefined) {
            this.scheduleTrigger = new aws.glue.Trigger(
                `${name}-schedule`,
                {
                    name: triggerName("schedule"),
                    description: `Starts ${this.name} on ${args.schedule} (UTC)`,
                    type: "SCHEDULED",
                    schedule: args.schedule,
                    startOnCreation: true,
                    actions: [{ jobName: this.job.name }],
                    tags,
                },
                { parent: this },
            );
        }
        if (args.runAfter !== undefined) {
            const state = args.runAfter.state ?? "SUCCEEDED";
            this.runAfterTrigger = new aws.glue.Trigger(
                `${name}-run-after`,
                {
                    name: triggerName("run-after"),
                    description: `Starts ${this.name} when the jobs it follows reach ${state}`,
                    type: "CONDITIONAL",
                    startOnCreation: true,
                    predicate: {
                        logical: args.runAfter.logical ?? "AND",
                        conditions: args.runAfter.jobNames.map((jobName) => ({
                            jobName,
                            state,
                            logicalOperator: "EQUALS",
                        })),
                    },
                    actions: [{ jobName: this.job.name }],
                    tags,
                },
                { parent: this },
            );
        }

        this.registerOutputs({
            jobName: this.jobName,
            jobArn: this.jobArn,
            roleArn: this.roleArn,
            scriptLocation: this.scriptLocation,
        });
    }
}

/**
 * Prefix of the log groups Glue writes a job's logs to when its security configuration encrypts
 * CloudWatch logs: `/aws-glue/jobs/<security configuration>-role/<role name>` (followed by `/output` and
 * `/error`). https://docs.aws.amazon.com/glue/latest/dg/encryption-security-configuration.html
 */
export function glueJobLogGroupPrefix(securityConfigurationName: string, roleName: string): string {
    return `/aws-glue/jobs/${securityConfigurationName}-role/${roleName}`;
}
