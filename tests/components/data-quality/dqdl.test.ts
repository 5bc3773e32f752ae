import { readFileSync, writeFileSync } from "node:fs";
import * as path from "node:path";
import { expect } from "chai";
import { compileDqdl, dqdlNumber, dqdlRule, dqdlString } from "../../../components/data-quality/dqdl";
import { loadDatasetSpecFile } from "../../../spec/dataset-specs";
import { DEFAULT_QUALITY_ACTION, qualityRules } from "../../../spec/quality-rules";
import { REPO_ROOT } from "../../support/pulumi-harness";

const GOLDEN_DIR = path.join(REPO_ROOT, "tests", "fixtures", "dqdl");
const SCHEMA = path.join(REPO_ROOT, "datasets", "schema", "dataset-spec.schema.json");
const SPECS = [
    path.join(REPO_ROOT, "datasets", "flights.yaml"),
    path.join(GOLDEN_DIR, "specs", "flights_checks.yaml"),
];

describe("compileDqdl (components/data-quality/dqdl.ts)", () => {
    for (const file of SPECS) {
        const { spec } = loadDatasetSpecFile(file, SCHEMA);
        for (const [target, suffix] of [
            ["job", ".dqdl"],
            ["catalog", ".catalog.dqdl"],
        ] as const) {
            it(`compiles ${spec.name} for the ${target} as tests/fixtures/dqdl/${spec.name}${suffix}`, () => {
                const golden = path.join(GOLDEN_DIR, `${spec.name}${suffix}`);
                const compiled = compileDqdl(spec, target);
                if (process.env.UPDATE_DQDL_GOLDEN === "1") writeFileSync(golden, compiled ?? "");
                expect(compiled).to.equal(readFileSync(golden, "utf8"));
            });
        }
    }

    it("writes every rule kind of flights_checks once, after its id and action comment", () => {
        const { spec } = loadDatasetSpecFile(SPECS[1] as string, SCHEMA);
        const text = compileDqdl(spec) as string;
        expect(text.startsWith("Rules = [\n")).to.equal(true);
        expect(text).to.contain(
            '    // {"id":"freshness:departure_time","action":"warn"}\n    DataFreshness "departure_time" <= 36 hours,\n',
        );
        expect(text).to.contain('IsUnique "departure_time" "origin" "destination"');
        expect(text).to.contain('ColumnValues "origin" in ["ATL","ORD","DFW"]');
        expect(new Set(qualityRules(spec).map((r) => r.kind)).size).to.equal(7);
    });

    it("leaves the dynamic row-count rule out of the catalog ruleset only", () => {
        const { spec } = loadDatasetSpecFile(SPECS[0] as string, SCHEMA);
        expect(compileDqdl(spec, "job")).to.contain("avg(last(1))");
        expect(compileDqdl(spec, "catalog")).not.to.contain("RowCount");
    });

    it("compiles nothing for a spec without quality rules", () => {
        const { spec } = loadDatasetSpecFile(path.join(REPO_ROOT, "datasets", "sales.yaml"), SCHEMA);
        expect(compileDqdl(spec)).to.equal(undefined);
        const onlyRowCount = { ...spec, quality: { row_count_change: { max_change_ratio: 0.2 } } };
        expect(compileDqdl(onlyRowCount, "catalog")).to.equal(undefined);
        expect(compileDqdl(onlyRowCount, "job")).to.contain(
            "(RowCount >= avg(last(1)) * 0.8) AND (RowCount <= avg(last(1)) * 1.2)",
        );
    });

    it("escapes quotes and backslashes in strings, as DQDL's QUOTED_STRING reads them", () => {
        expect(dqdlString('say "hi" \\ bye')).to.equal('"say \\"hi\\" \\\\ bye"');
    });

    it("writes numbers without exponents, negative as -n", () => {
        expect(dqdlNumber(0.99)).to.equal("0.99");
        expect(dqdlNumber(-120)).to.equal("-120");
        expect(dqdlNumber(1e-7)).to.equal("0.0000001");
        expect(dqdlNumber(1e21)).to.equal("1000000000000000000000");
        expect(() => dqdlNumber(Number.NaN)).to.throw("not a finite number");
    });

    it("bounds inclusively, never with DQDL's exclusive between", () => {
        const rule = (min?: number, max?: number) =>
            dqdlRule({
                kind: "value_range",
                id: "value_range:x",
                action: "fail",
                field: "quality.value_ranges[0]",
                rule: { column: "x", min, max },
            });
        expect(rule(1, 5)).to.equal('(ColumnValues "x" >= 1) AND (ColumnValues "x" <= 5)');
        expect(rule(2, 2)).to.equal('ColumnValues "x" = 2');
        expect(rule(undefined, 5)).to.equal('ColumnValues "x" <= 5');
        expect(rule(0)).to.equal('ColumnValues "x" >= 0');
    });

    it("defaults a rule's action to the schema's fail", () => {
        expect(DEFAULT_QUALITY_ACTION).to.equal("fail");
        const { spec } = loadDatasetSpecFile(SPECS[0] as string, SCHEMA);
        expect(qualityRules(spec).find((r) => r.id === "uniqueness:flight_id")?.action).to.equal("fail");
    });
});
