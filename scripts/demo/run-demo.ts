/**
 * The demo, step by step: offline plan; flights (bronze drops, trigger against moto, local Spark,
 * results); tweets as Firehose delivers them; the PostgreSQL source (sources-step.ts). `--only` runs the
 * plan and one source. Prints progress through a {@link DemoReporter} and writes a machine-readable summary
 * to `<lake>/demo-summary.json` (what the end-to-end tests read).
 *
 * @module
 */
import { mkdirSync, writeFileSync } from "node:fs";
import path from "node:path";
import { QUARANTINE_PREFIX } from "../../components/data-lake/data-lake";
import { startMotoServer } from "../local-cloud/moto-server";
import type { Cleanup, StartedProcess } from "./cleanup";
import { LAKE_LAYOUT, prepareLakeDir } from "./lake-dir";
import { type LayoutResult, layOutDrops } from "./layout-step";
import { DEMO_DEFAULTS, type DemoOptions, demoSources } from "./options";
import { REPO_ROOT } from "./paths";
import { type LocalRun, type Reconciliation, type RunCounts, reconcile, runPipeline } from "./pipeline-step";
import { type PlanSummary, planStack } from "./plan-step";
import { type PythonExecutor, PythonWorker } from "./python";
import { buildDemoReport, REPORT_FILES } from "./report-step";
import { DemoReporter, formatDuration, plural } from "./reporter";
import { type LakeResults, partitionPath, readLake, topOriginsSql } from "./results-step";
import {
    POSTGRES_MISSING_HINT,
    runTransactions,
    runTweets,
    SOURCE_DEMO_DEFAULTS,
    type TransactionsResult,
    type TweetsResult,
} from "./sources-step";
import type { Traced } from "./stack-targets";
import { runTrigger, type TriggerResult } from "./trigger-step";

/** Steps of the flights source (drops, trigger, local Spark, results), after the offline plan. */
export const FLIGHTS_STEPS = 4;

/** Number of steps a run prints: the plan, 4 for flights, 1 each for tweets and transactions. */
export function demoSteps(options: Pick<DemoOptions, "only">): number {
    const sources = demoSources(options);
    return (
        1 + (sources.includes("flights") ? FLIGHTS_STEPS : 0) + sources.filter((s) => s !== "flights").length
    );
}

/** Fate of an injected row that is a re-delivered copy (the layout manifest's `duplicate`). */
const DUPLICATE_FATE = "duplicate";

/** What the flights source did. */
export interface FlightsSummary {
    readonly layout: LayoutResult;
    readonly motoEndpoint: string;
    readonly trigger: TriggerResult;
    readonly localRuns: LocalRun[];
    readonly reconciliation: Reconciliation;
    readonly results: LakeResults;
}

/** Everything a default run (all three sources) did, as written to `<lake>/demo-summary.json`. */
export interface DemoSummary extends FlightsSummary {
    readonly options: DemoOptions;
    readonly plan: Omit<PlanSummary, "targets">;
    readonly targets: PlanSummary["targets"];
    /** The tweets source (absent with `--only` another source). */
    readonly tweets?: TweetsResult;
    /** The transactional source, or why it was skipped (absent with `--only` another source). */
    readonly transactions?: TransactionsResult;
    /** Processes the demo started (Python runs in their own process group, `pid` = group id). */
    readonly processes: StartedProcess[];
    /** Wall time of the whole run, in milliseconds. */
    readonly totalMs: number;
}

/** What any run did: the flights part is absent when `--only` names another source. */
export type DemoRunSummary = Omit<DemoSummary, keyof FlightsSummary> & Partial<FlightsSummary>;

/** What {@link runDemo} needs besides the options. */
export interface DemoDependencies {
    /** Stops moto and Python processes; the caller runs it when the demo ends. */
    readonly cleanup: Cleanup;
    /** @defaultValue a reporter writing to stdout */
    readonly reporter?: DemoReporter;
}

/** A path relative to the working directory when it is inside it (shorter output), else absolute. */
function shown(file: string): string {
    const relative = path.relative(process.cwd(), file);
    return relative.startsWith("..") ? file : relative;
}

function origin<T>(traced: Traced<T>): string {
    return `${traced.origin}: ${traced.how}`;
}

