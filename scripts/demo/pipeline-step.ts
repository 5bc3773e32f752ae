/**
 * Step 4 of the demo: the Glue job code on local Spark, one bookmarked `medallion_local.runner` run per
 * job run the trigger started (in the demo's Python worker, on its one Spark session), in start order, as
 * Glue runs them one at a time (`MaxConcurrentRuns` 1). Like the trigger's runs, the local run gets no object list: the job bookmark (kept under the lake
 * folder) hands it every bronze object it has not seen, so the first run reads every drop that landed
 * before it and a later run reads only what came after (here: nothing). Bronze to silver (Parquet
 * partitioned by year/month, bad rows quarantined with their reason), then silver to gold. In the cloud
 * silver_to_gold follows every bronze_to_silver run; gold tables are rebuilt whole each time, so the demo
 * builds them once, after the last run.
 *
 * @module
 */
import path from "node:path";
import { LAKE_LAYOUT } from "./lake-dir";
import type { PythonExecutor } from "./python";
import type { StartedJobRun } from "./trigger-step";

/** Reconciliation counts of one bronze_to_silver run (`medallion_glue.silver.reconciliation`, snake_case as emitted). */
export interface RunCounts {
    readonly run_id: string;
    readonly objects_read: number;
    readonly rows_read: number;
    readonly rows_written: number;
    readonly rows_quarantined: number;
    readonly duplicates_removed: number;
    readonly quarantined_by_reason: Record<string, number>;
    readonly partitions_written: string[];
    /** Stored rows of the partitions this run wrote, after the write (not the whole table). */
    readonly silver_rows_after: number;
    readonly reconciled: boolean;
    /** Rows per gold table (after the last run only). */
    readonly gold: Record<string, number>;
    readonly seconds: number;
}

/** One job run replayed locally. */
export interface LocalRun {
    /** The Glue job run id in moto. */
    readonly jobRunId: string;
    readonly counts: RunCounts;
}

/** Totals over the local runs. */
export interface Reconciliation {
    readonly objects: number;
    readonly rowsIn: number;
    readonly silver: number;
    readonly quarantined: number;
    readonly duplicatesRemoved: number;
    readonly quarantinedByReason: Record<string, number>;
    readonly gold: Record<string, number>;
}

/** Options of {@link runPipeline}. */
export interface PipelineOptions {
    readonly lakeDir: string;
    readonly dataset: string;
    /** The trigger's runs, in start order. */
    readonly runs: readonly StartedJobRun[];
    /** How many drops landed in bronze: the runs together must read exactly these. */
    readonly drops: number;
    /** Runs the local runner (the demo's {@link PythonWorker}: one Spark session for every run). */
    readonly python: PythonExecutor;
    /** Called before each run with its index (0-based) and id. */
    readonly onRunStart?: (index: number, run: StartedJobRun) => void;
    readonly onProgress?: (line: string) => void;
}

/** The local runner's command line for one bookmark run (no `--source-keys`: the bookmark picks the objects). */
export function localRunnerArgs(lakeDir: string, dataset: string, withGold: boolean): string[] {
    return [
        "-m",
        "medallion_local.runner",
        "--lake-dir",
        lakeDir,
        "--dataset",
        dataset,
        ...(withGold ? [] : ["--skip-gold"]),
    ];
}

/** Sums the runs' counts (gold from the last run). */
export function reconcile(runs: readonly LocalRun[]): Reconciliation {
    const byReason: Record<string, number> = {};
    for (const { counts } of runs) {
        for (const [reason, n] of Object.entries(counts.quarantined_by_reason))
            byReason[reason] = (byReason[reason] ?? 0) + n;
    }
    const sum = (pick: (c: RunCounts) => number) => runs.reduce((total, run) => total + pick(run.counts), 0);
    const last = runs[runs.length - 1]?.counts;
    return {
        objects: sum((c) => c.objects_read),
        rowsIn: sum((c) => c.rows_read),
        silver: sum((c) => c.rows_written),
        quarantined: sum((c) => c.rows_quarantined),
        duplicatesRemoved: sum((c) => c.duplicates_removed),
        quarantinedByReason: byReason,
        gold: { ...(last?.gold ?? {}) },
    };
}

/**
 * Replays every job run locally, in start order, each a bookmark run.
 *
 * @throws Error when a run fails or does not reconcile (rows in = silver + quarantined + duplicates), or
 *   when the runs together did not read exactly the drops (the bookmark lost or re-read objects).
 */
export async function runPipeline(options: PipelineOptions): Promise<LocalRun[]> {
    const results: LocalRun[] = [];
    for (const [index, run] of options.runs.entries()) {
        options.onRunStart?.(index, run);
        const withGold = index === options.runs.length - 1;
        const summary = (await options.python.run({
            args: localRunnerArgs(options.lakeDir, options.dataset, withGold),
            what: `local bronze_to_silver${withGold ? " + silver_to_gold" : ""} of job run ${run.id}`,
            logFile: path.join(options.lakeDir, LAKE_LAYOUT.logs, "spark.log"),
            onProgress: options.onProgress,
        })) as { ok: boolean; error?: string; datasets: Record<string, RunCounts> };
        const counts = summary.datasets[options.dataset];
        if (!summary.ok || counts === undefined) {
            throw new Error(
                `local run of job run ${run.id} failed: ${summary.error ?? "no summary for the dataset"}`,
            );
        }
        if (!counts.reconciled) {
            throw new Error(`local run of job run ${run.id} did not reconcile: ${JSON.stringify(counts)}`);
        }
        results.push({ jobRunId: run.id, counts });
    }
    const read = results.reduce((total, run) => total + run.counts.objects_read, 0);
    if (read !== options.drops) {
        throw new Error(
            `the bookmark runs read ${read} bronze objects in all, not the ${options.drops} drops: ${results.map((r) => `${r.jobRunId} read ${r.counts.objects_read}`).join(", ")}`,
        );
    }
    return results;
}
