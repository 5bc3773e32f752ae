/**
 * DatasetPipeline: one dataset of the lake from its spec, bronze to gold.
 *
 * From a dataset spec and a {@link DataLake} it builds:
 * - the bronze crawler (a {@link GlueCrawlerSet} with one crawler on `bronze.prefix` and the classifier of
 *   `bronze.format`), unless `crawler` is `false`;
 * - the `bronze_to_silver` {@link EtlJob}: the shipped script, Python package (with the spec schema inside,
 *   so the job never misses it), pins and spec upload, with job run queuing for its trigger route;
 * - the `silver_to_gold` EtlJob chained after it, when the spec has gold tables (gold SQL and dimension
 *   files uploaded);
 * - its trigger route ({@link DatasetPipeline.route}, which `TriggerLambda` takes);
 * - the Lake Formation grants its roles need ({@link DatasetPipeline.dataAccess} and
 *   {@link DatasetPipeline.databaseDescribes}, which `LakeFormationAdmin` creates); its crawler and jobs
 *   wait for them through `grantsReady`.
 *
 * Job arguments come from the job contract (`glue/medallion_glue/runtime/job_arguments.json`). Follows
 * https://docs.aws.amazon.com/glue/latest/dg/aws-glue-programming-etl-glue-arguments.html and
 * https://docs.aws.amazon.com/lake-formation/latest/dg/granting-catalog-permissions.html
 */
import * as path from "node:path";
import * as pulumi from "@pulumi/pulumi";
import { jobArguments } from "../../lib/glue-job-contract";
import type { NameContext } from "../../lib/naming";
import {
    csvFormatDefaults,
    type DatasetSpec,
    dimensionFile,
    goldSqlFiles,
    type LoadedDatasetSpec,
    loadDatasetSpecFile,
} from "../../spec/dataset-specs";
import { QUARANTINE_PREFIX } from "../data-lake/data-lake";
import { DataQuality, qualityJobArguments } from "../data-quality/data-quality";
import type { ArtifactSource, EtlJobArgs } from "../etl-job/args";
import { EtlJob, SPARK_DEFAULT_DATABASE } from "../etl-job/etl-job";
import { requirementPins } from "../etl-job/python-requirements";
import { classifierForFormat, GlueCrawlerSet } from "../glue-crawler-set/glue-crawler-set";
import { glueDataAccess, zoneCatalogUse } from "../lake-formation-admin/grants";
import type { DataAccessGrant, DatabaseDescribeGrant } from "../lake-formation-admin/lake-formation-admin";
import type { OptimizedTable } from "../table-optimizers/table-optimizers";
import type { TriggerRoute } from "../trigger-lambda/routes";
import { TRIGGER_ROUTED_JOB_RUN_QUEUING } from "../trigger-lambda/trigger-lambda";
import type { DatasetPipelineArgs } from "./args";
import {
    PACKAGED_SPEC_SCHEMA,
    PIPELINE_PYTHON_MODULES,
    type PipelineCode,
    shippedPipelineCode,
} from "./shipped-code";

export type { DatasetPipelineArgs, PipelineCrawlerSettings, PipelineJobSettings, PipelineLake } from "./args";
export {
    PACKAGED_SPEC_SCHEMA,
    PIPELINE_PYTHON_MODULES,
    type PipelineCode,
    shippedPipelineCode,
} from "./shipped-code";

/** The scripts' argument names, from the job contract. */
const SILVER_ARGS = jobArguments("bronze_to_silver");
const GOLD_ARGS = jobArguments("silver_to_gold");

/** The Lake Formation grantee label of a pipeline's crawler (`crawler-<pipeline name>`). */
export function crawlerGrantee(pipelineName: string): string {
    return `crawler-${pipelineName}`;
}

/** The Lake Formation grantee label of a job (`job-<job component name>`). */
export function jobGrantee(jobName: string): string {
    return `job-${jobName}`;
}

