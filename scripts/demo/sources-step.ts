/**
 * The demo's other two sources, raw to gold, each one step:
 *
 * - tweets: objects exactly as Amazon Data Firehose delivers them (concatenated JSON events, GZIP, the
 *   `tweets/YYYY/MM/DD/HH/<stream>-<version>-<YYYY-MM-DD-HH-MM-SS>-<id>.json.gz` key layout) laid out by
 *   `medallion_local.layout --dataset tweets`, then one bookmarked `medallion_local.runner` run
 *   (bronze_to_silver, silver_to_gold);
 * - transactions: a throwaway PostgreSQL server started as the tests start it (tests/support/postgres.ts),
 *   the simulator writing for simulated minutes, the JDBC ingestion run twice (the second copies only new
 *   and changed rows), silver and gold: `scripts/demo/transactional_demo.py`. Without PostgreSQL server
 *   binaries the step is skipped with one line saying how to install them.
 *
 * Both run in the demo's Python worker, on its one Spark session.
 *
 * Each ends, as flights does, with its reconciliation, silver partitions and top gold rows (DuckDB over the
 * catalog, {@link readLake}).
 *
 * @module
 */
import path from "node:path";
import { findPostgresBinDir, startPostgres } from "../../tests/support/postgres";
import type { Cleanup } from "./cleanup";
import { LAKE_LAYOUT } from "./lake-dir";
import { type LayoutResult, layOutDrops } from "./layout-step";
import { REPO_ROOT } from "./paths";
import type { RunCounts } from "./pipeline-step";
import type { PythonExecutor } from "./python";
import { type LakeResults, readLake } from "./results-step";

/** The demo's three sources, by dataset spec name, in the order the demo runs them. */
export const DEMO_SOURCES = ["flights", "tweets", "transactions"] as const;
export type DemoSource = (typeof DEMO_SOURCES)[number];

/** What the demo runs of the tweets and transactional sources. */
export const SOURCE_DEMO_DEFAULTS = {
    /** Gold table and query of each source's top rows. */
    tweets: {
        goldTable: "tweets_per_user_day",
        orderBy: "likes DESC, screen_name, day",
    },
    transactions: {
        goldTable: "importe_por_categoria_hora",
        orderBy: "importe_total DESC, categoria, hora",
        /** Simulated minutes before the first ingestion, and between the first and the second. */
        firstMinutes: 30,
        secondMinutes: 20,
    },
    /** Gold rows shown per source. */
    topRows: 5,
} as const;

/** The line printed when the transactional source is skipped for want of PostgreSQL. */
export const POSTGRES_MISSING_HINT =
    "install it with `bash scripts/setup.sh --postgres` (Debian's postgresql-15) or point PG_BIN at a PostgreSQL bin folder";

/** Top rows of a gold table in the stack's gold database. */
export function topRowsSql(goldDatabase: string, table: string, orderBy: string, limit: number): string {
    return [`SELECT *`, `FROM ${goldDatabase}.${table}`, `ORDER BY ${orderBy}`, `LIMIT ${limit}`].join("\n");
}

/** Options of both steps. */
export interface SourceStepOptions {
    readonly lakeDir: string;
    readonly databases: { silver: string; gold: string };
    /** Stops PostgreSQL if the demo ends or is interrupted during the step. */
    readonly cleanup: Cleanup;
    /** Runs the Python steps (the demo's {@link PythonWorker}: one Spark session for every run). */
    readonly python: PythonExecutor;
    readonly onProgress?: (line: string) => void;
}

/** The tweets source's outcome. */
export interface TweetsResult {
    readonly layout: LayoutResult;
    readonly counts: RunCounts;
    readonly results: LakeResults;
}

