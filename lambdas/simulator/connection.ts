/**
 * `pg` connection settings for the RDS instance: TLS required and the server certificate verified against
 * the RDS CA bundle (`ssl.rejectUnauthorized: true`, `ssl.ca` read from `DB_SSL_CA_FILE`).
 *
 * @see https://node-postgres.com/features/ssl
 * @see https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/PostgreSQL.Concepts.General.SSL.html
 */
import { readFileSync } from "node:fs";
import type { ClientConfig } from "pg";
import type { SimulatorConfig } from "./config";
import type { DbCredentials } from "./credentials";

/** Milliseconds to wait for the TCP + TLS connection before failing the invocation. */
export const CONNECT_TIMEOUT_MS = 10_000;

/** Server-side limit for one statement, in milliseconds (`statement_timeout`). */
export const STATEMENT_TIMEOUT_MS = 30_000;

/** `application_name` the simulator reports, visible in `pg_stat_activity`. */
export const APPLICATION_NAME = "medallion-transactional-simulator";

/** Reads a PEM file; `readFile` is injectable for tests. */
export type PemReader = (path: string) => string;

/**
 * Builds the `pg` client configuration.
 *
 * @throws Error naming `DB_SSL_CA_FILE` when the CA bundle cannot be read.
 */
export function buildClientConfig(
    config: SimulatorConfig,
    credentials: DbCredentials,
    readPem: PemReader = (path) => readFileSync(path, "utf8"),
): ClientConfig {
    let ca: string;
    try {
        ca = readPem(config.sslCaFile);
    } catch (error) {
        throw new Error(
            `Cannot read the CA bundle DB_SSL_CA_FILE=${config.sslCaFile} (${(error as Error).message}): ` +
                "point DB_SSL_CA_FILE at a PEM file with the RDS root certificates.",
        );
    }
    return {
        host: config.host,
        port: config.port,
        database: config.database,
        user: credentials.username,
        password: credentials.password,
        ssl: { rejectUnauthorized: true, ca },
        connectionTimeoutMillis: CONNECT_TIMEOUT_MS,
        statement_timeout: STATEMENT_TIMEOUT_MS,
        application_name: APPLICATION_NAME,
    };
}
