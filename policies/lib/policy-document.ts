/**
 * Reading IAM policy documents as resources carry them: a JSON string (what `policyDocument` in lib/iam.ts
 * produces) or an object (some inputs, e.g. `aws.sqs.QueuePolicy.policy`, accept one). Every element that
 * IAM allows as "one value or a list" is returned as a list.
 * Follows https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_grammar.html
 */

/** One statement, as written (single values not yet turned into lists). */
export interface PolicyStatement {
    Sid?: string;
    Effect?: string;
    Principal?: unknown;
    NotPrincipal?: unknown;
    Action?: string | string[];
    NotAction?: string | string[];
    Resource?: string | string[];
    NotResource?: string | string[];
    Condition?: Record<string, Record<string, unknown>>;
}

/** A parsed document; `Statement` is always a list. */
export interface PolicyDocument {
    Version?: string;
    Id?: string;
    Statement: PolicyStatement[];
}

/** Raised when a policy property is neither a JSON document nor an object with statements. */
export class PolicyDocumentError extends Error {
    constructor(message: string) {
        super(message);
        this.name = "PolicyDocumentError";
    }
}

/**
 * Parses a policy property. Returns undefined when the property is unset or empty (no policy).
 * @throws PolicyDocumentError when the value is not valid JSON or has no `Statement`.
 */
export function parsePolicyDocument(value: unknown): PolicyDocument | undefined {
    if (value === undefined || value === null || value === "") return undefined;
    let parsed: unknown = value;
    if (typeof value === "string") {
        try {
            parsed = JSON.parse(value);
        } catch (error) {
            throw new PolicyDocumentError(`not valid JSON (${(error as Error).message})`);
        }
    }
    if (parsed === null || typeof parsed !== "object" || !("Statement" in parsed)) {
        throw new PolicyDocumentError("has no Statement element");
    }
    const doc = parsed as { Version?: string; Id?: string; Statement: unknown };
    const statements = Array.isArray(doc.Statement) ? doc.Statement : [doc.Statement];
    return { Version: doc.Version, Id: doc.Id, Statement: statements as PolicyStatement[] };
}

/** A single value or a list, as a list (empty for undefined). */
export function listOf(value: unknown): string[] {
    if (value === undefined || value === null) return [];
    return (Array.isArray(value) ? value : [value]).map((v) => String(v));
}

/** The principals a statement names, by kind; `anyone` is true for `"*"` or `{"AWS": "*"}`. */
export interface Principals {
    anyone: boolean;
    aws: string[];
    service: string[];
    federated: string[];
}

/** The principals of a statement's `Principal` element. */
export function principalsOf(statement: PolicyStatement): Principals {
    const principal = statement.Principal;
    if (principal === undefined) return { anyone: false, aws: [], service: [], federated: [] };
    if (principal === "*") return { anyone: true, aws: ["*"], service: [], federated: [] };
    const block = principal as Record<string, unknown>;
    const aws = listOf(block.AWS);
    return {
        anyone: aws.includes("*"),
        aws,
        service: listOf(block.Service),
        federated: listOf(block.Federated),
    };
}

/** Condition keys a statement tests, lowercased (IAM condition keys are case-insensitive). */
export function conditionKeysOf(statement: PolicyStatement): string[] {
    const keys: string[] = [];
    for (const block of Object.values(statement.Condition ?? {})) {
        for (const key of Object.keys(block ?? {})) keys.push(key.toLowerCase());
    }
    return keys;
}

/** Values a statement compares `key` with under `operator` (both case-insensitive), as strings. */
export function conditionValues(statement: PolicyStatement, operator: string, key: string): string[] {
    const values: string[] = [];
    for (const [op, block] of Object.entries(statement.Condition ?? {})) {
        if (op.toLowerCase() !== operator.toLowerCase()) continue;
        for (const [k, v] of Object.entries(block ?? {})) {
            if (k.toLowerCase() === key.toLowerCase()) values.push(...listOf(v));
        }
    }
    return values;
}

/** True when the statement allows (rather than denies). */
export function isAllow(statement: PolicyStatement): boolean {
    return statement.Effect === "Allow";
}

/**
 * True when the statement denies every request made without TLS: `Deny`, any principal, every action of
 * the service (`*` or `<service>:*`), under `Bool` (or `BoolIfExists`) `aws:SecureTransport` = false.
 * https://docs.aws.amazon.com/AmazonS3/latest/userguide/security-best-practices.html#transit
 */
export function deniesInsecureTransport(statement: PolicyStatement): boolean {
    if (statement.Effect !== "Deny" || !principalsOf(statement).anyone) return false;
    const allActions = listOf(statement.Action).some((a) => a === "*" || /^[a-z0-9-]+:\*$/i.test(a));
    if (!allActions) return false;
    const values = [
        ...conditionValues(statement, "Bool", "aws:SecureTransport"),
        ...conditionValues(statement, "BoolIfExists", "aws:SecureTransport"),
    ];
    return values.some((v) => v.toLowerCase() === "false");
}