/** Layout, one bookmarked local run, results. @throws Error when a run fails or does not reconcile. */
export async function runTweets(options: SourceStepOptions): Promise<TweetsResult> {
    const layout = await layOutDrops({
        lakeDir: options.lakeDir,
        dataset: "tweets",
        allDays: false,
        python: options.python,
        onProgress: options.onProgress,
    });
    const summary = (await options.python.run({
        args: ["-m", "medallion_local.runner", "--lake-dir", options.lakeDir, "--dataset", "tweets"],
        what: "local bronze_to_silver + silver_to_gold of tweets",
        logFile: path.join(options.lakeDir, LAKE_LAYOUT.logs, "spark.log"),
        onProgress: options.onProgress,
    })) as { ok: boolean; error?: string; datasets: Record<string, RunCounts> };
    const counts = summary.datasets.tweets;
    if (!summary.ok || counts === undefined || !counts.reconciled) {
        throw new Error(`local run of tweets failed: ${summary.error ?? JSON.stringify(counts)}`);
    }
    const d = SOURCE_DEMO_DEFAULTS.tweets;
    const results = await readLake({
        lakeDir: options.lakeDir,
        silverTable: "tweets",
        databases: options.databases,
        sql: topRowsSql(options.databases.gold, d.goldTable, d.orderBy, SOURCE_DEMO_DEFAULTS.topRows),
        python: options.python,
    });
    return { layout, counts, results };
}

/** One JDBC ingestion as `transactional_demo.py` reports it. */
export interface IngestionCounts {
    readonly previous_bookmark: number | null;
    readonly new_bookmark: number | null;
    readonly rows_read: number;
    readonly rows_quarantined: number;
    readonly new_rows: number;
    readonly changed_rows: number;
    readonly source_rows: number;
}

/** The transactional source's outcome, or why it was skipped. */
export type TransactionsResult =
    | { readonly skipped: string }
    | {
          readonly simulated: { invocations: number; inserted: number; updated: number; deleted: number }[];
          readonly ingestions: IngestionCounts[];
          readonly counts: RunCounts & { rows_inserted: number; duplicates_in_batch: number };
          readonly source: { rows: number; live_rows: number };
          readonly results: LakeResults;
      };

/**
 * Starts PostgreSQL, runs the transactional path, reads the lake; `{ skipped }` when no server binaries
 * are installed. The server is stopped by `options.cleanup`.
 *
 * @throws Error when the server does not start, or a run fails or does not reconcile.
 */
export async function runTransactions(options: SourceStepOptions): Promise<TransactionsResult> {
    try {
        findPostgresBinDir();
    } catch (error) {
        return { skipped: `no PostgreSQL server found (${(error as Error).message.split("\n")[0]})` };
    }
    const server = await startPostgres({ database: "transactions" });
    // Stopped at the end of the step; registered so that a failure or Ctrl-C stops it too.
    const unregister = options.cleanup.add(`PostgreSQL on ${server.host}:${server.port}`, () =>
        server.stop(),
    );
    options.onProgress?.(`PostgreSQL ${server.host}:${server.port}/${server.database} started (throwaway)`);
    try {
        return await transactionalPath(options, server);
    } finally {
        unregister();
        await server.stop();
        options.onProgress?.("PostgreSQL stopped, its files deleted");
    }
}

async function transactionalPath(
    options: SourceStepOptions,
    server: { port: number; user: string; database: string },
): Promise<TransactionsResult> {
    const d = SOURCE_DEMO_DEFAULTS.transactions;
    const run = (await options.python.run({
        args: [
            path.join(REPO_ROOT, "scripts", "demo", "transactional_demo.py"),
            "--lake-dir",
            options.lakeDir,
            "--port",
            String(server.port),
            "--user",
            server.user,
            "--database",
            server.database,
            "--first-minutes",
            String(d.firstMinutes),
            "--second-minutes",
            String(d.secondMinutes),
        ],
        what: "transactional source (simulator, JDBC ingestion x2, silver, gold)",
        logFile: path.join(options.lakeDir, LAKE_LAYOUT.logs, "spark.log"),
        onProgress: options.onProgress,
    })) as {
        ok: boolean;
        error?: string;
        simulated: { invocations: number; inserted: number; updated: number; deleted: number }[];
        ingestions: IngestionCounts[];
        silver: RunCounts & { rows_inserted: number; duplicates_in_batch: number };
        source: { rows: number; live_rows: number };
    };
    if (!run.ok || !run.silver.reconciled) {
        throw new Error(`transactional source failed: ${run.error ?? JSON.stringify(run.silver)}`);
    }
    const results = await readLake({
        lakeDir: options.lakeDir,
        silverTable: "transactions",
        databases: options.databases,
        sql: topRowsSql(options.databases.gold, d.goldTable, d.orderBy, SOURCE_DEMO_DEFAULTS.topRows),
        python: options.python,
    });
    return {
        simulated: run.simulated,
        ingestions: run.ingestions,
        counts: run.silver,
        source: run.source,
        results,
    };
}
