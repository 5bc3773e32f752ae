/**
 * EventStreamSource: events (the seed's tweets) delivered by Amazon Data Firehose into the bronze zone, and
 * their JSON Schema in a Glue Schema Registry.
 *
 * - A Firehose delivery stream, Direct PUT (encrypted at rest with the lake key) or reading a Kinesis data
 *   stream, writing to `s3://<bronze>/<dataset prefix><time prefix>` with the `AppendDelimiterToRecord`
 *   processor (each record ends with a newline, so objects are JSON lines, not the seed's `{}{}{}`), GZIP,
 *   buffering hints, SSE-KMS with the lake key, an error output prefix outside the dataset prefix, and
 *   CloudWatch error logging to an encrypted log group with explicit retention.
 * - A delivery role limited to those two prefixes of the bronze bucket, the lake key through S3 only, its log
 *   stream and (when configured) its source stream.
 * - A Glue Schema Registry holding the event's JSON Schema with BACKWARD compatibility: each change to the
 *   schema file registers a new schema version, which Glue refuses if it breaks compatibility.
 * - A managed policy for producers: send records to the stream (Direct PUT) and read the schema.
 *
 * Follows https://docs.aws.amazon.com/firehose/latest/dev/create-destination.html#create-destination-s3,
 * https://docs.aws.amazon.com/firehose/latest/dev/s3-prefixes.html,
 * https://docs.aws.amazon.com/firehose/latest/dev/encryption.html and
 * https://docs.aws.amazon.com/glue/latest/dg/schema-registry.html
 */
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { servicePrincipal } from "../../lib/aws";
import {
    decryptThroughService,
    encryptObjectsThroughS3,
    firehoseS3Delivery,
    putFirehoseRecords,
    readKinesisSource,
    readRegisteredSchema,
} from "../../lib/event-stream-iam";
import { bucketArn } from "../../lib/glue-iam";
import { policyDocument, type Statement, serviceTrustPolicy, writeLogGroup } from "../../lib/iam";
import { logRetentionProblem } from "../../lib/log-retention";
import { iamRoleName, type NameContext, resourceName } from "../../lib/naming";
import { loadEventSchema } from "./event-schema";

/** Every default of the EventStreamSource component. Docs and tests read these values; the component reads nothing else. */
export const EVENT_STREAM_SOURCE_DEFAULTS = {
    /** Dataset the events belong to (its spec is `datasets/<dataset>.yaml`). */
    dataset: "tweets",
    /** Firehose buffer size before it writes an object, in MiB (larger objects, fewer small files). */
    bufferingSizeMiB: 64,
    /** Longest time Firehose buffers before it writes an object, in seconds. */
    bufferingIntervalSeconds: 300,
    /** Compression of delivered objects. */
    compressionFormat: "GZIP" as EventCompression,
    /** Extension of delivered objects (GZIP JSON lines); the dataset spec's `bronze.suffix` must match it. */
    fileExtension: ".json.gz",
    /**
     * Time folders under the dataset prefix, from the arrival time (UTC) of each object's oldest record;
     * Hive-style, so crawlers and Athena see `year`/`month`/`day` partitions.
     */
    timePrefix: "year=!{timestamp:yyyy}/month=!{timestamp:MM}/day=!{timestamp:dd}/",
    /** Retention of the stream's CloudWatch error log group, in days. */
    logRetentionDays: 30,
    /** Compatibility mode of the registered schema: new versions must read every older event. */
    schemaCompatibility: "BACKWARD",
    /** Data format of the registered schema. */
    schemaDataFormat: "JSON",
} as const;

/** Ranges Firehose enforces on the buffering hints of an S3 destination. */
export const EVENT_STREAM_LIMITS = {
    bufferingSizeMiB: { min: 1, max: 128 },
    bufferingIntervalSeconds: { min: 0, max: 900 },
} as const;

