/**
 * The trigger -> Glue job contract, checked in the demo: the trigger deletes a drop's notification only
 * once a bookmark run of the job owns the object (it started that run, or joined one that had not listed
 * bronze yet), and it hands runs no object list: each run reads what its job bookmark has not seen.
 * The handler's INFO lines `Started Glue job run` / `Joined Glue job run that has not listed bronze yet`
 * name the run (`jobRunId`) and the objects (`objects`) it owns (docs/trigger.md).
 *
 * @module
 */
import type { LogLine } from "../local-cloud/lambda-runtime";

/** `s3://<bucket>/<key>`, the form in which the handler logs an object (the key URL-decoded). */
export function s3Uri(bucket: string, key: string): string {
    return `s3://${bucket}/${key}`;
}

/**
 * The objects each job run owns, by run id, from the handler's log lines: every INFO line with a
 * `jobRunId` and an `objects` list (a run started, or joined, for those objects), in log order.
 */
export function ownedObjectsByRun(lines: readonly LogLine[]): Map<string, string[]> {
    const owned = new Map<string, string[]>();
    for (const line of lines) {
        if (line.level !== "INFO" || typeof line.jobRunId !== "string" || !Array.isArray(line.objects))
            continue;
        const objects = owned.get(line.jobRunId) ?? [];
        objects.push(...line.objects.map(String));
        owned.set(line.jobRunId, objects);
    }
    return owned;
}

/** What is wrong with the runs' ownership of the drops; empty when each drop is owned by exactly one run. */
export function ownershipProblems(
    dropUris: readonly string[],
    ownedByRun: readonly (readonly string[])[],
): string[] {
    const seen = new Map<string, number>();
    for (const objects of ownedByRun) for (const uri of objects) seen.set(uri, (seen.get(uri) ?? 0) + 1);
    const problems: string[] = [];
    for (const uri of dropUris) {
        const times = seen.get(uri) ?? 0;
        if (times === 0) problems.push(`${uri} is owned by no job run`);
        if (times > 1) problems.push(`${uri} is owned by ${times} job runs`);
    }
    const expected = new Set(dropUris);
    for (const uri of seen.keys()) if (!expected.has(uri)) problems.push(`${uri} is not a drop of this demo`);
    return problems;
}
