/**
 * A copy of the working tree (tracked and new files, as git sees them) in a temporary directory, with the
 * repository's node_modules linked in, so `npm pack` there builds a fresh `dist/` and never touches ours.
 */
import { execFileSync } from "node:child_process";
import { cpSync, mkdirSync, mkdtempSync, symlinkSync } from "node:fs";
import { tmpdir } from "node:os";
import * as path from "node:path";
import { REPO_ROOT } from "../support/pulumi-harness";

/** Files of the working tree as git lists them: tracked or new, not ignored, not deleted. */
export function workingTreeFiles(...pathspecs: string[]): string[] {
    const listed = execFileSync(
        "git",
        ["ls-files", "-z", "--cached", "--others", "--exclude-standard", "--deduplicate", "--", ...pathspecs],
        { cwd: REPO_ROOT, encoding: "utf8" },
    );
    const deleted = new Set(
        execFileSync("git", ["ls-files", "-z", "--deleted"], { cwd: REPO_ROOT, encoding: "utf8" }).split(
            "\0",
        ),
    );
    return listed.split("\0").filter((file) => file !== "" && !deleted.has(file));
}

/** Copies the working tree into a new temporary directory named `<prefix>...` and returns its path. */
export function copyWorkingTree(prefix: string): string {
    const root = mkdtempSync(path.join(tmpdir(), prefix));
    for (const file of workingTreeFiles()) {
        mkdirSync(path.dirname(path.join(root, file)), { recursive: true });
        cpSync(path.join(REPO_ROOT, file), path.join(root, file));
    }
    symlinkSync(path.join(REPO_ROOT, "node_modules"), path.join(root, "node_modules"), "dir");
    return root;
}
