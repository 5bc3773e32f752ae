/**
 * Content hashes for deployment artifacts: a file set's hash goes into the S3 keys the Glue jobs read, so a
 * change to any byte gives a new key, the job definition changes with it, and nothing stale runs.
 * Hashes cover file names and bytes, never archive bytes (zip timestamps would make them unstable).
 */
import { createHash } from "node:crypto";
import { readdirSync, readFileSync, statSync } from "node:fs";
import * as path from "node:path";

/** Hex characters of SHA-256 kept in artifact keys (64 bits: collisions are not a practical concern). */
export const CONTENT_HASH_LENGTH = 16;

/** Directory and file names never packaged: bytecode caches and hidden files. */
const SKIPPED_NAMES = /^(__pycache__|\..*)$|\.py[co]$/;

/**
 * SHA-256 of a set of files, independent of the order given: for each name in sorted order, the name, a NUL,
 * the byte length, a NUL and the bytes.
 *
 * @param files - name inside the artifact (e.g. `medallion_glue/io.py`) -> local path.
 * @returns the first {@link CONTENT_HASH_LENGTH} hex characters.
 * @throws Error from `fs` when a file cannot be read (the message names the path).
 */
export function contentHash(files: Readonly<Record<string, string>>): string {
    const hash = createHash("sha256");
    for (const name of Object.keys(files).sort()) {
        const bytes = readFileSync(files[name]);
        hash.update(name).update("\0").update(String(bytes.length)).update("\0").update(bytes);
    }
    return hash.digest("hex").slice(0, CONTENT_HASH_LENGTH);
}

/** `bronze_to_silver.py` + hash -> `bronze_to_silver-<hash>.py` (the hash goes before the last extension). */
export function hashedFileName(fileName: string, hash: string): string {
    const ext = path.extname(fileName);
    return `${fileName.slice(0, fileName.length - ext.length)}-${hash}${ext}`;
}

/**
 * Every file of a Python package directory, keyed by its path inside a zip whose root holds the package
 * folder (so `import <package>` works from `--extra-py-files`). Bytecode caches and hidden files are left out.
 *
 * @param packageDir - e.g. `glue/medallion_glue`.
 * @returns archive path (`medallion_glue/spec/loader.py`) -> local path, sorted by archive path.
 * @throws Error when `packageDir` has no `__init__.py` (not an importable package).
 */
export function pythonPackageFiles(packageDir: string): Record<string, string> {
    const root = path.resolve(packageDir);
    const packageName = path.basename(root);
    const files: Record<string, string> = {};
    const walk = (dir: string, archiveDir: string) => {
        for (const entry of readdirSync(dir).sort()) {
            if (SKIPPED_NAMES.test(entry)) continue;
            const local = path.join(dir, entry);
            const archivePath = `${archiveDir}/${entry}`;
            if (statSync(local).isDirectory()) walk(local, archivePath);
            else files[archivePath] = local;
        }
    };
    walk(root, packageName);
    if (files[`${packageName}/__init__.py`] === undefined) {
        throw new Error(
            `${packageDir}: not a Python package (no __init__.py); point pythonPackage.dir at the package folder`,
        );
    }
    return files;
}
