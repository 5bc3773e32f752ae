/**
 * Typed IAM builders for Glue jobs and crawlers: Data Catalog access to named databases and tables, S3
 * prefixes as Spark's S3 connector reads and writes them, encrypted Glue log groups, CloudWatch metrics by
 * namespace, Lake Formation credential vending, and the VPC network interfaces a JDBC connection needs.
 * Every statement names its ARNs; `*` appears only for actions listed in `ACTIONS_ONLY_ON_STAR` (lib/iam.ts).
 *
 * Follows https://docs.aws.amazon.com/service-authorization/latest/reference/list_awsglue.html and
 * https://docs.aws.amazon.com/glue/latest/dg/glue-specifying-resource-arns.html
 */
import * as pulumi from "@pulumi/pulumi";
import { type AwsTarget, partitionOf } from "./aws";
import { listPrefixes, objectsArn, type Statement } from "./iam";

/** Catalog actions that read databases, tables and partitions. */
export const GLUE_CATALOG_READ_ACTIONS = [
    "glue:BatchGetPartition",
    "glue:GetDatabase",
    "glue:GetPartition",
    "glue:GetPartitions",
    "glue:GetTable",
    "glue:GetTables",
] as const;

/** Catalog actions that also create, change and drop tables and partitions (never databases). */
export const GLUE_CATALOG_WRITE_ACTIONS = [
    ...GLUE_CATALOG_READ_ACTIONS,
    "glue:BatchCreatePartition",
    "glue:BatchDeletePartition",
    "glue:BatchUpdatePartition",
    "glue:CreatePartition",
    "glue:CreateTable",
    "glue:DeletePartition",
    "glue:DeleteTable",
    "glue:UpdatePartition",
    "glue:UpdateTable",
] as const;

/** The actions of {@link GLUE_CATALOG_WRITE_ACTIONS} that delete tables and partitions. */
export const GLUE_CATALOG_DELETE_ACTIONS = [
    "glue:BatchDeletePartition",
    "glue:DeletePartition",
    "glue:DeleteTable",
] as const;

/**
 * Catalog actions with which Iceberg's `GlueCatalog` reads a table: its database, then the table whose
 * `metadata_location` parameter points at the current metadata file. Iceberg keeps partitions in its own
 * metadata, so no Hive partition action is needed.
 * https://iceberg.apache.org/docs/latest/aws/#glue-catalog
 */
export const ICEBERG_CATALOG_READ_ACTIONS = ["glue:GetDatabase", "glue:GetTable", "glue:GetTables"] as const;

/**
 * Catalog actions with which `GlueCatalog` also creates a table and commits snapshots (`glue:UpdateTable`,
 * optimistic on the table version), and drops a table (`glue:DeleteTable`: the silver job drops a table its
 * failed run created). Never database actions.
 */
export const ICEBERG_CATALOG_WRITE_ACTIONS = [
    ...ICEBERG_CATALOG_READ_ACTIONS,
    "glue:CreateTable",
    "glue:DeleteTable",
    "glue:UpdateTable",
] as const;

/** Whether a grant reads or also writes. */
export type AccessMode = "read" | "write";

/** `arn:<partition>:glue:<region>:<account>:catalog`. */
export function glueCatalogArn(target: AwsTarget): string {
    return `arn:${partitionOf(target.region)}:glue:${target.region}:${target.accountId}:catalog`;
}

/** `arn:<partition>:glue:<region>:<account>:database/<database>`. */
export function glueDatabaseArn(target: AwsTarget, database: string): string {
    return `arn:${partitionOf(target.region)}:glue:${target.region}:${target.accountId}:database/${database}`;
}

/** `arn:<partition>:glue:<region>:<account>:table/<database>/<table>`; `table` may be `*` or end in `*`. */
export function glueTableArn(target: AwsTarget, database: string, table: string): string {
    return `arn:${partitionOf(target.region)}:glue:${target.region}:${target.accountId}:table/${database}/${table}`;
}

/** `arn:<partition>:glue:<region>:<account>:connection/<name>`. */
export function glueConnectionArn(target: AwsTarget, connection: string): string {
    return `arn:${partitionOf(target.region)}:glue:${target.region}:${target.accountId}:connection/${connection}`;
}

