/**
 * The statements of the IAM documents one resource carries, for the rules that check statements. A
 * document that does not parse is reported as a violation by the caller's `onInvalid`.
 */
import { type IamDocumentKind, iamDocumentsOf } from "./iam-documents";
import { PolicyDocumentError, type PolicyStatement, parsePolicyDocument } from "./policy-document";

/** One statement and where it was found. */
export interface LocatedStatement {
    /** Property path of the document, e.g. `inlinePolicies[write-silver].policy`. */
    path: string;
    /** The statement's Sid, or its index in the document. */
    label: string;
    statement: PolicyStatement;
}

/** Statements of the resource's documents of `kind`; `onInvalid(path, message)` hears of unparsable ones. */
export function statementsOfKind(
    type: string,
    props: Record<string, unknown>,
    kind: IamDocumentKind,
    onInvalid: (path: string, message: string) => void,
): LocatedStatement[] {
    const located: LocatedStatement[] = [];
    for (const source of iamDocumentsOf(type, props).filter((d) => d.kind === kind)) {
        try {
            const doc = parsePolicyDocument(source.value);
            for (const [index, statement] of (doc?.Statement ?? []).entries()) {
                located.push({ path: source.path, label: statement.Sid ?? `#${index}`, statement });
            }
        } catch (error) {
            if (!(error instanceof PolicyDocumentError)) throw error;
            onInvalid(source.path, error.message);
        }
    }
    return located;
}
