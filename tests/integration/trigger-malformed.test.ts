/**
 * Every kind of message that starts no job run, end to end in moto: each must end where it belongs
 * (deleted after logging, or in the dead-letter queue after `maxReceiveCount` receives) without holding
 * back the valid object that shares its batches.
 */
import { Logger } from "@aws-lambda-powertools/logger";
import type { GlueClient } from "@aws-sdk/client-glue";
import type { SQSClient } from "@aws-sdk/client-sqs";
import { expect } from "chai";
import { createTriggerHandler } from "../../lambdas/trigger/create-handler";
import type { DatasetRoute } from "../../lambdas/trigger/routes";
import {
    type EventSourceMappingStats,
    queueDepth,
    runEventSourceMapping,
} from "../../scripts/local-cloud/event-source-mapping";
import type { MotoServer } from "../../scripts/local-cloud/moto-server";
import {
    listJobRuns,
    receiveAllBodies,
    sendBodies,
    sourceKeysOf,
    type TriggerQueues,
} from "../../scripts/local-cloud/trigger-lake";
import {
    captureLogLines,
    encodeS3EventKey,
    type LogLine,
    s3EventNotification,
    s3TestEvent,
} from "../lambdas/trigger/fixtures";
import { startMotoTriggerLake } from "../support/moto-trigger-lake";

const BUCKET = "lake-bronze";
/** Small on purpose: poison messages reach the DLQ after 3 receives, keeping the test short. */
const MAX_RECEIVE_COUNT = 3;
const ROUTES: DatasetRoute[] = [
    { dataset: "flights", bucket: BUCKET, prefix: "flights/", suffix: ".csv", jobName: "flights-silver" },
    // No Glue job of this name exists: StartJobRun answers EntityNotFoundException.
    { dataset: "sales", bucket: BUCKET, prefix: "sales/", suffix: ".json", jobName: "sales-silver-missing" },
];

const brokenKeyEvent = (() => {
    const event = s3EventNotification({ key: "flights/broken.csv", bucket: BUCKET });
    const record = event.Records[0];
    if (record) record.s3.object.key = "flights/%E0%A4%A.csv";
    return event;
})();

/** Message bodies by what should become of them. */
const DELETED = {
    testEvent: s3TestEvent(BUCKET),
    unmatchedKey: s3EventNotification({ key: "flights/README.txt", bucket: BUCKET }),
    otherBucket: s3EventNotification({ key: "flights/a.csv", bucket: "someone-elses-bucket" }),
    objectRemoved: s3EventNotification({
        key: "flights/old.csv",
        bucket: BUCKET,
        eventName: "ObjectRemoved:Delete",
    }),
};
const DEAD_LETTERED = {
    notJson: "this is not JSON",
    notS3: { Type: "Notification", Message: "{}", TopicArn: "arn:aws:sns:us-east-1:123456789012:t" },
    emptyRecords: { Records: [] },
    brokenKeyEncoding: brokenKeyEvent,
    missingJob: s3EventNotification({ key: "sales/2024/orders.json", bucket: BUCKET }),
};
const VALID = s3EventNotification({ key: "flights/2024/05/01/good file.csv", bucket: BUCKET });

const asBody = (body: unknown) => (typeof body === "string" ? body : JSON.stringify(body));

describe("trigger Lambda: malformed and unroutable messages end where they belong (moto)", function () {
    this.timeout(60_000);
    let moto: MotoServer;
    let glue: GlueClient;
    let sqs: SQSClient;
    let queues: TriggerQueues;
    let stats: EventSourceMappingStats;
    let logs: LogLine[];

    before(async () => {
        ({ moto, glue, sqs, queues } = await startMotoTriggerLake(["flights-silver"], MAX_RECEIVE_COUNT));
        await sendBodies(sqs, queues.queueUrl, [
            ...Object.values(DELETED),
            ...Object.values(DEAD_LETTERED),
            VALID,
        ]);
        const handler = createTriggerHandler({
            glue,
            routes: ROUTES,
            logger: new Logger({ serviceName: "trigger-integration" }),
        });
        ({ result: stats, lines: logs } = await captureLogLines(() =>
            runEventSourceMapping({
                sqs,
                queueUrl: queues.queueUrl,
                queueArn: queues.queueArn,
                handler,
                batchSize: 10,
                pollers: 1,
                visibilityTimeoutTicks: 1,
                maxTicks: 200,
            }),
        ));
    });

    after(async () => {
        await moto?.stop();
    });

    it("starts one bookmark run (no --source_keys) owning the valid object, its key decoded", async () => {
        const runs = await listJobRuns(glue, "flights-silver");
        expect(runs.map(sourceKeysOf)).to.deep.equal([[]]);
        const started = logs.filter((line) => line.message === "Started Glue job run");
        expect(started.map((line) => [line.jobRunId, line.objects])).to.deep.equal([
            [runs[0]?.Id, [`s3://${BUCKET}/flights/2024/05/01/good file.csv`]],
        ]);
        expect(encodeS3EventKey("flights/2024/05/01/good file.csv")).to.equal(
            "flights/2024/05/01/good+file.csv",
        );
    });

    it("moves exactly the malformed, non-S3 and unstartable messages to the dead-letter queue", async () => {
        const dlq = await receiveAllBodies(sqs, queues.dlqUrl);
        expect([...dlq].sort()).to.deep.equal(Object.values(DEAD_LETTERED).map(asBody).sort());
        expect(await queueDepth(sqs, queues.queueUrl)).to.equal(0);
    });

    it("delivered each poison message maxReceiveCount times and the others once", () => {
        const poison = Object.keys(DEAD_LETTERED).length;
        const settled = Object.keys(DELETED).length + 1;
        expect(stats.deliveries).to.equal(settled + poison * MAX_RECEIVE_COUNT);
        expect(stats.maxReceiveCount).to.equal(MAX_RECEIVE_COUNT);
    });

    it("logs why each message was set aside, with its message id and the request id", () => {
        const reasons = (reason: string) => logs.filter((line) => line.reason === reason);
        expect(reasons("s3-test-event").map((line) => line.level)).to.deep.equal(["INFO"]);
        expect(reasons("no-matching-dataset").map((line) => line.detail)).to.deep.equal([
            `s3://${BUCKET}/flights/README.txt`,
            "s3://someone-elses-bucket/flights/a.csv",
        ]);
        expect(reasons("not-object-created").map((line) => line.detail)).to.deep.equal([
            "ObjectRemoved:Delete",
        ]);
        const malformed = reasons("malformed");
        expect(malformed).to.have.length(4 * MAX_RECEIVE_COUNT);
        expect(new Set(malformed.map((line) => line.detail))).to.deep.equal(
            new Set([
                "body is not JSON",
                "not an S3 event notification (Records: Invalid input: expected array, received undefined)",
                "not an S3 event notification (Records: Too small: expected array to have >=1 items)",
                'object key is not valid URL encoding: "flights/%E0%A4%A.csv"',
            ]),
        );
        const refused = logs.filter((line) => line.errorName === "EntityNotFoundException");
        expect(refused.map((line) => [line.level, line.jobName, line.retryable])).to.deep.equal(
            Array.from({ length: MAX_RECEIVE_COUNT }, () => ["ERROR", "sales-silver-missing", false]),
        );
        expect(logs.every((line) => typeof line.function_request_id === "string")).to.equal(true);
    });
});
