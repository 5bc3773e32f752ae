/**
 * Parses the body of one SQS message that the bronze bucket's S3 event notifications sent to the trigger
 * queue: an S3 event notification (`{"Records": [...]}`), the `s3:TestEvent` S3 sends when a notification
 * is configured, or anything else (malformed).
 *
 * @see https://docs.aws.amazon.com/AmazonS3/latest/userguide/notification-content-structure.html
 * @module
 */
import type { SQSRecord } from "aws-lambda";
import { OBJECT_CREATED_EVENT_PREFIX, S3_TEST_EVENT } from "./defaults";
import * as z from "./zod";

/** One bronze object named by an `ObjectCreated:*` record. */
export interface BronzeObject {
    /** Bucket name. */
    readonly bucket: string;
    /** Object key, URL-decoded (S3 sends keys form-encoded: `+` is a space, `%2B` a plus). */
    readonly key: string;
    /** S3 event name, for example `"ObjectCreated:Put"`. */
    readonly eventName: string;
}

/** Fields every parsed message carries. */
interface MessageIdentity {
    /** SQS message id: the `itemIdentifier` of a batch item failure. */
    readonly messageId: string;
    /** How often SQS has delivered this message, from `ApproximateReceiveCount` (1 on first delivery). */
    readonly receiveCount: number;
}

/** An S3 event notification; `objects` holds its `ObjectCreated:*` records, `otherEvents` the names of the rest. */
export interface ObjectsMessage extends MessageIdentity {
    readonly kind: "objects";
    readonly objects: readonly BronzeObject[];
    /** Event names of records that are not `ObjectCreated:*` (for example `ObjectRemoved:Delete`). */
    readonly otherEvents: readonly string[];
}

/** The `s3:TestEvent` S3 sends once when a notification configuration is saved. */
export interface TestEventMessage extends MessageIdentity {
    readonly kind: "testEvent";
    /** Bucket whose notification configuration was saved. */
    readonly bucket: string;
}

/** A body that is not JSON, not an S3 notification, or has an undecodable key. */
export interface MalformedMessage extends MessageIdentity {
    readonly kind: "malformed";
    /** Why the body was rejected, for the log and the dead-letter queue investigation. */
    readonly reason: string;
}

/** Result of {@link parseSqsMessage}. */
export type ParsedMessage = ObjectsMessage | TestEventMessage | MalformedMessage;

const S3EventRecordSchema = z.object({
    eventSource: z.literal("aws:s3"),
    eventName: z.string().check(z.minLength(1)),
    s3: z.object({
        bucket: z.object({ name: z.string().check(z.minLength(1)) }),
        object: z.object({ key: z.string().check(z.minLength(1)) }),
    }),
});

/** Shape of an S3 event notification body (only the fields the trigger reads). */
export const S3EventNotificationSchema = z.object({
    Records: z.array(S3EventRecordSchema).check(z.minLength(1)),
});

/** Shape of the S3 test event body. */
export const S3TestEventSchema = z.object({ Event: z.literal(S3_TEST_EVENT), Bucket: z.string() });

/**
 * Decodes an object key as S3 writes it in event notifications (`application/x-www-form-urlencoded`).
 *
 * @param encodedKey - key from `Records[].s3.object.key`, for example `"flights/part+1%2B2.csv"`.
 * @returns the real key, for example `"flights/part 1+2.csv"`.
 * @throws URIError when the key holds an invalid percent escape (for example `"%E0%A4%A"`).
 */
export function decodeS3EventKey(encodedKey: string): string {
    return decodeURIComponent(encodedKey.replace(/\+/g, "%20"));
}

/**
 * Classifies one SQS message of the trigger queue.
 *
 * Never throws: anything that is not an S3 notification or test event becomes a {@link MalformedMessage}
 * with a reason.
 *
 * @param record - SQS record as Lambda delivers it.
 * @returns the parsed message.
 */
export function parseSqsMessage(record: SQSRecord): ParsedMessage {
    const identity: MessageIdentity = {
        messageId: record.messageId,
        receiveCount: Number.parseInt(record.attributes?.ApproximateReceiveCount ?? "1", 10) || 1,
    };
    let body: unknown;
    try {
        body = JSON.parse(record.body);
    } catch {
        return { ...identity, kind: "malformed", reason: "body is not JSON" };
    }
    const testEvent = S3TestEventSchema.safeParse(body);
    if (testEvent.success) {
        return { ...identity, kind: "testEvent", bucket: testEvent.data.Bucket };
    }
    const notification = S3EventNotificationSchema.safeParse(body);
    if (!notification.success) {
        const issue = notification.error.issues[0];
        const where = issue?.path.length ? issue.path.join(".") : "body";
        return {
            ...identity,
            kind: "malformed",
            reason: `not an S3 event notification (${where}: ${issue?.message ?? "unknown shape"})`,
        };
    }
    const objects: BronzeObject[] = [];
    const otherEvents: string[] = [];
    for (const s3Record of notification.data.Records) {
        if (!s3Record.eventName.startsWith(OBJECT_CREATED_EVENT_PREFIX)) {
            otherEvents.push(s3Record.eventName);
            continue;
        }
        let key: string;
        try {
            key = decodeS3EventKey(s3Record.s3.object.key);
        } catch {
            return {
                ...identity,
                kind: "malformed",
                reason: `object key is not valid URL encoding: ${JSON.stringify(s3Record.s3.object.key)}`,
            };
        }
        objects.push({ bucket: s3Record.s3.bucket.name, key, eventName: s3Record.eventName });
    }
    return { ...identity, kind: "objects", objects, otherEvents };
}
