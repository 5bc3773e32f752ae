/**
 * The one thing the simulator needs from a `pg` connection: parameterized `query`. A `pg.Client`, a
 * `pg.PoolClient` and a `pg.Pool` all fit, so callers choose pooling and tests pass a plain client.
 */
import type { QueryResult, QueryResultRow } from "pg";

/** Minimal `pg` query surface (text plus positional `$n` values). */
export interface SqlExecutor {
    query<R extends QueryResultRow = QueryResultRow>(
        text: string,
        values?: unknown[],
    ): Promise<QueryResult<R>>;
}
