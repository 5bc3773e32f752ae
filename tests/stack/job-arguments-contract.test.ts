import { GetJobRunsCommand, GlueClient, StartJobRunCommand } from "@aws-sdk/client-glue";
import { type AwsClientStub, mockClient } from "aws-sdk-client-mock";
import { expect } from "chai";
import { TYPED_JOB_ARGUMENTS } from "../../components/etl-job/settings";
import { processTriggerBatch } from "../../lambdas/trigger/process-batch";
import {
    GLUE_JOB_SCRIPTS,
    type GlueJobScript,
    jobArgumentSpecs,
    jobArguments,
    jobScriptPath,
    RUN_ONLY_ARGUMENTS,
    RUN_ONLY_SETTERS,
} from "../../lib/glue-job-contract";
import { s3EventNotification, sqsEvent, sqsRecord, TEST_ROUTES } from "../lambdas/trigger/fixtures";
import { type Recorder, readStackConfig, tryRunProgram } from "../support/pulumi-harness";

/** The dev stack's config with the PostgreSQL source on, so its jdbc_to_bronze job is planned too. */
const DEV_WITH_POSTGRES = {
    ...readStackConfig("dev"),
    "medallion-lake:sources": JSON.stringify({ postgres: { enabled: true } }),
};

/** The contract's script of a planned Glue job, from the uploaded script's name (`<script>-<hash>.py`). */
function scriptOf(scriptLocation: string): GlueJobScript {
    const file = scriptLocation.split("/").pop() ?? "";
    const script = GLUE_JOB_SCRIPTS.find((s) => file.startsWith(`${s}-`) && file.endsWith(".py"));
    if (script === undefined) throw new Error(`${scriptLocation}: no script of the job contract`);
    return script;
}

/** `--name` of the arguments of `script` that belong in a job definition's DefaultArguments. */
function definitionArguments(script: GlueJobScript): { all: string[]; required: string[] } {
    const specs = jobArgumentSpecs(script).filter((a) => !RUN_ONLY_SETTERS.includes(a.setBy));
    return {
        all: specs.map((a) => `--${a.name}`),
        required: specs.filter((a) => a.required).map((a) => `--${a.name}`),
    };
}

describe("the Glue job argument contract (glue/medallion_glue/runtime/job_arguments.json)", () => {
    let recorder: Recorder;
    before(async () => {
        const run = await tryRunProgram(DEV_WITH_POSTGRES, "dev");
        expect(run.error).to.equal(undefined);
        recorder = run.recorder;
    });

    it("lists the three entry scripts of glue/jobs with their paths", () => {
        expect(GLUE_JOB_SCRIPTS).to.deep.equal(["bronze_to_silver", "silver_to_gold", "jdbc_to_bronze"]);
        expect(GLUE_JOB_SCRIPTS.map(jobScriptPath)).to.deep.equal([
            "glue/jobs/bronze_to_silver.py",
            "glue/jobs/silver_to_gold.py",
            "glue/jobs/jdbc_to_bronze.py",
        ]);
        expect(jobArguments("bronze_to_silver").source_keys).to.equal("--source_keys");
        expect(jobArguments("bronze_to_silver").reprocess).to.equal("--reprocess");
    });

    it("covers every script argument of every planned job, and each job gets all its required ones", () => {
        const jobs = recorder.ofType("aws:glue/job:Job");
        const byScript = new Map<GlueJobScript, number>();
        for (const job of jobs) {
            const script = scriptOf(job.inputs.command.scriptLocation);
            byScript.set(script, (byScript.get(script) ?? 0) + 1);
            // EtlJob's own Glue parameters (typed options) are not the script's contract.
            const keys = Object.keys(job.inputs.defaultArguments).filter((k) => !(k in TYPED_JOB_ARGUMENTS));
            const { all, required } = definitionArguments(script);
            expect(
                keys.filter((k) => !all.includes(k)),
                `${job.name} (${script})`,
            ).to.deep.equal([]);
            expect(
                required.filter((k) => !keys.includes(k)),
                `${job.name} (${script})`,
            ).to.deep.equal([]);
        }
        // dev: flights, sales, transactions, tweets each with both jobs, and the PostgreSQL ingestion job.
        expect(Object.fromEntries(byScript)).to.deep.equal({
            bronze_to_silver: 4,
            silver_to_gold: 4,
            jdbc_to_bronze: 1,
        });
    });

    it("never puts a run-only argument (set by Glue, the trigger or an operator) in a job definition", () => {
        const runOnly = GLUE_JOB_SCRIPTS.flatMap((s) =>
            jobArgumentSpecs(s)
                .filter((a) => RUN_ONLY_SETTERS.includes(a.setBy))
                .map((a) => `--${a.name}`),
        );
        expect(runOnly).to.include.members(["--JOB_NAME", "--JOB_RUN_ID", "--source_keys", "--reprocess"]);
        for (const job of recorder.ofType("aws:glue/job:Job")) {
            expect(Object.keys(job.inputs.defaultArguments).filter((k) => runOnly.includes(k))).to.deep.equal(
                [],
            );
        }
    });

    it("gives EtlJob its run-only arguments from the contract, each with who sets it", () => {
        expect(RUN_ONLY_ARGUMENTS).to.deep.equal({
            "--JOB_NAME": "Glue passes it to every run",
            "--source_keys": "the operator sets it per run",
            "--reprocess": "the operator sets it per run",
            "--JOB_RUN_ID": "Glue passes it to every run",
            "--full_rebuild": "the operator sets it per run",
            "--lineage_parent_job_namespace": "the trigger or the operator sets it per run",
            "--lineage_parent_job_name": "the trigger or the operator sets it per run",
            "--lineage_parent_run_id": "the trigger or the operator sets it per run",
        });
    });

    describe("the trigger's StartJobRun arguments", () => {
        // Created in before(), not at load time: mockClient stubs GlueClient's shared prototype, and a stub
        // made while mocha loads the files would answer every other suite's Glue calls until this one ends.
        let glueMock: AwsClientStub<GlueClient>;
        before(() => {
            glueMock = mockClient(GlueClient);
        });
        after(() => glueMock.restore());

        it("are the contract's trigger arguments of bronze_to_silver: the lineage parent, no --source_keys", async () => {
            glueMock.reset();
            glueMock.on(GetJobRunsCommand).resolves({ JobRuns: [] });
            glueMock.on(StartJobRunCommand).resolves({ JobRunId: "jr_1" });
            const logger = { info: () => undefined, warn: () => undefined, error: () => undefined };
            const event = sqsEvent(
                sqsRecord(s3EventNotification({ key: "flights/2024/01/a.csv" }), "m1"),
                sqsRecord(s3EventNotification({ key: "sales/b.json" }), "m2"),
            );
            await processTriggerBatch(event, {
                glue: new GlueClient({ region: "us-east-1" }),
                routes: TEST_ROUTES,
                logger,
                lineageParent: {
                    namespace: "aws-lambda",
                    name: "bronze-trigger",
                    runId: "0f5e3c2a-9b7d-4e61-8a4f-2d6c1b9e7a30",
                },
            });
            const starts = glueMock.commandCalls(StartJobRunCommand).map((call) => call.args[0].input);
            expect(starts.map((s) => s.JobName)).to.have.members(["flights-silver", "sales-silver"]);
            const byTrigger = jobArgumentSpecs("bronze_to_silver")
                .filter((a) => a.setBy === "trigger")
                .map((a) => `--${a.name}`);
            expect(byTrigger).to.have.length(3);
            for (const start of starts) expect(Object.keys(start.Arguments ?? {})).to.have.members(byTrigger);
        });
    });
});
