/**
 * PostgresSource: the seed's transactional source, rebuilt for production, and its incremental ingestion
 * into bronze.
 *
 * - Network (source-network.ts): an `awsx.ec2.Vpc` with isolated subnets and no NAT gateway by default,
 *   an S3 gateway endpoint, the interface endpoints the simulator and Glue call AWS through, each with a
 *   policy naming the lake's resources they use (endpoint-policies.ts), and one security group per side
 *   with only the rules that side needs.
 * - Database (source-database.ts): RDS for PostgreSQL on a free-tier instance class, not publicly
 *   accessible, storage encrypted with the lake key, TLS required, IAM database authentication, master
 *   password managed by RDS in Secrets Manager, automated backups, deletion protection when data is retained.
 * - Simulator (simulator-function.ts): the `lambdas/simulator` Lambda in the VPC, its environment encrypted
 *   with the lake key, run by an EventBridge Scheduler schedule every 2 minutes; it creates `random_data` if
 *   missing and inserts random rows.
 * - A Glue JDBC connection (SSL enforced, credentials from the RDS secret, placed in the first subnet) and
 *   the `glue/jobs/jdbc_to_bronze.py` job as an {@link EtlJob}: job bookmarks keyed on `change_seq` (new
 *   on every insert, update and soft delete), hourly at minute 0, at most one run at a time, Parquet in
 *   `bronze/<prefix><table>/year=YYYY/month=M/`, OpenLineage arguments from the program.
 * - When the lake has catalog databases: a JDBC crawler ({@link GlueCrawlerSet}, on demand) that catalogs
 *   the source table through the same connection into the bronze database, as the seed's blueprint did.
 *
 * Follows https://docs.aws.amazon.com/glue/latest/dg/connection-properties.html#connection-properties-jdbc,
 * https://docs.aws.amazon.com/glue/latest/dg/programming-etl-connect-bookmarks.html and
 * https://docs.aws.amazon.com/glue/latest/dg/define-crawler.html (JDBC data stores: `database/schema/table`)
 */
import * as path from "node:path";
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { bundledLambdaArchive, packageRoot } from "../../lambdas/code";
import { withLakeTarget } from "../../lib/aws";
import { glueVpcNetworkInterfaces, readConnection } from "../../lib/glue-iam";
import { jobArguments } from "../../lib/glue-job-contract";
import { policyDocument } from "../../lib/iam";
import { decryptThroughService } from "../../lib/kms-access";
import { resourceName } from "../../lib/naming";
import { componentSubject } from "../../lib/problems";
import { QUARANTINE_PREFIX } from "../data-lake/data-lake";
import { EtlJob } from "../etl-job/etl-job";
import { SPARK_DEFAULT_DATABASE } from "../etl-job/plan";
import { ETL_JOB_DEFAULTS } from "../etl-job/settings";
import { GlueCrawlerSet } from "../glue-crawler-set/glue-crawler-set";
import type { PostgresSourceArgs } from "./args";
import { sourceEndpointPolicies } from "./endpoint-policies";
import { readSecret } from "./iam";
import { ingestionLineageArguments } from "./lineage-arguments";
import { INGESTION_MAX_CONCURRENT_RUNS, resolvePostgresSourceSettings, SOURCE_TABLE } from "./settings";
import { createSimulatorFunction, type SimulatorFunction } from "./simulator-function";
import { createSourceDatabase, type SourceDatabase } from "./source-database";
import { createSourceEndpoints, createSourceNetwork, type SourceNetwork } from "./source-network";

/** The ingestion script's argument names, from the job contract (glue/medallion_glue/runtime/job_arguments.json). */
const JDBC_ARGS = jobArguments("jdbc_to_bronze");

export type { PostgresSourceArgs } from "./args";
export { INGESTION_LINEAGE_ARGUMENTS } from "./lineage-arguments";
export {
    INGESTION_MAX_CONCURRENT_RUNS,
    MIN_SIMULATOR_TIMEOUT_SECONDS,
    POSTGRES_SOURCE_DEFAULTS,
    type PostgresSourceOptions,
    type PostgresSourceSettings,
    RDS_POSTGRES_LOG_EXPORTS,
    RDS_POSTGRES_PORT_RANGE,
    resolvePostgresSourceSettings,
    SOURCE_TABLE,
} from "./settings";

/**
 * The transactional PostgreSQL source and its ingestion job.
 *
 * @throws Error from the constructor when a setting is out of range or malformed (a CIDR, a window, a
 *   schedule, a name); the message names the setting (`network.cidrBlock`, `simulator.schedule`...) and the fix.
 */
