/**
 * The Python package zip every Glue job of the dev stack gets in `--extra-py-files`: its file list is the
 * one whose content hash names the uploaded key (so these are the bytes Glue runs), it holds the job-side
 * subpackages and data files, and nothing local-only (medallion_local, the awsglue stand-in, tests) is in
 * it or imported by it.
 */
import { readFileSync } from "node:fs";
import * as path from "node:path";
import { expect } from "chai";
import { contentHash } from "../../components/etl-job/content-hash";
import { pythonPackageArchive } from "../../components/etl-job/plan";
import { REPO_ROOT, type Recorder, readStackConfig, runProgram } from "../support/pulumi-harness";

/** What index.ts passes as every job's `pythonPackage`. */
const JOB_PACKAGE = {
    dir: path.join(REPO_ROOT, "glue", "medallion_glue"),
    extraFiles: {
        "medallion_glue/_schema/dataset-spec.schema.json": path.join(
            REPO_ROOT,
            "datasets",
            "schema",
            "dataset-spec.schema.json",
        ),
    },
};
/** Modules that exist only on a developer's machine or in CI; a zipped module importing one fails on Glue. */
const LOCAL_ONLY_MODULES = /^(medallion_local|local_awsglue|tests|moto|duckdb|pytest|psycopg)(\.|$)/;

const importedModules = (source: string): string[] =>
    [...source.matchAll(/^\s*(?:from\s+([\w.]+)\s+import|import\s+([\w.]+))/gm)].map((m) => m[1] ?? m[2]);

describe("the Glue jobs' Python package zip (dev stack)", () => {
    let recorder: Recorder;
    const files = pythonPackageArchive(JOB_PACKAGE);
    const names = Object.keys(files);
    before(async () => {
        ({ recorder } = await runProgram(readStackConfig("dev"), "dev"));
    });

    it("is the file list the stack uploads: the key's content hash is this list's", () => {
        const key = recorder.named("flights-bronze-to-silver-python-package").inputs.key as string;
        expect(key).to.match(/\/lib\/medallion_glue-[0-9a-f]{16}\.zip$/);
        expect(key.endsWith(`/lib/medallion_glue-${contentHash(files)}.zip`)).to.equal(true);
    });

    it("holds the job-side subpackages, the job argument contract, shared constants and the spec schema", () => {
        const subpackages = new Set(
            names.filter((n) => /^medallion_glue\/\w+\/__init__\.py$/.test(n)).map((n) => n.split("/")[1]),
        );
        expect([...subpackages].sort()).to.deep.equal([
            "bronze",
            "gold",
            "jdbc",
            "lineage",
            "quality",
            "quarantine",
            "runtime",
            "silver",
            "spec",
        ]);
        for (const required of [
            "medallion_glue/__init__.py",
            "medallion_glue/runtime/job_arguments.json",
            "medallion_glue/runtime/job_start.py",
            "medallion_glue/shared_constants.json",
            "medallion_glue/spec/dataset_spec_types.py",
            "medallion_glue/_schema/dataset-spec.schema.json",
        ]) {
            expect(names, required).to.include(required);
        }
    });

    it("holds nothing local-only: no stand-in, no local tools, no tests, no bytecode", () => {
        expect(names.every((n) => n.startsWith("medallion_glue/"))).to.equal(true);
        expect(
            names.filter((n) => /awsglue|medallion_local|tests?\/|__pycache__|\.pyc$/.test(n)),
        ).to.deep.equal([]);
    });

    it("imports no local-only module from any zipped Python file", () => {
        const offending = names
            .filter((n) => n.endsWith(".py"))
            .flatMap((n) =>
                importedModules(readFileSync(files[n], "utf8"))
                    .filter((module) => LOCAL_ONLY_MODULES.test(module))
                    .map((module) => `${n}: ${module}`),
            );
        expect(offending).to.deep.equal([]);
        expect(importedModules("from medallion_local.runner import main\nimport duckdb\n")).to.deep.equal([
            "medallion_local.runner",
            "duckdb",
        ]);
    });
});
