/**
 * Runs the project's Python (the Glue package on local Spark, DuckDB) from the demo. The demo runs every
 * Python step in one {@link PythonWorker} (`scripts/demo/python_worker.py`: one interpreter, one Spark
 * JVM started while the first steps run); {@link runPython} runs one process per call. Either way the
 * process leads its own process group, stopped with it by the demo's {@link Cleanup}; stderr is saved to
 * the call's log file and filtered into progress lines; the last stdout line of the call is its JSON result.
 *
 * @module
 */
import { type ChildProcessWithoutNullStreams, spawn } from "node:child_process";
import { appendFileSync, createWriteStream, existsSync } from "node:fs";
import path from "node:path";
import type { Cleanup } from "./cleanup";
import { DEFAULT_PYTHON, GLUE_DIR, PYTHON_WORKER_SCRIPT, REPO_ROOT } from "./paths";

/**
 * Environment of every Python process, over the demo's own: `medallion_glue` importable, no Spark console
 * progress bars (the demo prints its own progress), Spark bound to loopback.
 */
export const PYTHON_ENV = {
    PYSPARK_SUBMIT_ARGS: "--conf spark.ui.showConsoleProgress=false pyspark-shell",
    SPARK_LOCAL_IP: "127.0.0.1",
    PYTHONUNBUFFERED: "1",
} as const;

/** Milliseconds between SIGTERM and SIGKILL when a Python process group is stopped. */
export const PYTHON_STOP_GRACE_MS = 5_000;

/** Lines of stderr quoted in the error of a failed process. */
const STDERR_TAIL_LINES = 25;

/**
 * A Python log line of the Glue package or the local tools:
 * `2026-01-01 12:00:00,123 INFO medallion_glue.gold.tables: ...` or `... INFO medallion_local.runner: ...`.
 */
const GLUE_LOG_LINE =
    /^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d,\d+ (DEBUG|INFO|WARNING|ERROR|CRITICAL) (medallion_(?:glue|local)[\w.]*): (.*)$/;

/** Longest progress line shown (the log file has the whole line). */
export const PROGRESS_LINE_MAX = 116;

/**
 * The progress line to show for one stderr line of a `medallion_glue`/`medallion_local` process, or
 * `undefined` for lines that are not the packages' own log lines (Spark and JVM chatter stay in the log file).
 *
 * @example `progressLine("2026-01-01 12:00:00,123 INFO medallion_glue.gold.tables: gold table x: 3 rows")` is
 *   `"gold table x: 3 rows"`; a WARNING line keeps its level: `"WARNING ..."`.
 */
export function progressLine(line: string): string | undefined {
    const match = GLUE_LOG_LINE.exec(line.trimEnd());
    if (match === null) return undefined;
    const [, level, , message] = match as unknown as [string, string, string, string];
    const text = level === "INFO" ? message : `${level} ${message}`;
    return text.length > PROGRESS_LINE_MAX ? `${text.slice(0, PROGRESS_LINE_MAX - 3)}...` : text;
}

/** What a step asks of Python: a `python` command line, and where its output goes. */
export interface PythonCall {
    /** Arguments after the interpreter, e.g. `["-m", "medallion_local.layout", ...]`. */
    readonly args: readonly string[];
    /** What the call does, for messages (e.g. `bronze layout`). */
    readonly what: string;
    /** File that receives the call's stderr. */
    readonly logFile: string;
    /** Called with each progress line ({@link progressLine}). */
    readonly onProgress?: (line: string) => void;
}

/** Runs {@link PythonCall}s: the demo's {@link PythonWorker}. */
export interface PythonExecutor {
    /**
     * Runs one call and returns the JSON object on the last non-empty line it printed.
     *
     * @throws Error when the call exits non-zero or its process dies (the message quotes the end of its
     *   stderr and names the log file), or its last stdout line is not JSON.
     */
    run(call: PythonCall): Promise<unknown>;
}

/** How to run one Python process. */
export interface PythonRun extends PythonCall {
    /** Stops the process if the demo ends or is interrupted first. */
    readonly cleanup: Cleanup;
    /** @defaultValue `process.env.DEMO_PYTHON ?? DEFAULT_PYTHON` */
    readonly python?: string;
}

/** The interpreter to run: `python`, else `$DEMO_PYTHON`, else the venv's. @throws Error when it is missing. */
function interpreter(what: string, python: string | undefined): string {
    const resolved = python ?? process.env.DEMO_PYTHON ?? DEFAULT_PYTHON;
    if (!existsSync(resolved)) {
        throw new Error(
            `${what}: Python not found at ${resolved}; run \`bash scripts/setup.sh\` to create .venv`,
        );
    }
    return resolved;
}

/** Starts Python in its own process group with {@link PYTHON_ENV} and the Glue package importable. */
function spawnPython(python: string, args: readonly string[]): ChildProcessWithoutNullStreams {
    const pythonPath = [GLUE_DIR, process.env.PYTHONPATH].filter(Boolean).join(path.delimiter);
    return spawn(python, [...args], {
        cwd: REPO_ROOT,
        detached: true,
        stdio: ["pipe", "pipe", "pipe"],
        env: { ...process.env, ...PYTHON_ENV, PYTHONPATH: pythonPath },
    });
}

