/**
 * The defaults of DataLake ({@link DATA_LAKE_DEFAULTS}) and {@link resolveDataLakeSettings}, which applies
 * them and reports every bad argument at once.
 */
import * as pulumi from "@pulumi/pulumi";
import { isReservedTagKey, kmsKeyArnProblem, RESERVED_TAG_KEY_PREFIX, regionProblem } from "../../lib/aws";
import { ATHENA_MIN_BYTES_SCANNED_CUTOFF, ZONES, type Zone } from "../../lib/lake-layout";
import type { NameContext } from "../../lib/naming";
import { componentSubject, type Problem, problem, throwIfProblems } from "../../lib/problems";
import type { DataLakeArgs } from "./args";
import { lifecycleProblems, type ZoneLifecycle } from "./lifecycle";

/**
 * Every default of the DataLake component. Docs and tests read these values; the component reads nothing
 * else.
 */
/**
 * The component name of a stack's one lake: a DataLake with this name keeps names without an instance
 * part (`<project>-<stack>-bronze-...`); any other name becomes the lake's `naming.instance`, so a second
 * lake of the stack and every component built on it get names of their own (`<project>-<stack>-<name>-...`).
 */
export const DEFAULT_LAKE_NAME = "lake";

export const DATA_LAKE_DEFAULTS = {
    /** S3 versioning on every bucket. */
    versioning: true,
    /** Buckets, their data and the KMS key survive `pulumi destroy` (resource option `retainOnDelete`). */
    retainOnDelete: true,
    /** Waiting period, in days (7-30), before a deleted KMS key is destroyed. */
    kmsKeyDeletionWindowDays: 30,
    /** Days before incomplete multipart uploads are aborted, on every bucket. */
    abortIncompleteMultipartUploadDays: 1,
    /** Lifecycle per zone, in days since creation. Silver and gold stay readable by Athena (no GLACIER). */
    lifecycle: {
        bronze: { infrequentAccessAfterDays: 30, glacierAfterDays: 90, noncurrentVersionExpireAfterDays: 30 },
        silver: { infrequentAccessAfterDays: 60, noncurrentVersionExpireAfterDays: 30 },
        gold: { infrequentAccessAfterDays: 90, noncurrentVersionExpireAfterDays: 30 },
    } satisfies Record<Zone, ZoneLifecycle>,
    /** Days S3 server access logs are kept. */
    accessLogsExpireAfterDays: 365,
    /** Days Athena query results are kept. */
    queryResultsExpireAfterDays: 30,
    /**
     * Days a noncurrent version of an access-log object is kept (fixed; no argument changes it). Logs are
     * written once, so a noncurrent version only comes from a delete; 1 day empties it soon after.
     */
    accessLogsNoncurrentVersionExpireAfterDays: 1,
    /** Days a noncurrent version of a query result is kept (fixed): results are disposable. */
    queryResultsNoncurrentVersionExpireAfterDays: 1,
    /**
     * Days a noncurrent version of a deployment artifact (Glue script, Python package, dataset spec) is kept
     * (fixed), so a rollback finds the previous code for a month.
     */
    artifactsNoncurrentVersionExpireAfterDays: 30,
    /**
     * Whether the query-results bucket survives `pulumi destroy` (fixed): never; results are disposable and
     * the bucket is emptied and deleted whatever `retainOnDelete` says.
     */
    queryResultsRetainOnDelete: false,
    /**
     * Whether the artifacts bucket survives `pulumi destroy` (fixed): never; the stack uploads every artifact
     * again on `pulumi up`, so the bucket is emptied and deleted whatever `retainOnDelete` says.
     */
    artifactsRetainOnDelete: false,
    /** Per-query scan cutoff of the Athena workgroup, in bytes (10 GiB; the minimum Athena accepts is 10 MiB). */
    athenaBytesScannedCutoffPerQuery: 10 * 1024 ** 3,
    /** Athena engine of the workgroup. */
    athenaEngineVersion: "Athena engine version 3",
    /** The DataLake registers the account's Glue Data Catalog encryption settings (SSE-KMS with the lake key). */
    catalogEncryption: true,
} as const;

/** The arguments of a DataLake after defaults, validated. */
export interface DataLakeSettings {
    naming: NameContext;
    retainOnDelete: boolean;
    versioning: boolean;
    abortIncompleteMultipartUploadDays: number;
    athenaBytesScannedCutoffPerQuery: number;
    kmsKeyDeletionWindowDays: number;
    accessLogsExpireAfterDays: number;
    queryResultsExpireAfterDays: number;
    catalogEncryption: boolean;
    tags: Record<string, string>;
    lifecycle: Record<Zone, ZoneLifecycle>;
}

/**
 * The naming of the lake called `name`: `naming` (default the Pulumi project and stack), with `instance` =
 * `name` unless `naming.instance` is given or `name` is {@link DEFAULT_LAKE_NAME}.
 */
