import {
    ConcurrentRunsExceededException,
    EntityNotFoundException,
    GlueClient,
    StartJobRunCommand,
    ThrottlingException,
} from "@aws-sdk/client-glue";
import { mockClient } from "aws-sdk-client-mock";
import { expect } from "chai";
import { SOURCE_KEYS_ARGUMENT } from "../../../lambdas/trigger/defaults";
import { processTriggerBatch, type TriggerLogger } from "../../../lambdas/trigger/process-batch";
import { s3EventNotification, s3TestEvent, sqsEvent, sqsRecord, TEST_ROUTES } from "./fixtures";

interface LoggedCall {
    level: "info" | "warn" | "error";
    message: string;
    attributes: Record<string, unknown>;
}

function recordingLogger(): TriggerLogger & { calls: LoggedCall[] } {
    const calls: LoggedCall[] = [];
    const log = (level: LoggedCall["level"]) => (message: string, attributes: Record<string, unknown>) =>
        calls.push({ level, message, attributes });
    return { calls, info: log("info"), warn: log("warn"), error: log("error") };
}

const metadata = { $metadata: { httpStatusCode: 400 } };

describe("processTriggerBatch", () => {
    const glue = new GlueClient({ region: "us-east-1" });
    let glueMock: ReturnType<typeof mockClient>;

    before(() => {
        glueMock = mockClient(GlueClient);
    });
    beforeEach(() => glueMock.reset());
    after(() => glueMock.restore());

    it("passes the Glue job argument named --source_keys", () => {
        expect(SOURCE_KEYS_ARGUMENT).to.equal("--source_keys");
    });

    it("starts one run per job per batch with the decoded s3:// URIs and logs the run id", async () => {
        glueMock
            .on(StartJobRunCommand, { JobName: "flights-silver" })
            .resolves({ JobRunId: "jr_flights" })
            .on(StartJobRunCommand, { JobName: "sales-silver" })
            .resolves({ JobRunId: "jr_sales" });
        const logger = recordingLogger();
        const event = sqsEvent(
            sqsRecord(s3EventNotification({ key: "flights/2024/01/a b.csv" }), "m1"),
            sqsRecord(s3EventNotification({ key: "sales/x+y.json" }), "m2"),
            sqsRecord(s3EventNotification({ key: "flights/2024/01/c.csv" }), "m3"),
        );

        const response = await processTriggerBatch(event, { glue, routes: TEST_ROUTES, logger });

        expect(response).to.deep.equal({ batchItemFailures: [] });
        expect(glueMock.commandCalls(StartJobRunCommand).map((call) => call.args[0].input)).to.deep.equal([
            {
                JobName: "flights-silver",
                Arguments: {
                    "--source_keys": JSON.stringify([
                        "s3://lake-bronze/flights/2024/01/a b.csv",
                        "s3://lake-bronze/flights/2024/01/c.csv",
                    ]),
                },
            },
            {
                JobName: "sales-silver",
                Arguments: { "--source_keys": JSON.stringify(["s3://lake-bronze/sales/x+y.json"]) },
            },
        ]);
        expect(logger.calls.filter((call) => call.message === "Started Glue job run")).to.deep.equal([
            {
                level: "info",
                message: "Started Glue job run",
                attributes: {
                    jobName: "flights-silver",
                    datasets: ["flights"],
                    objectCount: 2,
                    messageIds: ["m1", "m3"],
                    jobRunId: "jr_flights",
                },
            },
            {
                level: "info",
                message: "Started Glue job run",
                attributes: {
                    jobName: "sales-silver",
                    datasets: ["sales"],
                    objectCount: 1,
                    messageIds: ["m2"],
                    jobRunId: "jr_sales",
                },
            },
        ]);
        expect(logger.calls.at(-1)).to.deep.equal({
            level: "info",
            message: "Trigger batch processed",
            attributes: {
                messages: 3,
                jobRunsStarted: 2,
                jobRunsRefused: 0,
                acknowledgedWithoutRun: 0,
                failedMessages: 0,
            },
        });
    });

    it("fails only the messages of a job that already runs (ConcurrentRunsExceededException)", async () => {
        glueMock
            .on(StartJobRunCommand, { JobName: "flights-silver" })
            .rejects(
                new ConcurrentRunsExceededException({
                    message: "Job with name flights-silver already running",
                    ...metadata,
                }),
            )
            .on(StartJobRunCommand, { JobName: "sales-silver" })
            .resolves({ JobRunId: "jr_sales" });
        const logger = recordingLogger();
        const event = sqsEvent(
            sqsRecord(s3EventNotification({ key: "flights/a.csv" }), "m1"),
            sqsRecord(s3EventNotification({ key: "sales/a.json" }), "m2"),
            sqsRecord(s3EventNotification({ key: "flights/b.csv" }), "m3"),
        );

        const response = await processTriggerBatch(event, { glue, routes: TEST_ROUTES, logger });

        expect(response).to.deep.equal({
            batchItemFailures: [{ itemIdentifier: "m1" }, { itemIdentifier: "m3" }],
        });
        expect(logger.calls.find((call) => call.level === "warn")).to.deep.equal({
            level: "warn",
            message: "Glue job run not started; messages reported as failed for redelivery",
            attributes: {
                jobName: "flights-silver",
                datasets: ["flights"],
                objectCount: 2,
                messageIds: ["m1", "m3"],
                errorName: "ConcurrentRunsExceededException",
                errorMessage: "Job with name flights-silver already running",
                retryable: true,
            },
        });
    });

    it("fails the messages on throttling that outlasted the SDK retries", async () => {
        glueMock
            .on(StartJobRunCommand)
            .rejects(new ThrottlingException({ message: "Rate exceeded", ...metadata }));
        const logger = recordingLogger();
        const response = await processTriggerBatch(
            sqsEvent(sqsRecord(s3EventNotification({ key: "flights/a.csv" }), "m1")),
            { glue, routes: TEST_ROUTES, logger },
        );
        expect(response.batchItemFailures).to.deep.equal([{ itemIdentifier: "m1" }]);
        expect(
            logger.calls.filter((call) => call.level === "warn").map((call) => call.attributes.errorName),
        ).to.deep.equal(["ThrottlingException"]);
    });

    it("fails the messages of a missing job too, logged as a non-retryable error (they reach the DLQ)", async () => {
        glueMock
            .on(StartJobRunCommand)
            .rejects(new EntityNotFoundException({ message: "Job flights-silver not found", ...metadata }));
        const logger = recordingLogger();
        const response = await processTriggerBatch(
            sqsEvent(sqsRecord(s3EventNotification({ key: "flights/a.csv" }), "m1")),
            { glue, routes: TEST_ROUTES, logger },
        );
        expect(response.batchItemFailures).to.deep.equal([{ itemIdentifier: "m1" }]);
        const errors = logger.calls.filter((call) => call.level === "error");
        expect(
            errors.map((call) => [call.message, call.attributes.errorName, call.attributes.retryable]),
        ).to.deep.equal([
            [
                "Glue job run refused by a non-retryable error; messages fail until they reach the dead-letter queue",
                "EntityNotFoundException",
                false,
            ],
        ]);
    });

    it("fails a message spanning two jobs when either job refuses, and keeps the other run", async () => {
        glueMock
            .on(StartJobRunCommand, { JobName: "flights-silver" })
            .resolves({ JobRunId: "jr_flights" })
            .on(StartJobRunCommand, { JobName: "sales-silver" })
            .rejects(new ConcurrentRunsExceededException({ message: "busy", ...metadata }));
        const response = await processTriggerBatch(
            sqsEvent(
                sqsRecord(s3EventNotification({ key: "flights/a.csv" }, { key: "sales/a.json" }), "both"),
                sqsRecord(s3EventNotification({ key: "flights/b.csv" }), "flights-only"),
            ),
            { glue, routes: TEST_ROUTES, logger: recordingLogger() },
        );
        expect(response.batchItemFailures).to.deep.equal([{ itemIdentifier: "both" }]);
    });

    it("treats a response without JobRunId as a retryable failure", async () => {
        glueMock.on(StartJobRunCommand).resolves({});
        const logger = recordingLogger();
        const response = await processTriggerBatch(
            sqsEvent(sqsRecord(s3EventNotification({ key: "flights/a.csv" }), "m1")),
            { glue, routes: TEST_ROUTES, logger },
        );
        expect(response.batchItemFailures).to.deep.equal([{ itemIdentifier: "m1" }]);
        expect(logger.calls.find((call) => call.level === "warn")?.attributes.errorName).to.equal(
            "MissingJobRunId",
        );
    });

    it("handles test events, unmatched objects and malformed bodies without failing the rest", async () => {
        glueMock.on(StartJobRunCommand).resolves({ JobRunId: "jr_1" });
        const logger = recordingLogger();
        const event = sqsEvent(
            sqsRecord(s3TestEvent(), "test"),
            sqsRecord(s3EventNotification({ key: "flights/notes.txt" }), "unmatched"),
            sqsRecord("<xml/>", "not-json", 2),
            sqsRecord({ Type: "Notification", Message: "hi" }, "not-s3"),
            sqsRecord(
                s3EventNotification({ key: "flights/a.csv", eventName: "ObjectRemoved:Delete" }),
                "removed",
            ),
            sqsRecord(s3EventNotification({ key: "flights/a.csv" }), "good"),
        );

        const response = await processTriggerBatch(event, { glue, routes: TEST_ROUTES, logger });

        expect(response).to.deep.equal({
            batchItemFailures: [{ itemIdentifier: "not-json" }, { itemIdentifier: "not-s3" }],
        });
        expect(glueMock.commandCalls(StartJobRunCommand)).to.have.length(1);
        expect(
            logger.calls
                .filter((call) => call.attributes.messageId !== undefined)
                .map((call) => [call.level, call.attributes.messageId, call.attributes.reason]),
        ).to.deep.equal([
            ["info", "test", "s3-test-event"],
            ["warn", "unmatched", "no-matching-dataset"],
            ["warn", "removed", "not-object-created"],
            ["error", "not-json", "malformed"],
            ["error", "not-s3", "malformed"],
        ]);
        const notJson = logger.calls.find((call) => call.attributes.messageId === "not-json");
        expect(notJson?.attributes).to.deep.equal({
            messageId: "not-json",
            receiveCount: 2,
            reason: "malformed",
            detail: "body is not JSON",
        });
    });

    it("logs the unmatched objects and other events of a message whose routed objects start a run", async () => {
        glueMock.on(StartJobRunCommand).resolves({ JobRunId: "jr_1" });
        const logger = recordingLogger();
        const event = sqsEvent(
            sqsRecord(
                s3EventNotification(
                    { key: "flights/a.csv" },
                    { key: "flights/notes.txt" },
                    { key: "elsewhere/b.csv" },
                    { key: "flights/old.csv", eventName: "ObjectRemoved:Delete" },
                ),
                "mixed",
            ),
        );

        const response = await processTriggerBatch(event, { glue, routes: TEST_ROUTES, logger });

        expect(response).to.deep.equal({ batchItemFailures: [] });
        expect(
            glueMock.commandCalls(StartJobRunCommand).map((call) => call.args[0].input.Arguments),
        ).to.deep.equal([{ [SOURCE_KEYS_ARGUMENT]: JSON.stringify(["s3://lake-bronze/flights/a.csv"]) }]);
        expect(logger.calls.filter((call) => call.attributes.reason !== undefined)).to.deep.equal([
            {
                level: "warn",
                message:
                    "Objects match no dataset route; skipped; the message's other objects go to a job run",
                attributes: {
                    messageId: "mixed",
                    reason: "no-matching-dataset",
                    detail: "s3://lake-bronze/flights/notes.txt, s3://lake-bronze/elsewhere/b.csv",
                    withRun: true,
                },
            },
            {
                level: "warn",
                message: "Not an ObjectCreated event; skipped; the message's other objects go to a job run",
                attributes: {
                    messageId: "mixed",
                    reason: "not-object-created",
                    detail: "ObjectRemoved:Delete",
                    withRun: true,
                },
            },
        ]);
        expect(logger.calls.at(-1)?.attributes).to.include({ acknowledgedWithoutRun: 0, jobRunsStarted: 1 });
    });

    it("defers messages beyond the --source_keys budget to a later batch", async () => {
        glueMock.on(StartJobRunCommand).resolves({ JobRunId: "jr_1" });
        const budget = Buffer.byteLength(JSON.stringify(["s3://lake-bronze/flights/a.csv"]), "utf8");
        const response = await processTriggerBatch(
            sqsEvent(
                sqsRecord(s3EventNotification({ key: "flights/a.csv" }), "m1"),
                sqsRecord(s3EventNotification({ key: "flights/b.csv" }), "m2"),
            ),
            { glue, routes: TEST_ROUTES, logger: recordingLogger(), maxSourceKeysBytes: budget },
        );
        expect(response.batchItemFailures).to.deep.equal([{ itemIdentifier: "m2" }]);
        expect(glueMock.commandCalls(StartJobRunCommand)[0]?.args[0].input.Arguments).to.deep.equal({
            "--source_keys": '["s3://lake-bronze/flights/a.csv"]',
        });
    });

    it("makes no Glue call for an empty batch", async () => {
        const response = await processTriggerBatch(sqsEvent(), {
            glue,
            routes: TEST_ROUTES,
            logger: recordingLogger(),
        });
        expect(response).to.deep.equal({ batchItemFailures: [] });
        expect(glueMock.commandCalls(StartJobRunCommand)).to.have.length(0);
    });
});
