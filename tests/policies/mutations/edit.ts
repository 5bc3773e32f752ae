/**
 * Small editors the mutation table uses to change a recorded resource's inputs: policy documents held as
 * JSON strings, and resources a mutation adds beside the stack's own.
 */
import type { EvaluatedResource } from "../../../policies/evaluate";
import type { PolicyDocument, PolicyStatement } from "../../../policies/lib/policy-document";
import { parsePolicyDocument } from "../../../policies/lib/policy-document";
import { resource } from "../support/fixtures";

/** An account that is not the stack's (the mocks' account is 123456789012). */
export const FOREIGN_ACCOUNT = "999999999999";

export type Props = Record<string, unknown>;

/** The props with the JSON policy document in `property` rewritten by `edit`. */
export function editDocument(
    props: Props,
    property: string,
    edit: (doc: PolicyDocument) => PolicyDocument,
): Props {
    const doc = parsePolicyDocument(props[property]);
    if (doc === undefined) throw new Error(`no policy document in ${property}`);
    return { ...props, [property]: JSON.stringify(edit(doc)) };
}

/** The props with `statement` appended to the policy document in `property` (default `policy`). */
export function addStatement(statement: PolicyStatement, property = "policy") {
    return (props: Props): Props =>
        editDocument(props, property, (doc) => ({ ...doc, Statement: [...doc.Statement, statement] }));
}

/** The props with the statements `drop` selects removed from the policy document in `policy`. */
export function dropStatements(drop: (statement: PolicyStatement) => boolean) {
    return (props: Props): Props =>
        editDocument(props, "policy", (doc) => ({
            ...doc,
            Statement: doc.Statement.filter((s) => !drop(s)),
        }));
}

/** The props with every statement of the trust policy rewritten by `edit`. */
export function editTrust(edit: (statement: PolicyStatement) => PolicyStatement) {
    return (props: Props): Props =>
        editDocument(props, "assumeRolePolicy", (doc) => ({ ...doc, Statement: doc.Statement.map(edit) }));
}

/** True for the TLS-only deny statement the lake adds to each resource policy. */
export const isTlsDeny = (statement: PolicyStatement) => statement.Sid === "DenyInsecureTransport";

/** The props with `change` merged into the nested object at `key`. */
export function merge(key: string, change: Props) {
    return (props: Props): Props => ({
        ...props,
        [key]: { ...(props[key] as Props | undefined), ...change },
    });
}

/** A resource a mutation adds, linked to `target` through its `property` like the engine records it. */
export function added(
    type: string,
    name: string,
    props: Props,
    target?: { resource: EvaluatedResource; property: string },
): EvaluatedResource {
    const extra = resource(type, name, props);
    if (target !== undefined)
        extra.propertyDependencies = { [target.property]: [String(target.resource.urn)] };
    return extra;
}
