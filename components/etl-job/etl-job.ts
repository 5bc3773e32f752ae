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
 *   encrypted log groups, and `datazone:PostLineageEvent` when its `--lineage_transport` default argument is
 *   `datazone` (lineage.ts), and list, read and create (never delete) under its `objectLedger` prefix
 *   (object-ledger.ts). No AWS managed policy is attached.
 * - Optionally schedules the job (AWS cron) and chains it after other jobs (conditional trigger).
 *
 * Follows https://docs.aws.amazon.com/glue/latest/dg/aws-glue-programming-etl-glue-arguments.html,
 * https://docs.aws.amazon.com/glue/latest/dg/add-job.html and
 * https://docs.aws.amazon.com/glue/latest/dg/monitor-continuous-logging.html
 */
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { withLakeTarget } from "../../lib/aws";
import { createGlueRole } from "../../lib/glue-role";
import { claimPhysicalNames, fitName, iamRoleName, NAME_LIMITS, resourceName } from "../../lib/naming";
import { componentSubject } from "../../lib/problems";
import { GlueSecurityConfiguration } from "../glue-security-configuration/glue-security-configuration";
import type { EtlJobArgs } from "./args";
import {
    generatedArguments,
    glueJobLogGroupPrefix,
    jobPrefixes,
    jobRoleStatements,
    planArtifacts,
} from "./plan";
import { mergeJobArguments, resolveEtlJobSettings } from "./settings";

export {
    type ArtifactSource,
    type CatalogScope,
    type EtlJobArgs,
    type EtlJobLake,
    FLEX_WORKER_TYPES,
    type JobRunState,
    SPARK_WORKER_TYPES,
    type SparkWorkerType,
    SUPPORTED_GLUE_VERSIONS,
    type ZonePrefix,
} from "./args";
export {
    DATAZONE_DOMAIN_ID,
    DATAZONE_DOMAIN_ID_EXAMPLE,
    DATAZONE_LINEAGE_TRANSPORT,
    LINEAGE_ARGUMENTS,
    postLineageEvent,
} from "./lineage";
export { OBJECT_LEDGER_PREFIX, objectLedgerAccess, objectLedgerPrefix } from "./object-ledger";
export {
    glueJobLogGroupPrefix,
    JOB_ARTIFACTS_PREFIX,
    JOB_TEMP_PREFIX,
    pythonPackageArchive,
    SPARK_DEFAULT_DATABASE,
} from "./plan";
export {
    ETL_JOB_DEFAULTS,
    ETL_JOB_LIMITS,
    type EtlJobSettings,
    flexProblem,
    RUN_ONLY_ARGUMENTS,
    resolveEtlJobSettings,
    TYPED_JOB_ARGUMENTS,
} from "./settings";

/**
 * A Glue Spark job with its artifacts, role, log groups, security configuration and triggers.
 *
 * @throws ProblemsError from the constructor, listing every problem, when an option is out of range, Flex is asked for on an unsupported
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

    constructor(name: string, input: EtlJobArgs, opts?: pulumi.ComponentResourceOptions) {
        const args = withLakeTarget(componentSubject("EtlJob", name), input);
        super("medallion-lake:index:EtlJob", name, {}, opts);
        const settings = resolveEtlJobSettings(name, args);
        const { lake } = args;
        const target = { accountId: args.accountId, region: args.region };
        const tags = { ...args.tags };
        this.name = args.jobName ?? resourceName(lake.naming, name);
        const roleName = iamRoleName(lake.naming, name);
        claimPhysicalNames(componentSubject("EtlJob", name), [
            { kind: "Glue job", name: this.name, fix: "give one of them another component name or jobName" },
            { kind: "IAM role", name: roleName },
        ]);
        const prefixes = jobPrefixes(this.name);

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
        const artifactsUri = `s3://${lake.bucketNames.artifacts}/`;
        const plan = planArtifacts(args, prefixes);
        const uploads = plan.uploads.map(
            (u) =>
                new aws.s3.BucketObjectv2(
                    `${name}-${u.role}`,
                    {
                        bucket: lake.artifactsBucket.bucket,
                        key: u.key,
                        source:
                            "file" in u.source
                                ? new pulumi.asset.FileAsset(u.source.file)
                                : zipOf(u.source.zip),
                        serverSideEncryption: "aws:kms",
                        kmsKeyId: lake.keyArn,
                        tags,
                    },
                    { parent: this },
                ),
        );
        this.scriptLocation = `${artifactsUri}${plan.scriptKey}`;
        const argumentUris = Object.fromEntries(
            Object.entries(plan.argumentKeys).map(([argument, key]) => [argument, `${artifactsUri}${key}`]),
        );
        const defaultArguments = mergeJobArguments(
            { ...generatedArguments(settings, args, prefixes), ...argumentUris },
            args.defaultArguments,
        );

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
        const statements = jobRoleStatements(settings, args, prefixes, [
            this.logGroups.output.arn,
            this.logGroups.error.arn,
        ]);
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

/** A zip archive of `files` (path inside the zip -> local path). */
function zipOf(files: Readonly<Record<string, string>>): pulumi.asset.AssetArchive {
    return new pulumi.asset.AssetArchive(
        Object.fromEntries(
            Object.entries(files).map(([inZip, local]) => [inZip, new pulumi.asset.FileAsset(local)]),
        ),
    );
}
