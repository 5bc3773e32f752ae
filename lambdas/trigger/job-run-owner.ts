/**
 * Finds or starts the bookmark run that owns a batch's objects of one Glue job.
 *
 * A bronze_to_silver run without `--source_keys` lists its dataset's bronze prefix when its script starts
 * and reads every object its job bookmark has not seen. A run that has not listed yet (`WAITING` or
 * `STARTING`) therefore owns every object that already landed: the trigger joins it. Without one, the
 * trigger starts a run with job run queuing, which waits (`WAITING`) while the job is busy, and with the
 * run arguments it is given (the `--lineage_parent_*` ones, `lineage-parent.ts`); a joined run keeps the
 * arguments of whoever started it.
 *
 * @see https://docs.aws.amazon.com/glue/latest/webapi/API_GetJobRuns.html
 * @see https://docs.aws.amazon.com/glue/latest/webapi/API_StartJobRun.html
 * @module
 */
import { GetJobRunsCommand, type GlueClient, StartJobRunCommand } from "@aws-sdk/client-glue";
import type { JobRunRequest } from "./batch-plan";
import { TRIGGER_JOB_RUNS_PAGE_SIZE, TRIGGER_RUN_QUEUING, TRIGGER_UNLISTED_RUN_STATES } from "./defaults";
import { classifyStartJobRunError, type StartJobRunFailure } from "./glue-errors";

/** The objects joined a run that had not listed yet; no run was started. */
export interface JoinedJobRun {
    readonly request: JobRunRequest;
    readonly owned: "joined";
    readonly jobRunId: string;
    /** `WAITING` or `STARTING`. */
    readonly state: string;
    /** When the run was started (`StartedOn`), in epoch milliseconds, when Glue says. */
    readonly startedOnMs?: number;
}

/** Glue accepted a new run (running or queued) for the objects. */
export interface StartedJobRun {
    readonly request: JobRunRequest;
    readonly owned: "started";
    readonly jobRunId: string;
    /** Why no run was joined: the `GetJobRuns` error, when the look-up failed. */
    readonly lookupFailure?: StartJobRunFailure;
}

/** No run owns the objects: the messages must be reported as batch item failures. */
export interface RefusedJobRun {
    readonly request: JobRunRequest;
    readonly owned: false;
    readonly failure: StartJobRunFailure;
}

/** Outcome for one job of a batch. */
export type JobRunOutcome = JoinedJobRun | StartedJobRun | RefusedJobRun;

/** How {@link ensureOwningRun} calls Glue. */
export interface OwningRunOptions {
    /** Aborts pending calls at the invocation's deadline. */
    readonly abortSignal?: AbortSignal;
    /**
     * `Arguments` of a started run (run-only arguments of the job contract, keys with their `--`); a
     * joined run is not changed. Empty: the `StartJobRun` call has no `Arguments`. @defaultValue `{}`
     */
    readonly runArguments?: Readonly<Record<string, string>>;
}

/**
 * Makes sure a bookmark run owns the objects of `request`: joins a `WAITING`/`STARTING` run of the job,
 * or starts one with `JobRunQueuingEnabled: true` and `options.runArguments`. Never rejects.
 *
 * A failed `GetJobRuns` (for example a missing `glue:GetJobRuns` permission) does not stop the start: the
 * run is started, at worst one run more than needed.
 *
 * @param glue - Glue client.
 * @param request - the batch's objects of one job.
 * @param options - the deadline's abort signal and the arguments of a started run.
 * @returns the outcome.
 */
export async function ensureOwningRun(
    glue: GlueClient,
    request: JobRunRequest,
    options: OwningRunOptions = {},
): Promise<JobRunOutcome> {
    const { abortSignal } = options;
    const runArguments = options.runArguments ?? {};
    let lookupFailure: StartJobRunFailure | undefined;
    try {
        const page = await glue.send(
            new GetJobRunsCommand({ JobName: request.jobName, MaxResults: TRIGGER_JOB_RUNS_PAGE_SIZE }),
            { abortSignal },
        );
        const unlisted = (page.JobRuns ?? []).find(
            (run) => run.Id !== undefined && TRIGGER_UNLISTED_RUN_STATES.includes(run.JobRunState ?? ""),
        );
        if (unlisted?.Id !== undefined) {
            return {
                request,
                owned: "joined",
                jobRunId: unlisted.Id,
                state: unlisted.JobRunState ?? "",
                ...(unlisted.StartedOn ? { startedOnMs: unlisted.StartedOn.getTime() } : {}),
            };
        }
    } catch (error) {
        lookupFailure = classifyStartJobRunError(error);
        if (abortSignal?.aborted) return { request, owned: false, failure: lookupFailure };
    }
    try {
        const response = await glue.send(
            new StartJobRunCommand({
                JobName: request.jobName,
                JobRunQueuingEnabled: TRIGGER_RUN_QUEUING,
                ...(Object.keys(runArguments).length > 0 ? { Arguments: { ...runArguments } } : {}),
            }),
            { abortSignal },
        );
        if (response.JobRunId === undefined) {
            return {
                request,
                owned: false,
                failure: {
                    errorName: "MissingJobRunId",
                    errorMessage: "StartJobRun returned no JobRunId",
                    retryable: true,
                },
            };
        }
        return {
            request,
            owned: "started",
            jobRunId: response.JobRunId,
            ...(lookupFailure ? { lookupFailure } : {}),
        };
    } catch (error) {
        return { request, owned: false, failure: classifyStartJobRunError(error) };
    }
}

/**
 * {@link ensureOwningRun} for every job of a batch, concurrently.
 *
 * @returns outcomes in the order of `requests`.
 */
export async function ensureOwningRuns(
    glue: GlueClient,
    requests: readonly JobRunRequest[],
    options: OwningRunOptions = {},
): Promise<JobRunOutcome[]> {
    return Promise.all(requests.map((request) => ensureOwningRun(glue, request, options)));
}
