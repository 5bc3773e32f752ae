/**
 * A throwaway PostgreSQL server for tests: `initdb` into a fresh temp dir, `pg_ctl start` listening on
 * 127.0.0.1 on a free port with trust auth, and `stop()` to shut it down and delete every file it wrote.
 *
 * It runs the Debian server binaries (`postgresql-15` package). The server refuses to run as root, so when
 * the test process is root every binary runs through `runuser -u postgres --` and the temp dir is chowned to
 * the `postgres` user. Durability is switched off (`fsync=off`, `synchronous_commit=off`) because the data is
 * thrown away: start-up takes about one second. With `ssl: true` the server also serves TLS with a fresh
 * self-signed certificate for `IP:127.0.0.1`, so clients can be tested with certificate verification on.
 *
 * Binaries: `PG_BIN`, else the newest `/usr/lib/postgresql/<major>/bin`; CI installs `postgresql-15` with
 * apt when they are missing.
 *
 * @see https://www.postgresql.org/docs/15/app-initdb.html
 * @see https://www.postgresql.org/docs/15/app-pg-ctl.html
 */
import { execFile } from "node:child_process";
import { chmodSync, chownSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { Client } from "pg";

const execFileAsync = promisify(execFile);

/** Root under which Debian installs one `<major>/bin` folder per PostgreSQL version. */
export const DEBIAN_POSTGRES_ROOT = "/usr/lib/postgresql";

/** Loopback address the test server listens on (never a routable address). */
export const TEST_POSTGRES_HOST = "127.0.0.1";

/** Superuser created by `initdb -U`, authenticated with `trust` (no password). */
export const TEST_POSTGRES_USER = "postgres";

/** Database created for the tests unless {@link StartPostgresOptions.database} says otherwise. */
export const DEFAULT_TEST_DATABASE = "medallion_test";

/** Seconds `pg_ctl start/stop -w` waits for the server before failing. */
export const PG_CTL_TIMEOUT_SECONDS = 30;

/** OS user that owns the data dir and runs the server when the test process is root. */
export const POSTGRES_OS_USER = "postgres";

/** Options of {@link startPostgres}. */
export interface StartPostgresOptions {
    /** Database to create and point {@link PostgresServer.connectionString} at. @default DEFAULT_TEST_DATABASE */
    database?: string;
    /** Environment used to find the binaries (`PG_BIN`). @default process.env */
    env?: NodeJS.ProcessEnv;
    /**
     * Serve TLS with a fresh self-signed certificate for `IP:127.0.0.1` (made with `openssl`), so clients can
     * be tested with `ssl: { rejectUnauthorized: true, ca }`; {@link PostgresServer.caFile} is its PEM.
     * @default false
     */
    ssl?: boolean;
}

/** A running throwaway server. */
export interface PostgresServer {
    /** Always {@link TEST_POSTGRES_HOST}. */
    readonly host: string;
    /** TCP port the server listens on (a free port picked at start). */
    readonly port: number;
    /** Superuser name (trust auth, no password). */
    readonly user: string;
    /** Database created for the test. */
    readonly database: string;
    /** `postgresql://user@127.0.0.1:port/database`, usable by `pg` and psql. */
    readonly connectionString: string;
    /** PEM of the self-signed server certificate (its own CA) when started with `ssl: true`. */
    readonly caFile?: string;
    /** Temp dir holding the data dir, the Unix socket and `server.log`; deleted by {@link stop}. */
    readonly baseDir: string;
    /** Stops the server (`pg_ctl stop -m fast`) and deletes {@link baseDir}. Safe to call twice. */
    stop(): Promise<void>;
}

/**
 * Finds the folder holding `initdb`, `pg_ctl` and `postgres`.
 *
 * Order: the `PG_BIN` environment variable, then the newest `/usr/lib/postgresql/<major>/bin`.
 *
 * @throws Error naming `PG_BIN` when `PG_BIN` lacks `initdb`, or when no server is installed (the message
 *   says to `apt-get install postgresql-15` or set `PG_BIN`).
 */
export function findPostgresBinDir(
    env: NodeJS.ProcessEnv = process.env,
    root = DEBIAN_POSTGRES_ROOT,
): string {
    const fromEnv = env.PG_BIN;
    if (fromEnv !== undefined && fromEnv !== "") {
        if (!existsSync(join(fromEnv, "initdb"))) {
            throw new Error(
                `PG_BIN=${fromEnv} has no initdb: point PG_BIN at the bin folder of a PostgreSQL server install.`,
            );
        }
        return fromEnv;
    }
    const majors = existsSync(root)
        ? readdirSync(root)
              .filter((name) => /^\d+$/.test(name) && existsSync(join(root, name, "bin", "initdb")))
              .sort((a, b) => Number(b) - Number(a))
        : [];
    const newest = majors[0];
    if (newest === undefined) {
        throw new Error(
            `No PostgreSQL server binaries under ${root}/<major>/bin: install them with ` +
                "`apt-get install -y postgresql-15`, or set PG_BIN to the folder holding initdb and pg_ctl.",
        );
    }
    return join(root, newest, "bin");
}

/** Asks the kernel for a free TCP port on loopback. */
export async function findFreePort(host = TEST_POSTGRES_HOST): Promise<number> {
    return await new Promise((resolve, reject) => {
        const server = createServer();
        server.unref();
        server.on("error", reject);
        server.listen(0, host, () => {
            const address = server.address();
            const port = typeof address === "object" && address !== null ? address.port : 0;
            server.close(() => resolve(port));
        });
    });
}

/** Uid/gid of the `postgres` OS user, read from `id`. */
async function postgresOsIds(): Promise<{ uid: number; gid: number }> {
    try {
        const uid = (await execFileAsync("id", ["-u", POSTGRES_OS_USER])).stdout.trim();
        const gid = (await execFileAsync("id", ["-g", POSTGRES_OS_USER])).stdout.trim();
        return { uid: Number(uid), gid: Number(gid) };
    } catch {
        throw new Error(
            `Running as root but there is no '${POSTGRES_OS_USER}' OS user to run the server as ` +
                "(PostgreSQL refuses to run as root): install postgresql-15, which creates it.",
        );
    }
}

/**
 * Writes a self-signed certificate and key for `CN=127.0.0.1` with `subjectAltName=IP:127.0.0.1` into `dir`,
 * owned by the server's OS user (PostgreSQL rejects a key readable by others, hence mode 0600).
 */
async function makeSelfSignedCertificate(
    dir: string,
    ids: { uid: number; gid: number } | undefined,
): Promise<{ certFile: string; keyFile: string }> {
    const certFile = join(dir, "server.crt");
    const keyFile = join(dir, "server.key");
    await execFileAsync("openssl", [
        "req",
        "-x509",
        "-newkey",
        "rsa:2048",
        "-nodes",
        "-days",
        "1",
        "-subj",
        `/CN=${TEST_POSTGRES_HOST}`,
        "-addext",
        `subjectAltName=IP:${TEST_POSTGRES_HOST}`,
        "-keyout",
        keyFile,
        "-out",
        certFile,
    ]);
    chmodSync(keyFile, 0o600);
    if (ids !== undefined) {
        chownSync(certFile, ids.uid, ids.gid);
        chownSync(keyFile, ids.uid, ids.gid);
    }
    return { certFile, keyFile };
}

/**
 * Starts a throwaway PostgreSQL server on 127.0.0.1 and creates {@link StartPostgresOptions.database}.
 *
 * @throws Error from {@link findPostgresBinDir} when the binaries are missing, or with the tail of
 *   `server.log` when `initdb` or `pg_ctl start` fails.
 */
export async function startPostgres(options: StartPostgresOptions = {}): Promise<PostgresServer> {
    const database = options.database ?? DEFAULT_TEST_DATABASE;
    const binDir = findPostgresBinDir(options.env ?? process.env);
    const asRoot = process.getuid?.() === 0;
    const baseDir = mkdtempSync(join(tmpdir(), "medallion-pg-"));
    const dataDir = join(baseDir, "data");
    const logFile = join(baseDir, "server.log");
    const ids = asRoot ? await postgresOsIds() : undefined;
    if (ids !== undefined) chownSync(baseDir, ids.uid, ids.gid);

    const run = async (binary: string, args: string[]): Promise<void> => {
        const command = asRoot ? "runuser" : join(binDir, binary);
        const argv = asRoot ? ["-u", POSTGRES_OS_USER, "--", join(binDir, binary), ...args] : args;
        try {
            await execFileAsync(command, argv, { cwd: baseDir });
        } catch (error) {
            const log = existsSync(logFile) ? readFileSync(logFile, "utf8").slice(-2000) : "(no server.log)";
            const stderr = (error as { stderr?: string }).stderr ?? String(error);
            throw new Error(`${binary} ${args.join(" ")} failed: ${stderr.trim()}\nserver.log tail:\n${log}`);
        }
    };

    let stopped = false;
    const stop = async (): Promise<void> => {
        if (stopped) return;
        stopped = true;
        try {
            if (existsSync(join(dataDir, "postmaster.pid"))) {
                await run("pg_ctl", [
                    "-D",
                    dataDir,
                    "-m",
                    "fast",
                    "-w",
                    "-t",
                    `${PG_CTL_TIMEOUT_SECONDS}`,
                    "stop",
                ]);
            }
        } finally {
            rmSync(baseDir, { recursive: true, force: true });
        }
    };

    try {
        await run("initdb", [
            "-D",
            dataDir,
            "-U",
            TEST_POSTGRES_USER,
            "--auth=trust",
            "--encoding=UTF8",
            "--locale=C",
            "--no-sync",
            "--no-instructions",
        ]);
        const port = await findFreePort();
        const tls = options.ssl === true ? await makeSelfSignedCertificate(baseDir, ids) : undefined;
        const serverOptions = [
            `-h ${TEST_POSTGRES_HOST}`,
            `-p ${port}`,
            `-k ${baseDir}`,
            "-c fsync=off",
            "-c synchronous_commit=off",
            "-c full_page_writes=off",
            ...(tls === undefined
                ? []
                : ["-c ssl=on", `-c ssl_cert_file=${tls.certFile}`, `-c ssl_key_file=${tls.keyFile}`]),
        ].join(" ");
        await run("pg_ctl", [
            "-D",
            dataDir,
            "-l",
            logFile,
            "-w",
            "-t",
            `${PG_CTL_TIMEOUT_SECONDS}`,
            "-o",
            serverOptions,
            "start",
        ]);
        const admin = new Client({
            host: TEST_POSTGRES_HOST,
            port,
            user: TEST_POSTGRES_USER,
            database: "postgres",
        });
        await admin.connect();
        try {
            // Identifiers cannot be bound as parameters: quote it (doubling embedded quotes).
            await admin.query(`CREATE DATABASE "${database.replaceAll('"', '""')}"`);
        } finally {
            await admin.end();
        }
        return {
            host: TEST_POSTGRES_HOST,
            port,
            user: TEST_POSTGRES_USER,
            database,
            connectionString: `postgresql://${TEST_POSTGRES_USER}@${TEST_POSTGRES_HOST}:${port}/${encodeURIComponent(database)}`,
            ...(tls === undefined ? {} : { caFile: tls.certFile }),
            baseDir,
            stop,
        };
    } catch (error) {
        await stop().catch(() => undefined);
        throw error;
    }
}