function reportPlan(reporter: DemoReporter, plan: PlanSummary): void {
    reporter.table(
        ["component", "resources"],
        plan.components.map((c) => [c.component, c.resources]),
    );
    reporter.detail(
        `${plan.totalResources} resources in all (Pulumi mock engine: no AWS call, no Pulumi CLI)`,
    );
    reporter.detail(
        `diagram (Mermaid): ${shown(plan.diagramFile)}; every resource with its inputs: ${shown(plan.listingFile)}`,
    );
    const t = plan.targets;
    reporter.detail("names and settings the next steps use, as a deployment of this stack would:");
    reporter.table(
        ["what", "value", "from"],
        [
            ["bronze bucket", t.route.value.bucket, origin(t.route)],
            ["bronze_to_silver job", t.route.value.jobName, origin(t.route)],
            ["job MaxConcurrentRuns", t.maxConcurrentRuns.value, origin(t.maxConcurrentRuns)],
            ["trigger queue", t.queues.value.queue, origin(t.queues)],
            ["dead-letter queue", t.queues.value.deadLetterQueue, origin(t.queues)],
            ["maxReceiveCount", t.maxReceiveCount.value, origin(t.maxReceiveCount)],
            ["batch size", t.eventSource.value.batchSize, origin(t.eventSource)],
            ["concurrent batches", t.eventSource.value.maximumConcurrency, origin(t.eventSource)],
            [
                "silver / gold databases",
                `${t.databases.value.silver} / ${t.databases.value.gold}`,
                origin(t.databases),
            ],
        ],
    );
}

function reportLayout(reporter: DemoReporter, lakeDir: string, layout: LayoutResult): void {
    const injected = Object.entries(layout.injected)
        .map(([fate, n]) => `${n} ${fate}`)
        .join(", ");
    const total = Object.values(layout.injected).reduce((a, b) => a + b, 0);
    reporter.detail(
        `${plural(layout.drops.length, "drop")}, ${plural(layout.rows, "row")}, of which ${total} injected bad (${injected || "none"})`,
    );
    const first = layout.drops[0];
    const last = layout.drops[layout.drops.length - 1];
    if (first && last) {
        reporter.detail(`${shown(first.file)}${layout.drops.length > 1 ? `\n... ${shown(last.file)}` : ""}`);
    }
    reporter.detail(`expected fate of each injected row: ${shown(path.join(lakeDir, LAKE_LAYOUT.manifest))}`);
}

/** Characters of a job run id shown in the table (the summary JSON and the logs have the whole id). */
const RUN_ID_SHOWN = 16;

function reportTrigger(reporter: DemoReporter, trigger: TriggerResult, bucket: string): void {
    const refused = Object.entries(trigger.refusals)
        .map(([error, n]) => `${n} x ${error}`)
        .join(", ");
    reporter.detail(
        `sent ${plural(trigger.messagesSent, "S3 ObjectCreated:Put notification")}; the handler was invoked ` +
            `${plural(trigger.invocations, "time")} with ${plural(trigger.deliveries, "message")}; ` +
            `refused and redelivered: ${refused || "none"}`,
    );
    reporter.detail(
        `${plural(trigger.runs.length, "Glue bookmark run")}, started with no object list (each drop owned by exactly one run; dead-letter queue empty):`,
    );
    const key = (uri: string | undefined) => (uri ?? "").replace(`s3://${bucket}/`, "");
    reporter.table(
        ["job run", "state", "drops it owns", `first (in s3://${bucket}/)`, "last"],
        trigger.runs.map((run) => [
            run.id.length > RUN_ID_SHOWN ? `${run.id.slice(0, RUN_ID_SHOWN)}...` : run.id,
            run.state,
            run.ownedObjects.length,
            key(run.ownedObjects[0]),
            run.ownedObjects.length > 1 ? key(run.ownedObjects[run.ownedObjects.length - 1]) : "",
        ]),
    );
    reporter.detail(`handler log (JSON lines, as in CloudWatch Logs): ${shown(trigger.logFile)}`);
}

/** One dataset's figures for the report (shape in scripts/report/data.ts). */
interface ReportDataset {
    readonly name: string;
    readonly reconciliation: {
        rows_read: number;
        rows_written: number;
        rows_quarantined: number;
        duplicates_removed: number;
        objects_read: number;
    };
    readonly quarantine: Record<string, number>;
    readonly gold: LakeResults["gold"];
}

