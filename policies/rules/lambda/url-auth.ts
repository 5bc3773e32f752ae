import type { ResourceValidationPolicy } from "@pulumi/policy";
import { TYPES } from "../../lib/types";

/** The function URL auth type that lets anyone invoke. */
export const FUNCTION_URL_AUTH_NONE = "NONE";

/** Lambda function URLs require IAM authentication. */
export const lambdaUrlAuth: ResourceValidationPolicy = {
    name: "lambda-url-auth",
    description:
        "No Lambda function URL, nor a Lambda permission for one, uses auth type NONE, so no one on the internet can invoke a lake function without signed AWS credentials.",
    severity: "critical",
    remediationSteps:
        'Set authorizationType: "AWS_IAM" on the aws.lambda.FunctionUrl (and functionUrlAuthType "AWS_IAM" on its aws.lambda.Permission), or remove the URL.',
    url: "https://docs.aws.amazon.com/lambda/latest/dg/urls-auth.html",
    validateResource: (args, reportViolation) => {
        if (args.type === TYPES.lambdaFunctionUrl) {
            if (args.props.authorizationType === FUNCTION_URL_AUTH_NONE) {
                reportViolation(
                    `Lambda function URL ${args.name}: auth type NONE; set authorizationType AWS_IAM`,
                );
            }
        } else if (args.type === TYPES.lambdaPermission) {
            if (args.props.functionUrlAuthType === FUNCTION_URL_AUTH_NONE) {
                reportViolation(
                    `Lambda permission ${args.name}: opens a function URL with auth type NONE; set functionUrlAuthType AWS_IAM`,
                );
            }
        } else {
            args.notApplicable(`applies to ${TYPES.lambdaFunctionUrl} and ${TYPES.lambdaPermission}`);
        }
    },
};
