import * as aws from "@pulumi/aws";
import { type ResourceValidationPolicy, UnknownValueError, validateResourceOfType } from "@pulumi/policy";
import { isSet } from "../../lib/unknowns";

/** The AWS-managed key Lambda uses when a function names none. */
export const LAMBDA_MANAGED_KEY_ALIAS = "alias/aws/lambda";

/** True when the key is the AWS-managed Lambda key; a key not known yet (preview) is the one the stack makes. */
function isAwsManaged(read: () => unknown): boolean {
    try {
        return String(read()).endsWith(LAMBDA_MANAGED_KEY_ALIAS);
    } catch (error) {
        if (error instanceof UnknownValueError) return false;
        throw error;
    }
}

/** Lambda environment variables are encrypted with a customer-managed key. */
export const lambdaEnvironmentEncrypted: ResourceValidationPolicy = {
    name: "lambda-environment-encrypted",
    description:
        "Every Lambda function that sets environment variables encrypts them with a customer-managed KMS key (kmsKeyArn), so reading a function's configuration (bucket names, secret ARNs, routes) needs the lake key policy's consent, not only lambda:GetFunctionConfiguration.",
    severity: "medium",
    remediationSteps:
        "Set kmsKeyArn on the aws.lambda.Function to the lake key and grant the function's role kms:Decrypt on it (with kms:EncryptionContext:LambdaFunctionName).",
    url: "https://docs.aws.amazon.com/lambda/latest/dg/configuration-envvars-encryption.html",
    validateResource: validateResourceOfType(aws.lambda.Function, (fn, args, reportViolation) => {
        const variables = Object.keys(fn.environment?.variables ?? {});
        if (variables.length === 0) args.notApplicable("the function sets no environment variables");
        if (!isSet(() => fn.kmsKeyArn) || isAwsManaged(() => fn.kmsKeyArn)) {
            reportViolation(
                `Lambda function ${args.name}: environment variables (${variables.join(", ")}) are encrypted with the AWS-managed key; set kmsKeyArn to the lake key`,
            );
        }
    }),
};
