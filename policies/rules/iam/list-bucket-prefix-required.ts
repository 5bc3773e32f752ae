import type { ResourceValidationPolicy } from "@pulumi/policy";
import { statementsOfKind } from "../../lib/document-statements";
import { isAllow, listOf } from "../../lib/policy-document";
import { actionMatches } from "./no-privilege-escalation";

/** The condition key that limits a listing to key prefixes (lowercase). */
export const S3_PREFIX_KEY = "s3:prefix";

/** The operators a statement tests s3:prefix under (as written). */
function prefixOperators(condition: Record<string, Record<string, unknown>> | undefined): string[] {
    return Object.entries(condition ?? {})
        .filter(([, block]) => Object.keys(block ?? {}).some((k) => k.toLowerCase() === S3_PREFIX_KEY))
        .map(([operator]) => operator);
}

/** A ListBucket limited by s3:prefix refuses listings without a prefix. */
export const iamListBucketPrefixRequired: ResourceValidationPolicy = {
    name: "iam-list-bucket-prefix-required",
    description:
        "No identity policy limits s3:ListBucket to prefixes with an ...IfExists operator on s3:prefix: a ListObjects request without a prefix carries no s3:prefix key, so IfExists lets it list the whole bucket.",
    severity: "high",
    remediationSteps:
        'Test s3:prefix with StringLike (not StringLikeIfExists), listing each prefix as "<prefix>" and "<prefix>*", in a statement of its own for s3:ListBucket (move s3:GetBucketLocation, which never carries s3:prefix, to another statement).',
    url: "https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_condition_operators.html#Conditions_IfExists",
    validateResource: (args, reportViolation) => {
        const statements = statementsOfKind(args.type, args.props, "identity", (path, message) =>
            reportViolation(`${args.name} ${path}: ${message}`),
        );
        for (const { path, label, statement } of statements.filter((s) => isAllow(s.statement))) {
            if (!listOf(statement.Action).some((a) => actionMatches(a, "s3:ListBucket"))) continue;
            const lenient = prefixOperators(statement.Condition).filter((op) => /IfExists$/i.test(op));
            if (lenient.length > 0) {
                reportViolation(
                    `${args.name} ${path} statement ${label}: s3:ListBucket limited by ${lenient.join(", ")} s3:prefix also lists the whole bucket when the request has no prefix; use StringLike`,
                );
            }
        }
    },
};
