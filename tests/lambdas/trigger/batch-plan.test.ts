import { expect } from "chai";
import { planBatch, toS3Uri } from "../../../lambdas/trigger/batch-plan";
import { parseSqsMessage } from "../../../lambdas/trigger/s3-event-message";
import { type FixtureObject, s3EventNotification, s3TestEvent, sqsRecord, TEST_ROUTES } from "./fixtures";

function objectsMessage(messageId: string, ...objects: FixtureObject[]) {
    return parseSqsMessage(sqsRecord(s3EventNotification(...objects), messageId));
}

describe("planBatch", () => {
    it("builds s3:// URIs with the decoded key verbatim", () => {
        expect(toS3Uri({ bucket: "lake-bronze", key: "flights/a b+c.csv" })).to.equal(
            "s3://lake-bronze/flights/a b+c.csv",
        );
    });

    it("groups the objects of all messages into one run per job, in order of first appearance", () => {
        const plan = planBatch(
            [
                objectsMessage("m1", { key: "sales/1.json" }),
                objectsMessage("m2", { key: "flights/1.csv" }),
                objectsMessage("m3", { key: "sales/2.json" }),
                objectsMessage("m4", { key: "flights/2 two.csv" }),
            ],
            TEST_ROUTES,
        );
        expect(plan).to.deep.equal({
            runs: [
                {
                    jobName: "sales-silver",
                    datasets: ["sales"],
                    sourceUris: ["s3://lake-bronze/sales/1.json", "s3://lake-bronze/sales/2.json"],
                    messageIds: ["m1", "m3"],
                },
                {
                    jobName: "flights-silver",
                    datasets: ["flights"],
                    sourceUris: ["s3://lake-bronze/flights/1.csv", "s3://lake-bronze/flights/2 two.csv"],
                    messageIds: ["m2", "m4"],
                },
            ],
            acknowledged: [],
            rejected: [],
        });
    });

    it("de-duplicates an object notified twice but keeps both messages in the run", () => {
        const plan = planBatch(
            [objectsMessage("m1", { key: "flights/1.csv" }), objectsMessage("m2", { key: "flights/1.csv" })],
            TEST_ROUTES,
        );
        expect(plan.runs).to.deep.equal([
            {
                jobName: "flights-silver",
                datasets: ["flights"],
                sourceUris: ["s3://lake-bronze/flights/1.csv"],
                messageIds: ["m1", "m2"],
            },
        ]);
    });

    it("puts a message with objects of two datasets in both runs", () => {
        const plan = planBatch(
            [objectsMessage("m1", { key: "flights/1.csv" }, { key: "sales/1.json" })],
            TEST_ROUTES,
        );
        expect(plan.runs.map((run) => [run.jobName, run.messageIds])).to.deep.equal([
            ["flights-silver", ["m1"]],
            ["sales-silver", ["m1"]],
        ]);
    });

    it("merges datasets that share a job into one run", () => {
        const routes = [
            { dataset: "a", bucket: "lake-bronze", prefix: "a/", suffix: "", jobName: "shared" },
            { dataset: "b", bucket: "lake-bronze", prefix: "b/", suffix: "", jobName: "shared" },
        ];
        const plan = planBatch(
            [objectsMessage("m1", { key: "b/1" }), objectsMessage("m2", { key: "a/1" })],
            routes,
        );
        expect(plan.runs).to.deep.equal([
            {
                jobName: "shared",
                datasets: ["a", "b"],
                sourceUris: ["s3://lake-bronze/b/1", "s3://lake-bronze/a/1"],
                messageIds: ["m1", "m2"],
            },
        ]);
    });

    it("acknowledges test events, unmatched objects and non-ObjectCreated events with a detail", () => {
        const plan = planBatch(
            [
                parseSqsMessage(sqsRecord(s3TestEvent(), "t1")),
                objectsMessage(
                    "u1",
                    { key: "flights/readme.txt" },
                    { key: "other/x.csv", bucket: "other-bucket" },
                ),
                objectsMessage("d1", { key: "flights/1.csv", eventName: "ObjectRemoved:Delete" }),
            ],
            TEST_ROUTES,
        );
        expect(plan.runs).to.deep.equal([]);
        expect(plan.rejected).to.deep.equal([]);
        expect(plan.acknowledged).to.deep.equal([
            { messageId: "t1", reason: "s3-test-event", detail: "bucket lake-bronze", withRun: false },
            {
                messageId: "u1",
                reason: "no-matching-dataset",
                detail: "s3://lake-bronze/flights/readme.txt, s3://other-bucket/other/x.csv",
                withRun: false,
            },
            { messageId: "d1", reason: "not-object-created", detail: "ObjectRemoved:Delete", withRun: false },
        ]);
    });

    it("lists both the unmatched objects and the other events of a message that starts no run", () => {
        const plan = planBatch(
            [
                objectsMessage(
                    "u1",
                    { key: "flights/readme.txt" },
                    { key: "flights/1.csv", eventName: "ObjectRemoved:Delete" },
                ),
            ],
            TEST_ROUTES,
        );
        expect(plan.acknowledged).to.deep.equal([
            {
                messageId: "u1",
                reason: "no-matching-dataset",
                detail: "s3://lake-bronze/flights/readme.txt",
                withRun: false,
            },
            { messageId: "u1", reason: "not-object-created", detail: "ObjectRemoved:Delete", withRun: false },
        ]);
    });

    it("runs the routed objects of a message and lists its unmatched objects and other events", () => {
        const plan = planBatch(
            [
                objectsMessage(
                    "m1",
                    { key: "flights/readme.txt" },
                    { key: "flights/1.csv" },
                    { key: "flights/0.csv", eventName: "ObjectRemoved:Delete" },
                ),
            ],
            TEST_ROUTES,
        );
        expect(plan.runs.map((run) => run.sourceUris)).to.deep.equal([["s3://lake-bronze/flights/1.csv"]]);
        expect(plan.acknowledged).to.deep.equal([
            {
                messageId: "m1",
                reason: "no-matching-dataset",
                detail: "s3://lake-bronze/flights/readme.txt",
                withRun: true,
            },
            { messageId: "m1", reason: "not-object-created", detail: "ObjectRemoved:Delete", withRun: true },
        ]);
    });

    it("rejects malformed messages with their reason and receive count", () => {
        const plan = planBatch([parseSqsMessage(sqsRecord("{", "x1", 4))], TEST_ROUTES);
        expect(plan.rejected).to.deep.equal([
            { messageId: "x1", receiveCount: 4, reason: "malformed", detail: "body is not JSON" },
        ]);
    });

    it("puts any number of objects of one job in one plan entry (no argument size budget)", () => {
        const messages = Array.from({ length: 3_000 }, (_, i) =>
            objectsMessage(`m${i}`, { key: `flights/2024/05/01/a long file name number ${i}.csv` }),
        );
        const plan = planBatch(messages, TEST_ROUTES);
        expect(
            plan.runs.map((run) => [run.jobName, run.sourceUris.length, run.messageIds.length]),
        ).to.deep.equal([["flights-silver", 3_000, 3_000]]);
        expect(plan.rejected).to.deep.equal([]);
    });
});
