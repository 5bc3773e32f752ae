import { expect } from "chai";
import {
    TRIGGER_AWS_CONNECTION_TIMEOUT_MS,
    TRIGGER_AWS_MAX_ATTEMPTS,
    TRIGGER_AWS_REQUEST_TIMEOUT_MS,
    TRIGGER_AWS_RETRY_MODE,
    TRIGGER_BATCH_SIZE,
    TRIGGER_DEADLINE_MARGIN_MS,
    TRIGGER_FUNCTION_TIMEOUT_SECONDS,
    TRIGGER_JOB_RUNS_PAGE_SIZE,
    TRIGGER_MAX_BATCHING_WINDOW_SECONDS,
    TRIGGER_MAX_CONCURRENCY,
    TRIGGER_METRIC_NAMES,
    TRIGGER_METRICS_NAMESPACE,
    TRIGGER_QUEUE_MAX_RECEIVE_COUNT,
    TRIGGER_QUEUE_VISIBILITY_TIMEOUT_SECONDS,
    TRIGGER_ROUTED_JOB_RUN_QUEUING,
    TRIGGER_RUN_QUEUING,
    TRIGGER_UNLISTED_RUN_STATES,
} from "../../../lambdas/trigger/defaults";
import { worstCaseCallMs } from "../../../lambdas/trigger/glue-client";

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

    it("leaves job-level queuing off on routed jobs (the trigger's runs ask for queuing per run)", () => {
        expect(TRIGGER_ROUTED_JOB_RUN_QUEUING).to.equal(false);
    });
});

describe("trigger Glue ownership, client limits and metrics settings", () => {
    it("joins only runs that have not listed bronze yet, and asks Glue to queue its own starts", () => {
        expect(TRIGGER_UNLISTED_RUN_STATES).to.deep.equal(["WAITING", "STARTING"]);
        expect([TRIGGER_RUN_QUEUING, TRIGGER_JOB_RUNS_PAGE_SIZE]).to.deep.equal([true, 20]);
    });

    it("times out connections after 2 s and requests after 5 s, 3 attempts in standard retry mode", () => {
        expect([
            TRIGGER_AWS_CONNECTION_TIMEOUT_MS,
            TRIGGER_AWS_REQUEST_TIMEOUT_MS,
            TRIGGER_AWS_MAX_ATTEMPTS,
            TRIGGER_AWS_RETRY_MODE,
            TRIGGER_DEADLINE_MARGIN_MS,
        ]).to.deep.equal([2_000, 5_000, 3, "standard", 5_000]);
    });

    it("fits a look-up and a start, each at its worst case, inside the function timeout minus the margin", () => {
        expect(2 * worstCaseCallMs()).to.equal(48_000);
        expect(2 * worstCaseCallMs()).to.be.below(
            TRIGGER_FUNCTION_TIMEOUT_SECONDS * 1000 - TRIGGER_DEADLINE_MARGIN_MS,
        );
    });

    it("publishes metrics to MedallionLake/Trigger, the pending-run age among them", () => {
        expect(TRIGGER_METRICS_NAMESPACE).to.equal("MedallionLake/Trigger");
        expect(Object.values(TRIGGER_METRIC_NAMES)).to.deep.equal([
            "ObjectsRouted",
            "ObjectsOwned",
            "JobRunsStarted",
            "JobRunsJoined",
            "BatchItemFailures",
            "MalformedMessages",
            "OldestMessageAgeSeconds",
            "PendingRunAgeSeconds",
        ]);
    });
});
