import { GlueClient } from "@aws-sdk/client-glue";
import { SQSClient } from "@aws-sdk/client-sqs";
import { type MotoServer, startMotoServer } from "../../scripts/local-cloud/moto-server";
import {
    createGlueJob,
    createTriggerQueues,
    type TriggerQueues,
} from "../../scripts/local-cloud/trigger-lake";

/** A moto server with the trigger's queue pair and Glue jobs, as the trigger integration tests start it. */
export interface MotoTriggerLake {
    moto: MotoServer;
    glue: GlueClient;
    sqs: SQSClient;
    queues: TriggerQueues;
}

/**
 * Starts moto, creates each of `jobs` allowing one concurrent run, and the `bronze-trigger` queue with its
 * dead-letter queue after `maxReceiveCount` receives. Stop it with `lake.moto.stop()`.
 */
export async function startMotoTriggerLake(
    jobs: readonly string[],
    maxReceiveCount: number,
): Promise<MotoTriggerLake> {
    const moto = await startMotoServer();
    const glue = new GlueClient(moto.clientConfig);
    const sqs = new SQSClient(moto.clientConfig);
    for (const job of jobs) await createGlueJob(glue, job, 1);
    const queues = await createTriggerQueues(sqs, "bronze-trigger", maxReceiveCount);
    return { moto, glue, sqs, queues };
}
