/**
 * Defaults and validation of TableOptimizers: the options of each optimizer type, resolved against
 * {@link TABLE_OPTIMIZER_DEFAULTS}, and the tables, reporting every problem at once.
 * The ranges follow https://docs.aws.amazon.com/glue/latest/webapi/API_IcebergRetentionConfiguration.html
 * (`runRateInHours` 3-168; the orphan file deletion API takes the same run rate).
 */
import { JOB_OWNED_ZONES, type Zone } from "../../lib/lake-layout";
import { componentSubject, type Problem, problem, throwIfProblems } from "../../lib/problems";
import {
    COMPACTION_STRATEGIES,
    type CompactionOptions,
    type CompactionStrategy,
    type OptimizedTable,
    type OrphanFileDeletionOptions,
    type RetentionOptions,
    type TableOptimizersArgs,
} from "./args";

/**
 * The default of every option (docs/components.md quotes this table; a test checks it):
 * - compaction: AWS's own defaults, written out: `binpack`, compact a partition once it holds 100 data files,
 *   a file with one delete is eligible. The jobs write one file per partition per commit (hash distribution,
 *   copy-on-write), so a partition reaches 100 files only after about 100 appends to it.
 * - retention: a week of snapshots (AWS: 5 days) for time travel, rollback and the gold job's incremental
 *   read, which falls back to a full rebuild once the silver snapshot it last read has expired; at least 5
 *   snapshots (AWS: 1); and the files of expired snapshots deleted (AWS: kept), since copy-on-write leaves the
 *   replaced month files behind on every run. Every 24 hours, as AWS.
 * - orphan file deletion: files unreferenced for 3 days (AWS's default, well above the longest job run), every
 *   24 hours.
 */
export const TABLE_OPTIMIZER_DEFAULTS = {
    compaction: { enabled: true, strategy: "binpack", minInputFiles: 100, deleteFileThreshold: 1 },
    retention: {
        enabled: true,
        snapshotRetentionPeriodInDays: 7,
        numberOfSnapshotsToRetain: 5,
        cleanExpiredFiles: true,
        runRateInHours: 24,
    },
    orphanFileDeletion: { enabled: true, orphanFileRetentionPeriodInDays: 3, runRateInHours: 24 },
    lakeFormationAccess: false,
} as const;

/** The bounds AWS puts on the numeric options (hours and days are whole numbers). */
export const TABLE_OPTIMIZER_LIMITS = {
    runRateInHours: { min: 3, max: 168 },
    days: { min: 1 },
    count: { min: 1 },
} as const;

/** The optimizer types, as the Glue API names them (`TableOptimizerType`). */
export const TABLE_OPTIMIZER_TYPES = ["compaction", "retention", "orphan_file_deletion"] as const;
/** One optimizer type; see {@link TABLE_OPTIMIZER_TYPES}. */
export type TableOptimizerType = (typeof TABLE_OPTIMIZER_TYPES)[number];

/** Every option resolved. */
export interface TableOptimizerSettings {
    compaction: Required<CompactionOptions> & { strategy: CompactionStrategy };
    retention: Required<RetentionOptions>;
    orphanFileDeletion: Required<OrphanFileDeletionOptions>;
    lakeFormationAccess: boolean;
    /** The enabled types, in {@link TABLE_OPTIMIZER_TYPES} order. */
    types: TableOptimizerType[];
    /** The tables with their prefixes. */
    tables: Required<OptimizedTable>[];
}

const GLUE_NAME = /^[a-z0-9_]{1,255}$/;

function wholeAtLeast(option: string, value: number, min: number, unit: string): Problem[] {
    return Number.isInteger(value) && value >= min
        ? []
        : [problem(option, value, `use a whole number of ${unit}, at least ${min}`)];
}

function runRate(option: string, value: number): Problem[] {
    const { min, max } = TABLE_OPTIMIZER_LIMITS.runRateInHours;
    return Number.isInteger(value) && value >= min && value <= max
        ? []
        : [
              problem(
                  option,
                  value,
                  `use a whole number of hours from ${min} to ${max} (7 days), as Glue allows`,
              ),
          ];
}

/**
 * Every problem of the three options objects, each naming its option (`retention.runRateInHours`) and the
 * fix; the stack config reports the same problems for `medallion-lake:iceberg.tableOptimizers`.
 */
