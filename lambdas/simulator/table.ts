/**
 * DDL of the transactional source table the seed defined: `random_data(id serial, valor text, fecha
 * timestamp)`. `id` is the primary key and the incremental-ingestion (job bookmark) key; `fecha` is a UTC
 * wall-clock time stored as `timestamp` without time zone, and drives the bronze `year`/`month` partitions.
 *
 * @see https://www.postgresql.org/docs/15/sql-createtable.html
 */
import type { SqlExecutor } from "./sql-executor";

/** Name of the table the simulator fills and the Glue job ingests. */
export const RANDOM_DATA_TABLE = "random_data";

/** Idempotent DDL: creates the table when missing, leaves an existing one (and its rows) untouched. */
export const CREATE_RANDOM_DATA_TABLE_SQL = `CREATE TABLE IF NOT EXISTS ${RANDOM_DATA_TABLE} (
    id serial PRIMARY KEY,
    valor text NOT NULL,
    fecha timestamp NOT NULL
)`;

/** Creates `random_data` if it does not exist yet. */
export async function ensureRandomDataTable(db: SqlExecutor): Promise<void> {
    await db.query(CREATE_RANDOM_DATA_TABLE_SQL);
}