/**
 * One dataset, bronze to gold; see the module docs.
 *
 * Child names start with the pipeline's name: `<name>-crawler` (crawler `<name>-crawler-bronze`),
 * `<name>-bronze-to-silver` and `<name>-silver-to-gold`. Name the pipeline after its dataset.
 *
 * @throws DatasetSpecError when `spec` is a path and the file is not a valid spec, or a gold table has no
 *   `<table>.sql` in `code.goldSqlDir` (naming `gold.tables[i].name`).
 * @throws ProblemsError from the EtlJobs and the crawler set when a setting is out of range.
 */
export class DatasetPipeline extends pulumi.ComponentResource {
    /** The validated spec. */
    public readonly spec: DatasetSpec;
    /** The spec file the jobs receive. */
    public readonly specFile: string;
    /** The bronze crawler set (one crawler, `bronze`); undefined when `crawler` is `false`. */
    public readonly crawler?: GlueCrawlerSet;
    /** Physical name of the bronze crawler; undefined without a crawler. */
    public readonly crawlerName?: string;
    /** The bronze_to_silver job. */
    public readonly bronzeToSilver: EtlJob;
    /** The silver_to_gold job; undefined when the spec has no gold table. */
    public readonly silverToGold?: EtlJob;
    /** The gold tables the pipeline builds, in the spec's order. */
    public readonly goldTables: readonly string[];
    /** The route that starts bronze_to_silver when an object lands (`TriggerLambda` `routes`). */
    public readonly route: TriggerRoute;
    /** The Lake Formation data access its crawler and jobs need (`LakeFormationAdmin` `dataAccess`). */
    public readonly dataAccess: readonly DataAccessGrant[];
    /** DESCRIBE on Spark's `default` database for its job roles, in Lake Formation mode (`databaseDescribes`). */
    public readonly databaseDescribes: readonly DatabaseDescribeGrant[];
    /** Its silver table and gold tables, for `TableOptimizers` `tables`. */
    public readonly optimizedTables: readonly OptimizedTable[];
    /** The quality ruleset and alarm, once {@link monitorQuality} ran. */
    public quality?: DataQuality;
    private readonly pipelineName: string;
    private readonly naming: NameContext;
    private readonly silverDatabase: string;
    private readonly tags?: Record<string, string>;

