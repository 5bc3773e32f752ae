/**
 * Preparing a stack's IAM documents for parliament (https://github.com/duo-labs/parliament, the IAM linter
 * the tests run) and deciding which of its findings are justified.
 *
 * parliament lints identity policies; it also reads `Principal` in resource policies. Trust policies are
 * handed to it in an equivalent form, so it can check them rather than stop at "malformed":
 * a trust policy has no `Resource` (the role itself is the resource), so each of its statements gets the
 * role's ARN as `Resource` (https://docs.aws.amazon.com/IAM/latest/UserGuide/id_roles_terms-and-concepts.html)
 * and parliament checks its actions, principals and conditions. Every other document goes as it is (in a
 * KMS key policy `Resource: "*"` means "this key"; that finding is justified in lib/iam.ts).
 */
import type { CollectedIamDocument } from "./iam-documents";
import type { PolicyStatement } from "./policy-document";

/**
 * A finding of parliament (the IAM linter the tests run on every document the stacks generate, see
 * tests/policies/iam-parliament.test.ts) accepted for statements a builder writes, with the reason. The
 * accepted findings themselves are listed with the builders, in lib/iam.ts (`PARLIAMENT_JUSTIFIED_FINDINGS`).
 */
export interface JustifiedIamFinding {
    /** parliament issue code, e.g. `UNKNOWN_CONDITION_FOR_ACTION`. */
    issue: string;
    /** Text the finding's detail contains. */
    detail: string;
    /** Logical names of the resources (role policy, key...) whose documents it applies to. */
    resource: RegExp;
    /** Further test on the statement the finding points at. */
    statement?: (statement: {
        Principal?: unknown;
        Condition?: Record<string, Record<string, unknown>>;
    }) => boolean;
    /** The builder that writes the statement. */
    builder: string;
    /** Why the finding is accepted. */
    reason: string;
}

/** A finding as `parliament --json` prints it (one JSON object a line). */
export interface ParliamentFinding {
    issue: string;
    title: string;
    severity: string;
    description: string;
    detail: unknown;
    location: { filepath?: string; line?: number; column?: number; [key: string]: unknown };
}

/** A document rendered for parliament, and where each statement sits in the file. */
export interface ParliamentInput {
    source: CollectedIamDocument;
    /** File text (pretty-printed JSON). */
    text: string;
    /** 1-based first and last line of each statement in `text`. */
    statementLines: { first: number; last: number }[];
    statements: PolicyStatement[];
}

function asList(value: unknown): unknown[] {
    if (value === undefined) return [];
    return Array.isArray(value) ? value : [value];
}

/** The document in the form parliament checks: trust policies get the role as Resource; others unchanged. */
export function parliamentView(source: CollectedIamDocument): {
    Version?: string;
    Statement: PolicyStatement[];
} {
    const doc = source.document as { Version?: string; Statement: unknown };
    const statements = asList(doc.Statement) as PolicyStatement[];
    const arn = source.resourceArn;
    const view = statements.map((statement) =>
        source.kind === "trust" && arn !== undefined && statement.Resource === undefined
            ? { ...statement, Resource: arn }
            : statement,
    );
    return { Version: doc.Version, Statement: view };
}

/** Pretty-prints the view, one statement after another, recording each statement's lines. */
export function renderForParliament(source: CollectedIamDocument): ParliamentInput {
    const view = parliamentView(source);
    const lines = ["{", `  "Version": ${JSON.stringify(view.Version ?? "2012-10-17")},`, '  "Statement": ['];
    const statementLines: { first: number; last: number }[] = [];
    view.Statement.forEach((statement, index) => {
        const rendered = JSON.stringify(statement, null, 2)
            .split("\n")
            .map((line) => `    ${line}`);
        if (index < view.Statement.length - 1) rendered[rendered.length - 1] += ",";
        statementLines.push({ first: lines.length + 1, last: lines.length + rendered.length });
        lines.push(...rendered);
    });
    lines.push("  ]", "}");
    return { source, text: `${lines.join("\n")}\n`, statementLines, statements: view.Statement };
}

/** The statement a finding's line falls in, if any. */
export function statementAt(input: ParliamentInput, line: number | undefined): PolicyStatement | undefined {
    if (line === undefined) return undefined;
    const index = input.statementLines.findIndex((l) => line >= l.first && line <= l.last);
    return index === -1 ? undefined : input.statements[index];
}

/** The justification that accepts `finding` in `input`, or undefined. */
export function justificationFor(
    finding: ParliamentFinding,
    input: ParliamentInput,
    justifications: readonly JustifiedIamFinding[],
): JustifiedIamFinding | undefined {
    const { filepath: _file, line, column: _column, ...where } = finding.location;
    const text = JSON.stringify([finding.detail, where]);
    // A finding with a line is about the statement there; one without (community auditors) about the whole
    // document, so every statement must pass the justification's test.
    const statement = statementAt(input, line);
    const concerned = line === undefined ? input.statements : statement === undefined ? [] : [statement];
    return justifications.find(
        (j) =>
            j.issue === finding.issue &&
            text.includes(j.detail) &&
            j.resource.test(input.source.resourceName) &&
            (j.statement === undefined ||
                (concerned.length > 0 &&
                    concerned.every((s) =>
                        j.statement?.(s as Parameters<NonNullable<typeof j.statement>>[0]),
                    ))),
    );
}
