import { GetJobRunsCommand, GlueClient, StartJobRunCommand } from "@aws-sdk/client-glue";
import { mockClient } from "aws-sdk-client-mock";
import { expect } from "chai";
import type { TriggerHandler } from "../../../lambdas/trigger/create-handler";
import { DEFAULT_SERVICE_NAME, TRIGGER_METRICS_NAMESPACE } from "../../../lambdas/trigger/defaults";
import {
    captureLogLines,
    lambdaContext,
    s3EventNotification,
    sqsEvent,
    sqsRecord,
    TEST_ROUTES,
} from "./fixtures";

const HANDLER_MODULE = require.resolve("../../../lambdas/trigger/handler");
/** Request ids as Lambda generates them (version 4 UUIDs). */
const REQUEST_ID = "5b1e8f0c-3d2a-4c7e-9f61-0a8b7d6c5e42";
const OTHER_REQUEST_ID = "e2c4a6b8-1f3d-4e5a-8b7c-9d0e1f2a3b4c";
const ENV_KEYS = ["DATASET_ROUTES", "POWERTOOLS_SERVICE_NAME", "POWERTOOLS_DEV", "AWS_REGION"] as const;

/** Loads handler.ts as a cold start would, with `env` as the Lambda environment. */
function coldStart(env: Partial<Record<(typeof ENV_KEYS)[number], string>>): { handler: TriggerHandler } {
    for (const key of ENV_KEYS) delete process.env[key];
    Object.assign(process.env, env);
    delete require.cache[HANDLER_MODULE];
    return require(HANDLER_MODULE) as { handler: TriggerHandler };
}

