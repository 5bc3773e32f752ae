import type { StackValidationPolicy } from "@pulumi/policy";
import { ALLOWED_ACCOUNTS_SCHEMA, foreignAccess, trustedAccounts } from "../../lib/accounts";
import { statementsOfKind } from "../../lib/document-statements";
import { isAllow } from "../../lib/policy-document";

/** Resource policies let in neither anyone nor accounts outside the stack's own and the allow-listed ones. */
export const iamResourcePolicyPrivate: StackValidationPolicy = {
    name: "iam-resource-policy-private",
    description:
        "No resource policy (S3 bucket, SQS queue, SNS topic, KMS key, Secrets Manager secret, Glue Data Catalog) allows principal * without an account or organization condition, nor names an account outside the stack's own (the accounts in its resources' ARNs) and the allowedAccounts config, so lake data, keys and events stay inside the account.",
    severity: "critical",
    remediationSteps:
        "Name the principals of the stack's own account (roles, the account root, service principals pinned with aws:SourceAccount), or pin principal * with aws:PrincipalAccount / aws:PrincipalOrgID; add an account that must have access on purpose to this rule's allowedAccounts config.",
    url: "https://docs.aws.amazon.com/IAM/latest/UserGuide/access-analyzer-resources.html",
    configSchema: { properties: ALLOWED_ACCOUNTS_SCHEMA },
    validateStack: (args, reportViolation) => {
        const { home, trusted } = trustedAccounts(args, args.resources);
        for (const resource of args.resources) {
            const statements = statementsOfKind(resource.type, resource.props, "resource", (path, message) =>
                reportViolation(`${resource.name} ${path}: ${message}`, resource.urn),
            );
            for (const { path, label, statement } of statements.filter((s) => isAllow(s.statement))) {
                const access = foreignAccess(statement, trusted);
                const where = `${resource.name} ${path} statement ${label}`;
                if (access.public) {
                    reportViolation(
                        `${where}: allows principal * with no account condition (public); name the principals or add aws:PrincipalAccount / aws:PrincipalOrgID`,
                        resource.urn,
                    );
                }
                if (home.size > 0 && access.accounts.length > 0) {
                    reportViolation(
                        `${where}: lets in account ${access.accounts.join(", ")}, outside the stack's own; remove it or add it to allowedAccounts`,
                        resource.urn,
                    );
                }
            }
        }
    },
};
