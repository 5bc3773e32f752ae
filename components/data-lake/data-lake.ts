/**
 * DataLake: the medallion storage layer. One encrypted bucket per zone (bronze, silver, gold), an access-logs
 * bucket, an Athena query-results bucket, a customer-managed KMS key (or yours), the account's Glue Data
 * Catalog encryption settings with that key (unless `catalogEncryption` is false), a Glue Data Catalog
 * database per zone and an Athena workgroup.
 */
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { partitionOf, servicePrincipal } from "../../lib/aws";
import {
    ACCESS_LOGS_PREFIX,
    ATHENA_RESULTS_PREFIX,
    ZONE_TAG_KEY,
    ZONES,
    type Zone,
} from "../../lib/lake-layout";
import {
    bucketName,
    claimPhysicalNames,
    glueDatabaseName,
    type LakeIdentity,
    type NameContext,
    resourceName,
} from "../../lib/naming";
import { componentSubject } from "../../lib/problems";
import type { DataLakeArgs } from "./args";
import { createCatalogEncryption } from "./catalog-encryption";
import { lakeKeyPolicy } from "./key-policy";
import { createSecureBucket } from "./secure-bucket";
import { DATA_LAKE_DEFAULTS, resolveDataLakeSettings } from "./settings";

export {
    ACCESS_LOGS_PREFIX,
    ATHENA_MIN_BYTES_SCANNED_CUTOFF,
    ATHENA_RESULTS_PREFIX,
    QUARANTINE_PREFIX,
    SPARK_EVENT_LOGS_PREFIX,
    ZONE_TAG_KEY,
    ZONES,
    type Zone,
} from "../../lib/lake-layout";
export type { DataLakeArgs } from "./args";
export { CATALOG_ENCRYPTION_MODE } from "./catalog-encryption";
export { GLUE_CATALOG_KEY_ACTIONS, glueCatalogKeyStatement, lakeKeyPolicy } from "./key-policy";
export {
    DATA_LAKE_DEFAULTS,
    type DataLakeSettings,
    DEFAULT_LAKE_NAME,
    lakeNaming,
    resolveDataLakeSettings,
    resolveLifecycles,
} from "./settings";

/**
 * The medallion storage layer.
 *
 * @throws ProblemsError from the constructor, listing every bad argument, before anything is registered, when a lifecycle breaks an S3 minimum,
 *   a number is out of range, `region` is not a known region, `kmsKeyArn` is in another region, a tag key is reserved, or a derived name
 *   breaks an AWS naming rule; the message names the argument and the fix.
 */
export class DataLake extends pulumi.ComponentResource implements LakeIdentity {
    /** The zone buckets. */
    public readonly buckets: Record<Zone, aws.s3.Bucket>;
    /** Where S3 server access logs of every lake bucket go (SSE-S3, as S3 logging requires). */
    public readonly accessLogsBucket: aws.s3.Bucket;
    /** Where Athena writes query results. */
    public readonly queryResultsBucket: aws.s3.Bucket;
    /** Deployment artifacts the jobs and functions run (Glue scripts, the Python package, dataset specs). */
    public readonly artifactsBucket: aws.s3.Bucket;
    /** The key this component created; undefined when the caller brought `kmsKeyArn`. */
    public readonly key?: aws.kms.Key;
    /** ARN of the key that encrypts the lake. */
    public readonly keyArn: pulumi.Output<string>;
    /** The Glue Data Catalog database of each zone. */
    public readonly databases: Record<Zone, aws.glue.CatalogDatabase>;
    /**
     * The account's Glue Data Catalog encryption settings (SSE-KMS and connection passwords with the lake
     * key); undefined when `catalogEncryption` is false.
     */
    public readonly catalogEncryption?: aws.glue.DataCatalogEncryptionSettings;
    /** The Athena workgroup for SQL on the lake. */
    public readonly workgroup: aws.athena.Workgroup;
    /** Physical bucket names, known before deployment. */
    public readonly bucketNames: Record<Zone | "accessLogs" | "queryResults" | "artifacts", string>;
    /** Glue database names, known before deployment. */
    public readonly databaseNames: Record<Zone, string>;
    /** Name parts used for every physical name. */
    public readonly naming: NameContext;
    /** 12-digit account id the lake lives in (`accountId`). */
    public readonly accountId: string;
    /** Region the lake lives in (`region`), e.g. `eu-west-1`. */
    public readonly region: string;

