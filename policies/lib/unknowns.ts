/**
 * Values that are not known yet. During a `pulumi preview` of resources still to be created, CrossGuard hands
 * rules props that throw `UnknownValueError` when a value the deployment computes (a key ARN, a queue URL)
 * is read. A rule that only needs to know that such a value is set reads it with {@link isSet}: a value the
 * deployment will fill in is set.
 * https://www.pulumi.com/docs/iac/using-pulumi/crossguard/core-concepts/#unknown-values
 */
import { UnknownValueError } from "@pulumi/policy";

/** True when `read()` gives a non-empty value, or a value not known until the deployment computes it. */
export function isSet(read: () => unknown): boolean {
    try {
        const value = read();
        return value !== undefined && value !== null && value !== "";
    } catch (error) {
        if (error instanceof UnknownValueError) return true;
        throw error;
    }
}