/** Compressions this component delivers with: GZIP (readers decompress `.gz` objects by extension) or none. */
export const EVENT_COMPRESSIONS = ["GZIP", "UNCOMPRESSED"] as const;
/** A compression of delivered objects. */
export type EventCompression = (typeof EVENT_COMPRESSIONS)[number];

/**
 * The compression an object suffix declares: `GZIP` for a suffix ending in `.gz` (e.g. `.json.gz`), else
 * `UNCOMPRESSED`. The program derives the stream's compression from the dataset spec's `bronze.suffix` this
 * way, so delivered objects always match what the trigger and the bronze reader expect.
 */
export function compressionForSuffix(suffix: string): EventCompression {
    return suffix.endsWith(".gz") ? "GZIP" : "UNCOMPRESSED";
}

/** Key prefix, in the bronze bucket, of records Firehose failed to deliver or process. */
export const FIREHOSE_ERRORS_PREFIX = "_firehose-errors/";
/** Firehose processor that ends every record with a newline (no parameters needed). */
export const APPEND_DELIMITER_PROCESSOR = "AppendDelimiterToRecord";
/** Log stream, in the stream's log group, where Firehose logs delivery errors to S3. */
export const FIREHOSE_LOG_STREAM = "DestinationDelivery";

/** What EventStreamSource needs from the lake; a {@link DataLake} satisfies it. */
export interface EventStreamLake {
    naming: NameContext;
    /** Physical bucket names; events land in `bronze`. */
    bucketNames: Readonly<{ bronze: string }>;
    /** The lake key: delivered objects, the stream at rest and its logs are encrypted with it. */
    keyArn: pulumi.Input<string>;
}

/** A Kinesis data stream the delivery stream reads instead of accepting Direct PUT. */
export interface KinesisStreamSource {
    /** ARN of the Kinesis data stream. */
    streamArn: pulumi.Input<string>;
    /** ARN of the customer managed key the stream is encrypted with, if any (the role may decrypt through Kinesis). */
    keyArn?: pulumi.Input<string>;
}

export interface EventStreamSourceArgs {
    /** The lake the events land in. */
    lake: EventStreamLake;
    /** 12-digit account id; part of ARNs and trust conditions. */
    accountId: string;
    /** Region, e.g. `eu-west-1`. */
    region: string;
    /** Dataset name (lower snake_case), e.g. `tweets`. @default "tweets" */
    dataset?: string;
    /**
     * Key prefix of the dataset in the bronze bucket, ending in `/`: the dataset spec's `bronze.prefix`.
     * @default `<dataset>/`
     */
    bronzePrefix?: string;
    /**
     * Extension of delivered objects: the dataset spec's `bronze.suffix`; ends in `.gz` exactly when
     * `compressionFormat` is GZIP. @default ".json.gz"
     */
    fileExtension?: string;
    /** Compression of delivered objects. @default "GZIP" */
    compressionFormat?: EventCompression;
    /** Local path of the event's JSON Schema (draft-07), e.g. `datasets/schemas/tweets.schema.json`. */
    schemaFile: string;
    /** Read from this Kinesis data stream instead of Direct PUT. @default Direct PUT */
    kinesisSource?: KinesisStreamSource;
    /** 1-128 MiB. @default 64 */
    bufferingSizeMiB?: number;
    /** 0-900 seconds. @default 300 */
    bufferingIntervalSeconds?: number;
    /** Days the error log group keeps events (a CloudWatch Logs retention value). @default 30 */
    logRetentionDays?: number;
    /**
     * ARN of an existing Schema Registry to register the schema in (share one registry between streams).
     * @default a new registry `<project>-<stack>-<dataset>-events`
     */
    registryArn?: pulumi.Input<string>;
    /** Tags on every taggable resource. @default {} */
    tags?: Record<string, string>;
}

/**
 * A Firehose delivery stream into bronze and the Schema Registry entry of its events.
 *
 * @throws Error from the constructor when the dataset, prefix or extension is malformed, a buffering hint or
 *   the log retention is out of range, or the schema file is missing, not JSON, not draft-07, not a valid
 *   schema or too large; the message names the argument and the fix.
 */