export function optimizerOptionProblems(options: {
    compaction?: CompactionOptions;
    retention?: RetentionOptions;
    orphanFileDeletion?: OrphanFileDeletionOptions;
}): Problem[] {
    const c = options.compaction ?? {};
    const r = options.retention ?? {};
    const o = options.orphanFileDeletion ?? {};
    const { count, days } = TABLE_OPTIMIZER_LIMITS;
    const problems: Problem[] = [];
    if (c.strategy !== undefined && !COMPACTION_STRATEGIES.includes(c.strategy)) {
        problems.push(problem("compaction.strategy", c.strategy, `use ${COMPACTION_STRATEGIES.join(", ")}`));
    }
    if (c.minInputFiles !== undefined)
        problems.push(...wholeAtLeast("compaction.minInputFiles", c.minInputFiles, count.min, "files"));
    if (c.deleteFileThreshold !== undefined)
        problems.push(
            ...wholeAtLeast("compaction.deleteFileThreshold", c.deleteFileThreshold, count.min, "deletes"),
        );
    if (r.snapshotRetentionPeriodInDays !== undefined)
        problems.push(
            ...wholeAtLeast(
                "retention.snapshotRetentionPeriodInDays",
                r.snapshotRetentionPeriodInDays,
                days.min,
                "days",
            ),
        );
    if (r.numberOfSnapshotsToRetain !== undefined)
        problems.push(
            ...wholeAtLeast(
                "retention.numberOfSnapshotsToRetain",
                r.numberOfSnapshotsToRetain,
                count.min,
                "snapshots",
            ),
        );
    if (r.runRateInHours !== undefined)
        problems.push(...runRate("retention.runRateInHours", r.runRateInHours));
    if (o.orphanFileRetentionPeriodInDays !== undefined)
        problems.push(
            ...wholeAtLeast(
                "orphanFileDeletion.orphanFileRetentionPeriodInDays",
                o.orphanFileRetentionPeriodInDays,
                days.min,
                "days",
            ),
        );
    if (o.runRateInHours !== undefined)
        problems.push(...runRate("orphanFileDeletion.runRateInHours", o.runRateInHours));
    const d = TABLE_OPTIMIZER_DEFAULTS;
    const anyEnabled =
        (c.enabled ?? d.compaction.enabled) ||
        (r.enabled ?? d.retention.enabled) ||
        (o.enabled ?? d.orphanFileDeletion.enabled);
    if (!anyEnabled) {
        problems.push(
            problem(
                "enabled",
                false,
                "compaction, retention and orphanFileDeletion are all disabled; enable one, or do not create the optimizers",
            ),
        );
    }
    return problems;
}

function tableProblems(tables: readonly OptimizedTable[]): Problem[] {
    const problems: Problem[] = [];
    if (tables.length === 0) {
        problems.push(problem("tables", [], "list at least one silver or gold Iceberg table"));
    }
    const jobOwned: readonly Zone[] = JOB_OWNED_ZONES;
    const seen = new Set<string>();
    tables.forEach((t, i) => {
        const at = `tables[${i}]`;
        if (!jobOwned.includes(t.zone)) {
            problems.push(
                problem(
                    `${at}.zone`,
                    t.zone,
                    `use ${JOB_OWNED_ZONES.join(" or ")}: the optimizers work on Iceberg tables, and only the jobs' silver and gold tables are Iceberg`,
                ),
            );
        }
        if (!GLUE_NAME.test(t.table)) {
            problems.push(
                problem(
                    `${at}.table`,
                    t.table,
                    "Glue table names are lowercase letters, digits and underscores",
                ),
            );
        }
        if (t.prefix !== undefined && !/^[^/].*\/$/.test(t.prefix)) {
            problems.push(
                problem(`${at}.prefix`, t.prefix, 'use a key prefix ending in "/", such as "flights/"'),
            );
        }
        const id = `${t.zone}.${t.table}`;
        if (seen.has(id)) problems.push(problem(at, id, "the table is listed twice; list it once"));
        seen.add(id);
    });
    return problems;
}

/**
 * Resolves every option of `args` against {@link TABLE_OPTIMIZER_DEFAULTS}.
 * @throws ProblemsError (subject `TableOptimizers <name>`) listing every problem of the options and tables:
 *   a value out of AWS's range, an unknown strategy, every type disabled, no table, a bronze table, a bad
 *   table name or prefix, a table listed twice.
 */
export function resolveTableOptimizerSettings(
    name: string,
    args: TableOptimizersArgs,
): TableOptimizerSettings {
    throwIfProblems(componentSubject("TableOptimizers", name), [
        ...optimizerOptionProblems(args),
        ...tableProblems(args.tables),
    ]);
    const d = TABLE_OPTIMIZER_DEFAULTS;
    const settings: Omit<TableOptimizerSettings, "types"> = {
        compaction: { ...d.compaction, ...defined(args.compaction) },
        retention: { ...d.retention, ...defined(args.retention) },
        orphanFileDeletion: { ...d.orphanFileDeletion, ...defined(args.orphanFileDeletion) },
        lakeFormationAccess: args.lakeFormationAccess ?? d.lakeFormationAccess,
        tables: args.tables.map((t) => ({ ...t, prefix: t.prefix ?? `${t.table}/` })),
    };
    const enabled: Record<TableOptimizerType, boolean> = {
        compaction: settings.compaction.enabled,
        retention: settings.retention.enabled,
        orphan_file_deletion: settings.orphanFileDeletion.enabled,
    };
    return { ...settings, types: TABLE_OPTIMIZER_TYPES.filter((type) => enabled[type]) };
}

/** `value` without its undefined entries, so they do not override a default. */
function defined<T extends object>(value: T | undefined): Partial<T> {
    return Object.fromEntries(Object.entries(value ?? {}).filter(([, v]) => v !== undefined)) as Partial<T>;
}
