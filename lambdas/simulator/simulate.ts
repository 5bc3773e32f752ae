/**
 * One simulator run: make sure `random_data` exists, then insert a batch of random rows.
 */
import { type InsertedIds, insertRows } from "./insert";
import { generateRows, type RandomSource } from "./rows";
import type { SqlExecutor } from "./sql-executor";
import { ensureRandomDataTable, RANDOM_DATA_TABLE } from "./table";

/** Options of {@link simulateTransactions}. */
export interface SimulateOptions {
    /** Rows to insert. */
    readonly rowsPerRun: number;
    /** Invocation time. @default new Date() */
    readonly now?: Date;
    /** @default Math.random */
    readonly random?: RandomSource;
}

/** What one run did. */
export interface SimulationResult extends InsertedIds {
    /** Always `random_data`. */
    readonly table: string;
    /** Earliest and latest `fecha` inserted, ISO-8601 UTC. */
    readonly fechaFrom: string;
    readonly fechaTo: string;
}

/**
 * Creates the table if missing and inserts `rowsPerRun` random rows in one statement.
 *
 * @throws RangeError for a bad `rowsPerRun`; `pg` errors as is.
 */
export async function simulateTransactions(
    db: SqlExecutor,
    options: SimulateOptions,
): Promise<SimulationResult> {
    const rows = generateRows(options.rowsPerRun, {
        now: options.now ?? new Date(),
        ...(options.random === undefined ? {} : { random: options.random }),
    });
    await ensureRandomDataTable(db);
    const ids = await insertRows(db, rows);
    return {
        table: RANDOM_DATA_TABLE,
        ...ids,
        fechaFrom: rows[0]?.fecha.toISOString() ?? "",
        fechaTo: rows[rows.length - 1]?.fecha.toISOString() ?? "",
    };
}
