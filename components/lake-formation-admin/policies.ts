/**
 * IAM policy documents of the two roles the Lake Formation component creates:
 * - the registration role Lake Formation assumes to vend credentials for the registered zone buckets
 *   (https://docs.aws.amazon.com/lake-formation/latest/dg/registration-role.html), and
 * - the workflow role Lake Formation blueprints and Glue workflows run as
 *   (https://docs.aws.amazon.com/lake-formation/latest/dg/initial-lf-config.html#iam-create-blueprint-role).
 */
import type * as pulumi from "@pulumi/pulumi";
import { servicePrincipal } from "../../lib/aws";
import { passRole, policyDocument, type Statement, useKey, writePrefix } from "../../lib/iam";

/**
 * Trust policy letting Lake Formation assume the registration role. It carries no `aws:SourceAccount`
 * condition: the trust policy AWS documents for registration roles has none, and Lake Formation's credential
 * vending is not documented to send that key.
 */
export function lakeFormationTrustPolicy(region: string): pulumi.Output<string> {
    return policyDocument([
        {
            Sid: "LakeFormationAssumesToVendCredentials",
            Effect: "Allow",
            Principal: { Service: [servicePrincipal("lakeformation", region)] },
            Action: ["sts:AssumeRole"],
        },
    ]);
}

/**
 * Read and write on the objects of each registered bucket (Lake Formation vends read and write credentials
 * from it) and use of the lake key that encrypts them. Nothing outside those buckets and that key.
 */
export function registrationAccessPolicy(
    bucketArns: pulumi.Input<string>[],
    keyArn: pulumi.Input<string>,
): pulumi.Output<string> {
    const statements: Statement[] = [...bucketArns.flatMap((arn) => writePrefix(arn)), useKey(keyArn)];
    return policyDocument(statements);
}

/**
 * The workflow role's own permissions: Lake Formation credential vending (`lakeformation:GetDataAccess`,
 * which only supports `*`) and passing itself, and no other role, to Glue.
 */
export function workflowRolePolicy(roleArn: pulumi.Input<string>, region: string): pulumi.Output<string> {
    return policyDocument([
        {
            Sid: "LakeFormationCredentialVending",
            Effect: "Allow",
            Action: ["lakeformation:GetDataAccess"],
            Resource: ["*"],
        },
        { Sid: "PassOnlyItselfToGlue", ...passRole(roleArn, servicePrincipal("glue", region)) },
    ]);
}