    constructor(name: string, args: DatasetPipelineArgs, opts?: pulumi.ComponentResourceOptions) {
        const loaded = loadedSpec(args);
        const code: PipelineCode = { ...shippedPipelineCode(), ...args.code };
        // Checked before any resource is registered: a missing SQL file names the gold table.
        const goldSql = goldSqlFiles(loaded, code.goldSqlDir);
        super("medallion-lake:index:DatasetPipeline", name, {}, opts);
        const { lake, jobs, tags } = args;
        const { spec } = loaded;
        this.spec = spec;
        this.specFile = loaded.file;
        this.pipelineName = name;
        this.silverDatabase = lake.databaseNames.silver;
        const dataAccess: DataAccessGrant[] = [];
        const databaseDescribes: DatabaseDescribeGrant[] = [];
        const target = { accountId: lake.accountId, region: lake.region };
        const underLakeFormation = jobs.lakeFormationAccess ?? false;
        const waitFor = (grantee: string) =>
            args.grantsReady ? { transformations: [args.grantsReady.waitFor(grantee)] } : {};

        if (args.crawler !== false) {
            const crawls = [{ zone: "bronze" as const, prefix: spec.bronze.prefix }];
            const classifier = classifierForFormat(
                spec.bronze.format.type,
                spec.bronze.format,
                csvFormatDefaults(code.specSchemaFile),
            );
            const grantee = crawlerGrantee(name);
            this.crawler = new GlueCrawlerSet(
                `${name}-crawler`,
                {
                    lake,
                    ...target,
                    databaseName: lake.databaseNames.bronze,
                    securityConfiguration: jobs.securityConfiguration,
                    useLakeFormationCredentials: underLakeFormation,
                    logRetentionDays: args.crawler?.logRetentionDays,
                    crawlers: {
                        bronze: {
                            target: { kind: "zone", zone: "bronze", prefixes: [spec.bronze.prefix] },
                            description: `Bronze objects of the ${spec.name} dataset`,
                            classifiers: classifier === undefined ? [] : [classifier],
                            schedule: args.crawler?.schedule,
                        },
                    },
                    tags,
                },
                { parent: this, ...waitFor(grantee) },
            );
            this.crawlerName = this.crawler.crawlerNames.bronze;
            // The crawler reads the objects it crawls: read and crawl grants on bronze.
            dataAccess.push(...glueDataAccess(grantee, this.crawler.roleArn, { reads: crawls, crawls }));
        }

        const job = (jobName: string, jobArgs: JobSpecificArgs): EtlJob => {
            const grantee = jobGrantee(jobName);
            const created = new EtlJob(
                jobName,
                {
                    lake,
                    ...target,
                    pythonPackage: {
                        dir: code.pythonPackageDir,
                        extraFiles: { [PACKAGED_SPEC_SCHEMA]: code.specSchemaFile },
                    },
                    additionalPythonModules: requirementPins(code.requirementsFile, PIPELINE_PYTHON_MODULES),
                    securityConfiguration: jobs.securityConfiguration,
                    lakeFormationAccess: underLakeFormation,
                    workerType: jobs.workerType,
                    numberOfWorkers: jobs.numberOfWorkers,
                    timeoutMinutes: jobs.timeoutMinutes,
                    maxRetries: jobs.maxRetries,
                    flex: jobs.flex,
                    autoScaling: jobs.autoScaling,
                    sparkUi: jobs.sparkUi,
                    logRetentionDays: jobs.logRetentionDays,
                    glueVersion: jobs.glueVersion,
                    tags,
                    ...jobArgs,
                },
                { parent: this, ...waitFor(grantee) },
            );
            dataAccess.push(
                ...glueDataAccess(grantee, created.roleArn, {
                    reads: jobArgs.reads,
                    writes: jobArgs.writes,
                    catalog: zoneCatalogUse(lake.databaseNames, jobArgs.catalog),
                }),
            );
            if (underLakeFormation) {
                // Spark opens `default` when its session starts (the job's IAM allows glue:GetDatabase on it).
                databaseDescribes.push({
                    grantee,
                    principalArn: created.roleArn,
                    database: SPARK_DEFAULT_DATABASE,
                });
            }
            return created;
        };

        const silverTable = `${spec.silver.table}/`;
        this.bronzeToSilver = job(`${name}-bronze-to-silver`, {
            description: `${spec.name}: new bronze objects to the silver table ${spec.silver.table}`,
            script: code.bronzeToSilverScript,
            artifactArguments: { [SILVER_ARGS.dataset_spec_uri]: { file: loaded.file } },
            defaultArguments: {
                [SILVER_ARGS.bronze_uri]: `s3://${lake.bucketNames.bronze}/${spec.bronze.prefix}`,
                [SILVER_ARGS.silver_uri]: `s3://${lake.bucketNames.silver}/`,
                [SILVER_ARGS.quarantine_uri]: `s3://${lake.bucketNames.silver}/${QUARANTINE_PREFIX}`,
                [SILVER_ARGS.silver_database]: lake.databaseNames.silver,
                ...jobs.extraArguments,
                ...qualityJobArguments(spec),
            },
            reads: [{ zone: "bronze", prefix: spec.bronze.prefix }],
            writes: [
                { zone: "silver", prefix: silverTable },
                { zone: "silver", prefix: `${QUARANTINE_PREFIX}${spec.name}/` },
            ],
            catalog: { write: [{ database: lake.databaseNames.silver, tables: [spec.silver.table] }] },
            // Its own bookmark of listed bronze objects, in the silver bucket (docs/etl.md "The object ledger").
            objectLedger: { zone: "silver", dataset: spec.name },
            schedule: jobs.schedule,
            // The trigger routes to this job: busy starts fail and SQS redelivers them (docs/trigger.md).
            jobRunQueuing: TRIGGER_ROUTED_JOB_RUN_QUEUING,
        });

        this.goldTables = (spec.gold?.tables ?? []).map((table) => table.name);
        if (this.goldTables.length > 0) {
            const datasetsDir = args.datasetsDir ?? path.dirname(loaded.file);
            const dimensions = spec.dimensions ?? [];
            const artifacts: Record<string, ArtifactSource> = {
                [GOLD_ARGS.dataset_spec_uri]: { file: loaded.file },
                [GOLD_ARGS.gold_sql_uri]: { folder: goldSql },
            };
            if (dimensions.length > 0) {
                artifacts[GOLD_ARGS.dimensions_uri] = {
                    folder: Object.fromEntries(
                        dimensions.map((d) => [d.file, dimensionFile(datasetsDir, d)]),
                    ),
                };
            }
            this.silverToGold = job(`${name}-silver-to-gold`, {
                description: `${spec.name}: the silver table ${spec.silver.table} to gold tables ${this.goldTables.join(", ")}`,
                script: code.silverToGoldScript,
                artifactArguments: artifacts,
                defaultArguments: {
                    [GOLD_ARGS.silver_database]: lake.databaseNames.silver,
                    [GOLD_ARGS.gold_database]: lake.databaseNames.gold,
                    [GOLD_ARGS.gold_uri]: `s3://${lake.bucketNames.gold}/`,
                    ...jobs.extraArguments,
                },
                reads: [{ zone: "silver", prefix: silverTable }],
                writes: this.goldTables.map((table) => ({ zone: "gold" as const, prefix: `${table}/` })),
                catalog: {
                    read: [{ database: lake.databaseNames.silver, tables: [spec.silver.table] }],
                    write: [{ database: lake.databaseNames.gold, tables: [...this.goldTables] }],
                },
                runAfter: { jobNames: [this.bronzeToSilver.jobName] },
            });
        }

        this.route = {
            dataset: spec.name,
            prefix: spec.bronze.prefix,
            suffix: spec.bronze.suffix,
            jobName: this.bronzeToSilver.jobName,
            jobArn: this.bronzeToSilver.jobArn,
        };
        this.dataAccess = dataAccess;
        this.databaseDescribes = databaseDescribes;
        this.optimizedTables = [
            { zone: "silver", table: spec.silver.table },
            ...this.goldTables.map((table) => ({ zone: "gold" as const, table })),
        ];
        this.naming = lake.naming;
        this.tags = tags;
        this.registerOutputs({ bronzeToSilverJob: this.bronzeToSilver.jobName });
    }

