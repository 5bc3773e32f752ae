/**
 * DataLake: the medallion storage layer. One encrypted bucket per zone (bronze, silver, gold), an access-logs
 * bucket, an Athena query-results bucket, a customer-managed KMS key (or yours), a Glue Data Catalog
 * database per zone and an Athena workgroup.
 */
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import {
    accountRootArn,
    isReservedTagKey,
    kmsKeyArnProblem,
    partitionOf,
    RESERVED_TAG_KEY_PREFIX,
    servicePrincipal,
} from "../lib/aws";
import { policyDocument, type Statement } from "../lib/iam";
import { lifecycleProblems, type ZoneLifecycle } from "../lib/lifecycle";
import { bucketName, glueDatabaseName, type NameContext, resourceName } from "../lib/naming";
import { createSecureBucket } from "../lib/secure-bucket";
import { ATHENA_MIN_BYTES_SCANNED_CUTOFF, ZONE_TAG_KEY } from "../policies/shared-constants";

// Defined with the policy pack, which checks them and must stand alone in the published package.
export { ATHENA_MIN_BYTES_SCANNED_CUTOFF, ZONE_TAG_KEY };

/** The lake's zones, in the order data flows through them. */
export const ZONES = ["bronze", "silver", "gold"] as const;
/** A zone of the medallion lake. */
export type Zone = (typeof ZONES)[number];

/**
 * Every default of the DataLake component. Docs and tests read these values; the component reads nothing
 * else.
 */
export const DATA_LAKE_DEFAULTS = {
    /** S3 versioning on every bucket. */
    versioning: true,
    /** Buckets, their data and the KMS key survive `pulumi destroy` (resource option `retainOnDelete`). */
    retainOnDelete: true,
    /** Waiting period, in days (7-30), before a deleted KMS key is destroyed. */
    kmsKeyDeletionWindowDays: 30,
    /** Days before incomplete multipart uploads are aborted, on every bucket. */
    abortIncompleteMultipartUploadDays: 1,
    /** Lifecycle per zone, in days since creation. Silver and gold stay readable by Athena (no GLACIER). */
    lifecycle: {
        bronze: { infrequentAccessAfterDays: 30, glacierAfterDays: 90, noncurrentVersionExpireAfterDays: 30 },
        silver: { infrequentAccessAfterDays: 60, noncurrentVersionExpireAfterDays: 30 },
        gold: { infrequentAccessAfterDays: 90, noncurrentVersionExpireAfterDays: 30 },
    } satisfies Record<Zone, ZoneLifecycle>,
    /** Days S3 server access logs are kept. */
    accessLogsExpireAfterDays: 365,
    /** Days Athena query results are kept. */
    queryResultsExpireAfterDays: 30,
    /**
     * Days a noncurrent version of an access-log object is kept (fixed; no argument changes it). Logs are
     * written once, so a noncurrent version only comes from a delete; 1 day empties it soon after.
     */
    accessLogsNoncurrentVersionExpireAfterDays: 1,
    /** Days a noncurrent version of a query result is kept (fixed): results are disposable. */
    queryResultsNoncurrentVersionExpireAfterDays: 1,
    /**
     * Days a noncurrent version of a deployment artifact (Glue script, Python package, dataset spec) is kept
     * (fixed), so a rollback finds the previous code for a month.
     */
    artifactsNoncurrentVersionExpireAfterDays: 30,
    /**
     * Whether the query-results bucket survives `pulumi destroy` (fixed): never; results are disposable and
     * the bucket is emptied and deleted whatever `retainOnDelete` says.
     */
    queryResultsRetainOnDelete: false,
    /**
     * Whether the artifacts bucket survives `pulumi destroy` (fixed): never; the stack uploads every artifact
     * again on `pulumi up`, so the bucket is emptied and deleted whatever `retainOnDelete` says.
     */
    artifactsRetainOnDelete: false,
    /** Per-query scan cutoff of the Athena workgroup, in bytes (10 GiB; the minimum Athena accepts is 10 MiB). */
    athenaBytesScannedCutoffPerQuery: 10 * 1024 ** 3,
    /** Athena engine of the workgroup. */
    athenaEngineVersion: "Athena engine version 3",
} as const;

