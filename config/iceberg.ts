/**
 * The Iceberg section of the stack config: the `medallion-lake:iceberg` key. `tableOptimizers` turns on the
 * TableOptimizers component (compaction, snapshot retention and orphan file deletion on every silver and gold
 * table) and tunes it; defaults come from `TABLE_OPTIMIZER_DEFAULTS` (components/table-optimizers), and the option rules are the
 * component's own ({@link optimizerOptionProblems}), reported under their config key.
 *
 * Off unless `enabled: true` (see {@link ICEBERG_CONFIG_DEFAULTS} for why; docs/iceberg.md).
 *
 * ```yaml
 * medallion-lake:iceberg:
 *   tableOptimizers:
 *     enabled: true          # once the jobs have created the tables (their first run)
 *     retention:
 *       snapshotRetentionPeriodInDays: 14
 *     compaction:
 *       enabled: false
 * ```
 */
import { z } from "zod";
import { COMPACTION_STRATEGIES } from "../components/table-optimizers/args";
import { optimizerOptionProblems } from "../components/table-optimizers/settings";
import { type Problem, problemDetail } from "../lib/problems";

/**
 * Whether the optimizers are created when `enabled` is absent: no, for two reasons.
 * - Glue refuses an optimizer on a table that does not exist, and the ETL jobs create the silver and gold
 *   tables on their first run, after `pulumi up`: on by default, a new stack's first `pulumi up` would fail.
 * - Each optimizer run bills DPU-hours (https://aws.amazon.com/glue/pricing/); retention and orphan file
 *   deletion run every `runRateInHours` (24 by default) on every table whether or not it
 *   changed, which a dev stack with a few small tables does not need. The jobs keep tables compact without
 *   them (one file per partition per commit, copy-on-write), so what an unoptimized stack accumulates is
 *   snapshots and the files they keep, in S3 storage.
 */
export const ICEBERG_CONFIG_DEFAULTS = { tableOptimizers: false } as const;

/** Adds each problem at the path its option names (`retention.runRateInHours` -> retention, runRateInHours). */
function report(ctx: z.RefinementCtx, problems: readonly Problem[]): void {
    for (const p of problems) {
        ctx.addIssue({ code: "custom", path: p.option.split("."), message: problemDetail(p) });
    }
}

const number = z.number();

const tableOptimizers = z
    .strictObject({
        /** Create the optimizers of every silver and gold table. */
        enabled: z.boolean().default(ICEBERG_CONFIG_DEFAULTS.tableOptimizers),
        compaction: z
            .strictObject({
                enabled: z.boolean().optional(),
                strategy: z.enum(COMPACTION_STRATEGIES).optional(),
                minInputFiles: number.optional(),
                deleteFileThreshold: number.optional(),
            })
            .optional(),
        retention: z
            .strictObject({
                enabled: z.boolean().optional(),
                snapshotRetentionPeriodInDays: number.optional(),
                numberOfSnapshotsToRetain: number.optional(),
                cleanExpiredFiles: z.boolean().optional(),
                runRateInHours: number.optional(),
            })
            .optional(),
        orphanFileDeletion: z
            .strictObject({
                enabled: z.boolean().optional(),
                orphanFileRetentionPeriodInDays: number.optional(),
                runRateInHours: number.optional(),
            })
            .optional(),
    })
    .superRefine((value, ctx) => {
        // Every type disabled is a problem only when the optimizers are on; a bad value always is.
        report(
            ctx,
            optimizerOptionProblems(value).filter((p) => value.enabled || p.option !== "enabled"),
        );
    });

/** Schema of the `iceberg` key (top level of the `medallion-lake` namespace). */
export const icebergConfigShape = {
    iceberg: z.strictObject({ tableOptimizers: tableOptimizers.prefault({}) }).prefault({}),
};
