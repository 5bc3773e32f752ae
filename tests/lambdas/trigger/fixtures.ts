/**
 * Test fixtures for the trigger Lambda: S3 event notifications, SQS records and a Lambda context shaped
 * exactly as AWS delivers them, and a stdout capture for Powertools log lines.
 */
import type { S3Event, S3EventRecord, SQSEvent, SQSRecord } from "aws-lambda";
import { encodeS3EventKey } from "../../../scripts/local-cloud/s3-events";

/** Bronze bucket of the fixtures. */
export const BRONZE_BUCKET = "lake-bronze";

/** Routes used across the trigger tests: two datasets on the bronze bucket, each with its own job. */
export const TEST_ROUTES = [
    {
        dataset: "flights",
        bucket: BRONZE_BUCKET,
        prefix: "flights/",
        suffix: ".csv",
        jobName: "flights-silver",
    },
    { dataset: "sales", bucket: BRONZE_BUCKET, prefix: "sales/", suffix: ".json", jobName: "sales-silver" },
] as const;

/** One object of an S3 notification, with its real (decoded) key. */
export interface FixtureObject {
    readonly key: string;
    readonly bucket?: string;
    readonly eventName?: string;
    readonly size?: number;
}

/** A complete S3 event notification record (event version 2.1) for `object`. */
export function s3EventRecord(object: FixtureObject): S3EventRecord {
    const bucket = object.bucket ?? BRONZE_BUCKET;
    return {
        eventVersion: "2.1",
        eventSource: "aws:s3",
        awsRegion: "us-east-1",
        eventTime: "2024-05-01T12:00:00.000Z",
        eventName: object.eventName ?? "ObjectCreated:Put",
        userIdentity: { principalId: "AWS:AIDAEXAMPLE" },
        requestParameters: { sourceIPAddress: "203.0.113.10" },
        responseElements: {
            "x-amz-request-id": "C3D13FE58DE4C810",
            "x-amz-id-2": "FMyUVURIY8/IgAtTv8xRjskZQpcIZ9KG4V",
        },
        s3: {
            s3SchemaVersion: "1.0",
            configurationId: "bronze-trigger",
            bucket: {
                name: bucket,
                ownerIdentity: { principalId: "A3NL1KOZZKExample" },
                arn: `arn:aws:s3:::${bucket}`,
            },
            object: {
                key: encodeS3EventKey(object.key),
                size: object.size ?? 1024,
                eTag: "d41d8cd98f00b204e9800998ecf8427e",
                sequencer: "0055AED6DCD90281E5",
            },
        },
    };
}

/** An S3 event notification holding one record per object. */
export function s3EventNotification(...objects: FixtureObject[]): S3Event {
    return { Records: objects.map(s3EventRecord) };
}

/** The `s3:TestEvent` body S3 sends when a notification configuration is saved. */
export function s3TestEvent(bucket: string = BRONZE_BUCKET): Record<string, string> {
    return {
        Service: "Amazon S3",
        Event: "s3:TestEvent",
        Time: "2024-05-01T12:00:00.000Z",
        Bucket: bucket,
        RequestId: "5582815E1AEA5ADF",
        HostId: "8cLeGAmw098X5cv4Zkwcmo8vvZa3eH3eKxsPzbB9wrR+YstdA6Knx4Ip8EXAMPLE",
    };
}

/** An SQS record as the Lambda event source mapping delivers it. */
export function sqsRecord(body: unknown, messageId: string, receiveCount = 1): SQSRecord {
    const text = typeof body === "string" ? body : JSON.stringify(body);
    return {
        messageId,
        receiptHandle: `receipt-${messageId}`,
        body: text,
        attributes: {
            ApproximateReceiveCount: String(receiveCount),
            SentTimestamp: "1714564800000",
            SenderId: "AIDAEXAMPLE",
            ApproximateFirstReceiveTimestamp: "1714564800100",
        },
        messageAttributes: {},
        md5OfBody: "0".repeat(32),
        eventSource: "aws:sqs",
        eventSourceARN: "arn:aws:sqs:us-east-1:123456789012:bronze-trigger",
        awsRegion: "us-east-1",
    };
}

/** An SQS event from records. */
export function sqsEvent(...records: SQSRecord[]): SQSEvent {
    return { Records: records };
}

export { captureLogLines, type LogLine, lambdaContext } from "../../../scripts/local-cloud/lambda-runtime";
export { encodeS3EventKey };