describe("trigger handler (Lambda entry point)", () => {
    const saved = Object.fromEntries(ENV_KEYS.map((key) => [key, process.env[key]]));
    let glueMock: ReturnType<typeof mockClient>;

    before(() => {
        glueMock = mockClient(GlueClient);
    });
    afterEach(() => {
        glueMock.reset();
        delete require.cache[HANDLER_MODULE];
        for (const key of ENV_KEYS) {
            if (saved[key] === undefined) delete process.env[key];
            else process.env[key] = saved[key];
        }
    });
    after(() => glueMock.restore());

    it("names its log service medallion-bronze-trigger by default", () => {
        expect(DEFAULT_SERVICE_NAME).to.equal("medallion-bronze-trigger");
    });

    it("writes structured JSON logs carrying the request id and the job run id, then one EMF metrics line", async () => {
        glueMock.on(GetJobRunsCommand).resolves({ JobRuns: [] });
        glueMock.on(StartJobRunCommand).resolves({ JobRunId: "jr_123" });
        const { handler } = coldStart({
            DATASET_ROUTES: JSON.stringify(TEST_ROUTES),
            AWS_REGION: "us-east-1",
        });
        const event = sqsEvent(sqsRecord(s3EventNotification({ key: "flights/a.csv" }), "m1"));

        const { result, lines } = await captureLogLines(() => handler(event, lambdaContext(REQUEST_ID)));

        expect(result).to.deep.equal({ batchItemFailures: [] });
        const started = lines.find((line) => line.message === "Started Glue job run");
        expect(started).to.deep.include({
            level: "INFO",
            service: DEFAULT_SERVICE_NAME,
            function_request_id: REQUEST_ID,
            function_name: "bronze-trigger",
            jobName: "flights-silver",
            jobRunId: "jr_123",
            messageIds: ["m1"],
        });
        const logLines = lines.filter((line) => line.level !== undefined);
        expect(logLines.every((line) => line.function_request_id === REQUEST_ID)).to.equal(true);
        expect(logLines.map((line) => line.message)).to.deep.equal([
            "Started Glue job run",
            "Trigger batch processed",
        ]);
        const emf = lines.filter((line) => line._aws !== undefined);
        expect(emf).to.have.length(1);
        const aws = emf[0]?._aws as {
            CloudWatchMetrics: Array<{ Namespace: string; Dimensions: string[][] }>;
        };
        expect(aws.CloudWatchMetrics[0]?.Namespace).to.equal(TRIGGER_METRICS_NAMESPACE);
        expect(aws.CloudWatchMetrics[0]?.Dimensions).to.deep.equal([["service"]]);
        expect(emf[0]).to.include({
            service: DEFAULT_SERVICE_NAME,
            ObjectsRouted: 1,
            ObjectsOwned: 1,
            JobRunsStarted: 1,
            JobRunsJoined: 0,
            BatchItemFailures: 0,
        });
    });

    it("uses POWERTOOLS_SERVICE_NAME when set", async () => {
        glueMock.on(StartJobRunCommand).resolves({ JobRunId: "jr_1" });
        const { handler } = coldStart({
            DATASET_ROUTES: JSON.stringify(TEST_ROUTES),
            AWS_REGION: "us-east-1",
            POWERTOOLS_SERVICE_NAME: "lake-dev-trigger",
        });
        const { lines } = await captureLogLines(() => handler(sqsEvent(), lambdaContext(OTHER_REQUEST_ID)));
        expect(lines.map((line) => line.service)).to.deep.equal(["lake-dev-trigger", "lake-dev-trigger"]);
    });

    it("starts runs with the invocation as lineage parent: aws-lambda/<function name>, the request id", async () => {
        glueMock.on(GetJobRunsCommand).resolves({ JobRuns: [] });
        glueMock.on(StartJobRunCommand).resolves({ JobRunId: "jr_7" });
        const { handler } = coldStart({
            DATASET_ROUTES: JSON.stringify(TEST_ROUTES),
            AWS_REGION: "us-east-1",
        });
        const event = sqsEvent(sqsRecord(s3EventNotification({ key: "flights/a.csv" }), "m1"));
        await captureLogLines(() => handler(event, lambdaContext(REQUEST_ID)));
        expect(glueMock.commandCalls(StartJobRunCommand).map((call) => call.args[0].input)).to.deep.equal([
            {
                JobName: "flights-silver",
                JobRunQueuingEnabled: true,
                Arguments: {
                    "--lineage_parent_job_namespace": "aws-lambda",
                    "--lineage_parent_job_name": "bronze-trigger",
                    "--lineage_parent_run_id": REQUEST_ID,
                },
            },
        ]);
    });

    it("warns and starts runs without a lineage parent when the request id is not a UUID", async () => {
        glueMock.on(GetJobRunsCommand).resolves({ JobRuns: [] });
        glueMock.on(StartJobRunCommand).resolves({ JobRunId: "jr_8" });
        const { handler } = coldStart({
            DATASET_ROUTES: JSON.stringify(TEST_ROUTES),
            AWS_REGION: "us-east-1",
        });
        const event = sqsEvent(sqsRecord(s3EventNotification({ key: "flights/a.csv" }), "m1"));
        const { lines } = await captureLogLines(() => handler(event, lambdaContext("esm-1")));
        expect(glueMock.commandCalls(StartJobRunCommand).map((call) => call.args[0].input)).to.deep.equal([
            { JobName: "flights-silver", JobRunQueuingEnabled: true },
        ]);
        expect(lines.filter((line) => line.level === "WARN")).to.have.length(1);
        expect(lines.find((line) => line.level === "WARN")).to.deep.include({
            message: "Request id is not a UUID; the runs this invocation starts name no lineage parent",
            awsRequestId: "esm-1",
            functionName: "bronze-trigger",
            function_request_id: "esm-1",
        });
    });

    it("fails the cold start with a message naming the bad field, logged as JSON first", async () => {
        const { lines } = await captureLogLines(async () => {
            expect(() =>
                coldStart({ DATASET_ROUTES: JSON.stringify([{ ...TEST_ROUTES[0], bucket: "Bad_Bucket" }]) }),
            )
                // Matched by name: other suites may clear the require cache, so the class object can differ.
                .to.throw(/DATASET_ROUTES\[0\]\.bucket: bucket must be a bare S3 bucket name/)
                .with.property("name", "TriggerConfigError");
        });
        expect(lines.map((line) => [line.level, line.message])).to.deep.equal([
            ["ERROR", "Invalid trigger configuration; fix the Lambda environment"],
        ]);
    });
});
