/**
 * Command line of `npm run demo` (parsed with `node:util` parseArgs) and its defaults, defined once in
 * {@link DEMO_DEFAULTS}.
 *
 * ```
 * npm run demo [-- [--from-date YYYY-MM-DD] [--days N] | --full] [--max-rows-per-day N] [--batch-size N]
 *              [--lake-dir DIR] [--keep-servers] [--stack dev] [--only flights|tweets|transactions]
 * ```
 *
 * @module
 */
import path from "node:path";
import { parseArgs } from "node:util";
import { DEMO_SOURCES, type DemoSource } from "./sources-step";

/** Defaults of the demo. The number of flight days defaults to the layout's own `DEFAULT_FLIGHT_DAYS` (7). */
export const DEMO_DEFAULTS = {
    /** Local lake directory, relative to the working directory; wiped at the start of each run. */
    lakeDir: ".lake/demo",
    /** Stop moto when the demo ends. */
    keepServers: false,
    /** Lay out a slice of the data (`--days`) rather than all 3,000,000 flights. */
    full: false,
    /**
     * First flight day laid out (`YYYY-MM-DD`; the data covers 2001-01-01 to 2001-07-01). 2001-01-29, so
     * the default 7 days (January 29 to February 4, about 115,000 flights) cross a month boundary and
     * silver shows its `year`/`month` layout with two partitions.
     */
    fromDate: "2001-01-29",
    /** Stack whose offline plan gives the resource names (`Pulumi.<stack>.yaml`). */
    stack: "dev",
    /** Dataset the demo runs (its spec is `datasets/flights.yaml`). */
    dataset: "flights",
    /** Gold table the demo queries with SQL at the end. */
    goldTable: "flight_delays_by_origin_month",
    /** Rows of the gold query shown. */
    topRows: 10,
    /** Where the offline plan writes its diagram and listing, relative to the repository. */
    planOutDir: "out",
} as const;

/** The demo's settings after parsing. */
export interface DemoOptions {
    /** First flight day (`YYYY-MM-DD`); `undefined` with `full` (every day). */
    readonly fromDate?: string;
    /** Consecutive flight days to lay out from `fromDate`; `undefined`: the layout's default (7 days). */
    readonly days?: number;
    /** Every day of the data (all 3M flights); excludes `days` and `fromDate`. */
    readonly full: boolean;
    /** Keep only the first N flights of each day (small runs, the end-to-end test). */
    readonly maxRowsPerDay?: number;
    /** Messages per trigger invocation; `undefined`: the stack's event source mapping `BatchSize`. */
    readonly batchSize?: number;
    /** Absolute path of the local lake directory. */
    readonly lakeDir: string;
    /** Leave moto running after the demo until Ctrl-C. */
    readonly keepServers: boolean;
    /** Stack whose names the demo uses. */
    readonly stack: string;
    /** The one source to run (`--only`); absent: all three ({@link demoSources}). */
    readonly only?: DemoSource;
}

/** The sources a run covers, in {@link DEMO_SOURCES} order: the one `--only` names, or all three. */
export function demoSources(options: Pick<DemoOptions, "only">): readonly DemoSource[] {
    return options.only === undefined ? DEMO_SOURCES : [options.only];
}

/** Help text of `npm run demo -- --help`. */
export const DEMO_USAGE = `Usage: npm run demo -- [options]

Runs the medallion lake locally, its three sources raw to gold: flights files (offline plan, bronze
drops, trigger Lambda against a local moto server, local Spark, SQL over gold), tweets as Firehose
delivers them, and a PostgreSQL table the simulator writes to, ingested twice over JDBC.

Options:
  --from-date DAY       first flight day, YYYY-MM-DD (default: ${DEMO_DEFAULTS.fromDate}; data: 2001-01-01
                        to 2001-07-01)
  --days N              flight days to lay out from --from-date (default: 7, about 115,000 flights)
  --full                all 182 days, 3,000,000 flights (not with --days or --from-date)
  --max-rows-per-day N  keep only the first N flights of each day
  --batch-size N        messages per trigger Lambda invocation (default: the stack's event source
                        mapping, 100); 1 starts a job run per drop and shows refused runs retried
  --lake-dir DIR        local lake directory, wiped first (default: ${DEMO_DEFAULTS.lakeDir})
  --keep-servers        leave moto running at the end, until Ctrl-C
  --stack NAME          stack whose names to use (default: ${DEMO_DEFAULTS.stack})
  --only SOURCE         run one source: ${DEMO_SOURCES.join(", ")} (default: all three; the offline
                        plan always runs)
  -h, --help            show this help`;

