/**
 * Database credentials from Secrets Manager. RDS-managed master user secrets hold a JSON `SecretString`
 * with at least `username` and `password`.
 *
 * @see https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/rds-secrets-manager.html
 * @see https://docs.aws.amazon.com/secretsmanager/latest/apireference/API_GetSecretValue.html
 */
import { GetSecretValueCommand, type SecretsManagerClient } from "@aws-sdk/client-secrets-manager";
import { z } from "zod";

/** User name and password for the PostgreSQL connection. */
export interface DbCredentials {
    readonly username: string;
    readonly password: string;
}

/** Looks credentials up by secret ARN; injectable so tests skip Secrets Manager. */
export type CredentialsProvider = (secretArn: string) => Promise<DbCredentials>;

const secretJsonSchema = z.object({
    username: z.string({ error: "username is required" }).min(1, { error: "username must not be empty" }),
    password: z.string({ error: "password is required" }).min(1, { error: "password must not be empty" }),
});

/** Thrown when the secret is missing, not text, not JSON, or lacks `username`/`password`. */
export class SecretFormatError extends Error {
    override readonly name = "SecretFormatError";
}

/**
 * Parses a secret string into {@link DbCredentials}.
 *
 * @throws SecretFormatError naming the secret and the missing field (never echoing the secret's value).
 */
export function parseDbSecret(secretArn: string, secretString: string | undefined): DbCredentials {
    if (secretString === undefined) {
        throw new SecretFormatError(
            `Secret ${secretArn} has no SecretString: store the credentials as JSON text {"username","password"}.`,
        );
    }
    let json: unknown;
    try {
        json = JSON.parse(secretString);
    } catch {
        throw new SecretFormatError(
            `Secret ${secretArn} is not JSON: store the credentials as {"username": "...", "password": "..."}.`,
        );
    }
    const parsed = secretJsonSchema.safeParse(json);
    if (!parsed.success) {
        const problems = parsed.error.issues.map((issue) => issue.message).join("; ");
        throw new SecretFormatError(`Secret ${secretArn} is not a database secret: ${problems}.`);
    }
    return { username: parsed.data.username, password: parsed.data.password };
}

/**
 * Makes a {@link CredentialsProvider} that calls `GetSecretValue` (current version) on every call, so a
 * rotated RDS master password is picked up on the next invocation.
 */
export function secretsManagerCredentials(client: SecretsManagerClient): CredentialsProvider {
    return async (secretArn) => {
        const response = await client.send(new GetSecretValueCommand({ SecretId: secretArn }));
        return parseDbSecret(secretArn, response.SecretString);
    };
}
