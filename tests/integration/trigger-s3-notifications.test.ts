/**
 * The delivery path from S3 itself, in moto: the bronze bucket gets the queue filters the TriggerLambda
 * component writes (`triggerQueueNotifications`), objects are uploaded with the S3 SDK (keys with spaces,
 * `+`, `%`, non-ASCII characters, and keys outside the filters), moto's S3 sends its own event
 * notifications (keys form-encoded as S3 encodes them) to the queue, and the trigger starts the Glue runs.
 * The other integration tests build notification bodies themselves; this one checks the bodies S3 writes.
 *
 * @see https://docs.aws.amazon.com/AmazonS3/latest/userguide/notification-content-structure.html
 */
import { Logger } from "@aws-lambda-powertools/logger";
import type { GlueClient } from "@aws-sdk/client-glue";
import {
    CreateBucketCommand,
    type Event,
    type FilterRule,
    PutBucketNotificationConfigurationCommand,
    PutObjectCommand,
    type QueueConfiguration,
    S3Client,
} from "@aws-sdk/client-s3";
import type { SQSClient } from "@aws-sdk/client-sqs";
import type { S3Event, SQSEvent } from "aws-lambda";
import { expect } from "chai";
import {
    type TriggerQueueNotification,
    triggerQueueNotifications,
} from "../../components/trigger-lambda/routes";
import { createTriggerHandler } from "../../lambdas/trigger/create-handler";
import type { DatasetRoute } from "../../lambdas/trigger/routes";
import { queueDepth, runEventSourceMapping } from "../../scripts/local-cloud/event-source-mapping";
import type { MotoServer } from "../../scripts/local-cloud/moto-server";
import { listJobRuns, sourceKeysOf, type TriggerQueues } from "../../scripts/local-cloud/trigger-lake";
import { captureLogLines, type LogLine } from "../lambdas/trigger/fixtures";
import { startMotoTriggerLake } from "../support/moto-trigger-lake";

const BUCKET = "lake-bronze";
const ROUTES: DatasetRoute[] = [
    { dataset: "flights", bucket: BUCKET, prefix: "flights/", suffix: ".csv", jobName: "flights-silver" },
    { dataset: "sales", bucket: BUCKET, prefix: "sales/", suffix: ".json", jobName: "sales-silver" },
];

/** Keys inside the filters, by the job their route starts. */
const MATCHING: Record<string, string[]> = {
    "flights-silver": [
        "flights/2024/05/01/part 1.csv",
        "flights/a+b.csv",
        "flights/100% sure & done.csv",
        "flights/zürich/日本 ✈.csv",
    ],
    "sales-silver": ["sales/q1 report+final.json", "sales/café/ventes.json"],
};
/** Keys outside every filter: S3 sends no notification for them. */
const OUTSIDE = ["flights/readme.txt", "flights.csv", "sales/orders.csv", "other/a.csv", "Flights/a.csv"];

/** The S3 API form of the component's queue filters. */
function queueConfiguration(filter: TriggerQueueNotification, queueArn: string): QueueConfiguration {
    const rules: FilterRule[] = [
        ...(filter.filterPrefix === undefined
            ? []
            : [{ Name: "prefix" as const, Value: filter.filterPrefix }]),
        ...(filter.filterSuffix === undefined
            ? []
            : [{ Name: "suffix" as const, Value: filter.filterSuffix }]),
    ];
    return {
        Id: filter.id,
        QueueArn: queueArn,
        Events: filter.events as Event[],
        ...(rules.length === 0 ? {} : { Filter: { Key: { FilterRules: rules } } }),
    };
}

describe("trigger Lambda: notifications sent by S3 itself start runs with exactly the matching keys (moto)", function () {
    this.timeout(60_000);
    let moto: MotoServer;
    let glue: GlueClient;
    let sqs: SQSClient;
    let queues: TriggerQueues;
    let logs: LogLine[];
    /** The `Records[].s3.object.key` values as S3 wrote them, in delivery order. */
    const deliveredKeys: string[] = [];

    before(async () => {
        ({ moto, glue, sqs, queues } = await startMotoTriggerLake(Object.keys(MATCHING), 3));
        const s3 = new S3Client({ ...moto.clientConfig, forcePathStyle: true });

        await s3.send(new CreateBucketCommand({ Bucket: BUCKET }));
        await s3.send(
            new PutBucketNotificationConfigurationCommand({
                Bucket: BUCKET,
                NotificationConfiguration: {
                    QueueConfigurations: triggerQueueNotifications(ROUTES).map((filter) =>
                        queueConfiguration(filter, queues.queueArn),
                    ),
                },
            }),
        );
        for (const key of [...Object.values(MATCHING).flat(), ...OUTSIDE]) {
            await s3.send(new PutObjectCommand({ Bucket: BUCKET, Key: key, Body: "x" }));
        }
        s3.destroy();

        const trigger = createTriggerHandler({
            glue,
            routes: ROUTES,
            logger: new Logger({ serviceName: "trigger-integration" }),
        });
        ({ lines: logs } = await captureLogLines(() =>
            runEventSourceMapping({
                sqs,
                queueUrl: queues.queueUrl,
                queueArn: queues.queueArn,
                handler: async (event: SQSEvent, context) => {
                    for (const record of event.Records) {
                        const body = JSON.parse(record.body) as Partial<S3Event>;
                        for (const s3Record of body.Records ?? []) deliveredKeys.push(s3Record.s3.object.key);
                    }
                    return trigger(event, context);
                },
                batchSize: 100,
                pollers: 1,
                visibilityTimeoutTicks: 1,
                maxTicks: 50,
            }),
        ));
    });

    after(async () => {
        await moto?.stop();
    });

    it("received a notification from S3 for the matching keys only, keys form-encoded by S3", () => {
        const matching = Object.values(MATCHING).flat();
        expect(deliveredKeys).to.have.length(matching.length);
        // S3 writes a space as `+` and a plus as `%2B`: the trigger had to decode what S3 sent.
        expect(deliveredKeys.some((key) => key.includes("+"))).to.equal(true);
        expect(deliveredKeys.some((key) => key.includes("%2B"))).to.equal(true);
        expect(deliveredKeys.every((key) => !key.includes(" "))).to.equal(true);
    });

    it("starts one bookmark run per job, owning exactly the matching keys, decoded", async () => {
        for (const [job, keys] of Object.entries(MATCHING)) {
            const runs = await listJobRuns(glue, job);
            expect(runs, job).to.have.length(1);
            expect(runs.map(sourceKeysOf), job).to.deep.equal([[]]);
            const started = logs.filter(
                (line) => line.message === "Started Glue job run" && line.jobName === job,
            );
            expect(
                started.map((line) => line.jobRunId),
                job,
            ).to.deep.equal([runs[0]?.Id]);
            expect([...((started[0]?.objects ?? []) as string[])].sort(), job).to.deep.equal(
                keys.map((key) => `s3://${BUCKET}/${key}`).sort(),
            );
        }
    });

    it("acknowledges S3's test event, sees no key outside the filters and leaves both queues empty", async () => {
        expect(logs.filter((line) => line.reason !== undefined).map((line) => line.reason)).to.deep.equal([
            "s3-test-event",
        ]);
        expect(await queueDepth(sqs, queues.queueUrl)).to.equal(0);
        expect(await queueDepth(sqs, queues.dlqUrl)).to.equal(0);
    });
});
