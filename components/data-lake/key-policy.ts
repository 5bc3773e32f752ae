/** The key policy of the lake's customer-managed KMS key. */
import type * as pulumi from "@pulumi/pulumi";
import { type AwsTarget, accountRootArn, partitionOf, servicePrincipal } from "../../lib/aws";
import { policyDocument, type Statement } from "../../lib/iam";

/**
 * What principals of the account may do with the key through Glue when it encrypts the Data Catalog: the
 * permissions AWS lists for "any client that accesses or writes to an encrypted catalog" (console users,
 * crawlers, jobs), only when the request comes through Glue in this region (`kms:ViaService`) from this
 * account (`kms:CallerAccount`); the shape of the AWS managed `aws/glue` key's policy. Glue still authorizes
 * every catalog call with IAM (and Lake Formation), so this lets no one read metadata they could not read
 * before. https://docs.aws.amazon.com/glue/latest/dg/encrypt-glue-data-catalog.html and
 * https://docs.aws.amazon.com/kms/latest/developerguide/conditions-kms.html#conditions-kms-via-service
 */
export function glueCatalogKeyStatement(target: AwsTarget): Statement {
    return {
        Sid: "GlueDataCatalogOfThisAccount",
        Effect: "Allow",
        Principal: "*",
        Action: [...GLUE_CATALOG_KEY_ACTIONS],
        Resource: ["*"],
        Condition: {
            StringEquals: {
                "kms:CallerAccount": target.accountId,
                "kms:ViaService": servicePrincipal(`glue.${target.region}`, target.region),
            },
        },
    };
}

/** The key actions a client of an encrypted Data Catalog needs (AWS Glue developer guide). */
export const GLUE_CATALOG_KEY_ACTIONS = ["kms:Decrypt", "kms:Encrypt", "kms:GenerateDataKey"] as const;

/**
 * Key policy of the lake key: the account administers it through IAM; CloudWatch Logs may use it for this
 * account's log groups; S3, EventBridge and CloudWatch may use it to deliver to this account's encrypted
 * queues and topics; with `glueCatalog`, the account's principals may use it through Glue for the
 * encrypted Data Catalog ({@link glueCatalogKeyStatement}).
 * https://docs.aws.amazon.com/kms/latest/developerguide/key-policy-default.html
 *
 * @param options.glueCatalog - the key encrypts the account's Data Catalog. @default true
 */
export function lakeKeyPolicy(
    target: AwsTarget,
    options: { glueCatalog?: boolean } = {},
): pulumi.Output<string> {
    const partition = partitionOf(target.region);
    const statements: Statement[] = [
        {
            Sid: "AccountAdministersKeyThroughIam",
            Effect: "Allow",
            Principal: { AWS: [accountRootArn(target)] },
            Action: ["kms:*"],
            Resource: ["*"],
        },
        {
            Sid: "CloudWatchLogsOfThisAccount",
            Effect: "Allow",
            Principal: { Service: [servicePrincipal(`logs.${target.region}`, target.region)] },
            Action: [
                "kms:Decrypt*",
                "kms:Describe*",
                "kms:Encrypt*",
                "kms:GenerateDataKey*",
                "kms:ReEncrypt*",
            ],
            Resource: ["*"],
            Condition: {
                ArnLike: {
                    "kms:EncryptionContext:aws:logs:arn": `arn:${partition}:logs:${target.region}:${target.accountId}:*`,
                },
            },
        },
        {
            Sid: "ServiceDeliveryToEncryptedQueuesAndTopics",
            Effect: "Allow",
            Principal: {
                Service: ["cloudwatch", "events", "s3"].map((s) => servicePrincipal(s, target.region)),
            },
            Action: ["kms:Decrypt", "kms:GenerateDataKey"],
            Resource: ["*"],
            Condition: { StringEquals: { "aws:SourceAccount": target.accountId } },
        },
    ];
    if (options.glueCatalog ?? true) statements.push(glueCatalogKeyStatement(target));
    return policyDocument(statements);
}
