import type { ResourceValidationPolicy } from "@pulumi/policy";
import { statementsOfKind } from "../../lib/document-statements";
import { isAllow, listOf } from "../../lib/policy-document";

/** True for `*` and for a whole-service wildcard such as `s3:*`. */
export function isWildcardAction(action: string): boolean {
    return action === "*" || /^[a-z0-9-]+:\*$/i.test(action);
}

/** Identity policies name their actions. */
export const iamNoWildcardAction: ResourceValidationPolicy = {
    name: "iam-no-wildcard-action",
    description:
        "No identity policy allows Action * or a whole service (service:*), nor uses NotAction in an Allow, so every role can do exactly the actions it was written for.",
    severity: "high",
    remediationSteps:
        "List the actions the role needs (the builders in lib/iam.ts do: readPrefix, writePrefix, useKey, writeLogGroup); a partial wildcard such as kms:ReEncrypt* is fine.",
    url: "https://docs.aws.amazon.com/IAM/latest/UserGuide/best-practices.html#grant-least-privilege",
    validateResource: (args, reportViolation) => {
        const statements = statementsOfKind(args.type, args.props, "identity", (path, message) =>
            reportViolation(`${args.name} ${path}: ${message}`),
        );
        for (const { path, label, statement } of statements.filter((s) => isAllow(s.statement))) {
            const wildcards = listOf(statement.Action).filter(isWildcardAction);
            if (wildcards.length > 0) {
                reportViolation(
                    `${args.name} ${path} statement ${label}: allows ${wildcards.join(", ")}; list the actions it needs`,
                );
            }
            if (statement.NotAction !== undefined) {
                reportViolation(
                    `${args.name} ${path} statement ${label}: Allow with NotAction grants every other action; list the actions it needs`,
                );
            }
        }
    },
};
