import type { ResourceValidationPolicy } from "@pulumi/policy";
import { statementsOfKind } from "../../lib/document-statements";
import { isAllow, listOf } from "../../lib/policy-document";

/**
 * Actions that let a principal grant itself more than it has, on whatever resource: write or attach a
 * policy, replace a managed policy's version, rewrite a trust policy, or mint credentials for a user.
 * https://rhinosecuritylabs.com/aws/aws-privilege-escalation-methods-mitigation/
 */
export const ESCALATION_ACTIONS: readonly string[] = [
    "iam:AddUserToGroup",
    "iam:AttachGroupPolicy",
    "iam:AttachRolePolicy",
    "iam:AttachUserPolicy",
    "iam:CreateAccessKey",
    "iam:CreateLoginProfile",
    "iam:CreatePolicyVersion",
    "iam:PutGroupPolicy",
    "iam:PutRolePolicy",
    "iam:PutUserPolicy",
    "iam:SetDefaultPolicyVersion",
    "iam:UpdateAssumeRolePolicy",
    "iam:UpdateLoginProfile",
];

/** Actions that escalate only when granted on a wildcard (any role, any function). */
export const ESCALATION_ACTIONS_ON_WILDCARD: readonly string[] = [
    "iam:PassRole",
    "sts:AssumeRole",
    "lambda:UpdateFunctionCode",
];

/** True when the action pattern (IAM wildcards `*` and `?`, case-insensitive) matches `action`. */
export function actionMatches(pattern: string, action: string): boolean {
    const regex = pattern
        .replace(/[.+^${}()|[\]\\]/g, "\\$&")
        .replace(/\*/g, ".*")
        .replace(/\?/g, ".");
    return new RegExp(`^${regex}$`, "i").test(action);
}

/** The escalation actions a statement's action patterns grant. */
function granted(patterns: string[], actions: readonly string[]): string[] {
    return actions.filter((action) => patterns.some((p) => actionMatches(p, action)));
}

/** Identity policies grant no action that escalates privileges. */
export const iamNoPrivilegeEscalation: ResourceValidationPolicy = {
    name: "iam-no-privilege-escalation",
    description:
        "No identity policy allows an action that lets a role grant itself more (iam:Put*Policy, iam:Attach*Policy, iam:CreatePolicyVersion, iam:SetDefaultPolicyVersion, iam:UpdateAssumeRolePolicy, iam:CreateAccessKey, login profiles, group membership), nor iam:PassRole, sts:AssumeRole or lambda:UpdateFunctionCode on a resource with *, so no lake role can become an administrator.",
    severity: "critical",
    remediationSteps:
        "Remove the action: the lake's roles are defined by the program, never by themselves; pass or assume named role ARNs and update named functions only.",
    url: "https://docs.aws.amazon.com/IAM/latest/UserGuide/best-practices.html#grant-least-privilege",
    validateResource: (args, reportViolation) => {
        const statements = statementsOfKind(args.type, args.props, "identity", (path, message) =>
            reportViolation(`${args.name} ${path}: ${message}`),
        );
        for (const { path, label, statement } of statements.filter((s) => isAllow(s.statement))) {
            const patterns = listOf(statement.Action);
            const onWildcard = listOf(statement.Resource).some((r) => r.includes("*"));
            const always = granted(patterns, ESCALATION_ACTIONS);
            const onStar = onWildcard ? granted(patterns, ESCALATION_ACTIONS_ON_WILDCARD) : [];
            const granting = [
                ...(always.length > 0 ? [always.join(", ")] : []),
                ...(onStar.length > 0 ? [`${onStar.join(", ")} on a wildcard resource`] : []),
            ];
            if (granting.length > 0) {
                const count = always.length + onStar.length;
                reportViolation(
                    `${args.name} ${path} statement ${label}: allows ${granting.join(" and ")}, which escalates privileges; remove ${count === 1 ? "it" : "them"} or name the resource`,
                );
            }
        }
    },
};