/** The error of a call that failed (`how`: `exit code 3`, `signal SIGTERM`, ...). */
function callFailure(call: PythonCall, how: string, tail: readonly string[], stdout: string): Error {
    return new Error(
        `${call.what} failed (${how}). Last lines of its log ${call.logFile}:\n${tail.join("\n")}\n${lastLine(stdout)}`,
    );
}

/** The JSON of a finished call's last stdout line. @throws Error when that line is not JSON. */
function callResult(call: PythonCall, stdout: string): unknown {
    const last = lastLine(stdout);
    try {
        return JSON.parse(last);
    } catch {
        throw new Error(
            `${call.what}: expected a JSON summary as the last stdout line, got ${JSON.stringify(last)}`,
        );
    }
}

/**
 * Runs Python to completion and returns the JSON object on its last non-empty stdout line.
 *
 * @throws Error when the interpreter is missing (run `scripts/setup.sh`), the process exits non-zero or is
 *   killed (the message quotes the end of stderr and names the log file), or the last stdout line is not
 *   JSON.
 */
export async function runPython(run: PythonRun): Promise<unknown> {
    const child = spawnPython(interpreter(run.what, run.python), run.args);
    child.stdin.end();
    const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve, reject) => {
        child.once("error", reject);
        child.once("close", (code, signal) => resolve({ code, signal }));
    });
    const unregister = run.cleanup.add(
        `${run.what} (Python pid ${child.pid})`,
        () => stopProcessGroup(child.pid, exited),
        child.pid,
    );
    const log = createWriteStream(run.logFile, { flags: "a" });
    const tail: string[] = [];
    let stdout = "";
    let partial = "";
    child.stdout.setEncoding("utf8").on("data", (chunk: string) => {
        stdout += chunk;
    });
    child.stderr.setEncoding("utf8").on("data", (chunk: string) => {
        log.write(chunk);
        const lines = (partial + chunk).split("\n");
        partial = lines.pop() ?? "";
        for (const line of lines) {
            tail.push(line);
            if (tail.length > STDERR_TAIL_LINES) tail.shift();
            const progress = progressLine(line);
            if (progress !== undefined) run.onProgress?.(progress);
        }
    });
    let outcome: { code: number | null; signal: NodeJS.Signals | null };
    try {
        outcome = await exited;
    } finally {
        unregister();
        await new Promise<void>((resolve) => log.end(resolve));
    }
    if (partial !== "") tail.push(partial);
    if (outcome.code !== 0) {
        const how = outcome.signal === null ? `exit code ${outcome.code}` : `signal ${outcome.signal}`;
        throw callFailure(run, how, tail, stdout);
    }
    return callResult(run, stdout);
}

/** Options of {@link PythonWorker.start}. */
export interface PythonWorkerOptions {
    /** The demo's lake folder (it must exist: the worker's Spark session keeps its catalog there). */
    readonly lakeDir: string;
    /** File that receives what the worker writes to stderr outside of a call (the Spark session's start). */
    readonly logFile: string;
    /** Stops the worker if the demo ends or is interrupted before {@link PythonWorker.stop}. */
    readonly cleanup: Cleanup;
    /** @defaultValue `process.env.DEMO_PYTHON ?? DEFAULT_PYTHON` */
    readonly python?: string;
}

/** Milliseconds {@link PythonWorker.stop} waits for the worker to stop its Spark session and exit. */
export const PYTHON_WORKER_STOP_MS = 10_000;

/** A call in flight: what it asked, its stderr tail, how it ends. */
interface PendingCall {
    readonly id: number;
    readonly call: PythonCall;
    readonly tail: string[];
    readonly resolve: (value: unknown) => void;
    readonly reject: (error: Error) => void;
}

/**
 * The demo's one Python process (`scripts/demo/python_worker.py`): it starts the local Spark session as
 * soon as it starts, then runs each {@link PythonCall} in turn in the same interpreter and JVM (the local
 * runner and the transactional source on the shared session), so a demo run pays one JVM start and warms
 * Spark once instead of once per step. Calls are queued: one runs at a time, in the order asked.
 */
export class PythonWorker implements PythonExecutor {
    private readonly child: ChildProcessWithoutNullStreams;
    private readonly exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
    private readonly unregister: () => void;
    private queue: Promise<unknown> = Promise.resolve();
    private current: PendingCall | undefined;
    private nextId = 1;
    private stdoutPartial = "";
    private stderrPartial = "";
    private exitedWith: string | undefined;
    private readonly logFile: string;