/** A dataset's report entry from one local run's counts (tweets, transactions), with its own gold table. */
function reportDataset(
    name: string,
    goldTable: string,
    counts: RunCounts,
    results: LakeResults,
): ReportDataset {
    return {
        name,
        reconciliation: {
            rows_read: counts.rows_read,
            rows_written: counts.rows_written,
            rows_quarantined: counts.rows_quarantined,
            duplicates_removed: counts.duplicates_removed,
            objects_read: counts.objects_read,
        },
        quarantine: counts.quarantined_by_reason,
        gold: results.gold.filter((g) => g.table === goldTable || g.table.endsWith(`.${goldTable}`)),
    };
}

/** Writes the report's input (`REPORT_FILES.data`, shape in scripts/report/data.ts) from the run's figures. */
function writeReportData(lakeDir: string, datasets: readonly ReportDataset[]): void {
    const file = path.join(lakeDir, REPORT_FILES.data);
    mkdirSync(path.dirname(file), { recursive: true });
    const data = { generatedAt: new Date().toISOString(), datasets };
    writeFileSync(file, `${JSON.stringify(data, null, 2)}\n`);
}

/** Reconciliation, quarantine, silver partitions and top gold rows of one local run (tweets, transactions). */
function reportSource(reporter: DemoReporter, table: string, counts: RunCounts, results: LakeResults): void {
    reporter.detail("Reconciliation (rows in = silver + quarantined + duplicates removed):");
    reporter.table(
        ["objects", "rows in", "silver", "quarantined", "duplicates removed"],
        [
            [
                counts.objects_read,
                counts.rows_read,
                counts.rows_written,
                counts.rows_quarantined,
                counts.duplicates_removed,
            ],
        ],
    );
    const reasons = Object.entries(counts.quarantined_by_reason).sort(([a], [b]) => a.localeCompare(b));
    if (reasons.length > 0) {
        reporter.detail(
            `quarantined by reason: ${reasons.map(([reason, n]) => `${reason} ${n}`).join(", ")}`,
        );
    }
    reporter.detail("");
    reporter.detail(`Silver partition layout (${table}, Iceberg, current snapshot):`);
    for (const partition of results.silverPartitions) {
        reporter.detail(
            `  ${partitionPath(partition.values)}/  ${plural(partition.files, "file")}, ${plural(partition.rows, "row")}`,
        );
    }
    reporter.detail("");
    reporter.detail("Top gold rows, by SQL over the current Iceberg data files (DuckDB, as Athena would):");
    for (const line of results.sql.split("\n")) reporter.detail(`  ${line}`);
    reporter.detail("");
    reporter.table(results.top.columns, results.top.rows, { groupThousands: false });
}

function reportTransactions(reporter: DemoReporter, silverTable: string, result: TransactionsResult): void {
    if ("skipped" in result) return;
    const [first, second] = result.simulated;
    reporter.detail(
        "Simulator (lambdas/simulator, one invocation per simulated 2 minutes) and JDBC ingestion:",
    );
    reporter.table(
        [
            "run",
            "invocations",
            "inserted",
            "updated",
            "soft-deleted",
            "ingestion: change_seq",
            "rows read",
            "new",
            "changed",
            "table rows",
        ],
        result.ingestions.map((ingestion, i) => {
            const sim = [first, second][i];
            return [
                i + 1,
                sim?.invocations ?? 0,
                sim?.inserted ?? 0,
                sim?.updated ?? 0,
                sim?.deleted ?? 0,
                `${ingestion.previous_bookmark ?? "-"} -> ${ingestion.new_bookmark ?? "-"}`,
                ingestion.rows_read,
                ingestion.new_rows,
                ingestion.changed_rows,
                ingestion.source_rows,
            ];
        }),
        { groupThousands: false },
    );
    const second_ = result.ingestions[1];
    if (second_ !== undefined) {
        reporter.detail(
            `the second ingestion read ${plural(second_.rows_read, "row")} of ${second_.source_rows}: only the ${second_.new_rows} new and the ${second_.changed_rows} changed since its bookmark`,
        );
    }
    reporter.detail(
        `silver keeps the latest version of each id (order_by updated_at): ${result.counts.duplicates_in_batch} older versions collapsed; ` +
            `${result.source.rows - result.source.live_rows} soft-deleted rows kept with deleted = true, left out of gold`,
    );
    reporter.detail("");
    reportSource(reporter, silverTable, result.counts, result.results);
}