/** `arn:<partition>:s3:::<bucket>` of a bucket known by name. */
export function bucketArn(region: string, bucket: string): string {
    return `arn:${partitionOf(region)}:s3:::${bucket}`;
}

/** The ARNs Glue authorizes a table call on: the catalog, the database and each table (or pattern). */
function tableScopeArns(target: AwsTarget, database: string, tables: readonly string[]): string[] {
    return [
        glueCatalogArn(target),
        glueDatabaseArn(target, database),
        ...tables.map((t) => glueTableArn(target, database, t)),
    ];
}

/**
 * Catalog access to one database and its tables (Glue authorizes every table call on the catalog, the
 * database and the table ARNs together).
 *
 * @param tables - table names or patterns (`flights`, `tmp_*`). @default every table of the database (`*`)
 * @param options.deletes - in `write` mode, include {@link GLUE_CATALOG_DELETE_ACTIONS}; a crawler that never
 *   deletes tables or partitions goes without them. @default true
 */
export function catalogAccess(
    target: AwsTarget,
    database: string,
    mode: AccessMode,
    tables: readonly string[] = ["*"],
    options: { deletes?: boolean } = {},
): Statement {
    const deletes: readonly string[] = options.deletes === false ? GLUE_CATALOG_DELETE_ACTIONS : [];
    const actions = mode === "read" ? GLUE_CATALOG_READ_ACTIONS : GLUE_CATALOG_WRITE_ACTIONS;
    return {
        Effect: "Allow",
        Action: actions.filter((a) => !deletes.includes(a)),
        Resource: tableScopeArns(target, database, tables),
    };
}

/**
 * Catalog access to the Apache Iceberg tables of one database ({@link ICEBERG_CATALOG_READ_ACTIONS} or
 * {@link ICEBERG_CATALOG_WRITE_ACTIONS}) on the catalog, the database and the table ARNs.
 *
 * @param tables - table names or patterns (`flights`, `tmp_*`). @default every table of the database (`*`)
 */
export function icebergCatalogAccess(
    target: AwsTarget,
    database: string,
    mode: AccessMode,
    tables: readonly string[] = ["*"],
): Statement {
    return {
        Effect: "Allow",
        Action: [...(mode === "read" ? ICEBERG_CATALOG_READ_ACTIONS : ICEBERG_CATALOG_WRITE_ACTIONS)],
        Resource: tableScopeArns(target, database, tables),
    };
}

/**
 * S3 access to one "folder" as Spark's S3 connector (S3A in Glue 5.1) uses it: it probes the folder's own
 * key (`flights`, no slash) before listing `flights/`. So objects are granted on both
 * `<prefix without slash>` and `<prefix>*`, and listing only for `s3:prefix` matching those two
 * ({@link listPrefixes}: `StringLike`, so a listing with no prefix, which would show the whole bucket, is
 * refused; IAM evaluates a non-`IfExists` operator to false when the key is absent from the request:
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_condition_operators.html#Conditions_IfExists).
 *
 * Consequence: S3 answers a HEAD or GET of a missing key with 404 only when the caller may `s3:ListBucket`
 * the bucket, and such a request carries no `s3:prefix`, so it gets 403 instead
 * (https://docs.aws.amazon.com/AmazonS3/latest/API/API_HeadObject.html). Spark's existence probes must
 * therefore cope with 403 on a key not yet written; docs/policies.md records that this is still to be
 * confirmed on Glue.
 *
 * @param prefix - key prefix ending in `/`, e.g. `flights/`.
 */
export function sparkPrefixAccess(
    bucket: pulumi.Input<string>,
    prefix: string,
    mode: AccessMode,
): Statement[] {
    if (!prefix.endsWith("/") || prefix.startsWith("/")) {
        throw new Error(
            `sparkPrefixAccess: prefix "${prefix}" must be a folder like "flights/" (no leading slash)`,
        );
    }
    const folderKey = prefix.slice(0, -1);
    const objects = [pulumi.interpolate`${bucket}/${folderKey}`, objectsArn(bucket, prefix)];
    const statements: Statement[] = [
        ...listPrefixes(bucket, [folderKey, `${prefix}*`]),
        { Effect: "Allow", Action: ["s3:GetObject", "s3:GetObjectVersion"], Resource: objects },
    ];
    if (mode === "write") {
        statements.push({
            Effect: "Allow",
            Action: ["s3:AbortMultipartUpload", "s3:DeleteObject", "s3:PutObject"],
            Resource: objects,
        });
    }
    return statements;
}

