/**
 * Step 5 of the demo: read the lake back as Athena would. `scripts/demo/inspect_lake.py` turns every table
 * of the local Data Catalog into a DuckDB view over the Parquet data files of its current Iceberg snapshot, in a
 * schema named after the stack's Glue database, lists the silver partitions (files and rows), and runs the
 * gold query, which runs unchanged in the stack's Athena workgroup.
 *
 * @module
 */
import path from "node:path";
import { LAKE_LAYOUT } from "./lake-dir";
import { INSPECT_LAKE_SCRIPT } from "./paths";
import type { PythonExecutor } from "./python";

/** Local database names of the local catalog (`medallion_glue.defaults.LOCAL_*_DATABASE`). */
export const LOCAL_DATABASES = { silver: "silver", gold: "gold" } as const;

/** One partition of a table. */
export interface PartitionLayout {
    /** Partition values by key, e.g. `{ year: "2001", month: "1" }`. */
    readonly values: Record<string, string>;
    readonly location: string;
    readonly files: number;
    readonly rows: number;
}

/** A query result. */
export interface QueryResult {
    readonly columns: string[];
    readonly rows: (string | number | boolean | null)[][];
}

/** One snapshot of an Iceberg table: id, commit time, operation and the run's `medallion.*` summary. */
export interface SnapshotEntry {
    readonly snapshot_id: string;
    readonly committed_at: string;
    readonly operation: string;
    readonly summary: Record<string, string>;
}

/** A gold table's first rows. */
export interface GoldRows extends QueryResult {
    readonly table: string;
}

/** What the lake holds at the end. */
export interface LakeResults {
    readonly silverPartitions: PartitionLayout[];
    /** The silver table's Iceberg snapshot history, oldest first. */
    readonly silverSnapshots: SnapshotEntry[];
    readonly sql: string;
    readonly top: QueryResult;
    /** The first {@link GOLD_REPORT_ROWS} rows of each gold table (the report's input). */
    readonly gold: GoldRows[];
}

/** Rows of each gold table the demo hands to the HTML report. */
export const GOLD_REPORT_ROWS = 500;

/**
 * The gold query the demo shows: the busiest origin airports and months of `flight_delays_by_origin_month`
 * (monthly departures, average delay and share delayed 15+ minutes per origin airport and state).
 *
 * @param goldDatabase - the stack's gold Glue database, e.g. `medallion_lake_dev_gold`.
 * @param limit - rows to return.
 */
export function topOriginsSql(goldDatabase: string, table: string, limit: number): string {
    return [
        "SELECT origin, origin_name, origin_state, year, month, flights, avg_delay_minutes, delayed_15_share",
        `FROM ${goldDatabase}.${table}`,
        "ORDER BY flights DESC, origin, year, month",
        `LIMIT ${limit}`,
    ].join("\n");
}

/** `year=2001/month=1`, from partition values in key order. */
export function partitionPath(values: Record<string, string>): string {
    return Object.entries(values)
        .map(([key, value]) => `${key}=${value}`)
        .join("/");
}

/** Options of {@link readLake}. */
export interface ReadLakeOptions {
    readonly lakeDir: string;
    readonly silverTable: string;
    readonly databases: { silver: string; gold: string };
    readonly sql: string;
    /** Runs `inspect_lake.py` (the demo's {@link PythonWorker}). */
    readonly python: PythonExecutor;
}

/** Reads the silver partition layout and runs `sql` over the lake. */
export async function readLake(options: ReadLakeOptions): Promise<LakeResults> {
    const qualified = `${LOCAL_DATABASES.silver}.${options.silverTable}`;
    const result = (await options.python.run({
        args: [
            INSPECT_LAKE_SCRIPT,
            "--catalog",
            path.join(options.lakeDir, LAKE_LAYOUT.catalog),
            "--database-alias",
            `${LOCAL_DATABASES.silver}=${options.databases.silver}`,
            "--database-alias",
            `${LOCAL_DATABASES.gold}=${options.databases.gold}`,
            "--partitions",
            qualified,
            "--sql",
            options.sql,
            "--gold-rows",
            String(GOLD_REPORT_ROWS),
        ],
        what: "SQL over the lake (DuckDB)",
        logFile: path.join(options.lakeDir, LAKE_LAYOUT.logs, "inspect.log"),
    })) as {
        partitions: Record<string, PartitionLayout[]>;
        snapshots: Record<string, SnapshotEntry[]>;
        query: QueryResult;
        gold: GoldRows[];
    };
    return {
        silverPartitions: result.partitions[qualified] ?? [],
        silverSnapshots: result.snapshots[qualified] ?? [],
        sql: options.sql,
        top: result.query,
        gold: result.gold,
    };
}
