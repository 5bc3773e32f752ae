import { expect } from "chai";
import { OBJECT_CREATED_EVENT_PREFIX, S3_TEST_EVENT } from "../../../lambdas/trigger/defaults";
import { decodeS3EventKey, parseSqsMessage } from "../../../lambdas/trigger/s3-event-message";
import { BRONZE_BUCKET, encodeS3EventKey, s3EventNotification, s3TestEvent, sqsRecord } from "./fixtures";

describe("S3 event messages", () => {
    describe("decodeS3EventKey", () => {
        it("decodes form encoding: + is a space, %2B a plus", () => {
            expect(decodeS3EventKey("flights/part+1%2B2.csv")).to.equal("flights/part 1+2.csv");
        });

        it("decodes UTF-8 percent escapes", () => {
            expect(decodeS3EventKey("sales/caf%C3%A9%3D1.json")).to.equal("sales/café=1.json");
        });

        it("round-trips keys encoded the way S3 encodes them", () => {
            const key = "flights/2024/01/15/part 00042+x (copy) #1 ünï.csv";
            expect(encodeS3EventKey(key)).to.equal(
                "flights/2024/01/15/part+00042%2Bx+(copy)+%231+%C3%BCn%C3%AF.csv",
            );
            expect(decodeS3EventKey(encodeS3EventKey(key))).to.equal(key);
        });

        it("throws URIError on a truncated escape", () => {
            expect(() => decodeS3EventKey("flights/%E0%A4%A")).to.throw(URIError);
        });
    });

    describe("parseSqsMessage", () => {
        it("uses the S3 event names ObjectCreated: and s3:TestEvent", () => {
            expect(OBJECT_CREATED_EVENT_PREFIX).to.equal("ObjectCreated:");
            expect(S3_TEST_EVENT).to.equal("s3:TestEvent");
        });

        it("reads decoded objects of an S3 notification and the receive count", () => {
            const body = s3EventNotification(
                { key: "flights/a b.csv" },
                { key: "flights/c.csv", eventName: "ObjectCreated:CompleteMultipartUpload" },
            );
            expect(parseSqsMessage(sqsRecord(body, "m1", 3))).to.deep.equal({
                messageId: "m1",
                receiveCount: 3,
                kind: "objects",
                objects: [
                    { bucket: BRONZE_BUCKET, key: "flights/a b.csv", eventName: "ObjectCreated:Put" },
                    {
                        bucket: BRONZE_BUCKET,
                        key: "flights/c.csv",
                        eventName: "ObjectCreated:CompleteMultipartUpload",
                    },
                ],
                otherEvents: [],
            });
        });

        it("sets other S3 events aside by name", () => {
            const body = s3EventNotification({ key: "flights/a.csv", eventName: "ObjectRemoved:Delete" });
            const parsed = parseSqsMessage(sqsRecord(body, "m1"));
            expect(parsed).to.deep.include({
                kind: "objects",
                objects: [],
                otherEvents: ["ObjectRemoved:Delete"],
            });
        });

        it("recognises the s3:TestEvent", () => {
            expect(parseSqsMessage(sqsRecord(s3TestEvent("lake-bronze"), "t1"))).to.deep.equal({
                messageId: "t1",
                receiveCount: 1,
                kind: "testEvent",
                bucket: "lake-bronze",
            });
        });

        it("marks a body that is not JSON as malformed", () => {
            expect(parseSqsMessage(sqsRecord("not json {", "x1"))).to.deep.equal({
                messageId: "x1",
                receiveCount: 1,
                kind: "malformed",
                reason: "body is not JSON",
            });
        });

        it("marks JSON that is not an S3 notification as malformed, naming the field", () => {
            const parsed = parseSqsMessage(sqsRecord({ hello: "world" }, "x2"));
            expect(parsed).to.deep.include({
                kind: "malformed",
                reason: "not an S3 event notification (Records: Invalid input: expected array, received undefined)",
            });
        });

        it("marks an SNS-sourced record and an empty record list as malformed", () => {
            const sns = s3EventNotification({ key: "flights/a.csv" });
            const record = { ...sns.Records[0], eventSource: "aws:sns" };
            expect(parseSqsMessage(sqsRecord({ Records: [record] }, "x3"))).to.deep.include({
                kind: "malformed",
                reason: 'not an S3 event notification (Records.0.eventSource: Invalid input: expected "aws:s3")',
            });
            expect(parseSqsMessage(sqsRecord({ Records: [] }, "x4"))).to.deep.include({ kind: "malformed" });
        });

        it("marks a key with a broken escape as malformed, quoting the key", () => {
            const body = s3EventNotification({ key: "flights/a.csv" });
            const record = body.Records[0];
            if (record === undefined) throw new Error("fixture has one record");
            record.s3.object.key = "flights/%E0%A4%A.csv";
            expect(parseSqsMessage(sqsRecord(body, "x5"))).to.deep.include({
                kind: "malformed",
                reason: 'object key is not valid URL encoding: "flights/%E0%A4%A.csv"',
            });
        });
    });
});