    constructor(name: string, args: DataLakeArgs, opts?: pulumi.ComponentResourceOptions) {
        // Every check runs before super(): a bad argument must not leave a half-registered component.
        const s = resolveDataLakeSettings(name, args);
        const d = DATA_LAKE_DEFAULTS;
        const { naming, retainOnDelete, versioning, tags, lifecycle } = s;
        const abortDays = s.abortIncompleteMultipartUploadDays;
        const target = { accountId: args.accountId, region: args.region };
        const nameOf = (role: string) => bucketName({ ...naming, ...target, role });
        const bucketRoles = ["bronze", "silver", "gold", "access-logs", "athena-results", "artifacts"];
        claimPhysicalNames(componentSubject("DataLake", name), [
            ...bucketRoles.map((role) => ({ kind: "S3 bucket", name: nameOf(role) })),
            ...ZONES.map((zone) => ({ kind: "Glue database", name: glueDatabaseName(naming, zone) })),
            { kind: "Athena workgroup", name: resourceName(naming, "lake", 128) },
            ...(args.kmsKeyArn === undefined
                ? [{ kind: "KMS alias", name: `alias/${resourceName(naming, "lake", 200)}` }]
                : []),
            ...(s.catalogEncryption
                ? [
                      {
                          kind: "Glue Data Catalog encryption settings of account and region",
                          name: `${args.accountId} ${args.region}`,
                          fix: "the catalog has one encryption setting per account and region: set catalogEncryption: false on every lake but one",
                      },
                  ]
                : []),
        ]);
        super("medallion-lake:index:DataLake", name, {}, opts);

        const partition = partitionOf(args.region);
        this.naming = naming;
        this.accountId = args.accountId;
        this.region = args.region;
        this.bucketNames = {
            bronze: nameOf("bronze"),
            silver: nameOf("silver"),
            gold: nameOf("gold"),
            accessLogs: nameOf("access-logs"),
            queryResults: nameOf("athena-results"),
            artifacts: nameOf("artifacts"),
        };

        if (args.kmsKeyArn === undefined) {
            this.key = new aws.kms.Key(
                `${name}-key`,
                {
                    description: `Encrypts the ${naming.project} ${naming.stack} data lake`,
                    enableKeyRotation: true,
                    deletionWindowInDays: s.kmsKeyDeletionWindowDays,
                    policy: lakeKeyPolicy(target, { glueCatalog: s.catalogEncryption }),
                    tags,
                },
                { parent: this, retainOnDelete },
            );
            new aws.kms.Alias(
                `${name}-key-alias`,
                { name: `alias/${resourceName(naming, "lake", 200)}`, targetKeyId: this.key.keyId },
                { parent: this, retainOnDelete },
            );
            this.keyArn = this.key.arn;
        } else {
            this.keyArn = pulumi.output(args.kmsKeyArn);
        }
        const kms = { kind: "kms" as const, keyArn: this.keyArn };
        const lakeBucketArns = (["bronze", "silver", "gold", "queryResults", "artifacts"] as const).map(
            (role) => `arn:${partition}:s3:::${this.bucketNames[role]}`,
        );

        const logs = createSecureBucket(
            `${name}-access-logs`,
            {
                bucketName: this.bucketNames.accessLogs,
                encryption: { kind: "s3-managed" },
                versioning,
                retainOnDelete,
                tags,
                lifecycle: {
                    abortIncompleteMultipartUploadDays: abortDays,
                    expireAfterDays: s.accessLogsExpireAfterDays,
                    noncurrentVersionExpireAfterDays: d.accessLogsNoncurrentVersionExpireAfterDays,
                },
                extraPolicyStatements: (arn) => [
                    {
                        Sid: "AllowS3ServerAccessLogs",
                        Effect: "Allow",
                        Principal: { Service: [servicePrincipal("logging.s3", args.region)] },
                        Action: ["s3:PutObject"],
                        Resource: [pulumi.interpolate`${arn}/${ACCESS_LOGS_PREFIX}*`],
                        Condition: {
                            ArnLike: { "aws:SourceArn": lakeBucketArns },
                            StringEquals: { "aws:SourceAccount": args.accountId },
                        },
                    },
                ],
            },
            this,
        );
        this.accessLogsBucket = logs.bucket;
        const accessLogsFor = (bucket: string) => ({
            bucket: logs.bucket.bucket,
            prefix: `${ACCESS_LOGS_PREFIX}${bucket}/`,
        });

        const zoneBuckets = {} as Record<Zone, aws.s3.Bucket>;
        for (const zone of ZONES) {
            zoneBuckets[zone] = createSecureBucket(
                `${name}-${zone}`,
                {
                    bucketName: this.bucketNames[zone],
                    encryption: kms,
                    versioning,
                    retainOnDelete,
                    tags: { ...tags, [ZONE_TAG_KEY]: zone },
                    lifecycle: { ...lifecycle[zone], abortIncompleteMultipartUploadDays: abortDays },
                    accessLogs: accessLogsFor(this.bucketNames[zone]),
                },
                this,
            ).bucket;
        }
        this.buckets = zoneBuckets;

        this.queryResultsBucket = createSecureBucket(
            `${name}-athena-results`,
            {
                bucketName: this.bucketNames.queryResults,
                encryption: kms,
                versioning,
                retainOnDelete: d.queryResultsRetainOnDelete,
                tags,
                lifecycle: {
                    abortIncompleteMultipartUploadDays: abortDays,
                    expireAfterDays: s.queryResultsExpireAfterDays,
                    noncurrentVersionExpireAfterDays: d.queryResultsNoncurrentVersionExpireAfterDays,
                },
                accessLogs: accessLogsFor(this.bucketNames.queryResults),
            },
            this,
        ).bucket;

        this.artifactsBucket = createSecureBucket(
            `${name}-artifacts`,
            {
                bucketName: this.bucketNames.artifacts,
                encryption: kms,
                versioning,
                retainOnDelete: d.artifactsRetainOnDelete,
                tags,
                lifecycle: {
                    abortIncompleteMultipartUploadDays: abortDays,
                    noncurrentVersionExpireAfterDays: d.artifactsNoncurrentVersionExpireAfterDays,
                },
                accessLogs: accessLogsFor(this.bucketNames.artifacts),
            },
            this,
        ).bucket;

        // Glue encrypts only objects created after the settings: the databases wait for them.
        this.catalogEncryption = s.catalogEncryption
            ? createCatalogEncryption(name, this.keyArn, this)
            : undefined;
        const databases = {} as Record<Zone, aws.glue.CatalogDatabase>;
        const databaseNames = {} as Record<Zone, string>;
        for (const zone of ZONES) {
            databaseNames[zone] = glueDatabaseName(naming, zone);
            databases[zone] = new aws.glue.CatalogDatabase(
                `${name}-${zone}-db`,
                {
                    name: databaseNames[zone],
                    description: `${zone} zone of the ${naming.project} ${naming.stack} lake`,
                    locationUri: `s3://${this.bucketNames[zone]}/`,
                    tags,
                },
                {
                    parent: this,
                    retainOnDelete,
                    dependsOn: this.catalogEncryption ? [this.catalogEncryption] : [],
                },
            );
        }
        this.databases = databases;
        this.databaseNames = databaseNames;

        this.workgroup = new aws.athena.Workgroup(
            `${name}-workgroup`,
            {
                name: resourceName(naming, "lake", 128),
                description: `SQL on the ${naming.project} ${naming.stack} lake`,
                state: "ENABLED",
                forceDestroy: true,
                configuration: {
                    enforceWorkgroupConfiguration: true,
                    publishCloudwatchMetricsEnabled: true,
                    bytesScannedCutoffPerQuery: s.athenaBytesScannedCutoffPerQuery,
                    engineVersion: { selectedEngineVersion: d.athenaEngineVersion },
                    resultConfiguration: {
                        outputLocation: pulumi.interpolate`s3://${this.queryResultsBucket.bucket}/${ATHENA_RESULTS_PREFIX}`,
                        encryptionConfiguration: { encryptionOption: "SSE_KMS", kmsKeyArn: this.keyArn },
                    },
                },
                tags,
            },
            { parent: this },
        );

        this.registerOutputs({
            bucketNames: this.bucketNames,
            databaseNames: this.databaseNames,
            keyArn: this.keyArn,
            workgroupName: this.workgroup.name,
        });
    }
}
