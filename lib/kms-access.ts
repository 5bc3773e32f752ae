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
