/**
 * The repository's package-lock.json and the walk Node's resolution makes through it: which lock path a
 * `require(name)` inside a package loads, and every package a set of names pulls in.
 */
import { readFileSync } from "node:fs";
import * as path from "node:path";
import { REPO_ROOT } from "../support/pulumi-harness";

/** One `packages` entry of a lockfile v3, the fields these tests read. */
export interface LockEntry {
    version?: string;
    resolved?: string;
    integrity?: string;
    engines?: { node?: string };
    dependencies?: Record<string, string>;
    devDependencies?: Record<string, string>;
    optionalDependencies?: Record<string, string>;
    peerDependencies?: Record<string, string>;
    peerDependenciesMeta?: Record<string, { optional?: boolean }>;
    dev?: boolean;
    peer?: boolean;
    devOptional?: boolean;
    optional?: boolean;
}

/** A lockfile v3: entries by lock path (`""` is the root, `node_modules/<name>` the installed packages). */
export interface Lockfile {
    packages: Record<string, LockEntry>;
}

/** The repository's package-lock.json. */
export function readRepoLock(): Lockfile {
    return JSON.parse(readFileSync(path.join(REPO_ROOT, "package-lock.json"), "utf8")) as Lockfile;
}

/** The lock path Node would load `name` from when required inside the package at lock path `from`. */
export function resolveInLock(lock: Lockfile, from: string, name: string): string | undefined {
    let dir = from;
    for (;;) {
        const candidate = `${dir === "" ? "" : `${dir}/`}node_modules/${name}`;
        if (lock.packages[candidate] !== undefined) return candidate;
        if (dir === "") return undefined;
        const parent = dir.lastIndexOf("/node_modules/");
        dir = parent < 0 ? "" : dir.slice(0, parent);
    }
}

/**
 * Lock paths of every package installing `names` (required from the root) installs: their dependencies,
 * required peers and theirs, and the optional dependencies the lock holds (esbuild's platform binaries).
 */
export function lockClosure(lock: Lockfile, names: string[]): string[] {
    const seen = new Set<string>();
    const queue = names.map((name) => resolveInLock(lock, "", name));
    while (queue.length > 0) {
        const at = queue.pop();
        if (at === undefined || seen.has(at)) continue;
        seen.add(at);
        const entry = lock.packages[at];
        const requiredPeers = Object.keys(entry.peerDependencies ?? {}).filter(
            (name) => entry.peerDependenciesMeta?.[name]?.optional !== true,
        );
        for (const name of [...Object.keys(entry.dependencies ?? {}), ...requiredPeers])
            queue.push(resolveInLock(lock, at, name));
        // Optional dependencies (esbuild's platform binaries) install only where they fit.
        for (const name of Object.keys(entry.optionalDependencies ?? {})) {
            const found = resolveInLock(lock, at, name);
            if (found !== undefined) queue.push(found);
        }
    }
    return [...seen].sort();
}
