/**
 * Capacity of the trigger at its default settings, on the poll model (tests/support/sqs-poll-model.ts):
 * 100,000 objects landing over 10 minutes, Glue job runs of 10 minutes, MaxConcurrentRuns 1, real speed
 * ratios (sub-second invocations, a 900 s visibility timeout), simulated time.
 *
 * Bound on the number of runs per job: a run is started only when no run of the job is WAITING or
 * STARTING, so between two listings at most `maximumConcurrency` starts race; listings are one run
 * (start-up + 10 min) apart while objects land. Runs per job <= maximumConcurrency x
 * (ceil(landing / (start-up + run)) + 1).
 */
import { readFileSync } from "node:fs";
import * as path from "node:path";
import { expect } from "chai";
import { TRIGGER_MAX_CONCURRENCY, TRIGGER_METRIC_NAMES } from "../../lambdas/trigger/defaults";
import { jobOf, type ModelTriggerResult, runModelTrigger } from "../support/trigger-model";

const OBJECTS = 100_000;
const LANDING_MS = 10 * 60_000;
const RUN_MS = 10 * 60_000;
const STARTUP_MS = 30_000;
const MALFORMED = ["not JSON", '{"Records":[]}', '{"Type":"Notification","Message":"{}"}'];
const RUN_BOUND = TRIGGER_MAX_CONCURRENCY * (Math.ceil(LANDING_MS / (STARTUP_MS + RUN_MS)) + 1);

function expectEveryObjectInExactlyOneSucceededRun(result: ModelTriggerResult): void {
    const owners = result.glue.succeededRunsByObject();
    const missing = result.uris.filter((uri) => owners.get(uri)?.length !== 1);
    expect(missing.slice(0, 3), `${missing.length} objects not in exactly one SUCCEEDED run`).to.deep.equal(
        [],
    );
    expect(result.glue.runs.every((run) => run.state === "SUCCEEDED")).to.equal(true);
}

function report(label: string, result: ModelTriggerResult): void {
    const hours = result.lastRunEndMs / 3_600_000;
    const runs = result.glue.runs.length;
    console.log(
        `      ${label}: ${result.uris.length} objects, ${runs} job runs (bound ${RUN_BOUND} per job), ` +
            `${result.poll.invocations} invocations, last run ended at ${(result.lastRunEndMs / 60_000).toFixed(1)} min, ` +
            `${Math.round(result.uris.length / hours)} objects/hour, max receive count ${result.poll.maxReceiveCount}`,
    );
}

describe("trigger capacity at default settings (poll model, simulated time)", function () {
    this.timeout(180_000);

    describe("100,000 objects of one dataset over 10 minutes, 10-minute runs, MaxConcurrentRuns 1", () => {
        let result: ModelTriggerResult;
        before(async () => {
            result = await runModelTrigger({
                datasets: ["flights"],
                objectsPerDataset: OBJECTS,
                landingMs: LANDING_MS,
                runMs: RUN_MS,
                startupMs: STARTUP_MS,
                malformed: MALFORMED,
            });
            report("one dataset", result);
        });

        it("puts every object in exactly one SUCCEEDED run", () => {
            expectEveryObjectInExactlyOneSucceededRun(result);
        });

        it("is the capacity figure docs/trigger.md states (taken from this run, not estimated)", () => {
            const docs = readFileSync(path.join(__dirname, "..", "..", "docs", "trigger.md"), "utf8");
            const row =
                /^\| 1 dataset, 100,000 objects \| (\d+) \(bound \d+\) \| ([\d,]+) \| ([\d.]+) min \| \*\*([\d,]+)\*\* \|$/m.exec(
                    docs,
                );
            expect(row, "docs/trigger.md capacity row").to.not.equal(null);
            const [, runs, invocations, minutes, perHour] = row ?? [];
            const number = (text: string) => Number(text.replaceAll(",", ""));
            expect({
                runs: Number(runs),
                invocations: number(invocations),
                minutes,
                perHour: number(perHour),
            }).to.deep.equal({
                runs: result.glue.runs.length,
                invocations: result.poll.invocations,
                minutes: (result.lastRunEndMs / 60_000).toFixed(1),
                perHour: Math.round(OBJECTS / (result.lastRunEndMs / 3_600_000)),
            });
        });

        it("leaves only the malformed messages in the dead-letter queue", () => {
            expect([...result.poll.deadLetters].sort()).to.deep.equal([...MALFORMED].sort());
        });

        it(`starts at most ${RUN_BOUND} runs, none with --source_keys, and no invocation times out`, () => {
            expect(result.glue.runs.length).to.be.within(1, RUN_BOUND);
            expect(result.glue.runs.every((run) => Object.keys(run.arguments).length === 0)).to.equal(true);
            expect(result.poll.timedOut).to.equal(0);
            expect(result.poll.longestInvocationMs).to.be.below(1_000);
        });

        it("deletes healthy messages on their first delivery and counts them in metrics", () => {
            const sum = (name: string) =>
                result.metrics.filter((m) => m.name === name).reduce((total, m) => total + m.value, 0);
            expect(sum(TRIGGER_METRIC_NAMES.objectsRouted)).to.equal(OBJECTS);
            expect(sum(TRIGGER_METRIC_NAMES.objectsOwned)).to.equal(OBJECTS);
            expect(sum(TRIGGER_METRIC_NAMES.runsStarted)).to.equal(result.glue.runs.length);
            expect(sum(TRIGGER_METRIC_NAMES.malformed)).to.equal(MALFORMED.length * 10);
            expect(sum(TRIGGER_METRIC_NAMES.itemsReturned)).to.equal(MALFORMED.length * 10);
        });
    });

    describe("the same with three datasets at once", () => {
        let result: ModelTriggerResult;
        before(async () => {
            result = await runModelTrigger({
                datasets: ["flights", "sales", "weather"],
                objectsPerDataset: OBJECTS,
                landingMs: LANDING_MS,
                runMs: RUN_MS,
                startupMs: STARTUP_MS,
                malformed: MALFORMED,
            });
            report("three datasets", result);
        });

        it("puts every object of every dataset in exactly one SUCCEEDED run of its job", () => {
            expectEveryObjectInExactlyOneSucceededRun(result);
            for (const run of result.glue.runs) {
                expect(
                    run.listed.every((uri) => uri.includes(`/${run.jobName.replace("-silver", "")}/`)),
                ).to.equal(true);
            }
        });

        it(`leaves only the malformed messages in the DLQ and starts at most ${RUN_BOUND} runs per job`, () => {
            expect([...result.poll.deadLetters].sort()).to.deep.equal([...MALFORMED].sort());
            for (const dataset of ["flights", "sales", "weather"]) {
                const runs = result.glue.runs.filter((run) => run.jobName === jobOf(dataset)).length;
                expect(runs, dataset).to.be.within(1, RUN_BOUND);
            }
            expect(result.poll.timedOut).to.equal(0);
        });
    });
});
