import type * as aws from "@pulumi/aws";
import type { StackValidationPolicy } from "@pulumi/policy";
import { ALLOWED_ACCOUNTS_SCHEMA, accountOf, trustedAccounts } from "../../lib/accounts";
import { ofTypes, stringProp } from "../../lib/stack-links";
import { TYPES } from "../../lib/types";

/** Lambda permissions let no other account invoke a function. */
export const lambdaPermissionSameAccount: StackValidationPolicy = {
    name: "lambda-permission-same-account",
    description:
        "No Lambda permission lets an account outside the stack's own (the accounts in its resources' ARNs) and the allowedAccounts config invoke a function, as principal or as sourceAccount, so only the lake's own sources trigger its functions.",
    severity: "high",
    remediationSteps:
        "Grant the permission to a service principal with sourceAccount set to the stack's account (and sourceArn), or to a principal of the stack's account; add an account that must invoke on purpose to this rule's allowedAccounts config.",
    url: "https://docs.aws.amazon.com/lambda/latest/dg/permissions-function-cross-account.html",
    configSchema: { properties: ALLOWED_ACCOUNTS_SCHEMA },
    validateStack: (args, reportViolation) => {
        const { home, trusted } = trustedAccounts(args, args.resources);
        if (home.size === 0)
            args.notApplicable("no ARN of the stack is known yet, so neither is its account");
        for (const permission of ofTypes(args.resources, [TYPES.lambdaPermission])) {
            const props = permission.props as aws.lambda.PermissionArgs;
            const named = [stringProp(permission, "principal"), stringProp(permission, "sourceAccount")];
            const foreign = named
                .map((value) => (value === undefined ? undefined : accountOf(value)))
                .filter((a): a is string => a !== undefined && !trusted.has(a));
            if (foreign.length > 0) {
                reportViolation(
                    `Lambda permission ${permission.name}: lets account ${[...new Set(foreign)].join(", ")} invoke ${String(props.function)}; grant it within the stack's account or add the account to allowedAccounts`,
                    permission.urn,
                );
            }
        }
    },
};
