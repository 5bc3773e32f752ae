import { GetJobRunsCommand, GlueClient, StartJobRunCommand } from "@aws-sdk/client-glue";
import { mockClient } from "aws-sdk-client-mock";
import { expect } from "chai";
import parentRun from "../../../glue/medallion_glue/lineage/parent_run.json";
import {
    LINEAGE_PARENT_ARGUMENTS,
    LINEAGE_RUN_ID,
    lineageParentArguments,
    lineageParentOf,
    TRIGGER_LINEAGE_NAMESPACE,
} from "../../../lambdas/trigger/lineage-parent";
import { processTriggerBatch, type TriggerLogger } from "../../../lambdas/trigger/process-batch";
import { jobArgumentSpecs } from "../../../lib/glue-job-contract";
import { s3EventNotification, sqsEvent, sqsRecord, TEST_ROUTES } from "./fixtures";

/** A Lambda request id as Lambda generates them (a version 4 UUID). */
const REQUEST_ID = "0f5e3c2a-9b7d-4e61-8a4f-2d6c1b9e7a30";
const PARENT = { namespace: "aws-lambda", name: "lake-dev-bronze-trigger", runId: REQUEST_ID };
const silent: TriggerLogger = { info: () => undefined, warn: () => undefined, error: () => undefined };

describe("the trigger as the OpenLineage parent of the runs it starts", () => {
    it("names its arguments as the bronze_to_silver contract does, with the trigger as their setter", () => {
        const byTrigger = jobArgumentSpecs("bronze_to_silver")
            .filter((a) => a.setBy === "trigger")
            .map((a) => `--${a.name}`);
        expect(byTrigger).to.deep.equal([
            "--lineage_parent_job_namespace",
            "--lineage_parent_job_name",
            "--lineage_parent_run_id",
        ]);
        expect(Object.values(LINEAGE_PARENT_ARGUMENTS)).to.deep.equal(byTrigger);
    });

    it("is the namespace aws-lambda, read from lineage/parent_run.json", () => {
        expect(TRIGGER_LINEAGE_NAMESPACE).to.equal("aws-lambda").and.to.equal(parentRun.trigger_namespace);
    });

    it("is the invocation: the function name and the request id", () => {
        expect(
            lineageParentOf({ functionName: "lake-dev-bronze-trigger", awsRequestId: REQUEST_ID }),
        ).to.deep.equal(PARENT);
    });

    it("is absent when the request id is not a UUID (a local runner's esm-1) or the function has no name", () => {
        expect(lineageParentOf({ functionName: "bronze-trigger", awsRequestId: "esm-1" })).to.equal(
            undefined,
        );
        expect(lineageParentOf({ functionName: "bronze-trigger", awsRequestId: `${REQUEST_ID}0` })).to.equal(
            undefined,
        );
        expect(
            lineageParentOf({ functionName: "bronze-trigger", awsRequestId: REQUEST_ID.replaceAll("-", "") }),
        ).to.equal(undefined);
        expect(lineageParentOf({ functionName: "", awsRequestId: REQUEST_ID })).to.equal(undefined);
    });

    it("takes a run id only in the 8-4-4-4-12 hex form the job accepts", () => {
        expect(LINEAGE_RUN_ID.source).to.equal(parentRun.run_id_pattern);
        expect(LINEAGE_RUN_ID.test(parentRun.run_id_example)).to.equal(true);
        expect(LINEAGE_RUN_ID.test(REQUEST_ID.toUpperCase())).to.equal(true);
        expect(LINEAGE_RUN_ID.test(`{${REQUEST_ID}}`)).to.equal(false);
        expect(LINEAGE_RUN_ID.test("jr_0123456789abcdef")).to.equal(false);
    });

    it("becomes three StartJobRun arguments, none without a parent", () => {
        expect(lineageParentArguments(PARENT)).to.deep.equal({
            "--lineage_parent_job_namespace": "aws-lambda",
            "--lineage_parent_job_name": "lake-dev-bronze-trigger",
            "--lineage_parent_run_id": REQUEST_ID,
        });
        expect(lineageParentArguments(undefined)).to.deep.equal({});
    });

    describe("in StartJobRun", () => {
        const glue = new GlueClient({ region: "us-east-1" });
        let glueMock: ReturnType<typeof mockClient>;
        before(() => {
            glueMock = mockClient(GlueClient);
        });
        beforeEach(() => {
            glueMock.reset();
            glueMock.on(GetJobRunsCommand).resolves({ JobRuns: [] });
            glueMock.on(StartJobRunCommand).resolves({ JobRunId: "jr_1" });
        });
        after(() => glueMock.restore());

        const twoJobs = () =>
            sqsEvent(
                sqsRecord(s3EventNotification({ key: "flights/a.csv" }), "m1"),
                sqsRecord(s3EventNotification({ key: "sales/b.json" }), "m2"),
            );

        it("sends the same parent with every run the invocation starts, whatever the job's lineage setting", async () => {
            await processTriggerBatch(twoJobs(), {
                glue,
                routes: TEST_ROUTES,
                logger: silent,
                lineageParent: PARENT,
            });
            const starts = glueMock.commandCalls(StartJobRunCommand).map((call) => call.args[0].input);
            const args = {
                "--lineage_parent_job_namespace": "aws-lambda",
                "--lineage_parent_job_name": "lake-dev-bronze-trigger",
                "--lineage_parent_run_id": REQUEST_ID,
            };
            expect(starts).to.deep.equal([
                { JobName: "flights-silver", JobRunQueuingEnabled: true, Arguments: args },
                { JobName: "sales-silver", JobRunQueuingEnabled: true, Arguments: args },
            ]);
        });

        it("sends no Arguments without a parent", async () => {
            await processTriggerBatch(twoJobs(), { glue, routes: TEST_ROUTES, logger: silent });
            const starts = glueMock.commandCalls(StartJobRunCommand).map((call) => call.args[0].input);
            expect(starts).to.deep.equal([
                { JobName: "flights-silver", JobRunQueuingEnabled: true },
                { JobName: "sales-silver", JobRunQueuingEnabled: true },
            ]);
        });

        it("leaves a joined WAITING run as it was started: no StartJobRun, so no parent of this invocation", async () => {
            glueMock
                .on(GetJobRunsCommand, { JobName: "flights-silver" })
                .resolves({ JobRuns: [{ Id: "jr_waiting", JobRunState: "WAITING" }] });
            await processTriggerBatch(twoJobs(), {
                glue,
                routes: TEST_ROUTES,
                logger: silent,
                lineageParent: PARENT,
            });
            const starts = glueMock.commandCalls(StartJobRunCommand).map((call) => call.args[0].input);
            expect(starts.map((s) => s.JobName)).to.deep.equal(["sales-silver"]);
            expect(starts[0]?.Arguments?.["--lineage_parent_run_id"]).to.equal(REQUEST_ID);
        });
    });
});