function reportResults(
    reporter: DemoReporter,
    summary: Omit<DemoSummary, "results" | "processes" | "totalMs">,
    results: LakeResults,
): void {
    const r = summary.reconciliation;
    reporter.detail("Reconciliation (rows in = silver + quarantined + duplicates removed):");
    reporter.table(
        ["objects", "rows in", "silver", "quarantined", "duplicates removed"],
        [[r.objects, r.rowsIn, r.silver, r.quarantined, r.duplicatesRemoved]],
    );
    const expected = summary.layout.injected;
    const reasons = [...new Set([...Object.keys(r.quarantinedByReason), ...Object.keys(expected)])]
        .filter((reason) => reason !== DUPLICATE_FATE)
        .sort();
    reporter.detail("");
    reporter.detail(
        `Quarantined rows by reason (${QUARANTINE_PREFIX} of the silver bucket in the cloud, ${shown(path.join(summary.options.lakeDir, "quarantine"))} here):`,
    );
    reporter.table(
        ["reason", "rows", "injected by the layout"],
        [
            ...reasons.map((reason) => [reason, r.quarantinedByReason[reason] ?? 0, expected[reason] ?? 0]),
            ["(duplicate, removed)", r.duplicatesRemoved, expected[DUPLICATE_FATE] ?? 0],
        ],
    );
    reporter.detail("");
    reporter.detail(
        `Silver partition layout (${summary.targets.databases.value.silver}.${summary.targets.spec.silver.table}, Iceberg, current snapshot):`,
    );
    for (const partition of results.silverPartitions) {
        reporter.detail(
            `  ${partitionPath(partition.values)}/  ${plural(partition.files, "file")}, ${plural(partition.rows, "row")}`,
        );
    }
    const silverRows = results.silverPartitions.reduce((sum, p) => sum + p.rows, 0);
    reporter.detail(
        `  ${plural(silverRows, "row")} in ${plural(results.silverPartitions.length, "partition")} (the catalog's registered partitions)`,
    );
    reporter.detail("");
    reporter.detail(
        `Silver snapshot history (SELECT * FROM "${summary.targets.spec.silver.table}$snapshots" in Athena):`,
    );
    reporter.table(
        [
            "committed at",
            "operation",
            "run id",
            "objects",
            "bytes",
            "rows read",
            "written",
            "quarantined",
            "months",
        ],
        results.silverSnapshots.map((s) => [
            s.committed_at,
            s.operation,
            s.summary["medallion.run-id"] ?? "",
            s.summary["medallion.source-objects"] ?? "",
            s.summary["medallion.source-bytes"] ?? "",
            s.summary["medallion.rows-read"] ?? "",
            s.summary["medallion.rows-written"] ?? "",
            s.summary["medallion.rows-quarantined"] ?? "",
            s.summary["medallion.partitions"] ?? "",
        ]),
    );
    reporter.detail("");
    reporter.detail(
        "Gold, by SQL over the current Iceberg data files through the catalog, as Athena would (DuckDB):",
    );
    for (const line of results.sql.split("\n")) reporter.detail(`  ${line}`);
    reporter.detail("");
    reporter.table(results.top.columns, results.top.rows, { groupThousands: false });
}

/**
 * Runs the whole demo. The caller owns `deps.cleanup` and runs it at the end (or keeps the servers).
 *
 * @throws Error from the first step that fails (the step's header shows `failed after ...`).
 */
export async function runDemo(options: DemoOptions, deps: DemoDependencies): Promise<DemoRunSummary> {
    const reporter = deps.reporter ?? new DemoReporter(demoSteps(options));
    const sources = demoSources(options);
    const { cleanup } = deps;
    reporter.say(
        `medallion-lake demo: the ${options.stack} stack's lake on this machine (no AWS account, Docker or Pulumi CLI); sources: ${sources.join(", ")}`,
    );
    reporter.say(`lake directory: ${shown(options.lakeDir)} (wiped first)`);
    prepareLakeDir(options.lakeDir, REPO_ROOT);
    // One Python process for every Python step; its Spark session starts now, while the plan runs.
    const python = PythonWorker.start({
        lakeDir: options.lakeDir,
        logFile: path.join(options.lakeDir, LAKE_LAYOUT.logs, "spark.log"),
        cleanup,
    });
    try {
        return await runSteps(options, reporter, cleanup, python);
    } finally {
        await python.stop();
    }
}

