/**
 * The role a Glue job or crawler runs as: trusted by the Glue service of one account only, with one inline
 * least-privilege policy and no AWS managed policy.
 * Follows https://docs.aws.amazon.com/glue/latest/dg/create-an-iam-role.html
 */
import * as aws from "@pulumi/aws";
import type * as pulumi from "@pulumi/pulumi";
import { servicePrincipal } from "./aws";
import { policyDocument, type Statement, serviceTrustPolicy } from "./iam";

/** Longest session a Glue role grants, in seconds (IAM's minimum; Glue refreshes its credentials). */
export const GLUE_ROLE_MAX_SESSION_SECONDS = 3600;
/** Name of the inline policy of every Glue role. */
export const GLUE_ROLE_POLICY_NAME = "least-privilege";

export interface GlueRoleArgs {
    /** Physical role name (see `iamRoleName` in lib/naming.ts). */
    roleName: string;
    description: string;
    /** 12-digit account id whose Glue service may assume the role (`aws:SourceAccount`). */
    accountId: string;
    /** Region, for the service principal's partition. */
    region: string;
    /** The inline policy's statements. */
    statements: Statement[];
    tags: Record<string, string>;
}

/**
 * Creates `<name>-role` and its inline policy `<name>-role-policy` under `parent`. Make the Glue resources
 * that run as the role depend on `policy`, so no run starts before its permissions exist.
 */
export function createGlueRole(
    name: string,
    args: GlueRoleArgs,
    parent: pulumi.Resource,
): { role: aws.iam.Role; policy: aws.iam.RolePolicy } {
    const role = new aws.iam.Role(
        `${name}-role`,
        {
            name: args.roleName,
            description: args.description,
            assumeRolePolicy: serviceTrustPolicy(servicePrincipal("glue", args.region), args.accountId),
            maxSessionDuration: GLUE_ROLE_MAX_SESSION_SECONDS,
            tags: args.tags,
        },
        { parent },
    );
    const policy = new aws.iam.RolePolicy(
        `${name}-role-policy`,
        { role: role.name, name: GLUE_ROLE_POLICY_NAME, policy: policyDocument(args.statements) },
        { parent },
    );
    return { role, policy };
}
