/**
 * The trigger's lineage parent arguments against Glue as moto models it (server mode): the run the
 * handler starts carries them, and `GetJobRuns` lists them among the run's `Arguments`, as Glue returns a
 * run's arguments. The burst and crash suites in tests/integration run with request ids that are not
 * UUIDs, so they start runs without these arguments.
 */

import { GlueClient } from "@aws-sdk/client-glue";
import { expect } from "chai";
import { createTriggerHandler } from "../../../lambdas/trigger/create-handler";
import type { TriggerLogger } from "../../../lambdas/trigger/process-batch";
import { type MotoServer, startMotoServer } from "../../../scripts/local-cloud/moto-server";
import { createGlueJob, listJobRuns } from "../../../scripts/local-cloud/trigger-lake";
import { lambdaContext, s3EventNotification, sqsEvent, sqsRecord, TEST_ROUTES } from "./fixtures";

const REQUEST_ID = "7d3f9a1c-2b4e-4f6a-8c0d-1e2f3a4b5c6d";
const silent: TriggerLogger = { info: () => undefined, warn: () => undefined, error: () => undefined };

describe("the trigger's lineage parent in moto's Glue (server mode)", function () {
    this.timeout(120_000);
    let moto: MotoServer;
    let glue: GlueClient;
    before(async () => {
        moto = await startMotoServer();
        glue = new GlueClient(moto.clientConfig);
        await createGlueJob(glue, "flights-silver", 1);
    });
    after(async () => {
        await moto?.stop();
    });

    it("starts a run whose Arguments are the three --lineage_parent_* ones, and GetJobRuns returns them", async () => {
        const handler = createTriggerHandler({ glue, routes: TEST_ROUTES, logger: silent });
        const event = sqsEvent(sqsRecord(s3EventNotification({ key: "flights/2024/05/a.csv" }), "m1"));
        const response = await handler(event, lambdaContext(REQUEST_ID));
        expect(response).to.deep.equal({ batchItemFailures: [] });
        const runs = await listJobRuns(glue, "flights-silver");
        expect(runs.map((run) => run.Arguments)).to.deep.equal([
            {
                "--lineage_parent_job_namespace": "aws-lambda",
                "--lineage_parent_job_name": "bronze-trigger",
                "--lineage_parent_run_id": REQUEST_ID,
            },
        ]);
    });
});
