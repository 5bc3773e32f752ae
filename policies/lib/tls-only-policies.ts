/**
 * Whether the resource policies that apply to a queue or topic deny requests without TLS. A queue or
 * topic can carry its policy inline (`policy`) or get it from a separate `QueuePolicy` / `TopicPolicy`.
 */
import type { PolicyResource } from "@pulumi/policy";
import { deniesInsecureTransport, PolicyDocumentError, parsePolicyDocument } from "./policy-document";

/** The result: TLS-only or not, and the documents that did not parse. */
export interface TlsOnlyResult {
    tlsOnly: boolean;
    invalid: string[];
}

/** Checks the `policy` of the owner itself and of every separate policy resource attached to it. */
export function tlsOnly(owner: PolicyResource, attached: PolicyResource[]): TlsOnlyResult {
    const result: TlsOnlyResult = { tlsOnly: false, invalid: [] };
    for (const source of [owner, ...attached]) {
        try {
            const doc = parsePolicyDocument(source.props.policy);
            result.tlsOnly ||= (doc?.Statement ?? []).some(deniesInsecureTransport);
        } catch (error) {
            if (!(error instanceof PolicyDocumentError)) throw error;
            result.invalid.push(`${source.name}: policy ${error.message}`);
        }
    }
    return result;
}
