import type { StackValidationPolicy } from "@pulumi/policy";
import { accountOf, homeAccounts } from "../../lib/accounts";
import { statementsOfKind } from "../../lib/document-statements";
import { conditionKeysOf, isAllow, principalsOf } from "../../lib/policy-document";
import { ofTypes } from "../../lib/stack-links";
import { TYPES } from "../../lib/types";

/** The condition key a third party must present to assume a role across accounts (lowercase). */
export const EXTERNAL_ID_KEY = "sts:externalid";

/** Roles another account may assume require an external id. */
export const iamCrossAccountTrustExternalId: StackValidationPolicy = {
    name: "iam-cross-account-trust-external-id",
    description:
        "Every trust policy statement that lets an account outside the stack's own (the accounts in its resources' ARNs) assume a role requires sts:ExternalId, so the other account cannot be tricked into assuming it for someone else (confused deputy).",
    severity: "high",
    remediationSteps:
        'Add Condition StringEquals "sts:ExternalId": "<secret agreed with the other account>" to the statement, or trust a principal of the stack\'s own account instead.',
    url: "https://docs.aws.amazon.com/IAM/latest/UserGuide/id_roles_common-scenarios_third-party.html",
    validateStack: (args, reportViolation) => {
        const home = homeAccounts(args.resources);
        if (home.size === 0)
            args.notApplicable("no ARN of the stack is known yet, so neither is its account");
        for (const role of ofTypes(args.resources, [TYPES.iamRole])) {
            const statements = statementsOfKind(role.type, role.props, "trust", (path, message) =>
                reportViolation(`${role.name} ${path}: ${message}`, role.urn),
            );
            for (const { label, statement } of statements.filter((s) => isAllow(s.statement))) {
                const foreign = principalsOf(statement)
                    .aws.map(accountOf)
                    .filter((a): a is string => a !== undefined && !home.has(a));
                if (foreign.length === 0 || conditionKeysOf(statement).includes(EXTERNAL_ID_KEY)) continue;
                reportViolation(
                    `${role.name} trust policy statement ${label}: account ${[...new Set(foreign)].join(", ")} may assume the role without sts:ExternalId; add Condition StringEquals sts:ExternalId`,
                    role.urn,
                );
            }
        }
    },
};