/**
 * What Glue does with an encrypted log group of its own: create it if missing, associate the security
 * configuration's KMS key, and write streams and events.
 * https://docs.aws.amazon.com/glue/latest/dg/encryption-security-configuration.html
 */
export function glueLogGroupAccess(logGroupArn: pulumi.Input<string>): Statement {
    return {
        Effect: "Allow",
        Action: ["logs:AssociateKmsKey", "logs:CreateLogGroup", "logs:CreateLogStream", "logs:PutLogEvents"],
        Resource: [logGroupArn, pulumi.interpolate`${logGroupArn}:*`],
    };
}

/** `cloudwatch:PutMetricData` (only on `*`), restricted to the given metric namespaces. */
export function putMetricData(namespaces: readonly string[]): Statement {
    return {
        Effect: "Allow",
        Action: ["cloudwatch:PutMetricData"],
        Resource: ["*"],
        Condition: { StringEquals: { "cloudwatch:namespace": [...namespaces] } },
    };
}

/** Lake Formation credential vending for data the role reads through Lake Formation permissions. */
export function lakeFormationDataAccess(): Statement {
    return { Effect: "Allow", Action: ["lakeformation:GetDataAccess"], Resource: ["*"] };
}

/**
 * Reading one database's definition (`glue:GetDatabase`), nothing in it: what Spark's catalog client needs
 * of a database the job does not use, such as `default`.
 */
export function readDatabaseDefinition(target: AwsTarget, database: string): Statement {
    return {
        Effect: "Allow",
        Action: ["glue:GetDatabase"],
        Resource: [glueCatalogArn(target), glueDatabaseArn(target, database)],
    };
}

/** Reading one Glue connection (a JDBC crawler or job resolves its URL, VPC and credentials from it). */
export function readConnection(target: AwsTarget, connection: string): Statement {
    return {
        Effect: "Allow",
        Action: ["glue:GetConnection"],
        Resource: [glueCatalogArn(target), glueConnectionArn(target, connection)],
    };
}

/** Tag Glue puts on the network interfaces it creates in your VPC. */
export const GLUE_NETWORK_INTERFACE_TAG = "aws-glue-service-resource";

/**
 * What Glue needs to place a crawler or job in a VPC through a connection: describe the network (only on
 * `*`), and create, tag and delete its own network interfaces in this account and region.
 * https://docs.aws.amazon.com/glue/latest/dg/create-service-policy.html
 */
export function glueVpcNetworkInterfaces(target: AwsTarget): Statement[] {
    const ec2 = `arn:${partitionOf(target.region)}:ec2:${target.region}:${target.accountId}`;
    return [
        {
            Effect: "Allow",
            Action: [
                "ec2:DescribeNetworkInterfaces",
                "ec2:DescribeRouteTables",
                "ec2:DescribeSecurityGroups",
                "ec2:DescribeSubnets",
                "ec2:DescribeVpcEndpoints",
            ],
            Resource: ["*"],
        },
        { Effect: "Allow", Action: ["ec2:DescribeVpcAttribute"], Resource: [`${ec2}:vpc/*`] },
        {
            Effect: "Allow",
            Action: ["ec2:CreateNetworkInterface", "ec2:DeleteNetworkInterface"],
            Resource: [`${ec2}:network-interface/*`, `${ec2}:security-group/*`, `${ec2}:subnet/*`],
        },
        {
            Effect: "Allow",
            Action: ["ec2:CreateTags"],
            Resource: [`${ec2}:network-interface/*`],
            Condition: { "ForAllValues:StringEquals": { "aws:TagKeys": [GLUE_NETWORK_INTERFACE_TAG] } },
        },
    ];
}