    /**
     * Deploys the spec's `quality:` rules: the DQDL ruleset on its silver table and the `QualityFailed` alarm
     * into `alarmTopicArn` (a {@link DataQuality} named `<pipeline name>-quality`, a child of the pipeline;
     * it creates nothing when the spec has no rules). Call it once, e.g. with the TriggerLambda's alarm topic.
     * @throws Error when called twice.
     */
    monitorQuality(alarmTopicArn: pulumi.Input<string>): DataQuality {
        if (this.quality !== undefined) {
            throw new Error(
                `DatasetPipeline ${this.spec.name}: monitorQuality was already called; call it once.`,
            );
        }
        this.quality = new DataQuality(
            `${this.pipelineName}-quality`,
            {
                naming: this.naming,
                spec: this.spec,
                silverDatabase: this.silverDatabase,
                alarmTopicArn,
                tags: this.tags,
            },
            { parent: this },
        );
        return this.quality;
    }
}

/** The per-job EtlJob arguments a pipeline sets (the rest are shared). */
type JobSpecificArgs = Pick<
    EtlJobArgs,
    | "description"
    | "script"
    | "artifactArguments"
    | "defaultArguments"
    | "reads"
    | "writes"
    | "catalog"
    | "schedule"
    | "jobRunQueuing"
    | "runAfter"
    | "objectLedger"
> &
    Required<Pick<EtlJobArgs, "reads" | "writes">>;

/** The loaded spec of the args: loads and validates a path against the shipped (or given) schema. */
function loadedSpec(args: DatasetPipelineArgs): LoadedDatasetSpec {
    if (typeof args.spec !== "string") return args.spec;
    return loadDatasetSpecFile(args.spec, args.code?.specSchemaFile ?? shippedPipelineCode().specSchemaFile);
}
