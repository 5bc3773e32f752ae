/**
 * Runs the project's Python (the Glue package on local Spark, DuckDB) from the demo: each process in its own
 * process group, stopped with it by the demo's {@link Cleanup}; stderr saved to a log file and filtered
 * into progress lines; the last stdout line parsed as the process's JSON result.
 *
 * @module
 */
import { spawn } from "node:child_process";
import { createWriteStream, existsSync } from "node:fs";
import path from "node:path";
import type { Cleanup } from "./cleanup";
import { DEFAULT_PYTHON, GLUE_DIR, REPO_ROOT } from "./paths";

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

/** How to run one Python process. */
export interface PythonRun {
    /** Arguments after the interpreter, e.g. `["-m", "medallion_local.layout", ...]`. */
    readonly args: readonly string[];
    /** What the process does, for messages (e.g. `bronze layout`). */
    readonly what: string;
    /** File that receives the whole stderr. */
    readonly logFile: string;
    /** Stops the process if the demo ends or is interrupted first. */
    readonly cleanup: Cleanup;
    /** Called with each progress line ({@link progressLine}). */
    readonly onProgress?: (line: string) => void;
    /** @defaultValue `process.env.DEMO_PYTHON ?? DEFAULT_PYTHON` */
    readonly python?: string;
}

/**
 * Runs Python to completion and returns the JSON object on its last non-empty stdout line.
 *
 * @throws Error when the interpreter is missing (run `scripts/setup.sh`), the process exits non-zero or is
 *   killed (the message quotes the end of stderr and names the log file), or the last stdout line is not
 *   JSON.
 */
export async function runPython(run: PythonRun): Promise<unknown> {
    const python = run.python ?? process.env.DEMO_PYTHON ?? DEFAULT_PYTHON;
    if (!existsSync(python)) {
        throw new Error(
            `${run.what}: Python not found at ${python}; run \`bash scripts/setup.sh\` to create .venv`,
        );
    }
    const pythonPath = [GLUE_DIR, process.env.PYTHONPATH].filter(Boolean).join(path.delimiter);
    const child = spawn(python, [...run.args], {
        cwd: REPO_ROOT,
        detached: true,
        stdio: ["ignore", "pipe", "pipe"],
        env: { ...process.env, ...PYTHON_ENV, PYTHONPATH: pythonPath },
    });
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
        throw new Error(
            `${run.what} failed (${how}). Last lines of its log ${run.logFile}:\n${tail.join("\n")}\n${lastLine(stdout)}`,
        );
    }
    const last = lastLine(stdout);
    try {
        return JSON.parse(last);
    } catch {
        throw new Error(
            `${run.what}: expected a JSON summary as the last stdout line, got ${JSON.stringify(last)}`,
        );
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