/** Key prefix, in the query-results bucket, where the Athena workgroup writes query results. */
export const ATHENA_RESULTS_PREFIX = "results/";
/** Key prefix of S3 server access logs in the logs bucket; each bucket logs under `<prefix><bucket>/`. */
export const ACCESS_LOGS_PREFIX = "s3-access-logs/";
/** Key prefix, in the silver bucket, where rejected rows are quarantined with their reason. */
export const QUARANTINE_PREFIX = "_quarantine/";
/** Key prefix, in the access-logs bucket, where Glue jobs write Spark UI event logs when the Spark UI is on. */
export const SPARK_EVENT_LOGS_PREFIX = "spark-event-logs/";

export interface DataLakeArgs {
    /** 12-digit account id the lake is deployed to; part of every bucket name. */
    accountId: string;
    /** Region the lake is deployed to, e.g. `eu-west-1`; part of every bucket name. */
    region: string;
    /** Project and stack that prefix every physical name. @default `pulumi.getProject()`, `pulumi.getStack()` */
    naming?: NameContext;
    /**
     * ARN of a KMS key to encrypt the lake with. It must be in `region` (S3 SSE-KMS uses a key of the
     * bucket's region). It may belong to another account (a central key account): its key policy must then
     * grant this account's roles, S3 and CloudWatch Logs. Checked when given as a plain string.
     * @default a new customer-managed key with rotation and alias `alias/<project>-<stack>-lake`
     */
    kmsKeyArn?: pulumi.Input<string>;
    /** Waiting period before a deleted key is destroyed, in days (7-30). @default 30 */
    kmsKeyDeletionWindowDays?: number;
    /** S3 versioning on every bucket. @default true */
    versioning?: boolean;
    /**
     * Keep buckets, data and the key on `pulumi destroy`. When false, buckets are emptied and deleted.
     * @default true
     */
    retainOnDelete?: boolean;
    /**
     * Lifecycle per zone, merged over {@link DATA_LAKE_DEFAULTS.lifecycle}; a field set to `undefined` turns
     * that transition off. S3 minimums are enforced (STANDARD_IA >= 30 days, GLACIER >= STANDARD_IA + 30).
     */
    lifecycle?: Partial<Record<Zone, ZoneLifecycle>>;
    /** Days before incomplete multipart uploads are aborted. @default 1 */
    abortIncompleteMultipartUploadDays?: number;
    /** Days access logs are kept. @default 365 */
    accessLogsExpireAfterDays?: number;
    /** Days Athena query results are kept. @default 30 */
    queryResultsExpireAfterDays?: number;
    /** Athena per-query scan cutoff, in bytes (at least 10 MiB). @default 10737418240 (10 GiB) */
    athenaBytesScannedCutoffPerQuery?: number;
    /** Tags on every taggable resource; no key may start with `aws:` (reserved by AWS). @default {} */
    tags?: Record<string, string>;
}

/**
 * The medallion storage layer.
 *
 * @throws Error from the constructor, before anything is registered, when a lifecycle breaks an S3 minimum,
 *   a number is out of range, `kmsKeyArn` is in another region, a tag key is reserved, or a derived name
 *   breaks an AWS naming rule; the message names the argument and the fix.
 */
export class DataLake extends pulumi.ComponentResource {
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
    /** The Athena workgroup for SQL on the lake. */
    public readonly workgroup: aws.athena.Workgroup;
    /** Physical bucket names, known before deployment. */
    public readonly bucketNames: Record<Zone | "accessLogs" | "queryResults" | "artifacts", string>;
    /** Glue database names, known before deployment. */
    public readonly databaseNames: Record<Zone, string>;
    /** Name parts used for every physical name. */
    public readonly naming: NameContext;

