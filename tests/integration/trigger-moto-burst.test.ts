/**
 * The smaller faithful case against moto: the bundled trigger (the artifact Pulumi ships, its AWS SDK
 * resolved as the Lambda runtime provides it) polled from a real moto SQS queue with a dead-letter queue
 * (scripts/local-cloud/event-source-mapping.ts), starting and reading real moto Glue job runs that move
 * STARTING -> RUNNING -> SUCCEEDED through moto's manual state transitions. Moto has no job run queuing:
 * a start while a run is STARTING or RUNNING raises ConcurrentRunsExceededException, the path a job with
 * queuing off takes. The 100,000-object capacity cases run on the poll model (trigger-capacity.test.ts).
 */
import { mkdirSync, mkdtempSync, rmSync } from "node:fs";
import path from "node:path";
import type { GlueClient } from "@aws-sdk/client-glue";
import type { SQSClient } from "@aws-sdk/client-sqs";
import type { Context, SQSBatchResponse, SQSEvent } from "aws-lambda";
import { expect } from "chai";
import { bundleLambda } from "../../lambdas/build";
import { TRIGGER_MAX_CONCURRENCY, TRIGGER_QUEUE_MAX_RECEIVE_COUNT } from "../../lambdas/trigger/defaults";
import { queueDepth, runEventSourceMapping } from "../../scripts/local-cloud/event-source-mapping";
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

const EVENTS = 300;
const JOB = "flights-silver";
const BUCKET = "lake-bronze";
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

const uploadKey = (i: number) => `flights/2024/05/01/part ${String(i).padStart(4, "0")}+éß.csv`;

describe("trigger Lambda bundle: burst of 300 uploads to a job with MaxConcurrentRuns 1 (moto)", function () {
    this.timeout(120_000);
    let moto: MotoServer;
    let workDir: string;
    let glue: GlueClient;
    let sqs: SQSClient;
    let queues: TriggerQueues;
    const savedEnv = Object.fromEntries(LAMBDA_ENV.map((key) => [key, process.env[key]]));
    let logs: LogLine[];

    before(async () => {
        ({ moto, glue, sqs, queues } = await startMotoTriggerLake([JOB], TRIGGER_QUEUE_MAX_RECEIVE_COUNT));
        // Each read of a run (the handler's GetJobRuns included) counts; a state lasts three reads.
        await moto.setTransition("glue::job_run", { progression: "manual", times: 3 });
        // Inside the repository, so the bundle resolves @aws-sdk/* from node_modules as Lambda does from its runtime.
        mkdirSync(path.resolve(".cache"), { recursive: true });
        workDir = mkdtempSync(path.resolve(".cache", "trigger-moto-burst-"));
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
        ({ lines: logs } = await captureLogLines(() =>
            runEventSourceMapping({
                sqs,
                queueUrl: queues.queueUrl,
                queueArn: queues.queueArn,
                handler,
                batchSize: 10,
                pollers: TRIGGER_MAX_CONCURRENCY,
                visibilityTimeoutTicks: 12,
                onTick: async () => {
                    await listJobRuns(glue, JOB);
                },
                maxTicks: 2_000,
            }),
        ));
        for (let i = 0; i < 6; i++) await listJobRuns(glue, JOB);
    });

    after(async () => {
        for (const key of LAMBDA_ENV) {
            if (savedEnv[key] === undefined) delete process.env[key];
            else process.env[key] = savedEnv[key];
        }
        if (workDir) rmSync(workDir, { recursive: true, force: true });
        await moto?.stop();
    });

    it("hands every object, URL-decoded, to exactly one run that had not listed yet", async () => {
        const owning = logs.filter(
            (line) =>
                line.message === "Started Glue job run" ||
                line.message === "Joined Glue job run that has not listed bronze yet",
        );
        const owned = owning.flatMap((line) => line.objects as string[]);
        const expected = Array.from({ length: EVENTS }, (_, i) => `s3://${BUCKET}/${uploadKey(i)}`);
        expect([...owned].sort()).to.deep.equal([...expected].sort());
        const joined = owning.filter((line) => line.jobRunState !== undefined);
        expect(joined.length).to.be.greaterThan(0);
        expect(new Set(joined.map((line) => line.jobRunState))).to.deep.equal(new Set(["STARTING"]));
        // moto does not queue: starts on a busy job were refused and their messages came back.
        expect(logs.some((line) => line.errorName === "ConcurrentRunsExceededException")).to.equal(true);
        const runs = await listJobRuns(glue, JOB);
        const ids = new Set(runs.map((run) => run.Id));
        expect(owning.every((line) => ids.has(line.jobRunId as string))).to.equal(true);
        expect(
            runs.every((run) => run.JobRunState === "SUCCEEDED" && sourceKeysOf(run).length === 0),
        ).to.equal(true);
        expect(runs.length).to.be.below(EVENTS / 10);
    });

    it("leaves the queue and the dead-letter queue empty", async () => {
        expect(await queueDepth(sqs, queues.queueUrl)).to.equal(0);
        expect(await receiveAllBodies(sqs, queues.dlqUrl)).to.deep.equal([]);
    });

    it("logs structured JSON with the request id and one EMF metrics line per invocation", () => {
        const withLevel = logs.filter((line) => line.level !== undefined);
        expect(withLevel.every((line) => String(line.function_request_id).startsWith("esm-"))).to.equal(true);
        const processed = logs.filter((line) => line.message === "Trigger batch processed").length;
        expect(logs.filter((line) => line._aws !== undefined)).to.have.length(processed);
    });
});