/** A command-line mistake; the message names the flag and the fix. */
export class DemoUsageError extends Error {
    override readonly name = "DemoUsageError";
}

/** A `YYYY-MM-DD` calendar day, or `undefined` when the flag is absent. */
function isoDay(flag: string, value: string | undefined): string | undefined {
    if (value === undefined) return undefined;
    const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value);
    const date = match
        ? new Date(Date.UTC(Number(match[1]), Number(match[2]) - 1, Number(match[3])))
        : undefined;
    if (date === undefined || date.toISOString().slice(0, 10) !== value) {
        throw new DemoUsageError(
            `${flag}: got "${value}"; pass a day as YYYY-MM-DD, e.g. ${flag} ${DEMO_DEFAULTS.fromDate}`,
        );
    }
    return value;
}

/** What {@link parseDemoArgs} returns: options to run, or a request for the help text. */
export type ParsedDemoArgs = { help: true } | { help: false; options: DemoOptions };

function positiveInteger(flag: string, value: string | undefined): number | undefined {
    if (value === undefined) return undefined;
    if (!/^\d+$/.test(value) || Number(value) < 1) {
        throw new DemoUsageError(
            `${flag}: got "${value}"; pass a whole number of at least 1, e.g. ${flag} 3`,
        );
    }
    return Number(value);
}

/**
 * Parses the demo's arguments.
 *
 * @param argv - arguments after the script name.
 * @param cwd - directory a relative `--lake-dir` is resolved against.
 * @throws {@link DemoUsageError} for an unknown flag, a value that is not a positive whole number, a
 *   `--from-date` that is not a `YYYY-MM-DD` day, or `--full` together with `--days` or `--from-date`.
 */
export function parseDemoArgs(argv: readonly string[], cwd: string = process.cwd()): ParsedDemoArgs {
    let values: Record<string, string | boolean | undefined>;
    try {
        ({ values } = parseArgs({
            args: [...argv],
            strict: true,
            allowPositionals: false,
            options: {
                "from-date": { type: "string" },
                days: { type: "string" },
                full: { type: "boolean", default: DEMO_DEFAULTS.full },
                "max-rows-per-day": { type: "string" },
                "batch-size": { type: "string" },
                "lake-dir": { type: "string", default: DEMO_DEFAULTS.lakeDir },
                "keep-servers": { type: "boolean", default: DEMO_DEFAULTS.keepServers },
                stack: { type: "string", default: DEMO_DEFAULTS.stack },
                only: { type: "string" },
                help: { type: "boolean", short: "h", default: false },
            },
        }));
    } catch (error) {
        throw new DemoUsageError(`${(error as Error).message}\n\n${DEMO_USAGE}`);
    }
    if (values.help === true) return { help: true };
    const days = positiveInteger("--days", values.days as string | undefined);
    const full = values.full === true;
    const fromDate = isoDay("--from-date", values["from-date"] as string | undefined);
    if (full && days !== undefined) {
        throw new DemoUsageError("--full lays out every day; drop --days, or drop --full to lay out N days");
    }
    if (full && fromDate !== undefined) {
        throw new DemoUsageError(
            "--full lays out every day; drop --from-date, or drop --full to lay out days from that day",
        );
    }
    const lakeDir = String(values["lake-dir"]);
    if (lakeDir.trim() === "") {
        throw new DemoUsageError(`--lake-dir is empty; pass a directory such as ${DEMO_DEFAULTS.lakeDir}`);
    }
    const stack = String(values.stack);
    if (!/^[\w.-]+$/.test(stack)) {
        throw new DemoUsageError(`--stack: got "${stack}"; pass a stack name such as dev (Pulumi.dev.yaml)`);
    }
    const only = values.only as string | undefined;
    if (only !== undefined && !(DEMO_SOURCES as readonly string[]).includes(only)) {
        throw new DemoUsageError(
            `--only: got "${only}"; pass one of ${DEMO_SOURCES.join(", ")}, e.g. --only tweets`,
        );
    }
    return {
        help: false,
        options: {
            fromDate: full ? undefined : (fromDate ?? DEMO_DEFAULTS.fromDate),
            days,
            full,
            maxRowsPerDay: positiveInteger(
                "--max-rows-per-day",
                values["max-rows-per-day"] as string | undefined,
            ),
            batchSize: positiveInteger("--batch-size", values["batch-size"] as string | undefined),
            lakeDir: path.resolve(cwd, lakeDir),
            keepServers: values["keep-servers"] === true,
            stack,
            ...(only === undefined ? {} : { only: only as DemoSource }),
        },
    };
}
