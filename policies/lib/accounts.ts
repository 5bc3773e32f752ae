/**
 * Which AWS accounts a stack lives in, and which accounts a policy statement lets in. The stack's own
 * ("home") accounts are the ones in the ARNs of the resources it manages: every resource a provider creates
 * lives in that provider's account. Rules that compare principals with the home accounts are stack rules,
 * since only stack rules see outputs; CrossGuard runs them after `pulumi up`, when every ARN is known.
 * Follows https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_principal.html
 */
import type { PolicyResource } from "@pulumi/policy";
import { PACK_DEFAULTS } from "../defaults";
import { type ConfigSource, ruleConfig } from "./config";
import { conditionKeysOf, listOf, type PolicyStatement, principalsOf } from "./policy-document";
import { stringProp } from "./stack-links";

/**
 * Condition keys that pin a wildcard principal to one account, organization, principal or source, which
 * makes an `Allow` to `*` not public (lowercase; IAM keys are case-insensitive).
 * https://docs.aws.amazon.com/kms/latest/developerguide/conditions-aws.html
 */
export const ACCOUNT_SCOPING_CONDITION_KEYS = [
    "aws:principalaccount",
    "aws:principalorgid",
    "aws:principalarn",
    "aws:sourceaccount",
    "aws:sourcearn",
    "kms:calleraccount",
] as const;

/** Condition keys whose values are account ids (lowercase). */
const ACCOUNT_VALUED_KEYS = ["aws:principalaccount", "aws:sourceaccount", "kms:calleraccount"];

/** Condition keys whose values are ARNs that may name an account (lowercase). */
const ARN_VALUED_KEYS = ["aws:principalarn", "aws:sourcearn"];

const ACCOUNT_ID = /^\d{12}$/;

/** The account an account id or ARN names (`arn:<partition>:<service>:<region>:<account>:...`), if any. */
export function accountOf(value: string): string | undefined {
    if (ACCOUNT_ID.test(value)) return value;
    const account = value.split(":")[4];
    return account !== undefined && ACCOUNT_ID.test(account) ? account : undefined;
}

/**
 * The accounts of the stack: those named in the `arn` of every resource it manages. Empty when no ARN is
 * known yet (the first preview of a new stack): the rules then cannot tell another account from the stack's
 * own and skip that check until `pulumi up`, when CrossGuard runs them on the outputs.
 */
export function homeAccounts(resources: PolicyResource[]): Set<string> {
    const accounts = new Set<string>();
    for (const resource of resources) {
        const arn = stringProp(resource, "arn");
        const account = arn === undefined ? undefined : accountOf(arn);
        if (account !== undefined) accounts.add(account);
    }
    return accounts;
}

/** The values a statement's conditions compare `keys` with, under any operator. */
function conditionValuesOf(statement: PolicyStatement, keys: readonly string[]): string[] {
    const values: string[] = [];
    for (const block of Object.values(statement.Condition ?? {})) {
        for (const [key, value] of Object.entries(block ?? {})) {
            if (keys.includes(key.toLowerCase())) values.push(...listOf(value));
        }
    }
    return values;
}

/** Who an `Allow` statement lets in from outside the trusted accounts. */
export interface ForeignAccess {
    /** True when anyone may use the resource: principal `*` (or `NotPrincipal`) without an account condition. */
    public: boolean;
    /** Accounts outside the trusted ones that the principal or the conditions name. */
    accounts: string[];
}

/**
 * What an `Allow` statement of a resource or trust policy opens beyond `trusted`: public access, or the
 * accounts it names (as principals, principal ARNs, or values of aws:SourceAccount / aws:PrincipalAccount /
 * kms:CallerAccount / aws:SourceArn / aws:PrincipalArn). aws:PrincipalOrgID pins `*` to an organization
 * and counts as not public.
 */
export function foreignAccess(statement: PolicyStatement, trusted: ReadonlySet<string>): ForeignAccess {
    const principals = principalsOf(statement);
    const keys = conditionKeysOf(statement);
    const scoped = ACCOUNT_SCOPING_CONDITION_KEYS.some((k) => keys.includes(k));
    const named = [
        ...principals.aws.filter((p) => p !== "*"),
        ...conditionValuesOf(statement, ACCOUNT_VALUED_KEYS),
        ...conditionValuesOf(statement, ARN_VALUED_KEYS),
    ];
    const accounts = [
        ...new Set(named.map(accountOf).filter((a): a is string => a !== undefined && !trusted.has(a))),
    ];
    const open = principals.anyone || statement.NotPrincipal !== undefined;
    return { public: open && !scoped, accounts };
}

/** Config of the rules that let in the stack's own accounts and the allow-listed ones. */
export interface AllowedAccountsConfig {
    /** Accounts, besides the stack's own, that may be let in. */
    allowedAccounts: string[];
}

/** The config schema property of {@link AllowedAccountsConfig}, for the rules' `configSchema`. */
export const ALLOWED_ACCOUNTS_SCHEMA = {
    allowedAccounts: {
        type: "array" as const,
        items: { type: "string" as const, pattern: "^\\d{12}$" },
        default: PACK_DEFAULTS.allowedAccounts,
        description:
            "Account ids, besides the stack's own (those in its resources' ARNs), that may be let in.",
    },
};

/** The stack's own accounts, and those together with the rule's allowedAccounts config. */
export function trustedAccounts(
    args: ConfigSource,
    resources: PolicyResource[],
): { home: Set<string>; trusted: Set<string> } {
    const { allowedAccounts } = ruleConfig<AllowedAccountsConfig>(args, {
        allowedAccounts: PACK_DEFAULTS.allowedAccounts,
    });
    const home = homeAccounts(resources);
    return { home, trusted: new Set([...home, ...allowedAccounts]) };
}
