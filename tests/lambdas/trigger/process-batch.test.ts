import {
    AccessDeniedException,
    ConcurrentRunsExceededException,
    EntityNotFoundException,
    GetJobRunsCommand,
    GlueClient,
    StartJobRunCommand,
    ThrottlingException,
} from "@aws-sdk/client-glue";
import { mockClient } from "aws-sdk-client-mock";
import { expect } from "chai";
import { TRIGGER_JOB_RUNS_PAGE_SIZE, TRIGGER_METRIC_NAMES } from "../../../lambdas/trigger/defaults";
import {
    processTriggerBatch,
    type TriggerLogger,
    type TriggerMetrics,
} from "../../../lambdas/trigger/process-batch";
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
    beforeEach(() => {
        glueMock.reset();
        glueMock.on(GetJobRunsCommand).resolves({ JobRuns: [] });
    });
    after(() => glueMock.restore());

    it("starts one queued bookmark run per job, without arguments when given no lineage parent, and logs the decoded URIs it owns", async () => {
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
            { JobName: "flights-silver", JobRunQueuingEnabled: true },
            { JobName: "sales-silver", JobRunQueuingEnabled: true },
        ]);
        expect(glueMock.commandCalls(GetJobRunsCommand).map((call) => call.args[0].input)).to.deep.equal([
            { JobName: "flights-silver", MaxResults: TRIGGER_JOB_RUNS_PAGE_SIZE },
            { JobName: "sales-silver", MaxResults: TRIGGER_JOB_RUNS_PAGE_SIZE },
        ]);
        expect(logger.calls.filter((call) => call.message === "Started Glue job run")).to.deep.equal([
            {
                level: "info",
                message: "Started Glue job run",
                attributes: {
                    jobName: "flights-silver",
                    datasets: ["flights"],
                    objectCount: 2,
                    objects: [
                        "s3://lake-bronze/flights/2024/01/a b.csv",
                        "s3://lake-bronze/flights/2024/01/c.csv",
                    ],
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
                    objects: ["s3://lake-bronze/sales/x+y.json"],
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
                objectsRouted: 3,
                objectsOwned: 3,
                jobRunsStarted: 2,
                jobRunsJoined: 0,
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
                objects: ["s3://lake-bronze/flights/a.csv", "s3://lake-bronze/flights/b.csv"],
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
        expect(glueMock.commandCalls(StartJobRunCommand).map((call) => call.args[0].input)).to.deep.equal([
            { JobName: "flights-silver", JobRunQueuingEnabled: true },
        ]);
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

    for (const state of ["WAITING", "STARTING"] as const) {
        it(`joins a ${state} run (it has not listed bronze yet) instead of starting one`, async () => {
            glueMock.on(GetJobRunsCommand).resolves({
                JobRuns: [
                    { Id: "jr_new", JobRunState: state, StartedOn: new Date(1_000_000) },
                    { Id: "jr_old", JobRunState: "RUNNING" },
                ],
            });
            const logger = recordingLogger();
            const response = await processTriggerBatch(
                sqsEvent(sqsRecord(s3EventNotification({ key: "flights/a.csv" }), "m1")),
                { glue, routes: TEST_ROUTES, logger },
            );
            expect(response.batchItemFailures).to.deep.equal([]);
            expect(glueMock.commandCalls(StartJobRunCommand)).to.have.length(0);
            expect(logger.calls[0]).to.deep.equal({
                level: "info",
                message: "Joined Glue job run that has not listed bronze yet",
                attributes: {
                    jobName: "flights-silver",
                    datasets: ["flights"],
                    objectCount: 1,
                    objects: ["s3://lake-bronze/flights/a.csv"],
                    messageIds: ["m1"],
                    jobRunId: "jr_new",
                    jobRunState: state,
                },
            });
        });
    }

    it("starts a queued run when the newest runs are RUNNING or finished (they may have listed already)", async () => {
        glueMock.on(GetJobRunsCommand).resolves({
            JobRuns: [
                { Id: "jr_2", JobRunState: "RUNNING" },
                { Id: "jr_1", JobRunState: "SUCCEEDED" },
                { Id: "jr_0", JobRunState: "FAILED" },
            ],
        });
        glueMock.on(StartJobRunCommand).resolves({ JobRunId: "jr_3" });
        const response = await processTriggerBatch(
            sqsEvent(sqsRecord(s3EventNotification({ key: "flights/a.csv" }), "m1")),
            { glue, routes: TEST_ROUTES, logger: recordingLogger() },
        );
        expect(response.batchItemFailures).to.deep.equal([]);
        expect(glueMock.commandCalls(StartJobRunCommand)).to.have.length(1);
    });

    it("still starts the run when GetJobRuns is denied, and warns", async () => {
        glueMock
            .on(GetJobRunsCommand)
            .rejects(new AccessDeniedException({ message: "no glue:GetJobRuns", ...metadata }));
        glueMock.on(StartJobRunCommand).resolves({ JobRunId: "jr_1" });
        const logger = recordingLogger();
        const response = await processTriggerBatch(
            sqsEvent(sqsRecord(s3EventNotification({ key: "flights/a.csv" }), "m1")),
            { glue, routes: TEST_ROUTES, logger },
        );
        expect(response.batchItemFailures).to.deep.equal([]);
        expect(logger.calls[0]).to.deep.equal({
            level: "warn",
            message: "GetJobRuns failed; started a run without looking for one to join",
            attributes: {
                jobName: "flights-silver",
                errorName: "AccessDeniedException",
                errorMessage: "no glue:GetJobRuns",
            },
        });
    });

    it("returns the messages without starting when the invocation's deadline aborted the look-up", async () => {
        const controller = new AbortController();
        controller.abort();
        glueMock.on(GetJobRunsCommand).rejects(Object.assign(new Error("aborted"), { name: "AbortError" }));
        const response = await processTriggerBatch(
            sqsEvent(sqsRecord(s3EventNotification({ key: "flights/a.csv" }), "m1")),
            { glue, routes: TEST_ROUTES, logger: recordingLogger(), abortSignal: controller.signal },
        );
        expect(response.batchItemFailures).to.deep.equal([{ itemIdentifier: "m1" }]);
        expect(glueMock.commandCalls(StartJobRunCommand)).to.have.length(0);
    });

    it("counts routed objects, owned objects, starts, joins, returned items, malformed messages and ages", async () => {
        glueMock.on(GetJobRunsCommand, { JobName: "sales-silver" }).resolves({
            JobRuns: [{ Id: "jr_s", JobRunState: "WAITING", StartedOn: new Date(1_714_564_740_000) }],
        });
        glueMock.on(StartJobRunCommand).resolves({ JobRunId: "jr_f" });
        const recorded: Array<[string, string, number]> = [];
        const metrics: TriggerMetrics = {
            addMetric: (name, unit, value) => recorded.push([name, unit, value]),
        };
        await processTriggerBatch(
            sqsEvent(
                sqsRecord(s3EventNotification({ key: "flights/a.csv" }, { key: "flights/b.csv" }), "m1"),
                sqsRecord(s3EventNotification({ key: "sales/a.json" }), "m2"),
                sqsRecord("nope", "m3"),
            ),
            { glue, routes: TEST_ROUTES, logger: recordingLogger(), metrics, now: () => 1_714_564_830_000 },
        );
        const n = TRIGGER_METRIC_NAMES;
        expect(recorded).to.deep.equal([
            [n.objectsRouted, "Count", 3],
            [n.objectsOwned, "Count", 3],
            [n.runsStarted, "Count", 1],
            [n.runsJoined, "Count", 1],
            [n.itemsReturned, "Count", 1],
            [n.malformed, "Count", 1],
            // SentTimestamp of the fixtures is 1714564800000: 30 s before now.
            [n.oldestMessageAge, "Seconds", 30],
            [n.pendingRunAge, "Seconds", 90],
        ]);
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
