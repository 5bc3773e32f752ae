/**
 * Dataset routes: which Glue job a bronze object belongs to, decided by bucket, key prefix and key suffix,
 * the same filters the bronze bucket's S3 event notifications use.
 *
 * @module
 */
import { type BronzeObjectFilter, bronzeFiltersOverlap, bronzeObjectMatches } from "../../lib/bronze-objects";

/**
 * One dataset's route from bronze objects to the Glue job that loads them into silver.
 *
 * Mirrors one S3 event notification filter of the bronze bucket: an object matches when it lives in
 * `bucket` and its (URL-decoded) key starts with `prefix` and ends with `suffix`.
 *
 * @see https://docs.aws.amazon.com/AmazonS3/latest/userguide/notification-how-to-filtering.html
 */
export interface DatasetRoute {
    /** Dataset name, for logs (for example `"flights"`). Unique across routes. */
    readonly dataset: string;
    /** Bronze bucket name (no `s3://`). */
    readonly bucket: string;
    /** Key prefix, for example `"flights/"`; `""` matches every key. */
    readonly prefix: string;
    /** Key suffix, for example `".csv"`; `""` matches every key. */
    readonly suffix: string;
    /** Name of the Glue job that receives the matching objects in `--source_keys`. */
    readonly jobName: string;
}

/**
 * Whether `key` in `bucket` matches `route`'s bucket, prefix and suffix filters.
 *
 * Prefix and suffix are tested independently, as S3 does (`"a.csv"` matches prefix `"a"` and suffix
 * `"a.csv"`).
 *
 * @param route - the route to test.
 * @param bucket - bucket name of the object.
 * @param key - URL-decoded object key.
 * @returns `true` when the object matches the route.
 */
export function routeMatches(route: DatasetRoute, bucket: string, key: string): boolean {
    return route.bucket === bucket && bronzeObjectMatches(routeObjectFilter(route), key);
}

/**
 * The route's keys as a {@link BronzeObjectFilter}: its prefix and suffix, an empty suffix meaning no suffix
 * filter (every key), as in the S3 notification filter it mirrors.
 */
export function routeObjectFilter(route: Pick<DatasetRoute, "prefix" | "suffix">): BronzeObjectFilter {
    return route.suffix === ""
        ? { prefix: route.prefix }
        : { prefix: route.prefix, suffixes: [route.suffix] };
}

/**
 * Finds the route of an object.
 *
 * Routes never overlap (see {@link findOverlappingRoutes}, enforced when the configuration is loaded), so
 * at most one route matches.
 *
 * @param routes - validated, non-overlapping routes.
 * @param bucket - bucket name of the object.
 * @param key - URL-decoded object key.
 * @returns the matching route, or `undefined` when the object belongs to no dataset.
 */
export function findRoute(
    routes: readonly DatasetRoute[],
    bucket: string,
    key: string,
): DatasetRoute | undefined {
    return routes.find((route) => routeMatches(route, bucket, key));
}

/**
 * Pairs of routes that some object key would match both of.
 *
 * Two prefix/suffix filters on the same bucket overlap exactly when one prefix starts the other and one
 * suffix ends the other (a long enough key then matches both). S3 itself rejects such notification
 * configurations as "ambiguously defined" for the same event type.
 *
 * @param routes - routes to check.
 * @returns index pairs `[i, j]` with `i < j` of overlapping routes; empty when the routes are unambiguous.
 * @see https://docs.aws.amazon.com/AmazonS3/latest/userguide/notification-how-to-filtering.html
 */
export function findOverlappingRoutes(routes: readonly DatasetRoute[]): Array<[number, number]> {
    const overlaps: Array<[number, number]> = [];
    for (let i = 0; i < routes.length; i++) {
        for (let j = i + 1; j < routes.length; j++) {
            const a = routes[i] as DatasetRoute;
            const b = routes[j] as DatasetRoute;
            if (a.bucket === b.bucket && bronzeFiltersOverlap(routeObjectFilter(a), routeObjectFilter(b))) {
                overlaps.push([i, j]);
            }
        }
    }
    return overlaps;
}
