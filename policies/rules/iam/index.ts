/** The IAM rules: identity, trust and attachment checks. */
import { iamNoFullAccessManagedPolicies } from "./no-full-access-managed-policies";
import { iamNoWildcardAction } from "./no-wildcard-action";
import { iamNoWildcardResource } from "./no-wildcard-resource";
import { iamTrustPolicyScoped } from "./trust-policy-scoped";

export const IAM_POLICIES = [
    iamNoWildcardAction,
    iamNoWildcardResource,
    iamNoFullAccessManagedPolicies,
    iamTrustPolicyScoped,
];
export { BROAD_AWS_MANAGED_POLICIES } from "./no-full-access-managed-policies";
export { iamNoFullAccessManagedPolicies, iamNoWildcardAction, iamNoWildcardResource, iamTrustPolicyScoped };
