/**
 * One simulator run: make sure `random_data` exists, insert a batch of random rows, then update and
 * soft-delete some rows written by earlier runs.
 */

import { type AppliedChanges, applyChanges, planChanges } from "./changes";
import { DEFAULT_DELETES_PER_RUN, DEFAULT_UPDATES_PER_RUN } from "./config";
import { type InsertedIds, insertRows } from "./insert";
import { generateRows, type RandomSource } from "./rows";
import type { SqlExecutor } from "./sql-executor";
import { ensureRandomDataTable, RANDOM_DATA_TABLE } from "./table";

/** Options of {@link simulateTransactions}. */
export interface SimulateOptions {
    /** Rows to insert. */
    readonly rowsPerRun: number;
    /** Earlier rows to update. @default DEFAULT_UPDATES_PER_RUN */
    readonly updatesPerRun?: number;
    /** Earlier rows to soft-delete. @default DEFAULT_DELETES_PER_RUN */
    readonly deletesPerRun?: number;
    /** Invocation time: `updated_at` of every row the run writes. @default new Date() */
    readonly now?: Date;
    /** @default Math.random */
    readonly random?: RandomSource;
}

/** What one run did. */
export interface SimulationResult extends InsertedIds, AppliedChanges {
    /** Always `random_data`. */
    readonly table: string;
    /** Earliest and latest `fecha` inserted, ISO-8601 UTC. */
    readonly fechaFrom: string;
    readonly fechaTo: string;
}

/**
 * Creates the table if missing, inserts `rowsPerRun` random rows in one statement, then changes up to
 * `updatesPerRun` + `deletesPerRun` rows that existed before the run (ids chosen by `random`).
 *
 * @throws RangeError for a bad count; `pg` errors as is.
 */
export async function simulateTransactions(
    db: SqlExecutor,
    options: SimulateOptions,
): Promise<SimulationResult> {
    const now = options.now ?? new Date();
    const random = options.random ?? Math.random;
    const rows = generateRows(options.rowsPerRun, { now, random });
    await ensureRandomDataTable(db);
    const existing = await db.query<{ max_id: number }>(
        `SELECT COALESCE(MAX(id), 0)::int AS max_id FROM ${RANDOM_DATA_TABLE}`,
    );
    const plan = planChanges({
        maxExistingId: Number(existing.rows[0]?.max_id ?? 0),
        updates: options.updatesPerRun ?? DEFAULT_UPDATES_PER_RUN,
        deletes: options.deletesPerRun ?? DEFAULT_DELETES_PER_RUN,
        random,
    });
    const ids = await insertRows(db, rows, now);
    const changes = await applyChanges(db, plan, now);
    return {
        table: RANDOM_DATA_TABLE,
        ...ids,
        ...changes,
        fechaFrom: rows[0]?.fecha.toISOString() ?? "",
        fechaTo: rows[rows.length - 1]?.fecha.toISOString() ?? "",
    };
}
