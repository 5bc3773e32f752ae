/** The IAM rules: identity, trust, resource policy and attachment checks. */
import { iamCrossAccountTrustExternalId } from "./cross-account-trust-external-id";
import { iamListBucketPrefixRequired } from "./list-bucket-prefix-required";
import { iamNoFullAccessManagedPolicies } from "./no-full-access-managed-policies";
import { iamNoPrivilegeEscalation } from "./no-privilege-escalation";
import { iamNoWildcardAction } from "./no-wildcard-action";
import { iamNoWildcardArn } from "./no-wildcard-arn";
import { iamNoWildcardResource } from "./no-wildcard-resource";
import { iamResourcePolicyPrivate } from "./resource-policy-private";
import { iamTrustPolicyScoped } from "./trust-policy-scoped";

export const IAM_POLICIES = [
    iamNoWildcardAction,
    iamNoWildcardResource,
    iamNoWildcardArn,
    iamNoPrivilegeEscalation,
    iamListBucketPrefixRequired,
    iamNoFullAccessManagedPolicies,
    iamTrustPolicyScoped,
    iamCrossAccountTrustExternalId,
    iamResourcePolicyPrivate,
];
export { BROAD_AWS_MANAGED_POLICIES } from "./no-full-access-managed-policies";
export { ESCALATION_ACTIONS, ESCALATION_ACTIONS_ON_WILDCARD } from "./no-privilege-escalation";
export {
    iamCrossAccountTrustExternalId,
    iamListBucketPrefixRequired,
    iamNoFullAccessManagedPolicies,
    iamNoPrivilegeEscalation,
    iamNoWildcardAction,
    iamNoWildcardArn,
    iamNoWildcardResource,
    iamResourcePolicyPrivate,
    iamTrustPolicyScoped,
};
