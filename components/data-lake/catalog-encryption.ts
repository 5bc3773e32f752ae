/**
 * Encryption of the account's Glue Data Catalog with the lake key: metadata at rest (databases, tables,
 * partitions, table versions, column statistics, user-defined functions) with SSE-KMS, and connection
 * passwords kept encrypted in GetConnection responses. Callers reach the key through Glue; the lake key's
 * policy lets the account's principals do so ({@link glueCatalogKeyStatement}).
 * Follows https://docs.aws.amazon.com/glue/latest/dg/encrypt-glue-data-catalog.html
 */
import * as aws from "@pulumi/aws";
import type * as pulumi from "@pulumi/pulumi";

/** The catalog encryption mode: SSE-KMS with the caller's own credentials reaching the key through Glue. */
export const CATALOG_ENCRYPTION_MODE = "SSE-KMS";

/**
 * Registers `aws.glue.DataCatalogEncryptionSettings` for the account and region of the provider, named
 * `<name>-catalog-encryption`, as a child of `parent`.
 */
export function createCatalogEncryption(
    name: string,
    keyArn: pulumi.Input<string>,
    parent: pulumi.Resource,
): aws.glue.DataCatalogEncryptionSettings {
    return new aws.glue.DataCatalogEncryptionSettings(
        `${name}-catalog-encryption`,
        {
            dataCatalogEncryptionSettings: {
                encryptionAtRest: { catalogEncryptionMode: CATALOG_ENCRYPTION_MODE, sseAwsKmsKeyId: keyArn },
                connectionPasswordEncryption: {
                    returnConnectionPasswordEncrypted: true,
                    awsKmsKeyId: keyArn,
                },
            },
        },
        { parent },
    );
}
