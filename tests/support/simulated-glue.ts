/**
 * A Glue job-run service on a simulated clock, for the trigger's poll model: jobs with `MaxConcurrentRuns`,
 * job run queuing, the documented run states, and bookmark runs that list their dataset's bronze objects
 * when the script starts and commit the bookmark when they succeed.
 *
 * It answers the real AWS SDK: {@link SimulatedGlue.requestHandler} is an SDK `requestHandler` serving the
 * `awsJson1_1` protocol (`X-Amz-Target: AWSGlue.<Operation>`), so the trigger's own `GlueClient` (its
 * serializers, error parsing and retry strategy) runs unchanged.
 *
 * Run lifecycle, as https://docs.aws.amazon.com/glue/latest/dg/job-run-statuses.html describes it:
 * `WAITING` (queued: the job already runs `MaxConcurrentRuns`) -> `STARTING` (resources allocated for
 * `startupMs`) -> `RUNNING` (the script lists bronze at once, then works `runMs`) -> `SUCCEEDED` (bookmark
 * committed, the slot freed for the oldest `WAITING` run). Without queuing a start on a busy job raises
 * `ConcurrentRunsExceededException`, as Glue does.
 */
import { AsyncLocalStorage } from "node:async_hooks";

/** One bronze object in the simulated S3 bucket. */
export interface LandedObject {
    readonly uri: string;
    readonly jobName: string;
    /** When the object was written (S3 LIST sees it from then on: strong consistency), in ms. */
    readonly landedAtMs: number;
}

/** One simulated job run. */
export interface SimulatedRun {
    readonly id: string;
    readonly jobName: string;
    readonly startedOnMs: number;
    state: "WAITING" | "STARTING" | "RUNNING" | "SUCCEEDED";
    /** When the current state ends (ms); `Infinity` while waiting. */
    stateEndsAtMs: number;
    /** Objects the script listed (bookmark mode: landed and not yet committed). */
    listed: string[];
    /** When the run SUCCEEDED, ms. */
    endedAtMs?: number;
    /** `Arguments` passed to StartJobRun. */
    readonly arguments: Record<string, string>;
}

/** Settings of one simulated job. */
export interface SimulatedJob {
    readonly maxConcurrentRuns: number;
    /** Job-level `JobRunQueuingEnabled`; a run's own value wins. */
    readonly jobRunQueuing: boolean;
}

/** What a fault hook may make Glue answer instead of serving a request. */
export type GlueFault = { status: number; type: string; message?: string } | undefined;

/** Settings of {@link SimulatedGlue}. */
export interface SimulatedGlueOptions {
    readonly jobs: Readonly<Record<string, SimulatedJob>>;
    /** `STARTING` duration, ms. */
    readonly startupMs: number;
    /** `RUNNING` duration, ms. */
    readonly runMs: number;
    /** Returns a fault to answer a request with, or `undefined` to serve it. */
    readonly fault?: (operation: string, input: Record<string, unknown>) => GlueFault;
}

interface HttpRequestLike {
    headers: Record<string, string>;
    body?: unknown;
}

/** Marks the requests of one invocation (so a killed invocation's later calls have no effect). */
export const invocationScope = new AsyncLocalStorage<{ killed: boolean; glueCalls: number }>();

/** The simulated Glue job-run service. */
export class SimulatedGlue {
    readonly runs: SimulatedRun[] = [];
    readonly objects: LandedObject[] = [];
    /** Committed bookmark: object URIs processed by a SUCCEEDED run. */
    private readonly bookmark = new Set<string>();
    /** Called after each request took effect (crash-point tests kill the invocation here). */
    afterRequest?: (operation: string, output: Record<string, unknown>) => void;
    nowMs = 0;
    private nextId = 1;

    constructor(private readonly options: SimulatedGlueOptions) {}

    /** Adds an object to the bucket (it must not have landed after the current time). */
    land(object: LandedObject): void {
        this.objects.push(object);
    }

    /** Moves every run on to `timeMs`, in time order. */
    advanceTo(timeMs: number): void {
        for (;;) {
            const next = this.runs
                .filter((run) => run.state === "STARTING" || run.state === "RUNNING")
                .reduce<SimulatedRun | undefined>(
                    (soonest, run) =>
                        soonest === undefined || run.stateEndsAtMs < soonest.stateEndsAtMs ? run : soonest,
                    undefined,
                );
            if (next === undefined || next.stateEndsAtMs > timeMs) break;
            this.nowMs = next.stateEndsAtMs;
            if (next.state === "STARTING") {
                next.state = "RUNNING";
                next.stateEndsAtMs = this.nowMs + this.options.runMs;
                next.listed = this.listBronze(next.jobName);
            } else {
                next.state = "SUCCEEDED";
                next.endedAtMs = this.nowMs;
                next.stateEndsAtMs = Number.POSITIVE_INFINITY;
                for (const uri of next.listed) this.bookmark.add(uri);
                this.startWaiting(next.jobName);
            }
        }
        this.nowMs = timeMs;
    }

    /** The time of the next state change, or `Infinity`. */
    nextChangeMs(): number {
        return Math.min(
            Number.POSITIVE_INFINITY,
            ...this.runs
                .filter((run) => run.state === "STARTING" || run.state === "RUNNING")
                .map((run) => run.stateEndsAtMs),
        );
    }

