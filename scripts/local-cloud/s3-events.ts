/**
 * S3 event notifications as S3 sends them to an SQS queue (event version 2.1), for bronze objects that were
 * written locally rather than uploaded: the demo hands these to the trigger Lambda as S3 would.
 *
 * @see https://docs.aws.amazon.com/AmazonS3/latest/userguide/notification-content-structure.html
 * @module
 */
import type { S3Event, S3EventRecord } from "aws-lambda";

/**
 * Encodes a key as S3 does in event notifications (form encoding: space is `+`, `+` is `%2B`, `/` kept).
 *
 * @example `encodeS3EventKey("flights/part 1+2.csv")` is `"flights/part+1%2B2.csv"`.
 */
export function encodeS3EventKey(key: string): string {
    return encodeURIComponent(key).replace(/%20/g, "+").replace(/%2F/g, "/");
}

/** One created object, as the notification describes it. */
export interface CreatedObject {
    /** Bucket name (no `s3://`). */
    readonly bucket: string;
    /** The real (decoded) key; it is form-encoded in the record. */
    readonly key: string;
    /** Object size, in bytes. */
    readonly size: number;
    /** ETag: the hex MD5 of the content for a single-part upload without SSE-KMS. */
    readonly eTag: string;
    /** Region of the bucket, e.g. `eu-west-1`. */
    readonly region: string;
    /** When the object was created. */
    readonly eventTime: Date;
    /**
     * Orders events of the same key (hex, increasing per key).
     * @defaultValue the event time in milliseconds, in hex, 16 digits
     */
    readonly sequencer?: string;
    /** @defaultValue `"ObjectCreated:Put"` */
    readonly eventName?: string;
    /**
     * Id of the bucket's notification configuration that matched (the TriggerLambda uses the dataset name).
     * @defaultValue `"bronze-trigger"`
     */
    readonly configurationId?: string;
}

/** A complete `ObjectCreated` notification record for `object`. */
export function objectCreatedRecord(object: CreatedObject): S3EventRecord {
    return {
        eventVersion: "2.1",
        eventSource: "aws:s3",
        awsRegion: object.region,
        eventTime: object.eventTime.toISOString(),
        eventName: object.eventName ?? "ObjectCreated:Put",
        userIdentity: { principalId: "AWS:AIDAEXAMPLE" },
        requestParameters: { sourceIPAddress: "127.0.0.1" },
        responseElements: {
            "x-amz-request-id": object.eTag.slice(0, 16).toUpperCase(),
            "x-amz-id-2": Buffer.from(object.eTag).toString("base64"),
        },
        s3: {
            s3SchemaVersion: "1.0",
            configurationId: object.configurationId ?? "bronze-trigger",
            bucket: {
                name: object.bucket,
                ownerIdentity: { principalId: "A3NL1KOZZKExample" },
                arn: `arn:aws:s3:::${object.bucket}`,
            },
            object: {
                key: encodeS3EventKey(object.key),
                size: object.size,
                eTag: object.eTag,
                sequencer:
                    object.sequencer ??
                    object.eventTime.getTime().toString(16).toUpperCase().padStart(16, "0"),
            },
        },
    };
}

/** The notification S3 sends for one created object (S3 sends one record per message). */
export function objectCreatedEvent(object: CreatedObject): S3Event {
    return { Records: [objectCreatedRecord(object)] };
}
