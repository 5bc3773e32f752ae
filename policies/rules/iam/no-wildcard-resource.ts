import type { ResourceValidationPolicy } from "@pulumi/policy";
import { statementsOfKind } from "../../lib/document-statements";
import { isAllow, listOf } from "../../lib/policy-document";
import { ACTIONS_ONLY_ON_STAR } from "../../shared-constants";

const ONLY_ON_STAR = new Set(Object.keys(ACTIONS_ONLY_ON_STAR).map((a) => a.toLowerCase()));

/** True when AWS only authorizes `action` on `Resource: "*"` (listed, with the reason, in lib/iam.ts). */
export function isActionOnlyOnStar(action: string): boolean {
    return ONLY_ON_STAR.has(action.toLowerCase());
}

/** Identity policies name their resources, except for actions AWS only allows on `*`. */
export const iamNoWildcardResource: ResourceValidationPolicy = {
    name: "iam-no-wildcard-resource",
    description:
        "No identity policy allows Resource * (or NotResource) except for actions AWS only authorizes on * (ACTIONS_ONLY_ON_STAR in lib/iam.ts, each with its reason), so every grant is scoped to the lake's own ARNs.",
    severity: "high",
    remediationSteps:
        "Scope the statement to ARNs (bucket/prefix, key, log group, catalog database and tables); if AWS truly only allows the action on *, add it with the reason to ACTIONS_ONLY_ON_STAR in lib/iam.ts and give it a statement of its own.",
    url: "https://docs.aws.amazon.com/service-authorization/latest/reference/reference_policies_actions-resources-contextkeys.html",
    validateResource: (args, reportViolation) => {
        const statements = statementsOfKind(args.type, args.props, "identity", (path, message) =>
            reportViolation(`${args.name} ${path}: ${message}`),
        );
        for (const { path, label, statement } of statements.filter((s) => isAllow(s.statement))) {
            if (statement.NotResource !== undefined) {
                reportViolation(
                    `${args.name} ${path} statement ${label}: Allow with NotResource grants every other resource; list the ARNs`,
                );
            }
            if (!listOf(statement.Resource).includes("*")) continue;
            const scopable = listOf(statement.Action).filter((a) => !isActionOnlyOnStar(a));
            if (scopable.length > 0) {
                reportViolation(
                    `${args.name} ${path} statement ${label}: allows ${scopable.join(", ")} on Resource *; scope ${scopable.length === 1 ? "it" : "them"} to ARNs (only ${Object.keys(ACTIONS_ONLY_ON_STAR).join(", ")} may use *)`,
                );
            }
        }
    },
};