export class EventStreamSource extends pulumi.ComponentResource {
    /** The delivery stream. */
    public readonly deliveryStream: aws.kinesis.FirehoseDeliveryStream;
    /** The role Firehose delivers with. */
    public readonly role: aws.iam.Role;
    /** Where Firehose logs delivery errors. */
    public readonly logGroup: aws.cloudwatch.LogGroup;
    /** The Schema Registry this component created; undefined when the caller brought `registryArn`. */
    public readonly registry?: aws.glue.Registry;
    /** ARN of the registry holding the schema. */
    public readonly registryArn: pulumi.Output<string>;
    /** The event's schema (each schema change is a new version of it). */
    public readonly schema: aws.glue.Schema;
    /** Policy to attach to producers: send to the stream (Direct PUT only) and read the schema. */
    public readonly producerPolicy: aws.iam.Policy;
    /** Physical stream name, known before deployment. */
    public readonly deliveryStreamName: string;
    /** Where events land: `s3://<bronze>/<dataset prefix>`. */
    public readonly bronzeUri: string;
    /** Where failed records land: `s3://<bronze>/_firehose-errors/<dataset>/`. */
    public readonly errorsUri: string;

    constructor(name: string, args: EventStreamSourceArgs, opts?: pulumi.ComponentResourceOptions) {
        super("medallion-lake:index:EventStreamSource", name, {}, opts);
        const settings = resolveEventStreamSettings(name, args);
        const { lake } = args;
        const tags = { ...args.tags };
        const bronze = bucketArn(args.region, lake.bucketNames.bronze);
        const errorsPrefix = `${FIREHOSE_ERRORS_PREFIX}${settings.dataset}/`;
        this.deliveryStreamName = resourceName(lake.naming, `${settings.dataset}-events`, 64);
        this.bronzeUri = `s3://${lake.bucketNames.bronze}/${settings.bronzePrefix}`;
        this.errorsUri = `s3://${lake.bucketNames.bronze}/${errorsPrefix}`;

        this.logGroup = new aws.cloudwatch.LogGroup(
            `${name}-logs`,
            {
                name: `/aws/kinesisfirehose/${this.deliveryStreamName}`,
                retentionInDays: settings.logRetentionDays,
                kmsKeyId: lake.keyArn,
                tags,
            },
            { parent: this },
        );
        const logStream = new aws.cloudwatch.LogStream(
            `${name}-log-stream`,
            { name: FIREHOSE_LOG_STREAM, logGroupName: this.logGroup.name },
            { parent: this },
        );

        const prefixes = [settings.bronzePrefix, errorsPrefix];
        const statements: Statement[] = [
            ...firehoseS3Delivery(bronze, prefixes),
            encryptObjectsThroughS3(lake.keyArn, args.region, bronze, prefixes),
            writeLogGroup(this.logGroup.arn),
        ];
        if (args.kinesisSource !== undefined) {
            statements.push(readKinesisSource(args.kinesisSource.streamArn));
            if (args.kinesisSource.keyArn !== undefined) {
                statements.push(decryptThroughService(args.kinesisSource.keyArn, "kinesis", args.region));
            }
        }
        this.role = new aws.iam.Role(
            `${name}-role`,
            {
                name: iamRoleName(lake.naming, `${settings.dataset}-firehose`),
                description: `Delivers ${settings.dataset} events from Firehose to ${this.bronzeUri}`,
                assumeRolePolicy: serviceTrustPolicy(
                    servicePrincipal("firehose", args.region),
                    args.accountId,
                ),
                maxSessionDuration: 3600,
                tags,
            },
            { parent: this },
        );
        const rolePolicy = new aws.iam.RolePolicy(
            `${name}-role-policy`,
            { role: this.role.name, name: "deliver-to-bronze", policy: policyDocument(statements) },
            { parent: this },
        );

        this.deliveryStream = new aws.kinesis.FirehoseDeliveryStream(
            `${name}-stream`,
            {
                name: this.deliveryStreamName,
                destination: "extended_s3",
                ...(args.kinesisSource === undefined
                    ? {
                          serverSideEncryption: {
                              enabled: true,
                              keyType: "CUSTOMER_MANAGED_CMK",
                              keyArn: lake.keyArn,
                          },
                      }
                    : {
                          kinesisSourceConfiguration: {
                              kinesisStreamArn: args.kinesisSource.streamArn,
                              roleArn: this.role.arn,
                          },
                      }),
                extendedS3Configuration: {
                    bucketArn: bronze,
                    roleArn: this.role.arn,
                    prefix: `${settings.bronzePrefix}${EVENT_STREAM_SOURCE_DEFAULTS.timePrefix}`,
                    errorOutputPrefix: `${errorsPrefix}!{firehose:error-output-type}/${EVENT_STREAM_SOURCE_DEFAULTS.timePrefix}`,
                    fileExtension: settings.fileExtension,
                    compressionFormat: settings.compressionFormat,
                    bufferingSize: settings.bufferingSizeMiB,
                    bufferingInterval: settings.bufferingIntervalSeconds,
                    kmsKeyArn: lake.keyArn,
                    processingConfiguration: {
                        enabled: true,
                        processors: [{ type: APPEND_DELIMITER_PROCESSOR }],
                    },
                    cloudwatchLoggingOptions: {
                        enabled: true,
                        logGroupName: this.logGroup.name,
                        logStreamName: logStream.name,
                    },
                },
                tags,
            },
            // Firehose checks the role when the stream is created: its policy must exist first.
            { parent: this, dependsOn: [rolePolicy] },
        );

        if (args.registryArn === undefined) {
            this.registry = new aws.glue.Registry(
                `${name}-registry`,
                {
                    registryName: resourceName(lake.naming, `${settings.dataset}-events`),
                    description: `Schemas of the ${settings.dataset} events the ${lake.naming.project} ${lake.naming.stack} lake ingests`,
                    tags,
                },
                { parent: this },
            );
            this.registryArn = this.registry.arn;
        } else {
            this.registryArn = pulumi.output(args.registryArn);
        }
        this.schema = new aws.glue.Schema(
            `${name}-schema`,
            {
                schemaName: settings.dataset,
                registryArn: this.registryArn,
                dataFormat: EVENT_STREAM_SOURCE_DEFAULTS.schemaDataFormat,
                compatibility: EVENT_STREAM_SOURCE_DEFAULTS.schemaCompatibility,
                schemaDefinition: settings.schemaDefinition,
                description: `${settings.dataset} events delivered by ${this.deliveryStreamName}`,
                tags,
            },
            { parent: this },
        );

        const producerStatements: Statement[] = [readRegisteredSchema(this.registryArn, this.schema.arn)];
        if (args.kinesisSource === undefined)
            producerStatements.unshift(putFirehoseRecords(this.deliveryStream.arn));
        this.producerPolicy = new aws.iam.Policy(
            `${name}-producer-policy`,
            {
                name: resourceName(lake.naming, `${settings.dataset}-events-producer`, 128),
                description: `Send ${settings.dataset} events to ${this.deliveryStreamName} and read their schema`,
                policy: policyDocument(producerStatements),
                tags,
            },
            { parent: this },
        );

        this.registerOutputs({
            deliveryStreamName: this.deliveryStreamName,
            deliveryStreamArn: this.deliveryStream.arn,
            bronzeUri: this.bronzeUri,
            schemaArn: this.schema.arn,
            producerPolicyArn: this.producerPolicy.arn,
        });
    }
}

