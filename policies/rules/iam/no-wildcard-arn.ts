import type { ResourceValidationPolicy } from "@pulumi/policy";
import { PACK_DEFAULTS } from "../../defaults";
import { ruleConfig } from "../../lib/config";
import { statementsOfKind } from "../../lib/document-statements";
import { isAllow, listOf } from "../../lib/policy-document";

/** Config of `iam-no-wildcard-arn`. */
export interface WildcardArnConfig {
    /** Resource types (`<service>:<type>`) whose resource name may be `*`. */
    allowedWildcardTypes: string[];
}

/** Services whose ARNs name the resource with no resource type (`arn:aws:s3:::<bucket>/<key>`). */
const UNTYPED_SERVICES = ["s3", "sqs", "sns"];

/** What a resource ARN names: its service, resource type (empty when untyped) and the resource's name. */
export interface ArnParts {
    service: string;
    region: string;
    account: string;
    type: string;
    name: string;
}

/** Splits an ARN; undefined when it is not one. */
export function arnParts(arn: string): ArnParts | undefined {
    const parts = arn.split(":");
    if (parts.length < 6 || parts[0] !== "arn") return undefined;
    const [, , service, region, account] = parts;
    const resource = parts.slice(5).join(":");
    if (UNTYPED_SERVICES.includes(service)) {
        return { service, region, account, type: "", name: resource.split("/")[0] };
    }
    const delimiter = /[:/]/.exec(resource);
    if (delimiter === null) return { service, region, account, type: resource, name: "" };
    const type = resource.slice(0, delimiter.index);
    const rest = resource.slice(delimiter.index + 1);
    const name = delimiter[0] === ":" ? rest.split(":")[0] : rest.split("/")[0];
    return { service, region, account, type, name };
}

/**
 * Why an ARN pattern matches more than the resources it is written for, or undefined: a `*` in the
 * service, region or account, in the resource type, or in the resource's name (the bucket, key, role, log
 * group, database...). A `*` after the name (objects under a prefix, a log group's streams, a database's
 * tables, a function's versions) is fine.
 */
export function wildcardArnReason(arn: string, allowedTypes: readonly string[]): string | undefined {
    if (arn === "*") return undefined; // iam-no-wildcard-resource's concern
    const parts = arnParts(arn);
    if (parts === undefined) return undefined;
    if (parts.service.includes("*")) return "any service";
    if (parts.region.includes("*")) return "any region";
    if (parts.account.includes("*")) return "any account";
    if (parts.type.includes("*")) return "any resource type";
    if (!parts.name.includes("*")) return undefined;
    if (allowedTypes.includes(`${parts.service}:${parts.type}`)) return undefined;
    return `any ${parts.type === "" ? "resource" : parts.type} name`;
}

/** Identity policies name the resources in their ARNs. */
export const iamNoWildcardArn: ResourceValidationPolicy = {
    name: "iam-no-wildcard-arn",
    description:
        "No identity policy allows an ARN pattern with * in its service, region, account, resource type or resource name (such as arn:aws:kms:*:*:key/* or arn:aws:s3:::*/*), except for the resource types of the allowedWildcardTypes config, so a grant cannot reach other accounts, regions or resources than the lake's own.",
    severity: "high",
    remediationSteps:
        "Write the ARN with the stack's region and account and the resource's name (a * may follow the name: bucket/prefix/*, log-group:<name>:*, table/<database>/*); for Secrets Manager use secret:<name>-?????? instead of *.",
    url: "https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_resource.html",
    configSchema: {
        properties: {
            allowedWildcardTypes: {
                type: "array",
                items: { type: "string" },
                default: PACK_DEFAULTS.allowedWildcardTypes,
                description:
                    "Resource types (<service>:<type>) whose name may be *, e.g. ec2:network-interface.",
            },
        },
    },
    validateResource: (args, reportViolation) => {
        const { allowedWildcardTypes } = ruleConfig<WildcardArnConfig>(args, {
            allowedWildcardTypes: PACK_DEFAULTS.allowedWildcardTypes,
        });
        const statements = statementsOfKind(args.type, args.props, "identity", (path, message) =>
            reportViolation(`${args.name} ${path}: ${message}`),
        );
        for (const { path, label, statement } of statements.filter((s) => isAllow(s.statement))) {
            for (const arn of listOf(statement.Resource)) {
                const reason = wildcardArnReason(arn, allowedWildcardTypes);
                if (reason !== undefined) {
                    reportViolation(
                        `${args.name} ${path} statement ${label}: ${arn} matches ${reason}; name the region, account and resource`,
                    );
                }
            }
        }
    },
};
