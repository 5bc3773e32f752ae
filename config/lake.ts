/**
 * The storage section of the stack config: everything the DataLake component takes from
 * `medallion-lake:*` keys. Defaults come from {@link DATA_LAKE_DEFAULTS}; nothing is restated here.
 */
import { z } from "zod";
import {
    ATHENA_MIN_BYTES_SCANNED_CUTOFF,
    DATA_LAKE_DEFAULTS,
    ZONES,
    type Zone,
} from "../components/data-lake/data-lake";
import {
    lifecycleProblems,
    S3_LIFECYCLE_MINIMUMS,
    type ZoneLifecycle,
} from "../components/data-lake/lifecycle";
import { isReservedTagKey, KMS_KEY_ARN_PATTERN, RESERVED_TAG_KEY_PREFIX } from "../lib/aws";

const days = (min: number, max = 36500) => z.number().int().min(min).max(max);
/** A transition that may be set to `null` in YAML to turn it off. */
const optionalDays = (min: number) => days(min).nullable().optional();

const zoneLifecycle = z.strictObject({
    infrequentAccessAfterDays: optionalDays(S3_LIFECYCLE_MINIMUMS.standardIaMinDays),
    glacierAfterDays: optionalDays(1),
    expireAfterDays: optionalDays(1),
    noncurrentVersionExpireAfterDays: optionalDays(1),
});

/**
 * Checks each zone's lifecycle as the DataLake will apply it: the config's values merged over
 * {@link DATA_LAKE_DEFAULTS.lifecycle}. A problem on a value the config did not set says it is the default.
 */
function checkMergedLifecycles(
    lifecycle: Partial<Record<Zone, ZoneLifecycleInput>>,
    ctx: z.core.$RefinementCtx<unknown>,
): void {
    for (const zone of ZONES) {
        const overrides = lifecycle[zone];
        const merged = {
            ...DATA_LAKE_DEFAULTS.lifecycle[zone],
            ...(overrides && toZoneLifecycle(overrides)),
        };
        for (const problem of lifecycleProblems(merged)) {
            const field = problem.option as keyof ZoneLifecycle;
            const isDefault = overrides?.[field] === undefined;
            const got = isDefault ? `${problem.got} (the default)` : problem.got;
            ctx.addIssue({ code: "custom", path: [zone, field], message: `got ${got}; ${problem.fix}` });
        }
    }
}

/** Schema of the lake's own config keys (top-level keys of the `medallion-lake` namespace). */
export const lakeConfigShape = {
    /** Keep buckets, data and the key on `pulumi destroy`. */
    retainDataOnDestroy: z.boolean().default(DATA_LAKE_DEFAULTS.retainOnDelete),
    /** S3 versioning on every bucket. */
    versioning: z.boolean().default(DATA_LAKE_DEFAULTS.versioning),
    /**
     * Register the account's Glue Data Catalog encryption settings (SSE-KMS and connection passwords with
     * the lake key). One per account and region: set `false` on every stack but one that shares them.
     */
    catalogEncryption: z.boolean().default(DATA_LAKE_DEFAULTS.catalogEncryption),
    /**
     * Bring your own KMS key (ARN). Its region must be `aws:region` (checked in `parseStackConfig`); it may
     * belong to another account, whose key policy must then grant this account.
     */
    kmsKeyArn: z
        .string()
        .regex(KMS_KEY_ARN_PATTERN, "must be a KMS key ARN (arn:aws:kms:<region>:<account>:key/<key id>)")
        .optional(),
    kmsKeyDeletionWindowDays: days(7, 30).default(DATA_LAKE_DEFAULTS.kmsKeyDeletionWindowDays),
    lifecycle: z
        .strictObject({
            bronze: zoneLifecycle.optional(),
            silver: zoneLifecycle.optional(),
            gold: zoneLifecycle.optional(),
            abortIncompleteMultipartUploadDays: days(1).default(
                DATA_LAKE_DEFAULTS.abortIncompleteMultipartUploadDays,
            ),
            accessLogsExpireAfterDays: days(1).default(DATA_LAKE_DEFAULTS.accessLogsExpireAfterDays),
            queryResultsExpireAfterDays: days(1).default(DATA_LAKE_DEFAULTS.queryResultsExpireAfterDays),
        })
        .superRefine(checkMergedLifecycles)
        .prefault({}),
    athena: z
        .strictObject({
            bytesScannedCutoffPerQuery: z
                .number()
                .int()
                .min(ATHENA_MIN_BYTES_SCANNED_CUTOFF)
                .default(DATA_LAKE_DEFAULTS.athenaBytesScannedCutoffPerQuery),
        })
        .prefault({}),
    /** Tags on every taggable resource; keys starting with `aws:` (any case) are reserved by AWS. */
    tags: z
        .record(z.string().min(1).max(128), z.string().max(256))
        .superRefine((tags, ctx) => {
            for (const key of Object.keys(tags).filter(isReservedTagKey)) {
                ctx.addIssue({
                    code: "custom",
                    path: [key],
                    message: `tag key ${JSON.stringify(key)} starts with "${RESERVED_TAG_KEY_PREFIX}", a prefix AWS reserves (any case); rename the tag`,
                });
            }
        })
        .default({}),
};

type ZoneLifecycleInput = z.infer<typeof zoneLifecycle>;

/** Turns YAML `null` ("turn this transition off") into an explicit `undefined` that overrides the default. */
function toZoneLifecycle(value: ZoneLifecycleInput): ZoneLifecycle {
    const out: ZoneLifecycle = {};
    for (const [key, v] of Object.entries(value) as [keyof ZoneLifecycle, number | null | undefined][]) {
        out[key] = v ?? undefined;
    }
    return out;
}

/** Per-zone lifecycle overrides from config, ready for `DataLakeArgs.lifecycle`. */
export function zoneLifecycleOverrides(lifecycle: {
    bronze?: ZoneLifecycleInput;
    silver?: ZoneLifecycleInput;
    gold?: ZoneLifecycleInput;
}): Partial<Record<Zone, ZoneLifecycle>> {
    const out: Partial<Record<Zone, ZoneLifecycle>> = {};
    for (const zone of ["bronze", "silver", "gold"] as const) {
        const value = lifecycle[zone];
        if (value) out[zone] = toZoneLifecycle(value);
    }
    return out;
}