/** The options of an EventStreamSource after defaults, validated. */
export interface EventStreamSettings {
    dataset: string;
    bronzePrefix: string;
    fileExtension: string;
    compressionFormat: EventCompression;
    bufferingSizeMiB: number;
    bufferingIntervalSeconds: number;
    logRetentionDays: number;
    /** The schema file's JSON, re-serialized compactly (formatting changes register no new version). */
    schemaDefinition: string;
}

/**
 * Applies {@link EVENT_STREAM_SOURCE_DEFAULTS} and checks every option and the schema file.
 * @throws Error `EventStreamSource <name> <option>: <problem>; <fix>` for the first problem found.
 */
export function resolveEventStreamSettings(name: string, args: EventStreamSourceArgs): EventStreamSettings {
    const d = EVENT_STREAM_SOURCE_DEFAULTS;
    const fail = (option: string, problem: string): never => {
        throw new Error(`EventStreamSource ${name} ${option}: ${problem}`);
    };
    const whole = (option: "bufferingSizeMiB" | "bufferingIntervalSeconds", value: number) => {
        const { min, max } = EVENT_STREAM_LIMITS[option];
        if (!Number.isInteger(value) || value < min || value > max) {
            fail(option, `got ${value}; use a whole number from ${min} to ${max}`);
        }
        return value;
    };
    const dataset = args.dataset ?? d.dataset;
    if (!/^[a-z][a-z0-9_]{0,62}$/.test(dataset)) {
        fail(
            "dataset",
            `got ${JSON.stringify(dataset)}; use the dataset's lower snake_case name, e.g. "tweets"`,
        );
    }
    const bronzePrefix = args.bronzePrefix ?? `${dataset}/`;
    if (!/^[a-z0-9][a-z0-9_./-]*\/$/.test(bronzePrefix)) {
        fail(
            "bronzePrefix",
            `got ${JSON.stringify(bronzePrefix)}; use the dataset spec's bronze.prefix, a folder such as "tweets/" (lowercase, no leading slash, ending in /)`,
        );
    }
    const compressionFormat = args.compressionFormat ?? d.compressionFormat;
    if (!(EVENT_COMPRESSIONS as readonly string[]).includes(compressionFormat)) {
        fail(
            "compressionFormat",
            `got ${JSON.stringify(compressionFormat)}; use ${EVENT_COMPRESSIONS.join(" or ")}`,
        );
    }
    const fileExtension = args.fileExtension ?? d.fileExtension;
    if (!/^\.[A-Za-z0-9][A-Za-z0-9._-]*$/.test(fileExtension)) {
        fail(
            "fileExtension",
            `got ${JSON.stringify(fileExtension)}; use an extension such as "${d.fileExtension}"`,
        );
    }
    if (compressionFormat === "GZIP" && !fileExtension.endsWith(".gz")) {
        fail(
            "fileExtension",
            `got ${JSON.stringify(fileExtension)}; Firehose writes GZIP objects, so use an extension ending in .gz such as "${d.fileExtension}" (and set the dataset spec's bronze.suffix to it) so readers decompress them`,
        );
    }
    if (compressionFormat === "UNCOMPRESSED" && fileExtension.endsWith(".gz")) {
        fail(
            "fileExtension",
            `got ${JSON.stringify(fileExtension)} for UNCOMPRESSED objects; readers would try to decompress them`,
        );
    }
    const logRetentionDays = args.logRetentionDays ?? d.logRetentionDays;
    const retention = logRetentionProblem(logRetentionDays);
    if (retention !== undefined) fail("logRetentionDays", `got ${logRetentionDays}; ${retention}`);
    return {
        dataset,
        bronzePrefix,
        fileExtension,
        compressionFormat,
        bufferingSizeMiB: whole("bufferingSizeMiB", args.bufferingSizeMiB ?? d.bufferingSizeMiB),
        bufferingIntervalSeconds: whole(
            "bufferingIntervalSeconds",
            args.bufferingIntervalSeconds ?? d.bufferingIntervalSeconds,
        ),
        logRetentionDays,
        schemaDefinition: loadEventSchema(args.schemaFile, (problem) => fail("schemaFile", problem)),
    };
}
