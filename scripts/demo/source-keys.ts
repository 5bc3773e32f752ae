/**
 * The trigger -> Glue job contract, checked locally: the `--source_keys` of the job runs must name every
 * bronze drop exactly once, and each `s3://<bronze bucket>/<key>` maps to the local file
 * `<lake>/bronze/<key>` the local Spark run reads.
 *
 * @module
 */
import path from "node:path";

/** `s3://<bucket>/<key>`, the form of one `--source_keys` entry (the key URL-decoded). */
export function s3Uri(bucket: string, key: string): string {
    return `s3://${bucket}/${key}`;
}

/**
 * The local file of a `--source_keys` URI.
 *
 * @param uri - `s3://<bucket>/<key>`.
 * @param bucket - the bronze bucket the demo's drops stand for.
 * @param bronzeDir - `<lake>/bronze`.
 * @throws Error when `uri` is not an `s3://` URI of `bucket`, or its key would leave `bronzeDir`.
 */
export function localBronzePath(uri: string, bucket: string, bronzeDir: string): string {
    const prefix = `s3://${bucket}/`;
    if (!uri.startsWith(prefix) || uri.length === prefix.length) {
        throw new Error(`--source_keys entry ${uri} is not an object of the bronze bucket ${bucket}`);
    }
    const file = path.resolve(bronzeDir, ...uri.slice(prefix.length).split("/"));
    if (!file.startsWith(path.resolve(bronzeDir) + path.sep)) {
        throw new Error(`--source_keys entry ${uri} points outside ${bronzeDir}`);
    }
    return file;
}

/** What is wrong with the job runs' keys compared with the drops; empty when each drop is in one run. */
export function coverageProblems(
    dropUris: readonly string[],
    runKeys: readonly (readonly string[])[],
): string[] {
    const seen = new Map<string, number>();
    for (const keys of runKeys) for (const key of keys) seen.set(key, (seen.get(key) ?? 0) + 1);
    const problems: string[] = [];
    for (const uri of dropUris) {
        const times = seen.get(uri) ?? 0;
        if (times === 0) problems.push(`${uri} was in no job run`);
        if (times > 1) problems.push(`${uri} was in ${times} job runs`);
    }
    const expected = new Set(dropUris);
    for (const key of seen.keys()) if (!expected.has(key)) problems.push(`${key} is not a drop of this demo`);
    return problems;
}
