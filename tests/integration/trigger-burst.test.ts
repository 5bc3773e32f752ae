/**
 * The bursts of issue 15 on the poll model (tests/support/sqs-poll-model.ts): one Glue job allowing one
 * concurrent run, the queue's 900 s visibility timeout and 10 receives before the dead-letter queue, job
 * runs of 2.5 minutes. Before the bookmark design, 2,000 objects at batch size 100 put 1,000 healthy
 * messages in the DLQ, and at batch size 10, 657 objects never reached a run.
 */
import { expect } from "chai";
import { type ModelTriggerResult, runModelTrigger } from "../support/trigger-model";

const RUN_MS = 150_000;

function expectEveryObjectOnceAndNoDeadLetter(result: ModelTriggerResult): void {
    const owners = result.glue.succeededRunsByObject();
    expect(result.uris.filter((uri) => owners.get(uri)?.length !== 1)).to.deep.equal([]);
    expect(result.poll.deadLetters).to.deep.equal([]);
    expect(result.poll.maxReceiveCount).to.equal(1);
}

describe("trigger bursts against a job with MaxConcurrentRuns 1 (poll model)", function () {
    this.timeout(60_000);

    for (const batchSize of [100, 10]) {
        it(`2,000 objects at batch size ${batchSize}: every object in one SUCCEEDED run, nothing dead-lettered`, async () => {
            const result = await runModelTrigger({
                datasets: ["flights"],
                objectsPerDataset: 2_000,
                landingMs: 60_000,
                runMs: RUN_MS,
                mapping: { batchSize, ...(batchSize <= 10 ? { maximumBatchingWindowSeconds: 0 } : {}) },
            });
            expectEveryObjectOnceAndNoDeadLetter(result);
            // One run lists what landed before it; the next (queued) one takes the rest.
            expect(result.glue.runs.length).to.be.within(2, 4);
            expect(result.poll.reportedFailures).to.equal(0);
        });
    }

    it("500 objects landing at once: the first run and one queued run cover them all", async () => {
        const result = await runModelTrigger({
            datasets: ["flights"],
            objectsPerDataset: 500,
            landingMs: 0,
            runMs: RUN_MS,
            mapping: { batchSize: 10, maximumBatchingWindowSeconds: 0 },
        });
        expectEveryObjectOnceAndNoDeadLetter(result);
        expect(result.glue.runs.map((run) => run.listed.length).reduce((a, b) => a + b, 0)).to.equal(500);
        expect(result.glue.runs.length).to.be.within(1, 3);
    });
});
