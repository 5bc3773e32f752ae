/**
 * Which bronze objects belong to a dataset: the one definition the spec's overlap check
 * (`spec/dataset-specs.ts`), the bronze bucket's S3 notification filters and the trigger's routes
 * (`lambdas/trigger/routes.ts`, `components/trigger-lambda/routes.ts`) share.
 *
 * An object belongs to a filter when its key starts with `prefix` and ends with one of `suffixes`. Two
 * suffix meanings are kept apart on purpose:
 * - {@link NO_EXTENSION} (`""`) in `suffixes` is a dataset spec's "no extension" (`bronze.legacy_suffixes`,
 *   docs/etl.md): a file name (after the last `/`) without a `.` that does not start with `_` (Hadoop's
 *   hidden files such as `_SUCCESS`);
 * - `suffixes` absent is "no suffix filter": every key under the prefix, as an S3 notification filter
 *   without a suffix rule and a trigger route with `suffix: ""` (docs/trigger.md).
 *
 * S3 cannot express "no extension", so such a filter never becomes a notification filter
 * ({@link s3NotificationFilter} refuses it); a spec's `bronze.suffix` is never `""` (the schema's pattern).
 * https://docs.aws.amazon.com/AmazonS3/latest/userguide/notification-how-to-filtering.html
 */

/** The suffix that stands for "a file name without an extension" in a dataset's suffixes. */
export const NO_EXTENSION = "";

/** The keys of one dataset (or one route) in a bronze bucket. */
export interface BronzeObjectFilter {
    /** Key prefix, e.g. `flights/`; `""` = every key. */
    readonly prefix: string;
    /**
     * Suffixes a key may end with, e.g. `[".csv"]`; {@link NO_EXTENSION} matches a file name without an
     * extension. Absent: no suffix filter (every key under the prefix).
     */
    readonly suffixes?: readonly string[];
}

/** The part of `key` after its last `/`. */
function fileName(key: string): string {
    return key.slice(key.lastIndexOf("/") + 1);
}

/** `name` has no extension: no `.`, not empty, not hidden (`_...`). */
function hasNoExtension(name: string): boolean {
    return name !== "" && !name.includes(".") && !name.startsWith("_");
}

/** Whether `key` (URL-decoded, without bucket) ends with `suffix`, {@link NO_EXTENSION} read as above. */
export function keyHasSuffix(key: string, suffix: string): boolean {
    return suffix === NO_EXTENSION ? hasNoExtension(fileName(key)) : key.endsWith(suffix);
}

/**
 * Whether the object `key` (URL-decoded, without bucket) belongs to `filter`. An empty file name (a key
 * ending in `/`, a folder marker) belongs to no filter with suffixes.
 */
export function bronzeObjectMatches(filter: BronzeObjectFilter, key: string): boolean {
    if (!key.startsWith(filter.prefix)) return false;
    if (filter.suffixes === undefined) return true;
    return filter.suffixes.some((suffix) => keyHasSuffix(key, suffix));
}

/** Some key ends with both suffixes. */
function suffixesOverlap(x: string, y: string): boolean {
    if (x === NO_EXTENSION && y === NO_EXTENSION) return true;
    if (x === NO_EXTENSION || y === NO_EXTENSION) {
        // A name without extension ends with `s` when `s` has no `.` and its last segment is a valid name.
        const s = x === NO_EXTENSION ? y : x;
        return !s.includes(".") && !s.endsWith("/") && !(s.includes("/") && fileName(s).startsWith("_"));
    }
    return x.endsWith(y) || y.endsWith(x);
}

/**
 * Whether some key belongs to both filters: the prefixes nest (one starts with the other) and a suffix of
 * each overlaps one of the other (a filter without suffixes overlaps every suffix). For filters without
 * {@link NO_EXTENSION} this is S3's rule for ambiguous notification filters.
 */
export function bronzeFiltersOverlap(a: BronzeObjectFilter, b: BronzeObjectFilter): boolean {
    const prefixesNest = a.prefix.startsWith(b.prefix) || b.prefix.startsWith(a.prefix);
    if (!prefixesNest) return false;
    if (a.suffixes === undefined || b.suffixes === undefined) return true;
    const other = b.suffixes;
    return a.suffixes.some((x) => other.some((y) => suffixesOverlap(x, y)));
}

/** The filter rules of one S3 event notification; a rule is absent when it is empty (S3 refuses `""`). */
export interface S3NotificationFilter {
    filterPrefix?: string;
    filterSuffix?: string;
}

/**
 * The S3 notification filter that selects exactly `filter`'s objects.
 * @throws Error when the filter has more than one suffix or {@link NO_EXTENSION}, which one S3 filter
 *   cannot express.
 */
export function s3NotificationFilter(filter: BronzeObjectFilter): S3NotificationFilter {
    const suffixes = filter.suffixes ?? [];
    const [suffix] = suffixes;
    if (suffixes.length > 1 || suffix === NO_EXTENSION) {
        throw new Error(
            `prefix ${JSON.stringify(filter.prefix)} with suffixes ${JSON.stringify(suffixes)}: an S3 notification filter takes one non-empty suffix or none`,
        );
    }
    return {
        ...(filter.prefix === "" ? {} : { filterPrefix: filter.prefix }),
        ...(suffix === undefined ? {} : { filterSuffix: suffix }),
    };
}
