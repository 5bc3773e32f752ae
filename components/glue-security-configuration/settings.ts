/**
 * The settings of a GlueSecurityConfiguration: its defaults ({@link GLUE_SECURITY_CONFIGURATION_MODES}, the
 * physical name) and {@link resolveGlueSecurityConfigurationSettings}, which reports every problem at once.
 * Follows https://docs.aws.amazon.com/glue/latest/dg/encryption-security-configuration.html
 */
import { resourceName } from "../../lib/naming";
import { componentSubject, type Problem, problem, throwIfProblems } from "../../lib/problems";
import type { GlueSecurityConfigurationArgs } from "./args";

/** Encryption modes the configuration sets; read by docs and tests. */
export const GLUE_SECURITY_CONFIGURATION_MODES = {
    s3: "SSE-KMS",
    cloudWatch: "SSE-KMS",
    jobBookmarks: "CSE-KMS",
} as const;

/** Glue security configuration names: 1-255 letters, digits, hyphens and underscores. */
const SECURITY_CONFIGURATION_NAME = /^[A-Za-z0-9_-]{1,255}$/;

/** The settings after defaults, validated. */
export interface GlueSecurityConfigurationSettings {
    /** Physical name (`args.name`, else `<project>-<stack>-<component name>`). */
    name: string;
}

/**
 * The component's settings after defaults.
 * @throws ProblemsError (`GlueSecurityConfiguration <name>: name: got X; <fix>`) when the physical name has
 *   characters Glue refuses.
 */
export function resolveGlueSecurityConfigurationSettings(
    name: string,
    args: GlueSecurityConfigurationArgs,
): GlueSecurityConfigurationSettings {
    const physicalName = args.name ?? resourceName(args.naming, name);
    const problems: Problem[] = SECURITY_CONFIGURATION_NAME.test(physicalName)
        ? []
        : [problem("name", physicalName, "use 1-255 letters, digits, hyphens and underscores")];
    throwIfProblems(componentSubject("GlueSecurityConfiguration", name), problems);
    return { name: physicalName };
}
