import type { ResourceValidationArgs, ResourceValidationPolicy } from "@pulumi/policy";
import { ACCOUNT_SCOPING_CONDITION_KEYS } from "../../lib/accounts";
import {
    conditionKeysOf,
    isAllow,
    PolicyDocumentError,
    parsePolicyDocument,
    principalsOf,
} from "../../lib/policy-document";
import { TYPES } from "../../lib/types";

export { ACCOUNT_SCOPING_CONDITION_KEYS };

/** Where each resource type carries its key policy. */
const KEY_POLICY_TYPES = [TYPES.kmsKey, TYPES.kmsKeyPolicy];

/** KMS key policies do not allow anyone outside the account. */
export const kmsKeyPolicyNotPublic: ResourceValidationPolicy = {
    name: "kms-key-policy-not-public",
    description:
        "No KMS key policy allows a wildcard principal unless a condition pins it to an account, organization or source, so no one outside the account can use the key that encrypts the lake; Resource * in a key policy means the key itself and is fine.",
    severity: "critical",
    remediationSteps:
        "Name principals explicitly (the account root, roles, service principals), or add a condition on kms:CallerAccount, aws:PrincipalAccount, aws:PrincipalOrgID, aws:SourceAccount or aws:SourceArn to the statement that allows *.",
    url: "https://docs.aws.amazon.com/kms/latest/developerguide/key-policy-overview.html",
    validateResource: (args: ResourceValidationArgs, reportViolation) => {
        if (!KEY_POLICY_TYPES.includes(args.type)) {
            args.notApplicable(`applies to ${KEY_POLICY_TYPES.join(" and ")}`);
        }
        try {
            const doc = parsePolicyDocument(args.props.policy);
            for (const [index, statement] of (doc?.Statement ?? []).entries()) {
                if (!isAllow(statement) || !principalsOf(statement).anyone) continue;
                const keys = conditionKeysOf(statement);
                const scoped = ACCOUNT_SCOPING_CONDITION_KEYS.some((k) => keys.includes(k));
                if (!scoped) {
                    reportViolation(
                        `key policy of ${args.name}: statement ${statement.Sid ?? index} allows principal * with no account condition; name the principals or add a kms:CallerAccount / aws:PrincipalOrgID condition`,
                    );
                }
            }
        } catch (error) {
            if (!(error instanceof PolicyDocumentError)) throw error;
            reportViolation(`key policy of ${args.name}: ${error.message}`);
        }
    },
};
