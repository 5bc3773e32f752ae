/**
 * The storage section of the stack config: everything the DataLake component takes from
 * `medallion-lake:*` keys. Defaults come from {@link DATA_LAKE_DEFAULTS}; nothing is restated here.
 */
import { z } from "zod";
import { ATHENA_MIN_BYTES_SCANNED_CUTOFF, DATA_LAKE_DEFAULTS, type Zone } from "../components/data-lake";
import { lifecycleProblems, S3_LIFECYCLE_MINIMUMS, type ZoneLifecycle } from "../lib/lifecycle";

const days = (min: number, max = 36500) => z.number().int().min(min).max(max);
/** A transition that may be set to `null` in YAML to turn it off. */
const optionalDays = (min: number) => days(min).nullable().optional();

const zoneLifecycle = z
    .strictObject({
        infrequentAccessAfterDays: optionalDays(S3_LIFECYCLE_MINIMUMS.standardIaMinDays),
        glacierAfterDays: optionalDays(1),
        expireAfterDays: optionalDays(1),
        noncurrentVersionExpireAfterDays: optionalDays(1),
    })
    .superRefine((value, ctx) => {
        for (const problem of lifecycleProblems(toZoneLifecycle(value))) {
            ctx.addIssue({ code: "custom", path: [problem.field], message: problem.message });
        }
    });

/** Schema of the lake's own config keys (top-level keys of the `medallion-lake` namespace). */
export const lakeConfigShape = {
    /** Keep buckets, data and the key on `pulumi destroy`. */
    retainDataOnDestroy: z.boolean().default(DATA_LAKE_DEFAULTS.retainOnDelete),
    /** S3 versioning on every bucket. */
    versioning: z.boolean().default(DATA_LAKE_DEFAULTS.versioning),
    /** Bring your own KMS key (ARN). */
    kmsKeyArn: z
        .string()
        .regex(
            /^arn:aws[a-z-]*:kms:[a-z0-9-]+:\d{12}:key\/[0-9a-f-]{36}$/,
            "must be a KMS key ARN (arn:aws:kms:<region>:<account>:key/<uuid>)",
        )
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
    tags: z.record(z.string().min(1).max(128), z.string().max(256)).default({}),
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
