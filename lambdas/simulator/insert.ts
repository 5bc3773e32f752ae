/**
 * Inserts rows into `random_data` in one parameterized statement: the values travel as array parameters
 * (`$1::text[]`, `$2::timestamp[]`, ...) expanded by `unnest ... WITH ORDINALITY`, so the SQL text never
 * contains data and is the same for any row count. `updated_at` is the invocation time; `change_seq` comes
 * from the column default (the change sequence).
 *
 * @see https://www.postgresql.org/docs/15/functions-array.html (unnest)
 */
import type { RandomDataRow } from "./rows";
import type { SqlExecutor } from "./sql-executor";
import { RANDOM_DATA_TABLE } from "./table";

/** The multi-row INSERT; rows keep their array order, so serial ids follow it. */
export const INSERT_RANDOM_DATA_SQL = `INSERT INTO ${RANDOM_DATA_TABLE} (valor, fecha, categoria, importe, updated_at)
SELECT r.valor, r.fecha, r.categoria, r.importe, $5::timestamp
FROM unnest($1::text[], $2::timestamp[], $3::text[], $4::numeric[]) WITH ORDINALITY
    AS r(valor, fecha, categoria, importe, ord)
ORDER BY r.ord
RETURNING id`;

/** Ids the database assigned to one insert. */
export interface InsertedIds {
    /** Number of rows inserted. */
    readonly count: number;
    /** Smallest new `id`. */
    readonly firstId: number;
    /** Largest new `id`. */
    readonly lastId: number;
}

/**
 * Formats a Date as a PostgreSQL `timestamp` literal in UTC (`YYYY-MM-DD HH:MM:SS.mmm`), so the stored
 * wall-clock time does not depend on the process time zone.
 */
export function toUtcTimestampLiteral(date: Date): string {
    return date.toISOString().replace("T", " ").replace("Z", "");
}

/**
 * Inserts `rows` with `updated_at = now` and returns the ids they received.
 *
 * @throws RangeError when `rows` is empty; any `pg` error as is (e.g. the table is missing).
 */
export async function insertRows(
    db: SqlExecutor,
    rows: readonly RandomDataRow[],
    now: Date,
): Promise<InsertedIds> {
    if (rows.length === 0) {
        throw new RangeError("rows must not be empty: generate at least one row to insert");
    }
    const result = await db.query<{ id: number }>(INSERT_RANDOM_DATA_SQL, [
        rows.map((row) => row.valor),
        rows.map((row) => toUtcTimestampLiteral(row.fecha)),
        rows.map((row) => row.categoria),
        rows.map((row) => row.importe.toFixed(2)),
        toUtcTimestampLiteral(now),
    ]);
    const ids = result.rows.map((row) => Number(row.id));
    return { count: ids.length, firstId: Math.min(...ids), lastId: Math.max(...ids) };
}
