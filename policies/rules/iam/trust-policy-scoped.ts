import type { ResourceValidationPolicy } from "@pulumi/policy";
import { PACK_DEFAULTS } from "../../defaults";
import { ruleConfig } from "../../lib/config";
import { statementsOfKind } from "../../lib/document-statements";
import { conditionKeysOf, isAllow, principalsOf } from "../../lib/policy-document";
import { TYPES } from "../../lib/types";

/** Condition keys that tie a service's role assumption to this account or one source resource. */
export const SOURCE_CONDITION_KEYS = ["aws:sourceaccount", "aws:sourcearn", "aws:sourceorgid"] as const;

/** Config of `iam-trust-policy-scoped`. */
export interface TrustPolicyConfig {
    /** Service principals that assume roles without sending source context (no condition required). */
    servicesWithoutSourceContext: string[];
}

/** Trust policies name one service (or account) and pin services to the source account. */
export const iamTrustPolicyScoped: ResourceValidationPolicy = {
    name: "iam-trust-policy-scoped",
    description:
        "Every role's trust policy names its principals (never *), scopes each service principal with aws:SourceAccount or aws:SourceArn (against the confused deputy problem) unless the service sends no source context, and puts a condition on every federated principal.",
    severity: "high",
    remediationSteps:
        "Build trust policies with serviceTrustPolicy(service, accountId) from lib/iam.ts; for a service that sends no source context, list it in this rule's servicesWithoutSourceContext config.",
    url: "https://docs.aws.amazon.com/IAM/latest/UserGuide/confused-deputy.html",
    configSchema: {
        properties: {
            servicesWithoutSourceContext: {
                type: "array",
                items: { type: "string" },
                default: PACK_DEFAULTS.servicesWithoutSourceContext,
                description:
                    "Service principals exempt from the aws:SourceAccount / aws:SourceArn condition.",
            },
        },
    },
    validateResource: (args, reportViolation) => {
        if (args.type !== TYPES.iamRole) args.notApplicable(`applies to ${TYPES.iamRole}`);
        const config = ruleConfig<TrustPolicyConfig>(args, {
            servicesWithoutSourceContext: PACK_DEFAULTS.servicesWithoutSourceContext,
        });
        const statements = statementsOfKind(args.type, args.props, "trust", (path, message) =>
            reportViolation(`${args.name} ${path}: ${message}`),
        );
        for (const { label, statement } of statements.filter((s) => isAllow(s.statement))) {
            const where = `${args.name} trust policy statement ${label}`;
            const principals = principalsOf(statement);
            const keys = conditionKeysOf(statement);
            if (principals.anyone) {
                reportViolation(
                    `${where}: trusts principal *; name the service or account that assumes the role`,
                );
            }
            const sourceScoped = SOURCE_CONDITION_KEYS.some((k) => keys.includes(k));
            const unscoped = principals.service.filter(
                (s) => !config.servicesWithoutSourceContext.includes(s) && !sourceScoped,
            );
            if (unscoped.length > 0) {
                reportViolation(
                    `${where}: service ${unscoped.join(", ")} may assume the role on behalf of any account; add Condition StringEquals aws:SourceAccount (or ArnLike aws:SourceArn)`,
                );
            }
            if (principals.federated.length > 0 && keys.length === 0) {
                reportViolation(
                    `${where}: federated principal ${principals.federated.join(", ")} has no condition, so any identity of the provider may assume the role; add conditions on the token's audience and subject`,
                );
            }
        }
    },
};
