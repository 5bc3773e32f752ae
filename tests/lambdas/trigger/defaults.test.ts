import { expect } from "chai";
import {
    TRIGGER_BATCH_SIZE,
    TRIGGER_FUNCTION_TIMEOUT_SECONDS,
    TRIGGER_MAX_BATCHING_WINDOW_SECONDS,
    TRIGGER_MAX_CONCURRENCY,
    TRIGGER_QUEUE_MAX_RECEIVE_COUNT,
    TRIGGER_QUEUE_VISIBILITY_TIMEOUT_SECONDS,
    TRIGGER_ROUTED_JOB_RUN_QUEUING,
} from "../../../lambdas/trigger/defaults";

describe("trigger queue and event source mapping settings", () => {
    it("recommends batches of 100 gathered for up to 30 s, at most 2 concurrent batches", () => {
        expect([
            TRIGGER_BATCH_SIZE,
            TRIGGER_MAX_BATCHING_WINDOW_SECONDS,
            TRIGGER_MAX_CONCURRENCY,
        ]).to.deep.equal([100, 30, 2]);
    });

    it("recommends a 60 s function timeout, a 900 s visibility timeout and 10 receives before the DLQ", () => {
        expect([
            TRIGGER_FUNCTION_TIMEOUT_SECONDS,
            TRIGGER_QUEUE_VISIBILITY_TIMEOUT_SECONDS,
            TRIGGER_QUEUE_MAX_RECEIVE_COUNT,
        ]).to.deep.equal([60, 900, 10]);
    });

    it("keeps the visibility timeout at least 6x the function timeout plus the batching window", () => {
        expect(TRIGGER_QUEUE_VISIBILITY_TIMEOUT_SECONDS).to.be.at.least(
            6 * TRIGGER_FUNCTION_TIMEOUT_SECONDS + TRIGGER_MAX_BATCHING_WINDOW_SECONDS,
        );
    });

    it("stays within Lambda's limits: batch size over 10 needs a batching window, concurrency 2..1000", () => {
        expect(TRIGGER_BATCH_SIZE > 10 && TRIGGER_MAX_BATCHING_WINDOW_SECONDS > 0).to.equal(true);
        expect(TRIGGER_MAX_CONCURRENCY).to.be.within(2, 1000);
    });

    it("asks for Glue job run queuing off on routed jobs, so busy starts return to the queue", () => {
        expect(TRIGGER_ROUTED_JOB_RUN_QUEUING).to.equal(false);
    });
});
