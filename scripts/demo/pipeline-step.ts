/**
 * Step 4 of the demo: the Glue job code on local Spark, one `python -m medallion_local.runner` per job
 * run the trigger started, on exactly that run's `--source_keys` (each `s3://<bronze>/<key>` read from
 * `<lake>/bronze/<key>`): bronze to silver (Parquet partitioned by year/month, bad rows quarantined with
 * their reason), then silver to gold. In the cloud silver_to_gold follows every bronze_to_silver run; gold
 * tables are rebuilt whole each time, so the demo builds them once, after the last run.
 *
 * @module
 */
import path from "node:path";
import type { Cleanup } from "./cleanup";
import { LAKE_LAYOUT } from "./lake-dir";
import { runPython } from "./python";
import { localBronzePath } from "./source-keys";
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
    readonly bronzeBucket: string;
    readonly runs: readonly StartedJobRun[];
    readonly cleanup: Cleanup;
    /** Called before each run with its index (0-based) and id. */
    readonly onRunStart?: (index: number, run: StartedJobRun) => void;
    readonly onProgress?: (line: string) => void;
}

/** The local runner's command line for one job run. */
export function localRunnerArgs(
    lakeDir: string,
    dataset: string,
    files: readonly string[],
    withGold: boolean,
): string[] {
    return [
        "-m",
        "medallion_local.runner",
        "--lake-dir",
        lakeDir,
        "--dataset",
        dataset,
        "--source-keys",
        ...files,
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
 * Replays every job run locally, in start order.
 *
 * @throws Error when a run fails or does not reconcile (rows in = silver + quarantined + duplicates).
 */
export async function runPipeline(options: PipelineOptions): Promise<LocalRun[]> {
    const bronzeDir = path.join(options.lakeDir, LAKE_LAYOUT.bronze);
    const results: LocalRun[] = [];
    for (const [index, run] of options.runs.entries()) {
        options.onRunStart?.(index, run);
        const files = run.sourceKeys.map((uri) => localBronzePath(uri, options.bronzeBucket, bronzeDir));
        const withGold = index === options.runs.length - 1;
        const summary = (await runPython({
            args: localRunnerArgs(options.lakeDir, options.dataset, files, withGold),
            what: `local bronze_to_silver${withGold ? " + silver_to_gold" : ""} of job run ${run.id}`,
            logFile: path.join(options.lakeDir, LAKE_LAYOUT.logs, "spark.log"),
            cleanup: options.cleanup,
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
    return results;
}
