/**
 * Where resources carry IAM policy documents, and of which kind: identity policies (what a role, user or
 * group may do), trust policies (who may assume a role) and resource policies (who may use a bucket, key,
 * queue, topic, secret or the Glue Data Catalog).
 * Follows https://docs.aws.amazon.com/IAM/latest/UserGuide/access_policies.html#access_policy-types
 */
import { TYPES } from "./types";

/** The kind of an IAM document. */
export type IamDocumentKind = "identity" | "trust" | "resource";

/** One document found in a resource's properties. */
export interface IamDocumentSource {
    kind: IamDocumentKind;
    /** Where in the properties it sits, e.g. `policy`, `assumeRolePolicy`, `inlinePolicies[read-bronze].policy`. */
    path: string;
    /** The document as the property holds it: a JSON string or an object. */
    value: unknown;
}

/** Resource types whose `policy` property is an identity policy. */
const IDENTITY_POLICY_TYPES: readonly string[] = [
    TYPES.iamPolicy,
    TYPES.iamRolePolicy,
    TYPES.iamUserPolicy,
    TYPES.iamGroupPolicy,
];

/** Resource types whose `policy` property is a resource policy. */
const RESOURCE_POLICY_TYPES: readonly string[] = [
    TYPES.bucketPolicy,
    TYPES.kmsKey,
    TYPES.kmsKeyPolicy,
    TYPES.sqsQueue,
    TYPES.sqsQueuePolicy,
    TYPES.snsTopic,
    TYPES.snsTopicPolicy,
    TYPES.secretPolicy,
];

/** Resource types that carry a resource policy in another property than `policy`. */
const RESOURCE_POLICY_PROPERTIES: Readonly<Record<string, string>> = {
    [TYPES.glueResourcePolicy]: "policyInJson",
};

/** Every IAM document in a resource's properties (unset ones skipped). */
export function iamDocumentsOf(type: string, props: Record<string, unknown>): IamDocumentSource[] {
    const found: IamDocumentSource[] = [];
    const add = (kind: IamDocumentKind, path: string, value: unknown) => {
        if (value !== undefined && value !== null && value !== "") found.push({ kind, path, value });
    };
    if (type === TYPES.iamRole) {
        add("trust", "assumeRolePolicy", props.assumeRolePolicy);
        for (const [index, inline] of ((props.inlinePolicies ?? []) as Record<string, unknown>[]).entries()) {
            add("identity", `inlinePolicies[${String(inline.name ?? index)}].policy`, inline.policy);
        }
    } else if (IDENTITY_POLICY_TYPES.includes(type)) {
        add("identity", "policy", props.policy);
    } else if (RESOURCE_POLICY_TYPES.includes(type)) {
        add("resource", "policy", props.policy);
    } else if (type in RESOURCE_POLICY_PROPERTIES) {
        const property = RESOURCE_POLICY_PROPERTIES[type];
        add("resource", property, props[property]);
    }
    return found;
}

/** A resource as the collectors read it (the evaluator's resource shape). */
export interface ResourceWithInputs {
    type: string;
    name: string;
    urn?: string;
    inputs: Record<string, unknown>;
    /** Outputs; the collector reads the resource's `arn` from them. */
    outputs?: Record<string, unknown>;
}

/** One IAM document of a stack, parsed, with where it came from. */
export interface CollectedIamDocument extends IamDocumentSource {
    resourceType: string;
    resourceName: string;
    urn?: string;
    /** ARN of the resource (role, key, queue...) when its outputs carry one. */
    resourceArn?: string;
    /** The document, parsed from JSON when the property held a string. */
    document: unknown;
}

/**
 * Every IAM document the resources carry, from their inputs.
 * @throws Error naming the resource and property when a document is not valid JSON.
 */
export function collectIamDocuments(resources: ResourceWithInputs[]): CollectedIamDocument[] {
    const collected: CollectedIamDocument[] = [];
    for (const resource of resources) {
        for (const source of iamDocumentsOf(resource.type, resource.inputs)) {
            let document: unknown = source.value;
            if (typeof document === "string") {
                try {
                    document = JSON.parse(document);
                } catch (error) {
                    throw new Error(
                        `${resource.name} ${source.path}: not valid JSON (${(error as Error).message})`,
                    );
                }
            }
            collected.push({
                ...source,
                resourceType: resource.type,
                resourceName: resource.name,
                urn: resource.urn,
                resourceArn: typeof resource.outputs?.arn === "string" ? resource.outputs.arn : undefined,
                document,
            });
        }
    }
    return collected;
}