/** The steps of {@link runDemo}, after the lake folder is made and the Python worker started. */
async function runSteps(
    options: DemoOptions,
    reporter: DemoReporter,
    cleanup: Cleanup,
    python: PythonExecutor,
): Promise<DemoRunSummary> {
    const sources = demoSources(options);
    const dataset = DEMO_DEFAULTS.dataset;
    const say = (line: string) => reporter.detail(`  ${line}`);
    const plan = await reporter.step(`Offline plan of the ${options.stack} stack`, async () => {
        const summary = await planStack(options.stack, DEMO_DEFAULTS.planOutDir, dataset);
        reportPlan(reporter, summary);
        return summary;
    });
    const { targets } = plan;

    const databases = targets.databases.value;
    const reportData: ReportDataset[] = [];
    let flights: FlightsSummary | undefined;
    if (sources.includes("flights")) {
        flights = await runFlights(options, reporter, cleanup, python, plan);
        const r = flights.reconciliation;
        reportData.push({
            name: dataset,
            reconciliation: {
                rows_read: r.rowsIn,
                rows_written: r.silver,
                rows_quarantined: r.quarantined,
                duplicates_removed: r.duplicatesRemoved,
                objects_read: r.objects,
            },
            quarantine: r.quarantinedByReason,
            gold: flights.results.gold,
        });
    }
    let tweets: TweetsResult | undefined;
    if (sources.includes("tweets")) {
        tweets = await reporter.step(
            "Tweets as Firehose delivers them (concatenated JSON, GZIP, tweets/YYYY/MM/DD/HH/ keys) -> silver -> gold",
            async () => {
                const result = await runTweets({
                    lakeDir: options.lakeDir,
                    databases,
                    cleanup,
                    python,
                    onProgress: say,
                });
                reporter.detail(
                    `${plural(result.layout.drops.length, "Firehose object")}, ${plural(result.layout.rows, "event")} (${Object.values(result.layout.injected).reduce((a, b) => a + b, 0)} injected bad), e.g. ${result.layout.drops[0]?.key ?? ""}`,
                );
                reporter.detail("");
                reportSource(reporter, `${databases.silver}.tweets`, result.counts, result.results);
                return result;
            },
        );
        reportData.push(
            reportDataset("tweets", SOURCE_DEMO_DEFAULTS.tweets.goldTable, tweets.counts, tweets.results),
        );
    }
    let transactions: TransactionsResult | undefined;
    if (sources.includes("transactions")) {
        transactions = await reporter.step(
            "PostgreSQL: simulator -> JDBC ingestion twice (bookmark on change_seq) -> silver -> gold",
            async () => {
                const result = await runTransactions({
                    lakeDir: options.lakeDir,
                    databases,
                    cleanup,
                    python,
                    onProgress: say,
                });
                if ("skipped" in result) {
                    reporter.detail(`skipped: ${result.skipped}; ${POSTGRES_MISSING_HINT}`);
                } else {
                    reportTransactions(reporter, `${databases.silver}.transactions`, result);
                }
                return result;
            },
        );
        if (!("skipped" in transactions)) {
            reportData.push(
                reportDataset(
                    "transactions",
                    SOURCE_DEMO_DEFAULTS.transactions.goldTable,
                    transactions.counts,
                    transactions.results,
                ),
            );
        }
    }
    writeReportData(options.lakeDir, reportData);
    await buildDemoReport(options.lakeDir, (line) => reporter.detail(line));

    const summary: DemoRunSummary = {
        options,
        plan: {
            components: plan.components,
            totalResources: plan.totalResources,
            diagramFile: plan.diagramFile,
            listingFile: plan.listingFile,
        },
        targets,
        ...flights,
        ...(tweets === undefined ? {} : { tweets }),
        ...(transactions === undefined ? {} : { transactions }),
        processes: cleanup.history(),
        totalMs: reporter.elapsed(),
    };
    const summaryFile = path.join(options.lakeDir, LAKE_LAYOUT.summary);
    writeFileSync(summaryFile, `${JSON.stringify(summary, null, 2)}\n`);
    reporter.say(
        `\nDemo done in ${formatDuration(summary.totalMs)}. Summary: ${shown(summaryFile)}; logs: ${shown(path.join(options.lakeDir, LAKE_LAYOUT.logs))}`,
    );
    return summary;
}

