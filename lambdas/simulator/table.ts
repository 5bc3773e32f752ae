/**
 * DDL of the transactional source table: the seed's `random_data(id serial, valor text, fecha timestamp)`
 * plus what a table with updates and deletes needs downstream:
 *
 * | column       | type            | meaning                                                                  |
 * | ------------ | --------------- | ------------------------------------------------------------------------ |
 * | `id`         | `serial`        | primary key (silver merges on it)                                        |
 * | `valor`      | `text`          | random text                                                              |
 * | `fecha`      | `timestamp`     | event time, UTC wall clock; drives the `year`/`month` partitions          |
 * | `categoria`  | `text`          | one of {@link CATEGORIAS} (gold groups on it)                             |
 * | `importe`    | `numeric(10,2)` | amount                                                                   |
 * | `updated_at` | `timestamp`     | UTC time of the last insert or change (silver's `order_by`)               |
 * | `deleted`    | `boolean`       | soft-delete flag: a deleted row stays, with `deleted = true`              |
 * | `change_seq` | `bigint`        | from {@link CHANGE_SEQUENCE}, set anew on every insert and change: the strictly increasing job bookmark key |
 *
 * Hard deletes would be invisible to a bookmark read, so the source never deletes: it soft-deletes.
 *
 * @see https://www.postgresql.org/docs/15/sql-createtable.html
 */
import type { SqlExecutor } from "./sql-executor";

/** Name of the table the simulator fills and the Glue job ingests. */
export const RANDOM_DATA_TABLE = "random_data";

/** Sequence every insert and change takes its `change_seq` from. */
export const CHANGE_SEQUENCE = `${RANDOM_DATA_TABLE}_change_seq`;

/** Values of `categoria`. */
export const CATEGORIAS = ["alimentacion", "hogar", "ocio", "transporte"] as const;

/** `categoria` of rows that predate the column (a seed table upgraded in place). */
export const LEGACY_CATEGORIA = "sin_categoria";

/** Columns added to the seed's three, with their definitions (also used to upgrade a seed table). */
export const ADDED_COLUMNS: readonly (readonly [string, string])[] = [
    ["categoria", `text NOT NULL DEFAULT '${LEGACY_CATEGORIA}'`],
    ["importe", "numeric(10,2) NOT NULL DEFAULT 0"],
    ["updated_at", "timestamp NOT NULL DEFAULT (now() AT TIME ZONE 'UTC')"],
    ["deleted", "boolean NOT NULL DEFAULT false"],
    ["change_seq", `bigint NOT NULL DEFAULT nextval('${CHANGE_SEQUENCE}')`],
];

/**
 * Idempotent DDL, in order: the sequence, the table, the columns a seed table lacks (`ADD COLUMN IF NOT
 * EXISTS`: existing rows keep their values and get the defaults), and the index the bookmark read uses.
 */
export const CREATE_RANDOM_DATA_TABLE_SQL: readonly string[] = [
    `CREATE SEQUENCE IF NOT EXISTS ${CHANGE_SEQUENCE}`,
    `CREATE TABLE IF NOT EXISTS ${RANDOM_DATA_TABLE} (
    id serial PRIMARY KEY,
    valor text NOT NULL,
    fecha timestamp NOT NULL
)`,
    `ALTER TABLE ${RANDOM_DATA_TABLE} ${ADDED_COLUMNS.map(([name, type]) => `ADD COLUMN IF NOT EXISTS ${name} ${type}`).join(", ")}`,
    `CREATE INDEX IF NOT EXISTS ${RANDOM_DATA_TABLE}_change_seq_idx ON ${RANDOM_DATA_TABLE} (change_seq)`,
];

/** Creates `random_data` if it does not exist yet, or adds the columns a seed table lacks. */
export async function ensureRandomDataTable(db: SqlExecutor): Promise<void> {
    for (const statement of CREATE_RANDOM_DATA_TABLE_SQL) {
        await db.query(statement);
    }
}
