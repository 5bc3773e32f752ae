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
import { servicePrincipal, withLakeTarget } from "../../lib/aws";
import { bucketArn } from "../../lib/glue-iam";
import { policyDocument, type Statement, serviceTrustPolicy, writeLogGroup } from "../../lib/iam";
import { decryptThroughService } from "../../lib/kms-access";
import { claimPhysicalNames, iamRoleName, resourceName } from "../../lib/naming";
import { componentSubject } from "../../lib/problems";

import type { EventStreamSourceArgs } from "./args";
import {
    encryptObjectsThroughS3,
    firehoseS3Delivery,
    putFirehoseRecords,
    readKinesisSource,
    readRegisteredSchema,
} from "./iam";
import { EVENT_STREAM_SOURCE_DEFAULTS, resolveEventStreamSettings } from "./settings";

export type { EventStreamLake, EventStreamSourceArgs, KinesisStreamSource } from "./args";
export {
    compressionForSuffix,
    EVENT_COMPRESSIONS,
    EVENT_STREAM_LIMITS,
    EVENT_STREAM_SOURCE_DEFAULTS,
    type EventCompression,
    type EventStreamSettings,
    resolveEventStreamSettings,
} from "./settings";

/** Key prefix, in the bronze bucket, of records Firehose failed to deliver or process. */
export const FIREHOSE_ERRORS_PREFIX = "_firehose-errors/";
/** Firehose processor that ends every record with a newline (no parameters needed). */
export const APPEND_DELIMITER_PROCESSOR = "AppendDelimiterToRecord";
/** Log stream, in the stream's log group, where Firehose logs delivery errors to S3. */
export const FIREHOSE_LOG_STREAM = "DestinationDelivery";

/**
 * A Firehose delivery stream into bronze and the Schema Registry entry of its events.
 *
 * @throws ProblemsError from the constructor, listing every problem, when the dataset, prefix or extension is malformed, a buffering hint or
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

    constructor(name: string, input: EventStreamSourceArgs, opts?: pulumi.ComponentResourceOptions) {
        const args = withLakeTarget(componentSubject("EventStreamSource", name), input);
        super("medallion-lake:index:EventStreamSource", name, {}, opts);
        const settings = resolveEventStreamSettings(name, args);
        const { lake } = args;
        const tags = { ...args.tags };
        const bronze = bucketArn(args.region, lake.bucketNames.bronze);
        const errorsPrefix = `${FIREHOSE_ERRORS_PREFIX}${settings.dataset}/`;
        this.deliveryStreamName = resourceName(lake.naming, `${settings.dataset}-events`, 64);
        claimPhysicalNames(componentSubject("EventStreamSource", name), [
            { kind: "Firehose delivery stream", name: this.deliveryStreamName },
            { kind: "IAM role", name: iamRoleName(lake.naming, `${settings.dataset}-firehose`) },
        ]);
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
