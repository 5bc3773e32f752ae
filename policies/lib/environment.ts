/**
 * Whether a resource belongs to a dev stack, for the rules that relax a production setting there. The
 * environment is the value of a tag (`environment` unless the rule's config names another key, as the
 * lake's `medallion-lake:tags.environment` sets it); the dev values come from the rule's config.
 */
import { PACK_DEFAULTS } from "../defaults";
import { type ConfigSource, ruleConfig } from "./config";

/** Config of the rules that relax a setting in dev. */
export interface DevEnvironmentConfig {
    /** Environment tag values that mean dev. */
    devEnvironments: string[];
    /** The tag key that names the environment. */
    environmentTagKey: string;
}

/** The config schema properties of {@link DevEnvironmentConfig}, for the rules' `configSchema`. */
export const DEV_ENVIRONMENT_SCHEMA = {
    devEnvironments: {
        type: "array" as const,
        items: { type: "string" as const },
        default: PACK_DEFAULTS.devEnvironments,
        description: "Environment tag values that mark a resource as dev.",
    },
    environmentTagKey: {
        type: "string" as const,
        default: PACK_DEFAULTS.environmentTagKey,
        description: "Tag key whose value is the resource's environment.",
    },
};

/** The resource's environment tag value when the rule's config counts it as dev, else undefined. */
export function devEnvironmentOf(args: ConfigSource, tags: unknown): string | undefined {
    const config = ruleConfig<DevEnvironmentConfig>(args, {
        devEnvironments: PACK_DEFAULTS.devEnvironments,
        environmentTagKey: PACK_DEFAULTS.environmentTagKey,
    });
    const value = (tags as Record<string, unknown> | undefined)?.[config.environmentTagKey];
    return typeof value === "string" && config.devEnvironments.includes(value) ? value : undefined;
}