    /** SUCCEEDED runs that listed each object URI. */
    succeededRunsByObject(): Map<string, string[]> {
        const owners = new Map<string, string[]>();
        for (const run of this.runs) {
            if (run.state !== "SUCCEEDED") continue;
            for (const uri of run.listed) owners.set(uri, [...(owners.get(uri) ?? []), run.id]);
        }
        return owners;
    }

    private listBronze(jobName: string): string[] {
        return this.objects
            .filter((o) => o.jobName === jobName && o.landedAtMs <= this.nowMs && !this.bookmark.has(o.uri))
            .map((o) => o.uri);
    }

    private active(jobName: string): number {
        return this.runs.filter(
            (run) => run.jobName === jobName && (run.state === "STARTING" || run.state === "RUNNING"),
        ).length;
    }

    private startWaiting(jobName: string): void {
        const job = this.options.jobs[jobName];
        if (job === undefined) return;
        for (const run of this.runs) {
            if (run.jobName !== jobName || run.state !== "WAITING") continue;
            if (this.active(jobName) >= job.maxConcurrentRuns) return;
            run.state = "STARTING";
            run.stateEndsAtMs = this.nowMs + this.options.startupMs;
        }
    }

    private startJobRun(input: Record<string, unknown>): Record<string, unknown> {
        const jobName = String(input.JobName);
        const job = this.options.jobs[jobName];
        if (job === undefined)
            throw new GlueError(400, "EntityNotFoundException", `Job ${jobName} not found`);
        const queuing =
            typeof input.JobRunQueuingEnabled === "boolean" ? input.JobRunQueuingEnabled : job.jobRunQueuing;
        const busy =
            this.active(jobName) >= job.maxConcurrentRuns ||
            this.runs.some((r) => r.jobName === jobName && r.state === "WAITING");
        if (busy && !queuing) {
            throw new GlueError(400, "ConcurrentRunsExceededException", `Job ${jobName} already running`);
        }
        const run: SimulatedRun = {
            id: `jr_${String(this.nextId++).padStart(6, "0")}`,
            jobName,
            startedOnMs: this.nowMs,
            state: busy ? "WAITING" : "STARTING",
            stateEndsAtMs: busy ? Number.POSITIVE_INFINITY : this.nowMs + this.options.startupMs,
            listed: [],
            arguments: (input.Arguments as Record<string, string> | undefined) ?? {},
        };
        this.runs.push(run);
        return { JobRunId: run.id };
    }

    private getJobRuns(input: Record<string, unknown>): Record<string, unknown> {
        const jobName = String(input.JobName);
        if (this.options.jobs[jobName] === undefined)
            throw new GlueError(400, "EntityNotFoundException", `Job ${jobName} not found`);
        const max = Number(input.MaxResults ?? 100);
        const newestFirst = this.runs.filter((run) => run.jobName === jobName).reverse();
        return {
            JobRuns: newestFirst.slice(0, max).map((run) => ({
                Id: run.id,
                JobName: run.jobName,
                JobRunState: run.state,
                StartedOn: run.startedOnMs / 1000,
                Arguments: run.arguments,
            })),
        };
    }

    /** An AWS SDK v3 `requestHandler` serving this model. */
    readonly requestHandler = {
        handle: async (request: HttpRequestLike) => {
            const scope = invocationScope.getStore();
            const target = request.headers["x-amz-target"] ?? request.headers["X-Amz-Target"] ?? "";
            const operation = target.replace("AWSGlue.", "");
            const body = request.body;
            const text = body instanceof Uint8Array ? new TextDecoder().decode(body) : String(body ?? "");
            const input = (text ? JSON.parse(text) : {}) as Record<string, unknown>;
            if (scope?.killed) return { response: jsonResponse(500, { __type: "Killed" }) };
            if (scope) scope.glueCalls += 1;
            const fault = this.options.fault?.(operation, input);
            if (fault)
                return {
                    response: jsonResponse(fault.status, {
                        __type: fault.type,
                        message: fault.message ?? fault.type,
                    }),
                };
            try {
                const output =
                    operation === "StartJobRun"
                        ? this.startJobRun(input)
                        : operation === "GetJobRuns"
                          ? this.getJobRuns(input)
                          : (() => {
                                throw new GlueError(400, "InvalidInputException", `unsupported ${operation}`);
                            })();
                this.afterRequest?.(operation, output);
                return { response: jsonResponse(200, output) };
            } catch (error) {
                if (!(error instanceof GlueError)) throw error;
                return {
                    response: jsonResponse(error.status, { __type: error.type, message: error.message }),
                };
            }
        },
        updateHttpClientConfig: () => undefined,
        httpHandlerConfigs: () => ({}),
    };
}

class GlueError extends Error {
    constructor(
        readonly status: number,
        readonly type: string,
        message: string,
    ) {
        super(message);
    }
}

function jsonResponse(statusCode: number, body: unknown) {
    return {
        statusCode,
        reason: statusCode === 200 ? "OK" : "Error",
        headers: { "content-type": "application/x-amz-json-1.1", "x-amzn-requestid": "sim" },
        body: new TextEncoder().encode(JSON.stringify(body)),
    };
}