export class PostgresSource extends pulumi.ComponentResource {
    /** VPC, subnets, endpoints and security groups. */
    public readonly network: SourceNetwork;
    /** The RDS instance and what it needs. */
    public readonly database: SourceDatabase;
    /** The simulator Lambda, its schedule and dead-letter queue. */
    public readonly simulator: SimulatorFunction;
    /** The Glue JDBC connection to the database. */
    public readonly connection: aws.glue.Connection;
    /** The incremental ingestion job (jdbc_to_bronze). */
    public readonly ingestion: EtlJob;
    /** Physical connection name, known before deployment. */
    public readonly connectionName: string;
    /** Where ingested tables land: `s3://<bronze>/<prefix>` (each table under `<table>/`). */
    public readonly bronzeUri: string;
    /**
     * The JDBC crawler of the source table (`<database>/public/random_data`) into the lake's bronze
     * database; undefined when the lake has no `databaseNames`.
     */
    public readonly crawler?: GlueCrawlerSet;

    constructor(name: string, input: PostgresSourceArgs, opts?: pulumi.ComponentResourceOptions) {
        const args = withLakeTarget(componentSubject("PostgresSource", name), input);
        super("medallion-lake:index:PostgresSource", name, {}, opts);
        const settings = resolvePostgresSourceSettings(name, args);
        const lineageArguments = ingestionLineageArguments(name, args.lineageArguments);
        const { lake } = args;
        const tags = { ...args.tags };
        const target = { accountId: args.accountId, region: args.region };
        const root = packageRoot();

        const { interfaceEndpoints, ...vpcSettings } = settings.network;
        const vpc = createSourceNetwork(
            name,
            {
                naming: lake.naming,
                region: args.region,
                ...vpcSettings,
                databasePort: settings.database.port,
                tags,
            },
            this,
        );
        const sg = vpc.securityGroups;

        this.database = createSourceDatabase(
            name,
            {
                naming: lake.naming,
                settings: settings.database,
                subnetIds: vpc.subnetIds,
                securityGroupId: sg.database.id,
                kmsKeyArn: lake.keyArn,
                retainOnDelete: settings.retainOnDelete,
                tags,
            },
            this,
        );
        const db = this.database.instance;

        this.simulator = createSimulatorFunction(
            name,
            {
                naming: lake.naming,
                target,
                settings: settings.simulator,
                code:
                    args.simulatorCode ??
                    bundledLambdaArchive(
                        path.join(root, "lambdas", "simulator", "handler.ts"),
                        path.join(root, ".cache", "lambdas", `${name}-simulator`),
                    ),
                environment: {
                    DB_HOST: db.address,
                    DB_PORT: db.port.apply(String),
                    DB_NAME: settings.database.databaseName,
                    DB_SECRET_ARN: this.database.secretArn,
                    ROWS_PER_RUN: String(settings.simulator.rowsPerRun),
                },
                vpcId: vpc.vpcId,
                subnetIds: vpc.subnetIds,
                securityGroupId: sg.simulator.id,
                kmsKeyArn: lake.keyArn,
                tags,
            },
            this,
        );

        this.connectionName = resourceName(lake.naming, `${name}-postgres`);
        this.connection = new aws.glue.Connection(
            `${name}-connection`,
            {
                name: this.connectionName,
                description: `JDBC (TLS) to ${this.database.identifier}; credentials from its RDS-managed secret`,
                connectionType: "JDBC",
                connectionProperties: {
                    JDBC_CONNECTION_URL: pulumi.interpolate`jdbc:postgresql://${db.address}:${db.port}/${settings.database.databaseName}`,
                    JDBC_ENFORCE_SSL: "true",
                    SECRET_ID: this.database.secretArn,
                },
                physicalConnectionRequirements: {
                    subnetId: vpc.glueSubnet.id,
                    availabilityZone: vpc.glueSubnet.availabilityZone,
                    securityGroupIdLists: [sg.glue.id],
                },
                tags,
            },
            { parent: this },
        );

        const prefix = settings.ingestion.bronzePrefix;
        const folder = prefix.slice(0, -1);
        this.bronzeUri = `s3://${lake.bucketNames.bronze}/${prefix}`;
        this.ingestion = new EtlJob(
            `${name}-ingestion`,
            {
                lake,
                accountId: args.accountId,
                region: args.region,
                jobName: resourceName(lake.naming, `${name}-jdbc-to-bronze`),
                description: `Copies new and changed ${SOURCE_TABLE} rows (job bookmark on change_seq) to ${this.bronzeUri}${SOURCE_TABLE}/`,
                script: args.ingestionScript ?? path.join(root, "glue", "jobs", "jdbc_to_bronze.py"),
                pythonPackage: {
                    dir: args.ingestionPythonPackage ?? path.join(root, "glue", "medallion_glue"),
                },
                defaultArguments: {
                    [JDBC_ARGS.connection_name]: this.connection.name,
                    [JDBC_ARGS.source_table]: SOURCE_TABLE,
                    [JDBC_ARGS.bronze_uri]: `s3://${lake.bucketNames.bronze}/${folder}`,
                    [JDBC_ARGS.quarantine_uri]: `s3://${lake.bucketNames.silver}/${QUARANTINE_PREFIX}${folder}`,
                    ...lineageArguments,
                },
                reads: [],
                writes: [
                    { zone: "bronze", prefix: `${prefix}${SOURCE_TABLE}/` },
                    { zone: "silver", prefix: `${QUARANTINE_PREFIX}${prefix}${SOURCE_TABLE}/` },
                ],
                jobBookmarks: true,
                maxConcurrentRuns: INGESTION_MAX_CONCURRENT_RUNS,
                schedule: settings.ingestion.schedule,
                connections: [this.connection.name],
                securityConfigurationName: args.securityConfigurationName,
                tags,
            },
            { parent: this },
        );
        new aws.iam.RolePolicy(
            `${name}-ingestion-connection-policy`,
            {
                role: this.ingestion.role.name,
                name: "jdbc-connection",
                policy: policyDocument([
                    readConnection(target, this.connectionName),
                    readSecret(this.database.secretArn),
                    decryptThroughService(lake.keyArn, "secretsmanager", args.region),
                    ...glueVpcNetworkInterfaces(target),
                ]),
            },
            { parent: this },
        );

        const bronzeDatabase = lake.databaseNames?.bronze;
        if (bronzeDatabase !== undefined) {
            this.crawler = new GlueCrawlerSet(
                `${name}-crawler`,
                {
                    lake,
                    accountId: args.accountId,
                    region: args.region,
                    databaseName: bronzeDatabase,
                    securityConfigurationName: this.ingestion.securityConfigurationName,
                    crawlers: {
                        source: {
                            target: {
                                kind: "jdbc",
                                connectionName: this.connectionName,
                                path: `${settings.database.databaseName}/public/${SOURCE_TABLE}`,
                            },
                            description: `The ${SOURCE_TABLE} table of ${this.database.identifier}, through ${this.connectionName}`,
                        },
                    },
                    logRetentionDays: settings.simulator.logRetentionDays,
                    tags,
                },
                { parent: this, dependsOn: [this.connection, this.ingestion] },
            );
            // The connection takes its credentials from the RDS secret, so the crawler reads it as the job does.
            new aws.iam.RolePolicy(
                `${name}-crawler-connection-policy`,
                {
                    role: this.crawler.role.name,
                    name: "jdbc-connection-secret",
                    policy: policyDocument([
                        readSecret(this.database.secretArn),
                        decryptThroughService(lake.keyArn, "secretsmanager", args.region),
                    ]),
                },
                { parent: this },
            );
        }

        const endpoints = createSourceEndpoints(
            name,
            {
                naming: lake.naming,
                region: args.region,
                interfaceEndpoints,
                policies: sourceEndpointPolicies({
                    target,
                    bucketNames: [
                        lake.bucketNames.artifacts,
                        lake.bucketNames.bronze,
                        lake.bucketNames.silver,
                    ],
                    secretArn: this.database.secretArn,
                    keyArn: lake.keyArn,
                    logGroupArns: [this.ingestion.logGroups.output.arn, this.ingestion.logGroups.error.arn],
                    connectionName: this.connectionName,
                    jobName: this.ingestion.name,
                    databases: [SPARK_DEFAULT_DATABASE],
                    metricNamespaces: ETL_JOB_DEFAULTS.metricNamespaces,
                }),
                tags,
            },
            vpc,
            this,
        );
        this.network = { ...vpc, ...endpoints };

        this.registerOutputs({
            vpcId: vpc.vpcId,
            databaseAddress: db.address,
            secretArn: this.database.secretArn,
            simulatorFunctionName: this.simulator.function.name,
            connectionName: this.connectionName,
            ingestionJobName: this.ingestion.jobName,
            bronzeUri: this.bronzeUri,
            crawlerName: this.crawler?.crawlerNames.source,
        });
    }
}
