/**
 * Starts the planned Glue job runs, one `StartJobRun` per job, in parallel.
 *
 * @see https://docs.aws.amazon.com/glue/latest/webapi/API_StartJobRun.html
 * @module
 */
import { type GlueClient, StartJobRunCommand } from "@aws-sdk/client-glue";
import type { JobRunRequest } from "./batch-plan";
import { SOURCE_KEYS_ARGUMENT } from "./defaults";
import { classifyStartJobRunError, type StartJobRunFailure } from "./glue-errors";

/** A run Glue accepted. */
export interface StartedJobRun {
    readonly request: JobRunRequest;
    readonly started: true;
    /** Glue job run id, for example `"jr_0123…"`. */
    readonly jobRunId: string;
}

/** A run Glue refused; its messages must be reported as batch item failures. */
export interface RefusedJobRun {
    readonly request: JobRunRequest;
    readonly started: false;
    readonly failure: StartJobRunFailure;
}

/** Outcome of one `StartJobRun`. */
export type JobRunOutcome = StartedJobRun | RefusedJobRun;

/**
 * Builds the job run arguments for a request.
 *
 * @param request - planned run.
 * @returns `{ "--source_keys": "[\"s3://bucket/key\", ...]" }`.
 */
export function jobRunArguments(request: JobRunRequest): Record<string, string> {
    return { [SOURCE_KEYS_ARGUMENT]: JSON.stringify(request.sourceUris) };
}

/**
 * Starts one Glue job run per request, concurrently. Never rejects: each refusal becomes a
 * {@link RefusedJobRun} carrying the classified error.
 *
 * @param glue - Glue client (the Lambda's, or one pointed at moto in tests).
 * @param requests - planned runs, at most one per job.
 * @returns outcomes in the order of `requests`.
 */
export async function startJobRuns(
    glue: GlueClient,
    requests: readonly JobRunRequest[],
): Promise<JobRunOutcome[]> {
    return Promise.all(
        requests.map(async (request): Promise<JobRunOutcome> => {
            try {
                const response = await glue.send(
                    new StartJobRunCommand({ JobName: request.jobName, Arguments: jobRunArguments(request) }),
                );
                if (response.JobRunId === undefined) {
                    return {
                        request,
                        started: false,
                        failure: {
                            errorName: "MissingJobRunId",
                            errorMessage: "StartJobRun returned no JobRunId",
                            retryable: true,
                        },
                    };
                }
                return { request, started: true, jobRunId: response.JobRunId };
            } catch (error) {
                return { request, started: false, failure: classifyStartJobRunError(error) };
            }
        }),
    );
}
