import type { StackValidationPolicy } from "@pulumi/policy";
import { ofTypes } from "../../lib/stack-links";
import { TYPES } from "../../lib/types";

/** Catalog encryption modes that encrypt metadata with a KMS key. */
export const CATALOG_ENCRYPTION_MODES = ["SSE-KMS", "SSE-KMS-WITH-SERVICE-ROLE"];

interface CatalogEncryptionProps {
    dataCatalogEncryptionSettings?: {
        encryptionAtRest?: { catalogEncryptionMode?: string; sseAwsKmsKeyId?: string };
        connectionPasswordEncryption?: { returnConnectionPasswordEncrypted?: boolean; awsKmsKeyId?: string };
    };
}

/** What a catalog encryption settings resource leaves unencrypted. */
function gaps(props: CatalogEncryptionProps): string[] {
    const settings = props.dataCatalogEncryptionSettings;
    const found: string[] = [];
    const atRest = settings?.encryptionAtRest;
    if (
        !CATALOG_ENCRYPTION_MODES.includes(atRest?.catalogEncryptionMode ?? "") ||
        atRest?.sseAwsKmsKeyId === undefined
    ) {
        found.push("metadata at rest (encryptionAtRest.catalogEncryptionMode SSE-KMS with sseAwsKmsKeyId)");
    }
    const passwords = settings?.connectionPasswordEncryption;
    if (passwords?.returnConnectionPasswordEncrypted !== true || passwords.awsKmsKeyId === undefined) {
        found.push(
            "connection passwords (connectionPasswordEncryption.returnConnectionPasswordEncrypted with awsKmsKeyId)",
        );
    }
    return found;
}

/** A stack with Glue databases encrypts the Data Catalog. */
export const glueCatalogEncryption: StackValidationPolicy = {
    name: "glue-catalog-encryption",
    description:
        "A stack that registers Glue databases also registers aws.glue.DataCatalogEncryptionSettings that encrypt catalog metadata at rest (SSE-KMS) and connection passwords with a KMS key, so table schemas, locations and JDBC credentials are not stored in the clear.",
    severity: "high",
    remediationSteps:
        'Register an aws.glue.DataCatalogEncryptionSettings with encryptionAtRest { catalogEncryptionMode: "SSE-KMS", sseAwsKmsKeyId: <lake key> } and connectionPasswordEncryption { returnConnectionPasswordEncrypted: true, awsKmsKeyId: <lake key> }; a stack that leaves the catalog settings to the account sets this rule to disabled in its pack config.',
    url: "https://docs.aws.amazon.com/glue/latest/dg/encrypt-glue-data-catalog.html",
    validateStack: (args, reportViolation) => {
        const databases = ofTypes(args.resources, [TYPES.glueCatalogDatabase]);
        if (databases.length === 0) args.notApplicable("the stack has no Glue database");
        const settings = ofTypes(args.resources, [TYPES.glueCatalogEncryption]);
        if (settings.length === 0) {
            reportViolation(
                `Glue Data Catalog of databases ${databases.map((d) => d.name).join(", ")}: no DataCatalogEncryptionSettings; register one with SSE-KMS and connection password encryption`,
                databases[0].urn,
            );
        }
        for (const setting of settings) {
            const missing = gaps(setting.props as CatalogEncryptionProps);
            if (missing.length > 0) {
                reportViolation(
                    `Glue Data Catalog encryption ${setting.name}: leaves ${missing.join(" and ")} unencrypted`,
                    setting.urn,
                );
            }
        }
    },
};
