/**
 * Runs parliament (PyPI `parliament`, pinned in requirements.txt, from the project venv) once over a
 * directory of IAM documents and returns its findings, each tied back to the document it is about.
 */
import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import * as path from "node:path";
import type { CollectedIamDocument } from "../../../policies/lib/iam-documents";
import {
    type ParliamentFinding,
    type ParliamentInput,
    renderForParliament,
} from "../../../policies/lib/parliament";
import { REPO_ROOT } from "../../support/pulumi-harness";

/** The parliament command of the project venv. */
export const PARLIAMENT = path.join(REPO_ROOT, ".venv", "bin", "parliament");

/** parliament's flags: every severity, the community auditors too, JSON output. */
export const PARLIAMENT_ARGS = ["--minimum_severity", "INFO", "--include-community-auditors", "--json"];

/** A finding and the document it was raised on. */
export interface LocatedFinding {
    finding: ParliamentFinding;
    input: ParliamentInput;
}

/**
 * Writes each document (in the form parliament checks) to a temporary directory, runs parliament once on
 * it, and returns every finding with its document.
 * @throws Error when parliament is missing or fails without printing findings
 */
export function runParliament(documents: CollectedIamDocument[]): LocatedFinding[] {
    if (!existsSync(PARLIAMENT)) {
        throw new Error(`${PARLIAMENT} not found; create the venv with the pinned requirements.txt`);
    }
    const dir = mkdtempSync(path.join(tmpdir(), "parliament-"));
    try {
        const inputs = new Map<string, ParliamentInput>();
        documents.forEach((doc, index) => {
            const input = renderForParliament(doc);
            const file = path.join(dir, `${String(index).padStart(3, "0")}-${doc.kind}.json`);
            writeFileSync(file, input.text);
            inputs.set(file, input);
        });
        const run = spawnSync(
            PARLIAMENT,
            ["--directory", dir, "--include_policy_extension", "json", ...PARLIAMENT_ARGS],
            { encoding: "utf8" },
        );
        if (run.status !== 0 && run.status !== 1) {
            throw new Error(`parliament exited ${run.status}: ${run.stderr}`);
        }
        const findings = run.stdout
            .split("\n")
            .filter((line) => line.startsWith("{"))
            .map((line) => JSON.parse(line) as ParliamentFinding);
        if (run.status === 1 && findings.length === 0) {
            throw new Error(`parliament exited 1 without findings: ${run.stderr}`);
        }
        if (readdirSync(dir).length !== documents.length) throw new Error("not every document was written");
        return findings.map((finding) => {
            const input = inputs.get(String(finding.location.filepath));
            if (input === undefined)
                throw new Error(`finding on an unknown file: ${JSON.stringify(finding)}`);
            return { finding, input };
        });
    } finally {
        rmSync(dir, { recursive: true, force: true });
    }
}
