/**
 * Plans the optimizers' role and resources as plain data: the IAM statements of the role, the
 * `configuration` input of each optimizer, and their names.
 * Follows https://docs.aws.amazon.com/glue/latest/dg/optimization-prerequisites.html (the role's policy) and
 * https://docs.aws.amazon.com/glue/latest/dg/table-optimizers.html
 */
import type * as aws from "@pulumi/aws";
import type * as pulumi from "@pulumi/pulumi";
import type { AwsTarget } from "../../lib/aws";
import { partitionOf, servicePrincipal } from "../../lib/aws";
import {
    bucketArn,
    glueCatalogArn,
    glueDatabaseArn,
    glueTableArn,
    lakeFormationDataAccess,
} from "../../lib/glue-iam";
import { listPrefixes, type Statement } from "../../lib/iam";
import type { ZonePrefixUse } from "../lake-formation-admin/grants";
import type { OptimizedZone, TableOptimizersArgs } from "./args";
import type { TableOptimizerSettings, TableOptimizerType } from "./settings";

/**
 * The CloudWatch Logs log group each optimizer type writes its runs to. Glue fixes these names (one per
 * account and region, shared by every stack there) and creates the groups on the first run.
 */
export const TABLE_OPTIMIZER_LOG_GROUPS: Readonly<Record<TableOptimizerType, string>> = {
    compaction: "/aws-glue/iceberg-compaction/logs",
    retention: "/aws-glue/iceberg-retention/logs",
    orphan_file_deletion: "/aws-glue/iceberg-orphan-file-deletion/logs",
};

/** S3 object actions of the optimizers: read files, write compacted files and metadata, delete replaced ones. */
export const OPTIMIZER_OBJECT_ACTIONS = ["s3:DeleteObject", "s3:GetObject", "s3:PutObject"] as const;
/** Catalog actions of the optimizers: read the table, commit its new metadata location. */
export const OPTIMIZER_CATALOG_ACTIONS = ["glue:GetTable", "glue:UpdateTable"] as const;
/** What S3 asks KMS for, on the role's behalf, to read and write SSE-KMS objects. */
export const OPTIMIZER_KEY_ACTIONS = ["kms:Decrypt", "kms:GenerateDataKey"] as const;

/** `arn:<partition>:logs:<region>:<account>:log-group:<name>:*` (the group's streams and events). */
export function optimizerLogGroupArn(
    args: { accountId: string; region: string },
    type: TableOptimizerType,
): string {
    return `arn:${partitionOf(args.region)}:logs:${args.region}:${args.accountId}:log-group:${TABLE_OPTIMIZER_LOG_GROUPS[type]}:*`;
}

/** The prefixes the optimizers work in, per zone, for `glueDataAccess(..., { optimizes })`. */
export function optimizedPrefixes(settings: Pick<TableOptimizerSettings, "tables">): ZonePrefixUse[] {
    return settings.tables.map((t) => ({ zone: t.zone, prefix: t.prefix }));
}

/**
 * The role's statements, each scoped to the tables:
 * - S3: {@link OPTIMIZER_OBJECT_ACTIONS} on the objects under each table prefix; listing each zone bucket only
 *   under those prefixes (`StringLike` on `s3:prefix`, so a listing of the whole bucket is refused) and
 *   `s3:GetBucketLocation`;
 * - KMS: {@link OPTIMIZER_KEY_ACTIONS} on the lake key, only through S3 in the region (`kms:ViaService`);
 * - Glue: {@link OPTIMIZER_CATALOG_ACTIONS} on the catalog, the zone databases and the named tables;
 * - CloudWatch Logs: create the log group and write streams and events, in the log groups of the enabled
 *   types only ({@link TABLE_OPTIMIZER_LOG_GROUPS});
 * - with `lakeFormationAccess`, `lakeformation:GetDataAccess` (which only supports `*`).
 */
export function optimizerRoleStatements(
    args: Pick<TableOptimizersArgs, "lake"> & AwsTarget,
    settings: TableOptimizerSettings,
): Statement[] {
    const target = { accountId: args.accountId, region: args.region };
    const zones = [...new Set(settings.tables.map((t) => t.zone))] as OptimizedZone[];
    const statements: Statement[] = [];
    for (const zone of zones) {
        const bucket = bucketArn(args.region, args.lake.bucketNames[zone]);
        const prefixes = settings.tables.filter((t) => t.zone === zone).map((t) => t.prefix);
        statements.push(
            ...listPrefixes(
                bucket,
                prefixes.flatMap((p) => [p.slice(0, -1), `${p}*`]),
            ),
        );
        statements.push({
            Effect: "Allow",
            Action: [...OPTIMIZER_OBJECT_ACTIONS],
            Resource: prefixes.map((p) => `${bucket}/${p}*`),
        });
    }
    statements.push({
        Effect: "Allow",
        Action: [...OPTIMIZER_KEY_ACTIONS],
        Resource: [args.lake.keyArn],
        Condition: { StringEquals: { "kms:ViaService": servicePrincipal(`s3.${args.region}`, args.region) } },
    });
    statements.push({
        Effect: "Allow",
        Action: [...OPTIMIZER_CATALOG_ACTIONS],
        Resource: [
            glueCatalogArn(target),
            ...zones.map((zone) => glueDatabaseArn(target, args.lake.databaseNames[zone])),
            ...settings.tables.map((t) => glueTableArn(target, args.lake.databaseNames[t.zone], t.table)),
        ],
    });
    statements.push({
        Effect: "Allow",
        Action: ["logs:CreateLogGroup", "logs:CreateLogStream", "logs:PutLogEvents"],
        Resource: settings.types.map((type) => optimizerLogGroupArn(args, type)),
    });
    if (settings.lakeFormationAccess) statements.push(lakeFormationDataAccess());
    return statements;
}

/** The `configuration` input of one optimizer: its role, enabled, and the Iceberg options of its type. */
export function optimizerConfiguration(
    type: TableOptimizerType,
    settings: TableOptimizerSettings,
    roleArn: pulumi.Input<string>,
): aws.types.input.glue.CatalogTableOptimizerConfiguration {
    const common = { roleArn, enabled: true };
    switch (type) {
        case "compaction": {
            const { strategy, minInputFiles, deleteFileThreshold } = settings.compaction;
            return {
                ...common,
                compactionConfiguration: {
                    icebergConfiguration: { strategy, minInputFiles, deleteFileThreshold },
                },
            };
        }
        case "retention": {
            const {
                snapshotRetentionPeriodInDays,
                numberOfSnapshotsToRetain,
                cleanExpiredFiles,
                runRateInHours,
            } = settings.retention;
            return {
                ...common,
                retentionConfiguration: {
                    icebergConfiguration: {
                        snapshotRetentionPeriodInDays,
                        numberOfSnapshotsToRetain,
                        cleanExpiredFiles,
                        runRateInHours,
                    },
                },
            };
        }
        case "orphan_file_deletion": {
            const { orphanFileRetentionPeriodInDays, runRateInHours } = settings.orphanFileDeletion;
            return {
                ...common,
                orphanFileDeletionConfiguration: {
                    icebergConfiguration: { orphanFileRetentionPeriodInDays, runRateInHours },
                },
            };
        }
    }
}