    constructor(name: string, args: DataLakeArgs, opts?: pulumi.ComponentResourceOptions) {
        // Every check runs before super(): a bad argument must not leave a half-registered component.
        const d = DATA_LAKE_DEFAULTS;
        const naming = args.naming ?? { project: pulumi.getProject(), stack: pulumi.getStack() };
        const retainOnDelete = args.retainOnDelete ?? d.retainOnDelete;
        const versioning = args.versioning ?? d.versioning;
        const abortDays = args.abortIncompleteMultipartUploadDays ?? d.abortIncompleteMultipartUploadDays;
        const cutoff = args.athenaBytesScannedCutoffPerQuery ?? d.athenaBytesScannedCutoffPerQuery;
        const deletionWindow = args.kmsKeyDeletionWindowDays ?? d.kmsKeyDeletionWindowDays;
        const tags = { ...args.tags };
        const lifecycle = resolveLifecycles(args.lifecycle);
        requireRange("kmsKeyDeletionWindowDays", deletionWindow, 7, 30);
        requireRange("abortIncompleteMultipartUploadDays", abortDays, 1, 3650);
        requireRange(
            "athenaBytesScannedCutoffPerQuery",
            cutoff,
            ATHENA_MIN_BYTES_SCANNED_CUTOFF,
            Number.MAX_SAFE_INTEGER,
        );
        if (typeof args.kmsKeyArn === "string") {
            const problem = kmsKeyArnProblem(args.kmsKeyArn, args.region);
            if (problem)
                throw new Error(`DataLake kmsKeyArn: got ${JSON.stringify(args.kmsKeyArn)}; ${problem}`);
        }
        const reserved = Object.keys(tags).filter(isReservedTagKey);
        if (reserved.length > 0) {
            throw new Error(
                `DataLake tags: got ${reserved.map((k) => JSON.stringify(k)).join(", ")}; AWS reserves tag keys starting with "${RESERVED_TAG_KEY_PREFIX}" (any case). Rename them`,
            );
        }
        super("medallion-lake:index:DataLake", name, {}, opts);

        const target = { accountId: args.accountId, region: args.region };
        const partition = partitionOf(args.region);
        const nameOf = (role: string) => bucketName({ ...naming, ...target, role });
        this.naming = naming;
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
                    deletionWindowInDays: deletionWindow,
                    policy: lakeKeyPolicy(target),
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
                    expireAfterDays: args.accessLogsExpireAfterDays ?? d.accessLogsExpireAfterDays,
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
                    expireAfterDays: args.queryResultsExpireAfterDays ?? d.queryResultsExpireAfterDays,
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
                { parent: this, retainOnDelete },
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
                    bytesScannedCutoffPerQuery: cutoff,
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

/**
 * Per-zone lifecycle after merging `overrides` over {@link DATA_LAKE_DEFAULTS.lifecycle}.
 * @throws Error naming `lifecycle.<zone>.<field>` when S3 would refuse the result.
 */
export function resolveLifecycles(
    overrides?: Partial<Record<Zone, ZoneLifecycle>>,
): Record<Zone, ZoneLifecycle> {
    const resolved = {} as Record<Zone, ZoneLifecycle>;
    for (const zone of ZONES) {
        const lifecycle: ZoneLifecycle = { ...DATA_LAKE_DEFAULTS.lifecycle[zone], ...overrides?.[zone] };
        const problems = lifecycleProblems(lifecycle);
        if (problems.length > 0) {
            throw new Error(
                problems.map((p) => `DataLake lifecycle.${zone}.${p.field}: ${p.message}`).join("\n"),
            );
        }
        resolved[zone] = lifecycle;
    }
    return resolved;
}

function requireRange(field: string, value: number, min: number, max: number): void {
    if (!Number.isInteger(value) || value < min || value > max) {
        throw new Error(`DataLake ${field}: got ${value}; use a whole number from ${min} to ${max}`);
    }
}

/**
 * Key policy of the lake key: the account administers it through IAM; CloudWatch Logs may use it for this
 * account's log groups; S3, EventBridge and CloudWatch may use it to deliver to this account's encrypted
 * queues and topics. https://docs.aws.amazon.com/kms/latest/developerguide/key-policy-default.html
 */
export function lakeKeyPolicy(target: { accountId: string; region: string }): pulumi.Output<string> {
    const partition = partitionOf(target.region);
    const statements: Statement[] = [
        {
            Sid: "AccountAdministersKeyThroughIam",
            Effect: "Allow",
            Principal: { AWS: [accountRootArn(target)] },
            Action: ["kms:*"],
            Resource: ["*"],
        },
        {
            Sid: "CloudWatchLogsOfThisAccount",
            Effect: "Allow",
            Principal: { Service: [servicePrincipal(`logs.${target.region}`, target.region)] },
            Action: [
                "kms:Decrypt*",
                "kms:Describe*",
                "kms:Encrypt*",
                "kms:GenerateDataKey*",
                "kms:ReEncrypt*",
            ],
            Resource: ["*"],
            Condition: {
                ArnLike: {
                    "kms:EncryptionContext:aws:logs:arn": `arn:${partition}:logs:${target.region}:${target.accountId}:*`,
                },
            },
        },
        {
            Sid: "ServiceDeliveryToEncryptedQueuesAndTopics",
            Effect: "Allow",
            Principal: {
                Service: ["cloudwatch", "events", "s3"].map((s) => servicePrincipal(s, target.region)),
            },
            Action: ["kms:Decrypt", "kms:GenerateDataKey"],
            Resource: ["*"],
            Condition: { StringEquals: { "aws:SourceAccount": target.accountId } },
        },
    ];
    return policyDocument(statements);
}
