/**
 * Environment of the transactional-source simulator Lambda, validated once with zod.
 *
 * | variable          | shape                                            | default                      |
 * | ----------------- | ------------------------------------------------ | ---------------------------- |
 * | `DB_HOST`         | RDS endpoint host name                           | required                     |
 * | `DB_PORT`         | integer 1–65535                                  | {@link DEFAULT_DB_PORT}      |
 * | `DB_NAME`         | database name                                    | required                     |
 * | `DB_SECRET_ARN`   | ARN of the RDS-managed master secret (JSON with `username` and `password`) | required |
 * | `ROWS_PER_RUN`    | integer 1–{@link MAX_ROWS_PER_RUN}, rows inserted per invocation | {@link DEFAULT_ROWS_PER_RUN} |
 * | `UPDATES_PER_RUN` | integer 0–{@link MAX_ROWS_PER_RUN}, earlier rows updated per invocation | {@link DEFAULT_UPDATES_PER_RUN} |
 * | `DELETES_PER_RUN` | integer 0–{@link MAX_ROWS_PER_RUN}, earlier rows soft-deleted per invocation | {@link DEFAULT_DELETES_PER_RUN} |
 * | `DB_SSL_CA_FILE`  | PEM bundle that signs the server certificate     | {@link DEFAULT_SSL_CA_FILE}  |
 *
 * @see https://docs.aws.amazon.com/lambda/latest/dg/configuration-envvars.html
 */
import { z } from "zod";

/** PostgreSQL's standard port, used by RDS unless the instance says otherwise. */
export const DEFAULT_DB_PORT = 5432;

/** Rows inserted per invocation when `ROWS_PER_RUN` is unset (one invocation every 2 minutes). */
export const DEFAULT_ROWS_PER_RUN = 10;

/** Earlier rows given a new `importe` per invocation when `UPDATES_PER_RUN` is unset. */
export const DEFAULT_UPDATES_PER_RUN = 2;

/** Earlier rows soft-deleted per invocation when `DELETES_PER_RUN` is unset. */
export const DEFAULT_DELETES_PER_RUN = 1;

/** Upper bound of `ROWS_PER_RUN`: keeps one multi-row INSERT well under the Lambda timeout. */
export const MAX_ROWS_PER_RUN = 10_000;

/**
 * CA bundle shipped in the Lambda Node.js 20+ runtimes, holding the Amazon RDS root certificates. Node.js 20+
 * runtimes no longer load it by default, so the simulator reads it and passes it to `pg` as `ssl.ca`.
 * @see https://docs.aws.amazon.com/lambda/latest/dg/lambda-nodejs.html (CA certificate loading)
 * @see https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/UsingWithRDS.SSL.html
 */
export const DEFAULT_SSL_CA_FILE = "/var/runtime/ca-cert.pem";

/** What to set when a variable is wrong; keyed by variable name. */
const FIX_HINTS: Record<string, string> = {
    DB_HOST: "set DB_HOST to the RDS instance endpoint address",
    DB_PORT: `set DB_PORT to the instance port (an integer 1-65535), or unset it for ${DEFAULT_DB_PORT}`,
    DB_NAME: "set DB_NAME to the database that holds random_data",
    DB_SECRET_ARN: "set DB_SECRET_ARN to the ARN of the RDS-managed master user secret",
    ROWS_PER_RUN: `set ROWS_PER_RUN to an integer 1-${MAX_ROWS_PER_RUN}, or unset it for ${DEFAULT_ROWS_PER_RUN}`,
    UPDATES_PER_RUN: `set UPDATES_PER_RUN to an integer 0-${MAX_ROWS_PER_RUN}, or unset it for ${DEFAULT_UPDATES_PER_RUN}`,
    DELETES_PER_RUN: `set DELETES_PER_RUN to an integer 0-${MAX_ROWS_PER_RUN}, or unset it for ${DEFAULT_DELETES_PER_RUN}`,
    DB_SSL_CA_FILE: `set DB_SSL_CA_FILE to a PEM CA bundle path, or unset it for ${DEFAULT_SSL_CA_FILE}`,
};

