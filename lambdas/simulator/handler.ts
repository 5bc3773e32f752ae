/**
 * Lambda entrypoint of the transactional-source simulator, invoked by an EventBridge Scheduler schedule
 * `rate(2 minutes)` from inside the VPC. Each invocation opens one TLS connection to the RDS PostgreSQL
 * instance (credentials from the RDS-managed Secrets Manager secret), creates `random_data` if missing,
 * inserts `ROWS_PER_RUN` random rows in one statement, updates `UPDATES_PER_RUN` and soft-deletes
 * `DELETES_PER_RUN` earlier rows, logs the outcome and closes the connection.
 *
 * Bundle this file with `bundleLambda("lambdas/simulator/handler.ts", outDir)` (lambdas/build.ts); the
 * Lambda handler setting is then `index.handler`. Runtime: Node.js 20+ (`nodejs22.x`), in the VPC with a route
 * to Secrets Manager (VPC endpoint or NAT). The scheduler's event payload is ignored. Errors are logged and
 * rethrown so the invocation fails. The scheduler invokes asynchronously, so a function error follows the
 * function's asynchronous invoke configuration (`maximumRetryAttempts: 0` in components/postgres-source/simulator-function.ts): no
 * retry, and the on-failure destination sends the event to the dead-letter queue. The schedule's retry policy
 * only covers failures to invoke the function.
 *
 * @see https://docs.aws.amazon.com/scheduler/latest/UserGuide/schedule-types.html (rate expressions)
 * @see https://docs.aws.amazon.com/lambda/latest/dg/nodejs-handler.html
 * @see https://docs.aws.amazon.com/lambda/latest/dg/invocation-async-retain-records.html (on-failure destinations)
 */
import { Logger } from "@aws-lambda-powertools/logger";
import { SecretsManagerClient } from "@aws-sdk/client-secrets-manager";
import type { Context } from "aws-lambda";
import { Client } from "pg";
import { loadSimulatorConfig } from "./config";
import { buildClientConfig, type PemReader } from "./connection";
import { type CredentialsProvider, secretsManagerCredentials } from "./credentials";
import type { RandomSource } from "./rows";
import { type SimulationResult, simulateTransactions } from "./simulate";
import type { SqlExecutor } from "./sql-executor";

/** `service` key of every log line (overridable with `POWERTOOLS_SERVICE_NAME`). */
export const SERVICE_NAME = "transactional-simulator";

/** An open connection and the way to close it. */
export interface DatabaseSession {
    readonly db: SqlExecutor;
    close(): Promise<void>;
}

/** Everything the handler needs; tests pass their own (a local PostgreSQL, a silent logger, a seeded RNG). */
export interface SimulatorDependencies {
    /** Rows inserted per invocation. */
    readonly rowsPerRun: number;
    /** Earlier rows updated per invocation. @default DEFAULT_UPDATES_PER_RUN */
    readonly updatesPerRun?: number;
    /** Earlier rows soft-deleted per invocation. @default DEFAULT_DELETES_PER_RUN */
    readonly deletesPerRun?: number;
    /** Opens a fresh connection for one invocation. */
    readonly openSession: () => Promise<DatabaseSession>;
    /** Structured JSON logger. */
    readonly logger: Logger;
    /** @default () => new Date() */
    readonly now?: () => Date;
    /** @default Math.random */
    readonly random?: RandomSource;
}

/** Options of {@link createDefaultDependencies}. */
export interface DefaultDependencyOptions {
    /** @default process.env */
    readonly env?: NodeJS.ProcessEnv;
    /** @default secretsManagerCredentials(new SecretsManagerClient({})) */
    readonly credentials?: CredentialsProvider;
    /** @default reads the file with fs.readFileSync */
    readonly readPem?: PemReader;
    /** @default new Logger({ serviceName: SERVICE_NAME }) */
    readonly logger?: Logger;
}

/**
 * The production wiring: validates the environment (throws `SimulatorConfigError` naming bad variables),
 * fetches credentials from Secrets Manager per connection and connects with TLS verification.
 */
export function createDefaultDependencies(options: DefaultDependencyOptions = {}): SimulatorDependencies {
    const config = loadSimulatorConfig(options.env ?? process.env);
    const credentials = options.credentials ?? secretsManagerCredentials(new SecretsManagerClient({}));
    return {
        rowsPerRun: config.rowsPerRun,
        updatesPerRun: config.updatesPerRun,
        deletesPerRun: config.deletesPerRun,
        logger: options.logger ?? new Logger({ serviceName: SERVICE_NAME }),
        openSession: async () => {
            const clientConfig = buildClientConfig(
                config,
                await credentials(config.secretArn),
                options.readPem,
            );
            const client = new Client(clientConfig);
            await client.connect();
            return { db: client, close: () => client.end() };
        },
    };
}

/** A simulator Lambda handler. */
export type SimulatorHandler = (event: unknown, context?: Context) => Promise<SimulationResult>;

/**
 * Builds a handler; `resolveDependencies` is called on the first invocation and its result reused by the
 * container (a failure is not cached, so the next invocation retries).
 */
export function createHandler(resolveDependencies: () => SimulatorDependencies): SimulatorHandler {
    let cached: SimulatorDependencies | undefined;
    return async (_event, context) => {
        cached ??= resolveDependencies();
        const { logger, openSession, rowsPerRun } = cached;
        if (context !== undefined) logger.addContext(context);
        let session: DatabaseSession | undefined;
        try {
            session = await openSession();
            const result = await simulateTransactions(session.db, {
                rowsPerRun,
                ...(cached.updatesPerRun === undefined ? {} : { updatesPerRun: cached.updatesPerRun }),
                ...(cached.deletesPerRun === undefined ? {} : { deletesPerRun: cached.deletesPerRun }),
                now: cached.now?.() ?? new Date(),
                ...(cached.random === undefined ? {} : { random: cached.random }),
            });
            logger.info("Wrote simulated transactions", { ...result });
            return result;
        } catch (error) {
            logger.error("Simulator run failed", error as Error);
            throw error;
        } finally {
            await session?.close();
        }
    };
}

/** The Lambda handler (`index.handler` once bundled), wired with {@link createDefaultDependencies}. */
export const handler: SimulatorHandler = createHandler(() => createDefaultDependencies());
