/**
 * A burst of 500 bronze uploads against a Glue job that allows one concurrent run, end to end in moto:
 * S3 notifications in an SQS queue with a dead-letter queue, the bundled trigger Lambda (the artifact
 * Pulumi ships) invoked by an event-source-mapping loop, and Glue job runs that stay RUNNING until
 * advanced, so ConcurrentRunsExceededException really happens.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import type { GlueClient } from "@aws-sdk/client-glue";
import type { SQSClient } from "@aws-sdk/client-sqs";
import type { Context, SQSBatchResponse, SQSEvent } from "aws-lambda";
import { expect } from "chai";
import { bundleLambda } from "../../lambdas/build";
import { TRIGGER_MAX_CONCURRENCY, TRIGGER_QUEUE_MAX_RECEIVE_COUNT } from "../../lambdas/trigger/defaults";
import {
    type EventSourceMappingStats,
    queueDepth,
    runEventSourceMapping,
} from "../../scripts/local-cloud/event-source-mapping";
import { MOTO_CREDENTIALS, MOTO_REGION, type MotoServer } from "../../scripts/local-cloud/moto-server";
import {
    listJobRuns,
    receiveAllBodies,
    sendBodies,
    sourceKeysOf,
    type TriggerQueues,
} from "../../scripts/local-cloud/trigger-lake";
import { captureLogLines, type LogLine, s3EventNotification } from "../lambdas/trigger/fixtures";
import { startMotoTriggerLake } from "../support/moto-trigger-lake";

const EVENTS = 500;
const JOB = "flights-silver";
const BUCKET = "lake-bronze";
/**
 * Lambda's default batch size, without a batching window: the worst case for a job allowing one run
 * (500 objects need at least 50 runs, one after the other). Production uses TRIGGER_BATCH_SIZE (100).
 */
const BATCH_SIZE = 10;
/**
 * A job run lasts 2 ticks (STARTING -> RUNNING -> SUCCEEDED, one state per tick), so 12 ticks stand for
 * the recommended 900 s visibility timeout against job runs of about 150 s.
 */
const VISIBILITY_TIMEOUT_TICKS = 12;
const LAMBDA_ENV = [
    "DATASET_ROUTES",
    "AWS_ENDPOINT_URL",
    "AWS_REGION",
    "AWS_ACCESS_KEY_ID",
    "AWS_SECRET_ACCESS_KEY",
    "AWS_SESSION_TOKEN",
    "POWERTOOLS_SERVICE_NAME",
    "POWERTOOLS_DEV",
] as const;

/** Key of upload `i`: spaces, plus signs and non-ASCII, which S3 form-encodes in notifications. */
function uploadKey(i: number): string {
    return `flights/2024/05/01/part ${String(i).padStart(4, "0")}+éß.csv`;
}

describe("trigger Lambda: burst of 500 uploads to a job with MaxConcurrentRuns 1 (moto)", function () {
    this.timeout(120_000);
    let moto: MotoServer;
    let workDir: string;
    let glue: GlueClient;
    let sqs: SQSClient;
    let queues: TriggerQueues;
    const savedEnv = Object.fromEntries(LAMBDA_ENV.map((key) => [key, process.env[key]]));
    let stats: EventSourceMappingStats;
    let logs: LogLine[];

    before(async () => {
        ({ moto, glue, sqs, queues } = await startMotoTriggerLake([JOB], TRIGGER_QUEUE_MAX_RECEIVE_COUNT));
        await moto.setTransition("glue::job_run", { progression: "manual", times: 1 });

        workDir = mkdtempSync(path.join(tmpdir(), "trigger-burst-"));
        const bundle = await bundleLambda("lambdas/trigger/handler.ts", workDir);
        for (const key of LAMBDA_ENV) delete process.env[key];
        Object.assign(process.env, {
            DATASET_ROUTES: JSON.stringify([
                { dataset: "flights", bucket: BUCKET, prefix: "flights/", suffix: ".csv", jobName: JOB },
            ]),
            AWS_ENDPOINT_URL: moto.endpoint,
            AWS_REGION: MOTO_REGION,
            AWS_ACCESS_KEY_ID: MOTO_CREDENTIALS.accessKeyId,
            AWS_SECRET_ACCESS_KEY: MOTO_CREDENTIALS.secretAccessKey,
        });
        const { handler } = require(bundle.outfile) as {
            handler: (event: SQSEvent, context: Context) => Promise<SQSBatchResponse>;
        };

        await sendBodies(
            sqs,
            queues.queueUrl,
            Array.from({ length: EVENTS }, (_, i) =>
                s3EventNotification({ key: uploadKey(i), bucket: BUCKET }),
            ),
        );
        ({ result: stats, lines: logs } = await captureLogLines(() =>
            runEventSourceMapping({
                sqs,
                queueUrl: queues.queueUrl,
                queueArn: queues.queueArn,
                handler,
                batchSize: BATCH_SIZE,
                pollers: TRIGGER_MAX_CONCURRENCY,
                visibilityTimeoutTicks: VISIBILITY_TIMEOUT_TICKS,
                // With the manual transition (times: 1), each GetJobRuns moves every run one state on.
                onTick: async () => {
                    await listJobRuns(glue, JOB);
                },
                maxTicks: 2_000,
            }),
        ));
    });

    after(async () => {
        for (const key of LAMBDA_ENV) {
            if (savedEnv[key] === undefined) delete process.env[key];
            else process.env[key] = savedEnv[key];
        }
        if (workDir) rmSync(workDir, { recursive: true, force: true });
        await moto?.stop();
    });

    it("really hit ConcurrentRunsExceededException and reported those messages for redelivery", () => {
        const refusals = logs.filter(
            (line) => line.level === "WARN" && line.errorName === "ConcurrentRunsExceededException",
        );
        expect(refusals.length).to.be.greaterThan(0);
        expect(stats.reportedFailures).to.equal(
            refusals.reduce((sum, line) => sum + (line.messageIds as string[]).length, 0),
        );
        expect(stats.deliveries).to.equal(EVENTS + stats.reportedFailures);
        expect(stats.maxReceiveCount).to.be.within(2, TRIGGER_QUEUE_MAX_RECEIVE_COUNT - 1);
    });

    it("covers every uploaded object, URL-decoded, by exactly one started job run", async () => {
        const runs = await listJobRuns(glue, JOB);
        const keys = runs.flatMap(sourceKeysOf);
        const expected = Array.from({ length: EVENTS }, (_, i) => `s3://${BUCKET}/${uploadKey(i)}`);
        expect([...keys].sort()).to.deep.equal([...expected].sort());
        expect(runs.every((run) => sourceKeysOf(run).length <= BATCH_SIZE)).to.equal(true);
        expect(runs.length).to.be.within(EVENTS / BATCH_SIZE, stats.invocations);
    });

    it("leaves the queue and the dead-letter queue empty", async () => {
        expect(await queueDepth(sqs, queues.queueUrl)).to.equal(0);
        expect(await receiveAllBodies(sqs, queues.dlqUrl)).to.deep.equal([]);
    });

    it("logs every started run id as structured JSON with the request id", async () => {
        const runs = await listJobRuns(glue, JOB);
        const started = logs.filter((line) => line.message === "Started Glue job run");
        expect(started.map((line) => line.jobRunId).sort()).to.deep.equal(runs.map((run) => run.Id).sort());
        expect(
            started.every(
                (line) =>
                    typeof line.function_request_id === "string" &&
                    line.function_request_id.startsWith("esm-"),
            ),
        ).to.equal(true);
        expect(started.every((line) => line.service === "medallion-bronze-trigger")).to.equal(true);
    });
});
