/**
 * The simulator's local twin: the same {@link simulateTransactions} the Lambda runs, against any PostgreSQL
 * (no TLS, no Secrets Manager), for a number of simulated minutes, one invocation per schedule interval
 * with a simulated clock. The demo and the end-to-end tests run it; it prints one JSON line per invocation
 * and a final `{"invocations": n, "inserted": n, "updated": n, "deleted": n}` line.
 *
 *     npx tsx lambdas/simulator/local-run.ts --host 127.0.0.1 --port 5432 --user postgres \
 *         --database transactions --start 2026-01-01T00:00:00Z --minutes 30 [--seed 7] \
 *         [--rows-per-run 10] [--updates-per-run 2] [--deletes-per-run 1]
 *     npx tsx lambdas/simulator/local-run.ts --port 5432 --database transactions --schema-only
 *
 * `--schema-only` creates (or upgrades) `random_data` and writes no row, so other tests fill the table
 * the simulator defines without a second copy of its DDL; it prints `{"table": "random_data"}`.
 * The password, if any, comes from `PGPASSWORD`. Exit code 2 on a bad option, 1 on a database error.
 *
 * @module
 */
import { parseArgs } from "node:util";
import { Client } from "pg";
import {
    DEFAULT_DB_PORT,
    DEFAULT_DELETES_PER_RUN,
    DEFAULT_ROWS_PER_RUN,
    DEFAULT_UPDATES_PER_RUN,
} from "./config";
import { type RandomSource, SCHEDULE_INTERVAL_MS } from "./rows";
import { type SimulationResult, simulateTransactions } from "./simulate";
import type { SqlExecutor } from "./sql-executor";
import { ensureRandomDataTable, RANDOM_DATA_TABLE } from "./table";

/** A seeded uniform source in `[0, 1)` (mulberry32), so a local run is reproducible. */
export function seededRandom(seed: number): RandomSource {
    let state = seed >>> 0;
    return () => {
        state = (state + 0x6d2b79f5) >>> 0;
        let t = state;
        t = Math.imul(t ^ (t >>> 15), t | 1);
        t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
        return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
    };
}

/** Options of {@link simulateMinutes}. */
export interface SimulateMinutesOptions {
    /** Simulated time of the first invocation. */
    readonly start: Date;
    /** Simulated minutes to cover; one invocation every {@link SCHEDULE_INTERVAL_MS}, the first at `start`. */
    readonly minutes: number;
    readonly rowsPerRun: number;
    readonly updatesPerRun: number;
    readonly deletesPerRun: number;
    readonly random: RandomSource;
    /** Called after each invocation. @default no-op */
    readonly onRun?: (result: SimulationResult, now: Date) => void;
}

/** Totals of {@link simulateMinutes}. */
export interface SimulatedTotals {
    readonly invocations: number;
    readonly inserted: number;
    readonly updated: number;
    readonly deleted: number;
}

/**
 * Runs `floor(minutes / 2)` invocations (at least one) at `start`, `start + 2 min`, ...
 *
 * @throws RangeError when `minutes` is not positive.
 */
export async function simulateMinutes(
    db: SqlExecutor,
    options: SimulateMinutesOptions,
): Promise<SimulatedTotals> {
    if (!(options.minutes > 0)) {
        throw new RangeError(`minutes must be > 0 (simulated minutes to cover), got ${options.minutes}`);
    }
    const invocations = Math.max(1, Math.floor((options.minutes * 60_000) / SCHEDULE_INTERVAL_MS));
    let inserted = 0;
    let updated = 0;
    let deleted = 0;
    for (let i = 0; i < invocations; i += 1) {
        const now = new Date(options.start.getTime() + i * SCHEDULE_INTERVAL_MS);
        const result = await simulateTransactions(db, {
            rowsPerRun: options.rowsPerRun,
            updatesPerRun: options.updatesPerRun,
            deletesPerRun: options.deletesPerRun,
            now,
            random: options.random,
        });
        inserted += result.count;
        updated += result.updated;
        deleted += result.deleted;
        options.onRun?.(result, now);
    }
    return { invocations, inserted, updated, deleted };
}

function integer(name: string, text: string | undefined, fallback: number, min: number): number {
    const value = text === undefined ? fallback : Number(text);
    if (!Number.isInteger(value) || value < min) {
        throw new RangeError(`--${name} must be an integer >= ${min}, got ${text}`);
    }
    return value;
}

interface ConnectionOptions {
    host: string;
    port: number;
    user: string;
    database: string;
}

/** Opens a client (password from `PGPASSWORD`), runs `work`, prints its JSON, closes; exit code 0 or 1. */
async function withClient(
    connection: ConnectionOptions,
    work: (db: Client) => Promise<object>,
): Promise<number> {
    const client = new Client({ ...connection, password: process.env.PGPASSWORD });
    try {
        await client.connect();
        console.log(JSON.stringify(await work(client)));
        return 0;
    } catch (error) {
        console.error(`error: ${(error as Error).message}`);
        return 1;
    } finally {
        await client.end();
    }
}

/** `--schema-only`: the table and its sequence, no rows. */
function createSchema(connection: ConnectionOptions): Promise<number> {
    return withClient(connection, async (db) => {
        await ensureRandomDataTable(db);
        return { table: RANDOM_DATA_TABLE };
    });
}

/** Parses the command line, runs {@link simulateMinutes}, prints JSON lines; returns the exit code. */
export async function main(argv: readonly string[]): Promise<number> {
    let options: SimulateMinutesOptions;
    let connection: ConnectionOptions;
    try {
        const { values } = parseArgs({
            args: [...argv],
            options: {
                host: { type: "string", default: "127.0.0.1" },
                port: { type: "string" },
                user: { type: "string", default: "postgres" },
                database: { type: "string" },
                start: { type: "string" },
                minutes: { type: "string" },
                seed: { type: "string" },
                "rows-per-run": { type: "string" },
                "updates-per-run": { type: "string" },
                "deletes-per-run": { type: "string" },
                "schema-only": { type: "boolean", default: false },
            },
        });
        if (values.database === undefined) throw new RangeError("--database is required");
        connection = {
            host: values.host,
            port: integer("port", values.port, DEFAULT_DB_PORT, 1),
            user: values.user,
            database: values.database,
        };
        if (values["schema-only"]) return await createSchema(connection);
        const start = new Date(values.start ?? Number.NaN);
        if (Number.isNaN(start.getTime())) {
            throw new RangeError(
                `--start must be an ISO-8601 time such as 2026-01-01T00:00:00Z, got ${values.start}`,
            );
        }
        options = {
            start,
            minutes: integer("minutes", values.minutes, 0, 1),
            rowsPerRun: integer("rows-per-run", values["rows-per-run"], DEFAULT_ROWS_PER_RUN, 1),
            updatesPerRun: integer("updates-per-run", values["updates-per-run"], DEFAULT_UPDATES_PER_RUN, 0),
            deletesPerRun: integer("deletes-per-run", values["deletes-per-run"], DEFAULT_DELETES_PER_RUN, 0),
            random:
                values.seed === undefined ? Math.random : seededRandom(integer("seed", values.seed, 0, 0)),
            onRun: (result, now) => console.log(JSON.stringify({ now: now.toISOString(), ...result })),
        };
    } catch (error) {
        console.error(`error: ${(error as Error).message}`);
        return 2;
    }
    return withClient(connection, (db) => simulateMinutes(db, options));
}

if (require.main === module) {
    main(process.argv.slice(2)).then((code) => {
        process.exitCode = code;
    });
}
