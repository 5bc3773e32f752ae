/** The arguments of {@link TableOptimizers}: the Iceberg tables to optimize and each optimizer's options. */
import type * as pulumi from "@pulumi/pulumi";
import type { JOB_OWNED_ZONES, Zone } from "../../lib/lake-layout";
import type { NameContext } from "../../lib/naming";
import type { LaterGrants } from "../lake-formation-admin/ordering";

/** A zone whose tables are Iceberg tables the ETL jobs create: silver or gold. */
export type OptimizedZone = (typeof JOB_OWNED_ZONES)[number];

/** One Iceberg table of the lake. */
export interface OptimizedTable {
    /** `silver` or `gold`; bronze tables are crawled Hive tables, which the optimizers do not support. */
    zone: OptimizedZone;
    /** Glue table name, e.g. `flights` (lowercase letters, digits, underscores). */
    table: string;
    /**
     * Key prefix of the table's data and metadata files in the zone bucket, ending in `/`; the role's S3
     * access is limited to it. @default `<table>/` (where the jobs write a table: `<zone uri><table>/`)
     */
    prefix?: string;
}

/** Compaction strategies AWS Glue offers (`IcebergCompactionConfiguration.strategy`). */
export const COMPACTION_STRATEGIES = ["binpack", "sort", "z-order"] as const;
/** One compaction strategy; see {@link COMPACTION_STRATEGIES}. */
export type CompactionStrategy = (typeof COMPACTION_STRATEGIES)[number];

/**
 * The compaction optimizer: rewrites small data files of a partition into larger ones. Glue starts a run when
 * a commit leaves a partition with enough files; there is no schedule.
 * https://docs.aws.amazon.com/glue/latest/dg/compaction-management.html
 */
export interface CompactionOptions {
    /** Create a compaction optimizer per table. @default true (TABLE_OPTIMIZER_DEFAULTS.compaction) */
    enabled?: boolean;
    /**
     * `binpack` (combine small files), `sort` (needs a sort order on the table) or `z-order`.
     * @default "binpack"
     */
    strategy?: CompactionStrategy;
    /** Data files a partition must hold before compaction rewrites it (a count, at least 1). @default 100 */
    minInputFiles?: number;
    /** Deletes a data file must have to be compacted (a count, at least 1). @default 1 */
    deleteFileThreshold?: number;
}

/**
 * The snapshot retention optimizer: expires snapshots older than the retention period beyond the newest
 * `numberOfSnapshotsToRetain`, and with `cleanExpiredFiles` deletes the files only they referenced.
 * https://docs.aws.amazon.com/glue/latest/dg/snapshot-retention-management.html
 */
export interface RetentionOptions {
    /** Create a retention optimizer per table. @default true */
    enabled?: boolean;
    /** Days a snapshot is kept for time travel and rollback (at least 1). @default 7 */
    snapshotRetentionPeriodInDays?: number;
    /** Snapshots kept whatever their age (a count, at least 1). @default 5 */
    numberOfSnapshotsToRetain?: number;
    /** Delete the data and metadata files of expired snapshots, not only the snapshots. @default true */
    cleanExpiredFiles?: boolean;
    /** Hours between two runs (3-168). @default 24 */
    runRateInHours?: number;
}

/**
 * The orphan file deletion optimizer: deletes files under the table location that no snapshot references
 * (left by failed writes), once they are older than the retention period.
 * https://docs.aws.amazon.com/glue/latest/dg/orphan-file-deletion.html
 */
export interface OrphanFileDeletionOptions {
    /** Create an orphan file deletion optimizer per table. @default true */
    enabled?: boolean;
    /**
     * Days an unreferenced file is kept (at least 1); longer than the longest job run, so a running job's
     * files are never taken for orphans. @default 3
     */
    orphanFileRetentionPeriodInDays?: number;
    /** Hours between two runs (3-168). @default 24 */
    runRateInHours?: number;
}

/** What TableOptimizers needs from the lake; a {@link DataLake} satisfies it. */
export interface OptimizerLake {
    naming: NameContext;
    bucketNames: Readonly<Record<Zone, string>>;
    databaseNames: Readonly<Record<Zone, string>>;
    /** The lake key: the zone buckets are encrypted with it (SSE-KMS). */
    keyArn: pulumi.Input<string>;
    /** The lake's account id (a `DataLake` has it): used when `accountId` is not given. */
    accountId?: string;
    /** The lake's region (a `DataLake` has it): used when `region` is not given. */
    region?: string;
}

export interface TableOptimizersArgs {
    lake: OptimizerLake;
    /** 12-digit account id: the catalog id of the tables, and part of the catalog and log group ARNs. @default `lake.accountId` */
    accountId?: string;
    /** Region, e.g. `eu-west-1`. @default `lake.region` */
    region?: string;
    /**
     * The tables, each with one optimizer per enabled type. Each must exist when the optimizers are
     * created: Glue refuses an optimizer on a missing table, and the jobs create theirs on their first run.
     */
    tables: readonly OptimizedTable[];
    compaction?: CompactionOptions;
    retention?: RetentionOptions;
    orphanFileDeletion?: OrphanFileDeletionOptions;
    /**
     * The zone buckets are registered with Lake Formation: the role may ask Lake Formation for data access
     * (`lakeformation:GetDataAccess`). Grant it the `optimize` level with `glueDataAccess(label, roleArn,
     * { optimizes: optimizers.prefixes })`. @default false
     */
    lakeFormationAccess?: boolean;
    /**
     * The Lake Formation grants the optimizers wait for: the {@link LaterGrants} the stack resolves with the
     * LakeFormationAdmin that grants {@link TableOptimizers.dataAccess} (grantee label: the component name).
     * @default none: no wait
     */
    grantsReady?: LaterGrants;
    /** Tags on the role. @default {} */
    tags?: Record<string, string>;
}
