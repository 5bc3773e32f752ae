/**
 * The trigger role's statements that no other component needs: reading the routed jobs' runs (to join a
 * bookmark run that has not listed yet) and decrypting the function's environment.
 * Follows https://docs.aws.amazon.com/service-authorization/latest/reference/list_awsglue.html and
 * https://docs.aws.amazon.com/lambda/latest/dg/configuration-envvars-encryption.html
 */
import type * as pulumi from "@pulumi/pulumi";
import type { Statement } from "../../lib/iam";
import { decryptFunctionEnvironment, decryptThroughService } from "../../lib/kms-access";

/**
 * `glue:GetJobRuns` on exactly the given Glue jobs (`arn:<partition>:glue:<region>:<account>:job/<name>`):
 * the trigger lists a job's newest runs to find a `WAITING`/`STARTING` one to join.
 * @throws Error when `jobArns` is empty (a statement with no resource grants nothing and IAM refuses it).
 */
export function readJobRuns(jobArns: pulumi.Input<string>[]): Statement {
    if (jobArns.length === 0) {
        throw new Error(
            "readJobRuns: pass at least one Glue job ARN; IAM refuses a statement without resources",
        );
    }
    return { Effect: "Allow", Action: ["glue:GetJobRuns"], Resource: jobArns };
}

/**
 * The key grants of the trigger role, each pinned to the one service that calls KMS for it
 * (`kms:ViaService`):
 * - SQS decrypts the queue's messages with the consumer's credentials (the event source mapping polls as
 *   the function's role);
 * - Lambda decrypts the function's environment variables, encrypted with the lake key, with the
 *   execution role when it starts an execution environment (only this function's: the encryption
 *   context `LambdaFunctionName`).
 * https://docs.aws.amazon.com/AWSSimpleQueueService/latest/SQSDeveloperGuide/sqs-key-management.html
 */
export function triggerKeyGrants(
    keyArn: pulumi.Input<string>,
    functionName: string,
    region: string,
): Statement[] {
    return [
        decryptThroughService(keyArn, "sqs", region),
        decryptFunctionEnvironment(keyArn, functionName, region),
    ];
}