    private constructor(options: PythonWorkerOptions) {
        const python = interpreter("the demo's Python worker", options.python);
        this.logFile = options.logFile;
        this.child = spawnPython(python, [PYTHON_WORKER_SCRIPT, "--lake-dir", options.lakeDir]);
        this.exited = new Promise((resolve) => {
            this.child.once("error", (error) => {
                this.onExit(`could not start: ${error.message}`);
                resolve({ code: null, signal: null });
            });
            this.child.once("close", (code, signal) => {
                this.onExit(signal === null ? `exit code ${code}` : `signal ${signal}`);
                resolve({ code, signal });
            });
        });
        this.unregister = options.cleanup.add(
            `the demo's Python worker (pid ${this.child.pid}, one Spark session for every Python step)`,
            () => stopProcessGroup(this.child.pid, this.exited),
            this.child.pid,
        );
        this.child.stdout.setEncoding("utf8").on("data", (chunk: string) => this.onStdout(chunk));
        this.child.stderr.setEncoding("utf8").on("data", (chunk: string) => this.onStderr(chunk));
    }

    /**
     * Starts the worker (and so the Spark session, in the background).
     *
     * @throws Error when the interpreter is missing (run `scripts/setup.sh`).
     */
    static start(options: PythonWorkerOptions): PythonWorker {
        return new PythonWorker(options);
    }

    /** The worker's process (group) id. */
    get pid(): number | undefined {
        return this.child.pid;
    }

    run(call: PythonCall): Promise<unknown> {
        const result = this.queue.then(() => this.send(call));
        this.queue = result.catch(() => undefined);
        return result;
    }

    /**
     * Ends the worker: closes its input (it stops the Spark session and exits), waits up to
     * {@link PYTHON_WORKER_STOP_MS}, then stops its process group; unregisters it from the cleanup.
     */
    async stop(): Promise<void> {
        await this.queue;
        if (this.exitedWith === undefined) this.child.stdin.end();
        const timer = setTimeout(
            () => void stopProcessGroup(this.child.pid, this.exited),
            PYTHON_WORKER_STOP_MS,
        );
        await this.exited;
        clearTimeout(timer);
        // The JVM may outlive Python by a moment: make sure nothing of the group is left.
        await stopProcessGroup(this.child.pid, this.exited);
        this.unregister();
    }

    private send(call: PythonCall): Promise<unknown> {
        return new Promise((resolve, reject) => {
            if (this.exitedWith !== undefined) {
                reject(
                    new Error(
                        `${call.what}: the demo's Python worker is gone (${this.exitedWith}); see ${this.logFile}`,
                    ),
                );
                return;
            }
            const id = this.nextId++;
            this.current = { id, call, tail: [], resolve, reject };
            this.child.stdin.write(`${JSON.stringify({ id, argv: call.args })}\n`);
        });
    }

    private onStdout(chunk: string): void {
        const lines = (this.stdoutPartial + chunk).split("\n");
        this.stdoutPartial = lines.pop() ?? "";
        for (const line of lines) {
            if (line.trim() === "") continue;
            const answer = JSON.parse(line) as { id: number; exit_code: number; stdout: string };
            const pending = this.current;
            if (pending === undefined || pending.id !== answer.id) continue;
            this.current = undefined;
            if (answer.exit_code !== 0) {
                pending.reject(
                    callFailure(pending.call, `exit code ${answer.exit_code}`, pending.tail, answer.stdout),
                );
                continue;
            }
            try {
                pending.resolve(callResult(pending.call, answer.stdout));
            } catch (error) {
                pending.reject(error as Error);
            }
        }
    }

    private onStderr(chunk: string): void {
        const pending = this.current;
        appendFileSync(pending?.call.logFile ?? this.logFile, chunk);
        const lines = (this.stderrPartial + chunk).split("\n");
        this.stderrPartial = lines.pop() ?? "";
        if (pending === undefined) return;
        for (const line of lines) {
            pending.tail.push(line);
            if (pending.tail.length > STDERR_TAIL_LINES) pending.tail.shift();
            const progress = progressLine(line);
            if (progress !== undefined) pending.call.onProgress?.(progress);
        }
    }

    private onExit(how: string): void {
        this.exitedWith = how;
        const pending = this.current;
        this.current = undefined;
        if (pending !== undefined) {
            if (this.stderrPartial !== "") pending.tail.push(this.stderrPartial);
            pending.reject(
                callFailure(pending.call, `the demo's Python worker ended: ${how}`, pending.tail, ""),
            );
        }
    }
}

function lastLine(text: string): string {
    const lines = text.split("\n").filter((line) => line.trim() !== "");
    return lines[lines.length - 1] ?? "";
}

/** SIGTERM to the whole process group (Python and the Spark JVM it started), SIGKILL after the grace. */
async function stopProcessGroup(pid: number | undefined, exited: Promise<unknown>): Promise<void> {
    if (pid === undefined) return;
    const signalGroup = (signal: NodeJS.Signals) => {
        try {
            process.kill(-pid, signal);
        } catch {
            // the group is gone already
        }
    };
    signalGroup("SIGTERM");
    const timer = setTimeout(() => signalGroup("SIGKILL"), PYTHON_STOP_GRACE_MS);
    await exited.catch(() => undefined);
    clearTimeout(timer);
    // The JVM may outlive Python by a moment: make sure nothing of the group is left.
    signalGroup("SIGKILL");
}
