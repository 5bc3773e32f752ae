import type { ResourceValidationPolicy } from "@pulumi/policy";
import { listOf } from "../../lib/policy-document";
import { TYPES } from "../../lib/types";

/**
 * AWS-managed policies that are refused whatever their name, with the reason. Any other AWS-managed
 * policy whose name ends in `FullAccess` is refused too.
 */
export const BROAD_AWS_MANAGED_POLICIES: Readonly<Record<string, string>> = {
    AdministratorAccess: "it grants every action on every resource",
    PowerUserAccess: "it grants every action but IAM and Organizations on every resource",
    AWSGlueServiceRole:
        "it grants S3 on every aws-glue-* bucket and many actions on *; lake roles get scoped statements instead",
};

/** Where each attachment type names its policy ARN(s). */
const POLICY_ARN_PROPERTIES: Readonly<Record<string, string>> = {
    [TYPES.iamRolePolicyAttachment]: "policyArn",
    [TYPES.iamUserPolicyAttachment]: "policyArn",
    [TYPES.iamGroupPolicyAttachment]: "policyArn",
    [TYPES.iamPolicyAttachment]: "policyArn",
    [TYPES.iamRolePolicyAttachmentsExclusive]: "policyArns",
    [TYPES.iamUserPolicyAttachmentsExclusive]: "policyArns",
    [TYPES.iamGroupPolicyAttachmentsExclusive]: "policyArns",
    [TYPES.iamRole]: "managedPolicyArns",
};

const AWS_MANAGED_POLICY_ARN = /^arn:[a-z-]+:iam::aws:policy\/(?:.*\/)?([^/]+)$/;

/** Why an AWS-managed policy ARN is refused, or undefined when it is acceptable (or customer managed). */
export function broadManagedPolicyReason(policyArn: string): string | undefined {
    const name = AWS_MANAGED_POLICY_ARN.exec(policyArn)?.[1];
    if (name === undefined) return undefined;
    if (name in BROAD_AWS_MANAGED_POLICIES) return BROAD_AWS_MANAGED_POLICIES[name];
    if (name.endsWith("FullAccess")) return "a FullAccess policy grants every action of its service";
    return undefined;
}

/** No role, user or group gets a broad AWS-managed policy. */
export const iamNoFullAccessManagedPolicies: ResourceValidationPolicy = {
    name: "iam-no-full-access-managed-policies",
    description:
        "No role, user or group is attached an AWS-managed *FullAccess policy, AdministratorAccess, PowerUserAccess or AWSGlueServiceRole, because they grant far more than a lake job needs and change without notice.",
    severity: "high",
    remediationSteps:
        "Replace the attachment with an inline or customer-managed policy built from the scoped builders in lib/iam.ts.",
    url: "https://docs.aws.amazon.com/IAM/latest/UserGuide/access_policies_managed-vs-inline.html#aws-managed-policies",
    validateResource: (args, reportViolation) => {
        const property = POLICY_ARN_PROPERTIES[args.type];
        if (property === undefined) args.notApplicable("applies to IAM roles and policy attachments");
        for (const arn of listOf(args.props[property])) {
            const reason = broadManagedPolicyReason(arn);
            if (reason !== undefined) {
                reportViolation(`${args.name}: attaches ${arn} (${reason}); use a scoped inline policy`);
            }
        }
    },
};