const requiredText = (name: string) =>
    z
        .string({ error: `${name} is required` })
        .trim()
        .min(1, { error: `${name} must not be empty` });

/** zod schema of the simulator environment; unknown variables are ignored. */
export const simulatorEnvSchema = z.object({
    DB_HOST: requiredText("DB_HOST"),
    DB_PORT: z.coerce.number().int().min(1).max(65_535).default(DEFAULT_DB_PORT),
    DB_NAME: requiredText("DB_NAME"),
    DB_SECRET_ARN: requiredText("DB_SECRET_ARN").regex(
        /^arn:aws[a-z-]*:secretsmanager:[a-z0-9-]+:\d{12}:secret:.+$/,
        {
            error: "DB_SECRET_ARN must be a Secrets Manager secret ARN (arn:aws:secretsmanager:<region>:<account>:secret:<name>)",
        },
    ),
    ROWS_PER_RUN: z.coerce.number().int().min(1).max(MAX_ROWS_PER_RUN).default(DEFAULT_ROWS_PER_RUN),
    UPDATES_PER_RUN: z.coerce.number().int().min(0).max(MAX_ROWS_PER_RUN).default(DEFAULT_UPDATES_PER_RUN),
    DELETES_PER_RUN: z.coerce.number().int().min(0).max(MAX_ROWS_PER_RUN).default(DEFAULT_DELETES_PER_RUN),
    DB_SSL_CA_FILE: requiredText("DB_SSL_CA_FILE").default(DEFAULT_SSL_CA_FILE),
});

/** Validated simulator settings. */
export interface SimulatorConfig {
    /** RDS endpoint host. */
    readonly host: string;
    /** TCP port. @default DEFAULT_DB_PORT */
    readonly port: number;
    /** Database holding `random_data`. */
    readonly database: string;
    /** ARN of the secret with `username` and `password`. */
    readonly secretArn: string;
    /** Rows inserted per invocation. @default DEFAULT_ROWS_PER_RUN */
    readonly rowsPerRun: number;
    /** Earlier rows updated per invocation. @default DEFAULT_UPDATES_PER_RUN */
    readonly updatesPerRun: number;
    /** Earlier rows soft-deleted per invocation. @default DEFAULT_DELETES_PER_RUN */
    readonly deletesPerRun: number;
    /** Path of the PEM CA bundle used to verify the server certificate. @default DEFAULT_SSL_CA_FILE */
    readonly sslCaFile: string;
}

/** Thrown by {@link loadSimulatorConfig}; `message` lists every bad variable with its fix. */
export class SimulatorConfigError extends Error {
    override readonly name = "SimulatorConfigError";
}

/**
 * Validates the environment once and maps it to {@link SimulatorConfig}.
 *
 * @param env - variables to read. @default process.env
 * @throws SimulatorConfigError naming each bad variable, what is wrong and how to fix it.
 */
export function loadSimulatorConfig(env: NodeJS.ProcessEnv = process.env): SimulatorConfig {
    const parsed = simulatorEnvSchema.safeParse(env);
    if (!parsed.success) {
        const problems = parsed.error.issues.map((issue) => {
            const field = String(issue.path[0] ?? "environment");
            const hint = FIX_HINTS[field];
            return `${field}: ${issue.message}${hint === undefined ? "" : ` (${hint})`}`;
        });
        throw new SimulatorConfigError(`Invalid simulator environment:\n- ${problems.join("\n- ")}`);
    }
    const value = parsed.data;
    return {
        host: value.DB_HOST,
        port: value.DB_PORT,
        database: value.DB_NAME,
        secretArn: value.DB_SECRET_ARN,
        rowsPerRun: value.ROWS_PER_RUN,
        updatesPerRun: value.UPDATES_PER_RUN,
        deletesPerRun: value.DELETES_PER_RUN,
        sslCaFile: value.DB_SSL_CA_FILE,
    };
}
