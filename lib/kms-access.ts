/**
 * KMS grants shared by the components whose roles reach a customer managed key only through another
 * service (Kinesis, Secrets Manager, SQS, Lambda): `kms:ViaService` pins each grant to that service.
 * https://docs.aws.amazon.com/kms/latest/developerguide/conditions-kms.html#conditions-kms-via-service
 */
import type * as pulumi from "@pulumi/pulumi";
import { servicePrincipal } from "./aws";
import type { Statement } from "./iam";

/**
 * `kms:Decrypt` on one key, only when the call comes through `service` in `region` (`kms:ViaService`), e.g.
 * Kinesis decrypting a stream encrypted with a customer managed key, or Secrets Manager a secret.
 * @param service - the service's endpoint prefix, e.g. `kinesis` or `secretsmanager`.
 */
export function decryptThroughService(
    keyArn: pulumi.Input<string>,
    service: string,
    region: string,
): Statement {
    return {
        Effect: "Allow",
        Action: ["kms:Decrypt"],
        Resource: [keyArn],
        Condition: { StringEquals: { "kms:ViaService": servicePrincipal(`${service}.${region}`, region) } },
    };
}

/** The encryption context key Lambda binds a function's encrypted environment to (its function name). */
export const LAMBDA_ENVIRONMENT_CONTEXT_KEY = "kms:EncryptionContext:LambdaFunctionName";

/**
 * What a function's execution role needs when its environment variables are encrypted with a customer
 * managed key: `kms:Decrypt` on that key, only through Lambda in `region` (`kms:ViaService`) and only for
 * this function's environment (the encryption context `LambdaFunctionName`).
 * https://docs.aws.amazon.com/lambda/latest/dg/configuration-envvars-encryption.html
 */
export function decryptFunctionEnvironment(
    keyArn: pulumi.Input<string>,
    functionName: string,
    region: string,
): Statement {
    return {
        Sid: "DecryptOwnEnvironment",
        Effect: "Allow",
        Action: ["kms:Decrypt"],
        Resource: [keyArn],
        Condition: {
            StringEquals: {
                "kms:ViaService": servicePrincipal(`lambda.${region}`, region),
                [LAMBDA_ENVIRONMENT_CONTEXT_KEY]: functionName,
            },
        },
    };
}
