/**
 * The report's input: one JSON document per demo run, written by the demo's Python runner to
 * `<lake>/report/report-data.json`, validated here with zod before anything is drawn. The shape is
 * documented in docs/bi.md ("Charts locally").
 *
 * @module
 */
import { z } from "zod";

/** A row count: an integer, 0 or more. */
const count = z.number().int().nonnegative();

/**
 * One cell of a gold table, as JSON carries it: numbers, strings (dates and timestamps as ISO 8601,
 * decimals either as numbers or as numeric strings), booleans and nulls.
 */
export type Cell = string | number | boolean | null;
const cell: z.ZodType<Cell> = z.union([z.string(), z.number(), z.boolean(), z.null()]);

const goldTable = z
    .strictObject({
        table: z.string().min(1),
        columns: z.array(z.string().min(1)).min(1),
        rows: z.array(z.array(cell)),
    })
    .superRefine((table, ctx) => {
        const seen = new Set<string>();
        table.columns.forEach((column, index) => {
            if (seen.has(column)) {
                ctx.addIssue({
                    code: "custom",
                    path: ["columns", index],
                    message: `duplicate column ${column}`,
                });
            }
            seen.add(column);
        });
        table.rows.forEach((row, index) => {
            if (row.length !== table.columns.length) {
                ctx.addIssue({
                    code: "custom",
                    path: ["rows", index],
                    message: `has ${row.length} cells but columns names ${table.columns.length}; write one cell per column, null when empty`,
                });
            }
        });
    });

/**
 * The reconciliation counts of a dataset's run (`medallion_glue`'s `RunCounts`): the four counts the
 * report balances are required; any other field (`rows_inserted`, `run_id`, ...) is kept, and the
 * numeric ones are shown as further figures.
 */
const reconciliation = z
    .object({
        rows_read: count,
        rows_written: count,
        rows_quarantined: count,
        duplicates_removed: count,
    })
    .catchall(z.unknown());

const dataset = z
    .strictObject({
        name: z.string().min(1),
        reconciliation,
        quarantine: z.record(z.string().min(1), count),
        gold: z.array(goldTable),
    })
    .superRefine((value, ctx) => {
        const seen = new Set<string>();
        value.gold.forEach((table, index) => {
            if (seen.has(table.table)) {
                ctx.addIssue({
                    code: "custom",
                    path: ["gold", index, "table"],
                    message: `duplicate gold table ${table.table} in dataset ${value.name}`,
                });
            }
            seen.add(table.table);
        });
    });

const reportData = z
    .strictObject({
        generatedAt: z.iso.datetime({ offset: true }),
        datasets: z.array(dataset).min(1),
    })
    .superRefine((value, ctx) => {
        const seen = new Set<string>();
        value.datasets.forEach((entry, index) => {
            if (seen.has(entry.name)) {
                ctx.addIssue({
                    code: "custom",
                    path: ["datasets", index, "name"],
                    message: `duplicate dataset ${entry.name}`,
                });
            }
            seen.add(entry.name);
        });
    });

/**
 * The report's input document.
 *
 * ```json
 * {
 *   "generatedAt": "2026-12-03T16:28:30Z",
 *   "datasets": [{
 *     "name": "flights",
 *     "reconciliation": { "rows_read": 32910, "rows_written": 32904, "rows_quarantined": 5, "duplicates_removed": 1 },
 *     "quarantine": { "failed_filter": 1, "malformed_record": 1 },
 *     "gold": [{ "table": "route_summary", "columns": ["origin", "flights"], "rows": [["LAS", 95]] }]
 *   }]
 * }
 * ```
 *
 * - `generatedAt`: ISO 8601 date-time with `Z` or an offset: when the run's data was read.
 * - `datasets`: at least one, names unique. Per dataset:
 *   - `reconciliation`: `rows_read`, `rows_written`, `rows_quarantined`, `duplicates_removed` (integers
 *     >= 0; the run reconciles when `rows_read = rows_written + rows_quarantined + duplicates_removed`),
 *     plus any other fields of the run's counts.
 *   - `quarantine`: quarantined rows per reason (`malformed_record`, `failed_filter`, ...); `{}` when none.
 *   - `gold`: the gold tables (names unique in the dataset), each with its column names (unique) and
 *     rows (one cell per column; the rows the report charts, e.g. the table's top rows).
 */
export type ReportData = z.infer<typeof reportData>;
/** One dataset of {@link ReportData}. */
export type DatasetReport = ReportData["datasets"][number];
/** One gold table of a {@link DatasetReport}. */
export type GoldTable = DatasetReport["gold"][number];
/** A dataset's reconciliation counts. */
export type ReconciliationCounts = DatasetReport["reconciliation"];

/** The report data is not of the documented shape; `problems` names each bad field. */
export class ReportDataError extends Error {
    constructor(
        readonly source: string,
        readonly problems: readonly string[],
    ) {
        super(
            `${source}: not report data of the shape docs/bi.md ("Charts locally") describes:\n` +
                problems.map((problem) => `  - ${problem}`).join("\n"),
        );
        this.name = "ReportDataError";
    }
}

/** `datasets[0].gold[1].rows[3]` from a zod issue path. */
function fieldPath(path: readonly PropertyKey[]): string {
    return path.reduce<string>(
        (text, key) =>
            typeof key === "number" ? `${text}[${key}]` : text ? `${text}.${String(key)}` : String(key),
        "",
    );
}

/** One line per zod issue: the field, then what is wrong with it. */
function describeIssues(error: z.ZodError): string[] {
    return error.issues.flatMap((issue) => {
        if (issue.code === "unrecognized_keys") {
            return issue.keys.map(
                (key) => `${fieldPath([...issue.path, key])}: unknown field; remove it or fix its spelling`,
            );
        }
        return [`${fieldPath(issue.path) || "(document)"}: ${issue.message}`];
    });
}

/**
 * Validates a parsed JSON value as {@link ReportData}.
 *
 * @param value - the parsed JSON.
 * @param source - names the input in errors, e.g. the file path.
 * @throws ReportDataError listing every bad field at once (path such as `datasets[0].reconciliation.rows_read`).
 */
export function parseReportData(value: unknown, source: string): ReportData {
    const parsed = reportData.safeParse(value);
    if (!parsed.success) throw new ReportDataError(source, describeIssues(parsed.error));
    return parsed.data;
}

/**
 * Parses and validates report data from JSON text.
 *
 * @throws ReportDataError when the text is not JSON or not of the shape.
 */
export function parseReportJson(text: string, source: string): ReportData {
    let value: unknown;
    try {
        value = JSON.parse(text);
    } catch (error) {
        throw new ReportDataError(source, [`not JSON: ${(error as Error).message}`]);
    }
    return parseReportData(value, source);
}

/** Whether the counts balance: `rows_read = rows_written + rows_quarantined + duplicates_removed`. */
export function reconciles(counts: ReconciliationCounts): boolean {
    return counts.rows_read === counts.rows_written + counts.rows_quarantined + counts.duplicates_removed;
}