/** The flights source: drops, trigger against moto, local Spark, results (steps 2 to 5). */
async function runFlights(
    options: DemoOptions,
    reporter: DemoReporter,
    cleanup: Cleanup,
    python: PythonExecutor,
    plan: PlanSummary,
): Promise<FlightsSummary> {
    const dataset = DEMO_DEFAULTS.dataset;
    const say = (line: string) => reporter.detail(`  ${line}`);
    const { targets } = plan;
    const scope = options.full
        ? "every day"
        : `${options.days === undefined ? "the default number of days" : `${options.days} days`} from ${options.fromDate}`;
    const layout = await reporter.step(
        `Bronze drops: ${scope} of the vega-datasets flights, one CSV per day`,
        async () => {
            const result = await layOutDrops({
                lakeDir: options.lakeDir,
                dataset,
                fromDate: options.fromDate,
                days: options.days,
                allDays: options.full,
                maxRowsPerDay: options.maxRowsPerDay,
                python,
                onProgress: say,
            });
            reportLayout(reporter, options.lakeDir, result);
            return result;
        },
    );

    const moto = await startMotoServer();
    cleanup.add(`moto server at ${moto.endpoint}`, () => moto.stop());
    const trigger = await reporter.step(
        `Trigger: S3 ObjectCreated -> SQS -> trigger Lambda -> Glue bookmark run (join or StartJobRun), against moto at ${moto.endpoint}`,
        async () => {
            reporter.detail(
                `created in moto: Glue job ${targets.route.value.jobName} (MaxConcurrentRuns ${targets.maxConcurrentRuns.value}), ` +
                    `queue ${targets.queues.value.queue} redriving to ${targets.queues.value.deadLetterQueue}`,
            );
            const batchSize = options.batchSize ?? targets.eventSource.value.batchSize;
            reporter.detail(
                `event source mapping: batch size ${batchSize}${options.batchSize === undefined ? "" : " (--batch-size)"}, ` +
                    `${targets.eventSource.value.maximumConcurrency} concurrent batches`,
            );
            const result = await runTrigger({
                moto,
                targets,
                drops: layout.drops,
                lakeDir: options.lakeDir,
                batchSize: options.batchSize,
            });
            reportTrigger(reporter, result, targets.route.value.bucket);
            return result;
        },
    );

    const localRuns = await reporter.step(
        "Glue job code on local Spark: bronze -> silver -> gold, one bookmark run per job run",
        async () => {
            const runs = await runPipeline({
                lakeDir: options.lakeDir,
                dataset,
                runs: trigger.runs,
                drops: layout.drops.length,
                python,
                onRunStart: (index, run) =>
                    reporter.detail(
                        `job run ${index + 1}/${trigger.runs.length} ${run.id}: bookmark run, owns ${plural(run.ownedObjects.length, "drop")}` +
                            (index === trigger.runs.length - 1 ? " (then silver_to_gold)" : ""),
                    ),
                onProgress: say,
            });
            reporter.detail(
                `objects read by the job bookmark, per run: ${runs.map((run) => run.counts.objects_read).join(", ")} (together the ${plural(layout.drops.length, "drop")})`,
            );
            return runs;
        },
    );
    const reconciliation = reconcile(localRuns);
    const partial = {
        options,
        plan: {
            components: plan.components,
            totalResources: plan.totalResources,
            diagramFile: plan.diagramFile,
            listingFile: plan.listingFile,
        },
        targets,
        layout,
        motoEndpoint: moto.endpoint,
        trigger,
        localRuns,
        reconciliation,
    };

    const results = await reporter.step("Results", async () => {
        const lake = await readLake({
            lakeDir: options.lakeDir,
            silverTable: targets.spec.silver.table,
            databases: targets.databases.value,
            sql: topOriginsSql(targets.databases.value.gold, DEMO_DEFAULTS.goldTable, DEMO_DEFAULTS.topRows),
            python,
        });
        reportResults(reporter, partial, lake);
        return lake;
    });
    return {
        layout,
        motoEndpoint: moto.endpoint,
        trigger,
        localRuns,
        reconciliation,
        results,
    };
}
