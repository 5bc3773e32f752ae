import type { PolicyResource, StackValidationPolicy } from "@pulumi/policy";
import { ofTypes, referencedBy, stringProp } from "../../lib/stack-links";
import { TYPES } from "../../lib/types";
import { isSet } from "../../lib/unknowns";

/**
 * The encryption modes a lake security configuration must set: SSE-KMS for S3 output and CloudWatch
 * logs, CSE-KMS for job bookmarks (the only KMS mode Glue offers for each).
 */
export const REQUIRED_GLUE_ENCRYPTION = {
    s3Encryption: { field: "s3EncryptionMode", mode: "SSE-KMS", what: "S3 output" },
    cloudwatchEncryption: { field: "cloudwatchEncryptionMode", mode: "SSE-KMS", what: "CloudWatch logs" },
    jobBookmarksEncryption: { field: "jobBookmarksEncryptionMode", mode: "CSE-KMS", what: "job bookmarks" },
} as const;

/** What a security configuration fails to encrypt with KMS (empty when it encrypts all three). */
export function missingGlueEncryption(securityConfiguration: PolicyResource): string[] {
    const encryption = securityConfiguration.props.encryptionConfiguration ?? {};
    const missing: string[] = [];
    for (const [block, want] of Object.entries(REQUIRED_GLUE_ENCRYPTION)) {
        const settings = encryption[block] ?? {};
        const mode = settings[want.field];
        if (mode !== want.mode || !isSet(() => settings.kmsKeyArn)) {
            missing.push(
                `${want.what} (${block}.${want.field} is ${mode ?? "unset"}; want ${want.mode} with kmsKeyArn)`,
            );
        }
    }
    return missing;
}

function securityConfigurationIdentifiers(config: PolicyResource): (string | undefined)[] {
    return [stringProp(config, "name"), stringProp(config, "id")];
}

/** Jobs and crawlers run under a security configuration that encrypts everything they write. */
export const glueSecurityConfiguration: StackValidationPolicy = {
    name: "glue-security-configuration",
    description:
        "Every Glue job and crawler runs under a security configuration defined in the stack that encrypts S3 output and CloudWatch logs (SSE-KMS) and job bookmarks (CSE-KMS) with a KMS key, so nothing Glue writes about lake data is stored in the clear.",
    severity: "high",
    remediationSteps:
        "Register an aws.glue.SecurityConfiguration with s3Encryption SSE-KMS, cloudwatchEncryption SSE-KMS and jobBookmarksEncryption CSE-KMS (each with the lake key) and set securityConfiguration on the job or crawler to its name; a stack that uses an existing configuration by name (checked elsewhere) sets this rule to advisory in its pack config.",
    url: "https://docs.aws.amazon.com/glue/latest/dg/encryption-security-configuration.html",
    validateStack: (args, reportViolation) => {
        const configs = ofTypes(args.resources, [TYPES.glueSecurityConfiguration]);
        for (const config of configs) {
            const missing = missingGlueEncryption(config);
            if (missing.length > 0) {
                reportViolation(
                    `Glue security configuration ${stringProp(config, "name") ?? config.name}: does not encrypt ${missing.join("; ")}`,
                    config.urn,
                );
            }
        }
        for (const runner of ofTypes(args.resources, [TYPES.glueJob, TYPES.glueCrawler])) {
            const kind = runner.type === TYPES.glueJob ? "Glue job" : "Glue crawler";
            const label = `${kind} ${stringProp(runner, "name") ?? runner.name}`;
            const name = stringProp(runner, "securityConfiguration");
            const linked = referencedBy(
                runner,
                "securityConfiguration",
                configs,
                securityConfigurationIdentifiers,
            );
            if (name === undefined && linked.length === 0) {
                reportViolation(
                    `${label}: no securityConfiguration; set it to the lake's Glue security configuration`,
                    runner.urn,
                );
            } else if (linked.length === 0) {
                reportViolation(
                    `${label}: security configuration ${name} is not defined in this stack, so its encryption cannot be checked; define it in the stack`,
                    runner.urn,
                );
            }
        }
    },
};
