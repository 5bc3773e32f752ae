/**
 * Starts and stops a real moto server (`moto[server]` from the project venv) on loopback, on a free port,
 * for integration tests and benchmarks that need AWS APIs without an AWS account.
 *
 * @example
 * ```ts
 * const moto = await startMotoServer();
 * const glue = new GlueClient(moto.clientConfig);
 * await moto.setTransition("glue::job_run", { progression: "manual", times: 1 });
 * // ...
 * await moto.stop();
 * ```
 *
 * @see https://docs.getmoto.org/en/latest/docs/server_mode.html
 * @see https://docs.getmoto.org/en/latest/docs/configuration/state_transition/index.html
 * @module
 */
import { type ChildProcess, spawn } from "node:child_process";
import { existsSync } from "node:fs";
import { createServer } from "node:net";
import path from "node:path";

/** Loopback address moto binds to. */
export const MOTO_HOST = "127.0.0.1";

/** Region of every client pointed at moto. */
export const MOTO_REGION = "us-east-1";

/** Fake credentials moto accepts (it does not check signatures by default). */
export const MOTO_CREDENTIALS = { accessKeyId: "testing", secretAccessKey: "testing" } as const;

/**
 * Default Python interpreter that runs moto: `<repo>/.venv/bin/python` (moto[server] is pinned in
 * requirements.txt); override with `MOTO_PYTHON`.
 */
export const DEFAULT_MOTO_PYTHON = path.resolve(__dirname, "..", "..", ".venv", "bin", "python");

/**
 * Python program that starts moto's own server (`moto.server.main`, what the `moto_server` script runs)
 * after replacing `moto.core.utils.unix_time`/`unix_time_millis` for the current time by `time.time()`.
 *
 * Same values, about 20 times cheaper: moto's SQS recomputes the queue attributes, with two datetime
 * conversions per message, for every message it sends or receives, so a ReceiveMessage on a queue holding
 * 500 messages takes about 0.9 s with the original clock and about 45 ms with this one. Explicit datetimes
 * still go through moto's original function.
 */
export const MOTO_SERVER_PROGRAM = [
    "import sys, time",
    "import moto.core.utils as u",
    "_unix_time = u.unix_time",
    "u.unix_time = lambda dt=None: time.time() if dt is None else _unix_time(dt)",
    "u.unix_time_millis = lambda dt=None: u.unix_time(dt) * 1000.0",
    "import moto.sqs.models as sqs",
    "sqs.SQSBackend.is_message_valid_based_on_retention_period = lambda self, name, message: (",
    "    int(self.get_queue(name).message_retention_period) + message.sent_timestamp / 1000 > time.time())",
    "from moto.server import main",
    "sys.exit(main())",
].join("\n");

/**
 * How long {@link startMotoServer} waits for moto to answer, in milliseconds.
 *
 * @defaultValue `30_000`
 */
export const MOTO_STARTUP_TIMEOUT_MS = 30_000;

/** A moto state-manager transition, see moto's state transition docs. */
export type MotoTransition =
    | { progression: "immediate" }
    | { progression: "manual"; times: number }
    | { progression: "time"; seconds: number };

/** AWS SDK v3 client settings that point a client at the moto server. */
export interface MotoClientConfig {
    readonly endpoint: string;
    readonly region: string;
    readonly credentials: { readonly accessKeyId: string; readonly secretAccessKey: string };
}

/** A running moto server. */
export interface MotoServer {
    /** Base URL, for example `http://127.0.0.1:41234`. */
    readonly endpoint: string;
    readonly port: number;
    /** Pass to any `new XxxClient(...)` of the AWS SDK v3. */
    readonly clientConfig: MotoClientConfig;
    /** Sets a state-manager transition (`POST /moto-api/state-manager/set-transition`). */
    setTransition(modelName: string, transition: MotoTransition): Promise<void>;
    /** Wipes every backend (`POST /moto-api/reset`); transitions set earlier stay. */
    reset(): Promise<void>;
    /** Stops the server (SIGTERM, then SIGKILL after 5 s). Idempotent. */
    stop(): Promise<void>;
}

/** Options of {@link startMotoServer}. */
export interface StartMotoServerOptions {
    /** @defaultValue `process.env.MOTO_PYTHON ?? DEFAULT_MOTO_PYTHON` */
    readonly python?: string;
    /** @defaultValue {@link MOTO_STARTUP_TIMEOUT_MS} */
    readonly startupTimeoutMs?: number;
}

