import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import * as path from "node:path";
import { expect } from "chai";
import { parse as parseYaml, stringify as stringifyYaml } from "yaml";
import {
    DATASET_SCHEMA_FILE,
    DatasetSpecError,
    type DatasetSpecIssue,
    DIMENSIONS_DIR,
    loadDatasetSpecs,
    RESERVED_COLUMNS,
} from "../../spec/dataset-specs";
import { REPO_ROOT } from "../support/pulumi-harness";

/**
 * The shared dataset spec cases (`tests/fixtures/invalid-specs/cases.yaml`) through the TypeScript validator.
 * `glue/tests/spec/test_spec_cases_shared.py` runs the same table through the Python local tools' entry
 * point (`medallion_local.spec_check`), which calls this validator.
 */
const CASES_FILE = path.join(REPO_ROOT, "tests", "fixtures", "invalid-specs", "cases.yaml");
const DATASETS = path.join(REPO_ROOT, "datasets");

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
interface Case {
    id: string;
    patch?: Json;
    earlier?: Json;
    text?: string;
    field?: string;
    message?: string;
}
interface Table {
    base: Json;
    reserved_columns: { templates: Case[] };
    invalid: Case[];
    valid: Case[];
}

const TABLE = parseYaml(readFileSync(CASES_FILE, "utf8")) as Table;

/** RFC 7396 JSON Merge Patch: objects merge recursively, `null` deletes, the rest replaces. */
function mergePatch(target: Json | undefined, patch: Json): Json {
    if (patch === null || typeof patch !== "object" || Array.isArray(patch)) return structuredClone(patch);
    const result: { [key: string]: Json } =
        target !== null && typeof target === "object" && !Array.isArray(target)
            ? structuredClone(target)
            : {};
    for (const [key, value] of Object.entries(patch)) {
        if (value === null) delete result[key];
        else result[key] = mergePatch(result[key], value);
    }
    return result;
}

const RESERVED_CASES: Case[] = TABLE.reserved_columns.templates.flatMap((template) =>
    RESERVED_COLUMNS.map((column) => ({
        ...(JSON.parse(JSON.stringify(template).replaceAll("COLUMN", column)) as Case),
        id: `${template.id}-${column}`,
    })),
);
const INVALID = [...TABLE.invalid, ...RESERVED_CASES];

/** A datasets directory with the real schema, `mini.yaml` (and `earlier.yaml`) and the dimension files named. */
function caseDir(c: Case): string {
    const dir = mkdtempSync(path.join(tmpdir(), "spec-case-"));
    mkdirSync(path.join(dir, "schema"));
    mkdirSync(path.join(dir, DIMENSIONS_DIR));
    copyFileSync(path.join(DATASETS, DATASET_SCHEMA_FILE), path.join(dir, DATASET_SCHEMA_FILE));
    const specs: Json[] = [];
    if (c.text !== undefined) {
        writeFileSync(path.join(dir, "mini.yaml"), c.text);
    } else {
        const mini = mergePatch(TABLE.base, c.patch ?? {});
        writeFileSync(path.join(dir, "mini.yaml"), stringifyYaml(mini));
        specs.push(mini);
    }
    if (c.earlier !== undefined) {
        const defaults = { name: "earlier", bronze: { prefix: "earlier/" }, silver: { table: "earlier" } };
        const earlier = mergePatch(mergePatch(TABLE.base, defaults), c.earlier);
        writeFileSync(path.join(dir, "earlier.yaml"), stringifyYaml(earlier));
        specs.push(earlier);
    }
    // Dimension files must exist (a deploy-time rule the Glue job cannot check).
    for (const spec of specs) {
        const dimensions = (spec as { dimensions?: Array<{ file?: unknown }> }).dimensions ?? [];
        for (const d of dimensions) {
            if (typeof d.file === "string")
                writeFileSync(path.join(dir, DIMENSIONS_DIR, d.file), "code\nX\n");
        }
    }
    return dir;
}

function issuesOf(dir: string): DatasetSpecIssue[] {
    try {
        loadDatasetSpecs(dir);
    } catch (error) {
        expect(error).to.be.instanceOf(DatasetSpecError);
        return (error as DatasetSpecError).issues;
    }
    expect.fail("expected a DatasetSpecError");
}

describe("shared dataset spec cases (tests/fixtures/invalid-specs/cases.yaml) in spec/dataset-specs.ts", () => {
    it("instantiate the reserved templates with the schema's reserved columns, 61 invalid cases with unique ids", () => {
        expect(RESERVED_COLUMNS).to.deep.equal([
            "year",
            "month",
            "_source_object",
            "_ingested_at",
            "_corrupt_record",
        ]);
        const ids = [...INVALID, ...TABLE.valid].map((c) => c.id);
        expect(new Set(ids).size).to.equal(ids.length);
        expect(INVALID).to.have.length(46 + 3 * 5);
    });

    describe("invalid: every problem names mini.yaml and the case's field", () => {
        for (const c of INVALID) {
            it(`${c.id}: ${c.field}`, () => {
                const issues = issuesOf(caseDir(c));
                const named = [...new Set(issues.map((i) => `${i.file}: ${i.field}`))];
                expect(
                    named,
                    issues.map((i) => `${i.file}: ${i.field}: ${i.problem}. ${i.fix}`).join("\n"),
                ).to.deep.equal([`mini.yaml: ${c.field}`]);
                for (const issue of issues) {
                    expect(issue.problem).to.not.equal("");
                    expect(issue.fix).to.match(/\.$/);
                }
                if (c.message !== undefined) {
                    expect(issues.map((i) => `${i.problem}. ${i.fix}`)).to.deep.equal([c.message]);
                }
            });
        }
    });

    describe("valid: accepted", () => {
        for (const c of TABLE.valid) {
            it(c.id, () => {
                expect(loadDatasetSpecs(caseDir(c)).map((l) => l.spec.name)).to.include("mini");
            });
        }
    });

    it("pin the exact message of every case but pattern and YAML syntax errors", () => {
        expect(INVALID.filter((c) => c.message !== undefined)).to.have.length(38 + 3 * 5);
    });

    it("the repository's datasets/*.yaml are accepted", () => {
        expect(loadDatasetSpecs(DATASETS).map((l) => l.spec.name)).to.deep.equal([
            "flights",
            "sales",
            "transactions",
            "tweets",
        ]);
    });
});