export function lakeNaming(name: string, naming?: NameContext): NameContext {
    const base = naming ?? { project: pulumi.getProject(), stack: pulumi.getStack() };
    if (base.instance !== undefined || name === DEFAULT_LAKE_NAME) return base;
    return { ...base, instance: name };
}

/**
 * Applies {@link DATA_LAKE_DEFAULTS} and checks every argument.
 * @throws ProblemsError listing every problem, each `DataLake <name>: <argument>: got X; <fix>`.
 */
export function resolveDataLakeSettings(name: string, args: DataLakeArgs): DataLakeSettings {
    const d = DATA_LAKE_DEFAULTS;
    const settings: DataLakeSettings = {
        naming: lakeNaming(name, args.naming),
        retainOnDelete: args.retainOnDelete ?? d.retainOnDelete,
        versioning: args.versioning ?? d.versioning,
        abortIncompleteMultipartUploadDays:
            args.abortIncompleteMultipartUploadDays ?? d.abortIncompleteMultipartUploadDays,
        athenaBytesScannedCutoffPerQuery:
            args.athenaBytesScannedCutoffPerQuery ?? d.athenaBytesScannedCutoffPerQuery,
        kmsKeyDeletionWindowDays: args.kmsKeyDeletionWindowDays ?? d.kmsKeyDeletionWindowDays,
        accessLogsExpireAfterDays: args.accessLogsExpireAfterDays ?? d.accessLogsExpireAfterDays,
        queryResultsExpireAfterDays: args.queryResultsExpireAfterDays ?? d.queryResultsExpireAfterDays,
        catalogEncryption: args.catalogEncryption ?? d.catalogEncryption,
        tags: { ...args.tags },
        lifecycle: mergeLifecycles(args.lifecycle),
    };
    const problems: Problem[] = [
        ...zoneLifecycleProblems(settings.lifecycle),
        ...rangeProblems("kmsKeyDeletionWindowDays", settings.kmsKeyDeletionWindowDays, 7, 30),
        ...rangeProblems(
            "abortIncompleteMultipartUploadDays",
            settings.abortIncompleteMultipartUploadDays,
            1,
            3650,
        ),
        ...rangeProblems(
            "athenaBytesScannedCutoffPerQuery",
            settings.athenaBytesScannedCutoffPerQuery,
            ATHENA_MIN_BYTES_SCANNED_CUTOFF,
            Number.MAX_SAFE_INTEGER,
        ),
    ];
    const regionFix = regionProblem(args.region);
    if (regionFix) problems.push(problem("region", args.region, regionFix));
    if (typeof args.kmsKeyArn === "string") {
        const fix = kmsKeyArnProblem(args.kmsKeyArn, args.region);
        if (fix) problems.push(problem("kmsKeyArn", args.kmsKeyArn, fix));
    }
    const reserved = Object.keys(settings.tags).filter(isReservedTagKey);
    if (reserved.length > 0) {
        problems.push({
            option: "tags",
            got: reserved.map((k) => JSON.stringify(k)).join(", "),
            fix: `AWS reserves tag keys starting with "${RESERVED_TAG_KEY_PREFIX}" (any case). Rename them`,
        });
    }
    throwIfProblems(componentSubject("DataLake", name), problems);
    return settings;
}

/**
 * Per-zone lifecycle after merging `overrides` over {@link DATA_LAKE_DEFAULTS.lifecycle}.
 * @throws ProblemsError naming `lifecycle.<zone>.<field>` for every value S3 would refuse.
 */
export function resolveLifecycles(
    name: string,
    overrides?: Partial<Record<Zone, ZoneLifecycle>>,
): Record<Zone, ZoneLifecycle> {
    const lifecycle = mergeLifecycles(overrides);
    throwIfProblems(componentSubject("DataLake", name), zoneLifecycleProblems(lifecycle));
    return lifecycle;
}

function mergeLifecycles(overrides?: Partial<Record<Zone, ZoneLifecycle>>): Record<Zone, ZoneLifecycle> {
    const merged = {} as Record<Zone, ZoneLifecycle>;
    for (const zone of ZONES) merged[zone] = { ...DATA_LAKE_DEFAULTS.lifecycle[zone], ...overrides?.[zone] };
    return merged;
}

function zoneLifecycleProblems(lifecycle: Record<Zone, ZoneLifecycle>): Problem[] {
    return ZONES.flatMap((zone) =>
        lifecycleProblems(lifecycle[zone]).map((p) => ({ ...p, option: `lifecycle.${zone}.${p.option}` })),
    );
}

function rangeProblems(option: string, value: number, min: number, max: number): Problem[] {
    if (Number.isInteger(value) && value >= min && value <= max) return [];
    return [problem(option, value, `use a whole number from ${min} to ${max}`)];
}
