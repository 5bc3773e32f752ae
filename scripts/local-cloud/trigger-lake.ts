/**
 * The AWS side of the trigger, created in moto: Glue jobs, the trigger queue with its redrive policy and
 * dead-letter queue, and helpers to send S3 notifications and read back job runs.
 */
import { CreateJobCommand, GetJobRunsCommand, type GlueClient, type JobRun } from "@aws-sdk/client-glue";
import {
    CreateQueueCommand,
    GetQueueAttributesCommand,
    ReceiveMessageCommand,
    SendMessageBatchCommand,
    type SQSClient,
} from "@aws-sdk/client-sqs";
import { SOURCE_KEYS_ARGUMENT, TRIGGER_ROUTED_JOB_RUN_QUEUING } from "../../lambdas/trigger/defaults";

/** Role ARN the fake Glue jobs use unless told otherwise. */
export const FAKE_GLUE_ROLE_ARN = "arn:aws:iam::123456789012:role/medallion-glue";

/** Optional details of a job made by {@link createGlueJob}; moto stores them but runs nothing. */
export interface GlueJobDetails {
    /** @defaultValue {@link FAKE_GLUE_ROLE_ARN} */
    readonly roleArn?: string;
    /** @defaultValue `"5.0"` */
    readonly glueVersion?: string;
    /** @defaultValue `s3://lake-artifacts/glue/<name>.py` */
    readonly scriptLocation?: string;
}

/**
 * Creates a Glue Spark job allowing `maxConcurrentRuns` concurrent runs, with job-level run queuing as the
 * stack sets it on routed jobs ({@link TRIGGER_ROUTED_JOB_RUN_QUEUING}). moto implements no queuing: a
 * start beyond `maxConcurrentRuns` raises `ConcurrentRunsExceededException` whatever the flags, which is
 * the path a job without queuing takes (the poll model in tests/support simulates queuing).
 */
export async function createGlueJob(
    glue: GlueClient,
    name: string,
    maxConcurrentRuns: number,
    details: GlueJobDetails = {},
): Promise<void> {
    await glue.send(
        new CreateJobCommand({
            Name: name,
            Role: details.roleArn ?? FAKE_GLUE_ROLE_ARN,
            GlueVersion: details.glueVersion ?? "5.0",
            Command: {
                Name: "glueetl",
                ScriptLocation: details.scriptLocation ?? `s3://lake-artifacts/glue/${name}.py`,
                PythonVersion: "3",
            },
            ExecutionProperty: { MaxConcurrentRuns: maxConcurrentRuns },
            JobRunQueuingEnabled: TRIGGER_ROUTED_JOB_RUN_QUEUING,
        }),
    );
}

/** The trigger queue and its dead-letter queue. */
export interface TriggerQueues {
    readonly queueUrl: string;
    readonly queueArn: string;
    readonly dlqUrl: string;
}

/**
 * Creates `<name>` with a redrive policy to the dead-letter queue `deadLetterQueueName` after
 * `maxReceiveCount` receives.
 *
 * @param deadLetterQueueName - @defaultValue `<name>-dlq`
 * @see https://docs.aws.amazon.com/AWSSimpleQueueService/latest/SQSDeveloperGuide/sqs-dead-letter-queues.html
 */
export async function createTriggerQueues(
    sqs: SQSClient,
    name: string,
    maxReceiveCount: number,
    deadLetterQueueName = `${name}-dlq`,
): Promise<TriggerQueues> {
    const dlq = await sqs.send(new CreateQueueCommand({ QueueName: deadLetterQueueName }));
    const dlqUrl = dlq.QueueUrl ?? "";
    const dlqArn = await queueArn(sqs, dlqUrl);
    const queue = await sqs.send(
        new CreateQueueCommand({
            QueueName: name,
            Attributes: {
                VisibilityTimeout: "30",
                RedrivePolicy: JSON.stringify({ deadLetterTargetArn: dlqArn, maxReceiveCount }),
            },
        }),
    );
    const queueUrl = queue.QueueUrl ?? "";
    return { queueUrl, queueArn: await queueArn(sqs, queueUrl), dlqUrl };
}

async function queueArn(sqs: SQSClient, queueUrl: string): Promise<string> {
    const { Attributes = {} } = await sqs.send(
        new GetQueueAttributesCommand({ QueueUrl: queueUrl, AttributeNames: ["QueueArn"] }),
    );
    return Attributes.QueueArn ?? "";
}

/** Sends message bodies (JSON-encoded unless already strings), 10 per `SendMessageBatch`. */
export async function sendBodies(
    sqs: SQSClient,
    queueUrl: string,
    bodies: readonly unknown[],
): Promise<void> {
    for (let start = 0; start < bodies.length; start += 10) {
        const chunk = bodies.slice(start, start + 10);
        const response = await sqs.send(
            new SendMessageBatchCommand({
                QueueUrl: queueUrl,
                Entries: chunk.map((body, index) => ({
                    Id: String(index),
                    MessageBody: typeof body === "string" ? body : JSON.stringify(body),
                })),
            }),
        );
        if ((response.Failed ?? []).length > 0) {
            throw new Error(`SendMessageBatch failed: ${JSON.stringify(response.Failed)}`);
        }
    }
}

/** Drains a queue (normally the dead-letter queue) and returns the message bodies. */
export async function receiveAllBodies(sqs: SQSClient, queueUrl: string): Promise<string[]> {
    const bodies: string[] = [];
    for (;;) {
        const { Messages = [] } = await sqs.send(
            new ReceiveMessageCommand({
                QueueUrl: queueUrl,
                MaxNumberOfMessages: 10,
                VisibilityTimeout: 300,
            }),
        );
        if (Messages.length === 0) return bodies;
        bodies.push(...Messages.map((message) => message.Body ?? ""));
    }
}

/** Every run of a Glue job (all pages of `GetJobRuns`). In moto, each call also advances the runs' state. */
export async function listJobRuns(glue: GlueClient, jobName: string): Promise<JobRun[]> {
    const runs: JobRun[] = [];
    let NextToken: string | undefined;
    do {
        const page = await glue.send(new GetJobRunsCommand({ JobName: jobName, NextToken, MaxResults: 200 }));
        runs.push(...(page.JobRuns ?? []));
        NextToken = page.NextToken;
    } while (NextToken);
    return runs;
}

/** The `--source_keys` URIs of a job run (empty for the trigger's bookmark runs). */
export function sourceKeysOf(run: JobRun): string[] {
    const value = run.Arguments?.[SOURCE_KEYS_ARGUMENT];
    return value === undefined ? [] : (JSON.parse(value) as string[]);
}
