/**
 * Reading a rule's pack config: the values the user set for the rule (`getConfig()`), over the rule's
 * defaults from {@link PACK_DEFAULTS}.
 * https://www.pulumi.com/docs/iac/using-pulumi/crossguard/configuration/
 */

/** The part of CrossGuard's validation args that serves the rule's config. */
export interface ConfigSource {
    getConfig<T extends object>(): T;
}

/** The rule's config: what the pack config sets for it, over `defaults`. */
export function ruleConfig<T extends object>(args: ConfigSource, defaults: T): T {
    return { ...defaults, ...args.getConfig<Partial<T>>() };
}
