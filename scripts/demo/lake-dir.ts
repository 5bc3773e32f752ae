/**
 * The demo's local lake directory: wiped at the start of each run, but only when it is new, empty, or
 * was made by the demo (it holds {@link DEMO_LAKE_MARKER}), so a mistyped `--lake-dir` never deletes a
 * user's files.
 *
 * @module
 */
import { existsSync, mkdirSync, readdirSync, rmSync, statSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";

/** File the demo writes into every lake directory it creates; a directory with it may be wiped. */
export const DEMO_LAKE_MARKER = ".medallion-demo-lake";

/** Folders of the local lake (the Python side's `medallion_glue.defaults.LOCAL_*_DIR`). */
export const LAKE_LAYOUT = {
    bronze: "bronze",
    catalog: path.join("_catalog", "catalog.json"),
    manifest: "layout-manifest.json",
    /** Logs of each step (Spark, the trigger Lambda's JSON lines). */
    logs: "_logs",
    /** The demo's machine-readable result. */
    summary: "demo-summary.json",
} as const;

/**
 * Empties (or creates) `lakeDir` and marks it as the demo's.
 *
 * @param lakeDir - absolute path.
 * @param repoRoot - the repository: the lake may live inside it (`.lake/demo`) but never be it.
 * @throws Error when `lakeDir` is a file, the file system root, the home directory, the repository, or a
 *   non-empty directory the demo did not create.
 */
export function prepareLakeDir(lakeDir: string, repoRoot: string): void {
    const resolved = path.resolve(lakeDir);
    const forbidden = [path.parse(resolved).root, os.homedir(), path.resolve(repoRoot)];
    if (forbidden.includes(resolved)) {
        throw new Error(
            `--lake-dir ${resolved}: the demo wipes this directory; pass a dedicated one such as .lake/demo`,
        );
    }
    if (existsSync(resolved)) {
        if (!statSync(resolved).isDirectory()) {
            throw new Error(`--lake-dir ${resolved} is a file; pass a directory`);
        }
        const entries = readdirSync(resolved);
        if (entries.length > 0 && !entries.includes(DEMO_LAKE_MARKER)) {
            throw new Error(
                `--lake-dir ${resolved} is not empty and was not made by the demo (no ${DEMO_LAKE_MARKER}); ` +
                    "pass a new or empty directory",
            );
        }
        rmSync(resolved, { recursive: true, force: true });
    }
    mkdirSync(path.join(resolved, LAKE_LAYOUT.logs), { recursive: true });
    writeFileSync(path.join(resolved, DEMO_LAKE_MARKER), "Made by `npm run demo`; wiped by its next run.\n");
}
