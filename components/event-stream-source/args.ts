/** The arguments of {@link EventStreamSource}; every default is a field of {@link EVENT_STREAM_SOURCE_DEFAULTS}. */
import type * as pulumi from "@pulumi/pulumi";
import type { NameContext } from "../../lib/naming";

/** Compressions this component delivers with: GZIP (readers decompress `.gz` objects by extension) or none. */
export const EVENT_COMPRESSIONS = ["GZIP", "UNCOMPRESSED"] as const;
/** A compression of delivered objects. */
export type EventCompression = (typeof EVENT_COMPRESSIONS)[number];

/** What EventStreamSource needs from the lake; a {@link DataLake} satisfies it. */
export interface EventStreamLake {
    naming: NameContext;
    /** Physical bucket names; events land in `bronze`. */
    bucketNames: Readonly<{ bronze: string }>;
    /** The lake key: delivered objects, the stream at rest and its logs are encrypted with it. */
    keyArn: pulumi.Input<string>;
    /** The lake's account id (a `DataLake` has it): used when `accountId` is not given. */
    accountId?: string;
    /** The lake's region (a `DataLake` has it): used when `region` is not given. */
    region?: string;
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
    /** 12-digit account id; part of ARNs and trust conditions. @default `lake.accountId` */
    accountId?: string;
    /** Region, e.g. `eu-west-1`. @default `lake.region` */
    region?: string;
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