/** Asks the OS for a free TCP port on loopback. */
export async function findFreePort(host: string = MOTO_HOST): Promise<number> {
    return new Promise((resolve, reject) => {
        const server = createServer();
        server.unref();
        server.on("error", reject);
        server.listen(0, host, () => {
            const address = server.address();
            const port = typeof address === "object" && address !== null ? address.port : 0;
            server.close(() => (port > 0 ? resolve(port) : reject(new Error("no free port"))));
        });
    });
}

/**
 * Starts moto's server (see {@link MOTO_SERVER_PROGRAM}) on 127.0.0.1 and a free port and waits until it
 * answers.
 *
 * @param options - Python interpreter and startup timeout.
 * @returns the running server; call `stop()` when done (also done automatically at process exit).
 * @throws Error when the interpreter is missing (the message says how to create the venv) or moto does
 *   not answer within the timeout (the message includes moto's stderr, for example a missing module).
 */
export async function startMotoServer(options: StartMotoServerOptions = {}): Promise<MotoServer> {
    const python = options.python ?? process.env.MOTO_PYTHON ?? DEFAULT_MOTO_PYTHON;
    if (!existsSync(python)) {
        throw new Error(
            `Python for moto not found at ${python}: create the venv with ` +
                "`python3.11 -m venv .venv && .venv/bin/pip install -r requirements.txt` or set MOTO_PYTHON",
        );
    }
    const port = await findFreePort();
    const endpoint = `http://${MOTO_HOST}:${port}`;
    const child = spawn(python, ["-c", MOTO_SERVER_PROGRAM, "-H", MOTO_HOST, "-p", String(port)], {
        stdio: ["ignore", "ignore", "pipe"],
        env: { ...process.env, PYTHONUNBUFFERED: "1" },
    });
    let stderr = "";
    child.stderr?.on("data", (chunk: Buffer) => {
        stderr = (stderr + chunk.toString("utf8")).slice(-4000);
    });
    const killAtExit = () => child.kill("SIGKILL");
    process.once("exit", killAtExit);

    const stop = async () => {
        process.removeListener("exit", killAtExit);
        await stopChild(child);
    };
    try {
        await waitUntilAnswering(endpoint, child, options.startupTimeoutMs ?? MOTO_STARTUP_TIMEOUT_MS);
    } catch (error) {
        await stop();
        throw new Error(`${(error as Error).message}; moto stderr:\n${stderr}`);
    }

    return {
        endpoint,
        port,
        clientConfig: { endpoint, region: MOTO_REGION, credentials: { ...MOTO_CREDENTIALS } },
        setTransition: (modelName, transition) =>
            postMotoApi(endpoint, "/moto-api/state-manager/set-transition", {
                model_name: modelName,
                transition,
            }),
        reset: () => postMotoApi(endpoint, "/moto-api/reset", {}),
        stop,
    };
}

async function waitUntilAnswering(endpoint: string, child: ChildProcess, timeoutMs: number): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (Date.now() < deadline) {
        if (child.exitCode !== null || child.signalCode !== null) {
            throw new Error(`moto server exited early (code ${child.exitCode}, signal ${child.signalCode})`);
        }
        try {
            const response = await fetch(`${endpoint}/moto-api/data.json`);
            await response.arrayBuffer();
            if (response.ok) return;
        } catch {
            // not listening yet
        }
        await new Promise((resolve) => setTimeout(resolve, 100));
    }
    throw new Error(`moto server did not answer at ${endpoint} within ${timeoutMs} ms`);
}

async function postMotoApi(endpoint: string, route: string, body: unknown): Promise<void> {
    const response = await fetch(`${endpoint}${route}`, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify(body),
    });
    const text = await response.text();
    if (!response.ok) {
        throw new Error(`moto ${route} answered ${response.status}: ${text}`);
    }
}

async function stopChild(child: ChildProcess): Promise<void> {
    if (child.exitCode !== null || child.signalCode !== null) return;
    const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
    child.kill("SIGTERM");
    const timer = setTimeout(() => child.kill("SIGKILL"), 5_000);
    await exited;
    clearTimeout(timer);
}
