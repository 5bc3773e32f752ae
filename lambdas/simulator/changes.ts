/**
 * Changes to rows written by earlier runs: some get a new `importe` (an update), some are soft-deleted
 * (`deleted = true`). Both set `updated_at` to the invocation time and take a new `change_seq`, so the
 * next incremental ingestion copies the row again and silver keeps its latest version. A deleted row is
 * never changed again, and nothing is ever removed: a hard delete would be invisible to a bookmark read.
 */

import { toUtcTimestampLiteral } from "./insert";
import { type RandomSource, randomImporte, randomInt } from "./rows";
import type { SqlExecutor } from "./sql-executor";
import { CHANGE_SEQUENCE, RANDOM_DATA_TABLE } from "./table";

/** Rows to change, chosen among the ids written before this run. */
export interface ChangePlan {
    /** `id` and its new `importe`; ids are distinct. */
    readonly updates: readonly { readonly id: number; readonly importe: number }[];
    /** Ids to soft-delete; distinct, and none of them in `updates`. */
    readonly deletes: readonly number[];
}

/** Options of {@link planChanges}. */
export interface PlanChangesOptions {
    /** Highest id written before this run (0: an empty table, nothing to change). */
    readonly maxExistingId: number;
    /** Rows to update. */
    readonly updates: number;
    /** Rows to soft-delete. */
    readonly deletes: number;
    /** @default Math.random */
    readonly random?: RandomSource;
}

/**
 * Picks `updates + deletes` distinct ids uniformly in `[1, maxExistingId]` (fewer when there are fewer ids).
 * Pure: the same random source gives the same plan. Ids already deleted are skipped by {@link applyChanges}.
 *
 * @throws RangeError when a count is not a non-negative integer.
 */
export function planChanges(options: PlanChangesOptions): ChangePlan {
    for (const field of ["updates", "deletes", "maxExistingId"] as const) {
        const value = options[field];
        if (!Number.isInteger(value) || value < 0) {
            throw new RangeError(`${field} must be a non-negative integer, got ${value}`);
        }
    }
    const random = options.random ?? Math.random;
    const wanted = Math.min(options.updates + options.deletes, options.maxExistingId);
    const chosen = new Set<number>();
    while (chosen.size < wanted) {
        chosen.add(randomInt(random, 1, options.maxExistingId));
    }
    const ids = [...chosen];
    const updateCount = Math.min(options.updates, ids.length);
    return {
        updates: ids.slice(0, updateCount).map((id) => ({ id, importe: randomImporte(random) })),
        deletes: ids.slice(updateCount),
    };
}

/** Updates `importe` of live rows; `$1` ids, `$2` amounts, `$3` the invocation time. */
export const UPDATE_ROWS_SQL = `UPDATE ${RANDOM_DATA_TABLE} AS t
SET importe = c.importe, updated_at = $3::timestamp, change_seq = nextval('${CHANGE_SEQUENCE}')
FROM unnest($1::int[], $2::numeric[]) AS c(id, importe)
WHERE t.id = c.id AND NOT t.deleted`;

/** Soft-deletes live rows; `$1` ids, `$2` the invocation time. */
export const DELETE_ROWS_SQL = `UPDATE ${RANDOM_DATA_TABLE}
SET deleted = true, updated_at = $2::timestamp, change_seq = nextval('${CHANGE_SEQUENCE}')
WHERE id = ANY($1::int[]) AND NOT deleted`;

/** Rows each statement changed (already-deleted ids are not counted). */
export interface AppliedChanges {
    readonly updated: number;
    readonly deleted: number;
}

/** Applies `plan` (two statements; skipped when empty). */
export async function applyChanges(db: SqlExecutor, plan: ChangePlan, now: Date): Promise<AppliedChanges> {
    const at = toUtcTimestampLiteral(now);
    let updated = 0;
    let deleted = 0;
    if (plan.updates.length > 0) {
        const result = await db.query(UPDATE_ROWS_SQL, [
            plan.updates.map((u) => u.id),
            plan.updates.map((u) => u.importe.toFixed(2)),
            at,
        ]);
        updated = result.rowCount ?? 0;
    }
    if (plan.deletes.length > 0) {
        const result = await db.query(DELETE_ROWS_SQL, [[...plan.deletes], at]);
        deleted = result.rowCount ?? 0;
    }
    return { updated, deleted };
}
