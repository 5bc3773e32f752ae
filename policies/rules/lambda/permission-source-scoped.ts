import * as aws from "@pulumi/aws";
import { type ResourceValidationPolicy, validateResourceOfType } from "@pulumi/policy";
import { isSet } from "../../lib/unknowns";

/** True when the principal is an AWS service (e.g. `s3.amazonaws.com`, `events.amazonaws.com`). */
export function isServicePrincipal(principal: string): boolean {
    return /\.amazonaws\.com(\.cn)?$/.test(principal);
}

/** Lambda permissions for services say which source may invoke. */
export const lambdaPermissionSourceScoped: ResourceValidationPolicy = {
    name: "lambda-permission-source-scoped",
    description:
        "Every Lambda permission granted to an AWS service carries a source ARN or source account (and none is granted to *), so only the lake's own bucket, rule or queue can invoke the function.",
    severity: "high",
    remediationSteps:
        "Set sourceArn (the bucket, rule or topic ARN) and/or sourceAccount on the aws.lambda.Permission; grant to a service or account, never to *.",
    url: "https://docs.aws.amazon.com/lambda/latest/dg/permissions-function-services.html",
    validateResource: validateResourceOfType(aws.lambda.Permission, (permission, args, reportViolation) => {
        const principal = permission.principal;
        if (principal === "*") {
            reportViolation(
                `Lambda permission ${args.name}: grants invoke to *; name the service or account`,
            );
            return;
        }
        if (!isServicePrincipal(principal)) return;
        const scoped =
            isSet(() => permission.sourceArn) ||
            isSet(() => permission.sourceAccount) ||
            isSet(() => permission.principalOrgId);
        if (!scoped) {
            reportViolation(
                `Lambda permission ${args.name}: lets ${principal} invoke on behalf of any account; set sourceArn or sourceAccount`,
            );
        }
    }),
};
