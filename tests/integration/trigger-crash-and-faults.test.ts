/**
 * Crash points and Glue faults on the poll model: the handler process killed after `GetJobRuns` or after
 * `StartJobRun` (its batch comes back after the visibility timeout, whole), and `StartJobRun` answering
 * `ConcurrentRunsExceededException`, `ThrottlingException` or HTTP 500. In every case each object ends in
 * exactly one SUCCEEDED run, the dead-letter queue stays empty and no invocation runs past its timeout.
 * Connection resets and calls that never answer need a real socket: trigger-network-faults.test.ts.
 */
import { expect } from "chai";
import { TRIGGER_MAX_CONCURRENCY, TRIGGER_QUEUE_MAX_RECEIVE_COUNT } from "../../lambdas/trigger/defaults";
import { type ModelTriggerResult, runModelTrigger } from "../support/trigger-model";

function expectExactlyOnce(result: ModelTriggerResult): void {
    const owners = result.glue.succeededRunsByObject();
    expect(result.uris.filter((uri) => owners.get(uri)?.length !== 1)).to.deep.equal([]);
    expect(result.poll.deadLetters).to.deep.equal([]);
    expect(result.poll.timedOut).to.equal(0);
}

describe("trigger crash points and Glue faults (poll model)", function () {
    this.timeout(120_000);

    for (const point of ["GetJobRuns", "StartJobRun"] as const) {
        it(`loses and repeats nothing when every third invocation dies right after ${point}`, async () => {
            const result = await runModelTrigger({
                datasets: ["flights"],
                objectsPerDataset: 5_000,
                landingMs: 10 * 60_000,
                kill: (invocation) => (invocation % 3 === 1 ? (operation) => operation === point : undefined),
            });
            expect(result.poll.killed).to.be.greaterThan(0);
            // A redelivered batch may land on a killed invocation again, but never reaches the DLQ.
            expect(result.poll.maxReceiveCount).to.be.within(2, TRIGGER_QUEUE_MAX_RECEIVE_COUNT - 1);
            expectExactlyOnce(result);
            // Redelivered batches arrive up to one visibility timeout after the last landing: the capacity
            // test's bound over that longer window (10 + 15 minutes of arrivals, runs of 10.5 minutes).
            expect(result.glue.runs.length).to.be.within(
                1,
                TRIGGER_MAX_CONCURRENCY * (Math.ceil(25 / 10.5) + 1),
            );
        });
    }

    it("does not start a second run when a batch whose start was accepted comes back while the run waits", async () => {
        const result = await runModelTrigger({
            datasets: ["flights"],
            objectsPerDataset: 100,
            landingMs: 1_000,
            startupMs: 60_000,
            mapping: { visibilityTimeoutSeconds: 5 },
            kill: (invocation) => (invocation === 1 ? (operation) => operation === "StartJobRun" : undefined),
        });
        expect(result.poll.killed).to.equal(1);
        expect(result.glue.runs.map((run) => run.id)).to.deep.equal(["jr_000001"]);
        expectExactlyOnce(result);
    });

    it("sends the messages back on ConcurrentRunsExceededException and lets a later run own them", async () => {
        let refusals = 0;
        const result = await runModelTrigger({
            datasets: ["flights"],
            objectsPerDataset: 3_000,
            landingMs: 10 * 60_000,
            // As Glue answers when the run-level queuing flag is not honoured (job run queuing off).
            fault: (operation, input) => {
                if (operation !== "StartJobRun" || refusals >= 5 || input.JobRunQueuingEnabled !== true)
                    return undefined;
                refusals += 1;
                return { status: 400, type: "ConcurrentRunsExceededException" };
            },
        });
        expect(refusals).to.equal(5);
        expect(result.poll.reportedFailures).to.be.greaterThan(0);
        expectExactlyOnce(result);
    });

    for (const fault of [
        { status: 400, type: "ThrottlingException" },
        { status: 500, type: "InternalServiceException" },
    ]) {
        it(`retries ${fault.type} (HTTP ${fault.status}) with backoff and loses nothing`, async () => {
            let requests = 0;
            const result = await runModelTrigger({
                datasets: ["flights", "sales"],
                objectsPerDataset: 150,
                landingMs: 60_000,
                // Two of every three requests fail. A call whose attempts all fail (or whose retry quota is
                // spent) returns its messages; they come back after the visibility timeout.
                fault: () => (++requests % 3 === 0 ? undefined : fault),
            });
            expect(requests).to.be.greaterThan(6);
            expectExactlyOnce(result);
        });
    }
});
