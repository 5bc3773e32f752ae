import * as aws from "@pulumi/aws";
import { type ResourceValidationPolicy, validateResourceOfType } from "@pulumi/policy";

/** Argument names that suggest a secret value (`--db_password`, `--api-key`, `--token`...). */
export const SECRET_ARGUMENT_NAME =
    /pass(word|wd)?|secret|token|api[-_]?key|access[-_]?key|private[-_]?key|credential/i;
/** Argument names that hold a reference to a secret rather than the secret (`--secret_id`, `--password_arn`). */
export const SECRET_REFERENCE_NAME = /(arn|id|name|ref|uri|path)$/i;
/** Values that are secrets whatever the argument is called, with what they look like. */
export const SECRET_VALUE_PATTERNS: ReadonlyArray<{ pattern: RegExp; looksLike: string }> = [
    { pattern: /\b(AKIA|ASIA)[0-9A-Z]{16}\b/, looksLike: "an AWS access key id" },
    { pattern: /-----BEGIN [A-Z ]*PRIVATE KEY-----/, looksLike: "a private key" },
    { pattern: /[a-z][a-z0-9+.-]*:\/\/[^/\s:@]+:[^/\s@]+@/i, looksLike: "a URL with a password" },
    { pattern: /[?&;](password|pwd)=[^&;\s]+/i, looksLike: "a connection string with a password" },
];

/** Why an argument looks like a secret, or undefined. */
export function secretArgumentReason(name: string, value: unknown): string | undefined {
    const text = typeof value === "string" ? value : JSON.stringify(value ?? "");
    for (const { pattern, looksLike } of SECRET_VALUE_PATTERNS) {
        if (pattern.test(text)) return `its value looks like ${looksLike}`;
    }
    const bare = name.replace(/^-+/, "");
    if (SECRET_ARGUMENT_NAME.test(bare) && !SECRET_REFERENCE_NAME.test(bare) && text !== "") {
        return "its name says it holds a secret";
    }
    return undefined;
}

/** Glue job arguments hold no secrets. */
export const glueNoSecretArguments: ResourceValidationPolicy = {
    name: "glue-no-secret-arguments",
    description:
        "No Glue job default or non-overridable argument holds a secret-looking value (password, token, key, credentials in a URL), because job arguments are readable by anyone who can call GetJob and appear in run history.",
    severity: "critical",
    remediationSteps:
        "Store the secret in AWS Secrets Manager, pass its ARN or name (e.g. --secret_id) and read it in the job; grant the job role secretsmanager:GetSecretValue on that secret only.",
    url: "https://docs.aws.amazon.com/glue/latest/dg/aws-glue-programming-etl-glue-arguments.html",
    validateResource: validateResourceOfType(aws.glue.Job, (job, args, reportViolation) => {
        for (const property of ["defaultArguments", "nonOverridableArguments"] as const) {
            for (const [name, value] of Object.entries(job[property] ?? {})) {
                const reason = secretArgumentReason(name, value);
                if (reason !== undefined) {
                    reportViolation(
                        `Glue job ${args.name}: ${property} ${name} looks like a secret (${reason}); pass a Secrets Manager secret id instead`,
                    );
                }
            }
        }
    }),
};
