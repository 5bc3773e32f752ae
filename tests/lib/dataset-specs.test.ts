import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import * as path from "node:path";
import { expect } from "chai";
import {
    bronzeFiltersOverlap,
    DATASET_SCHEMA_FILE,
    type DatasetSpec,
    DatasetSpecError,
    goldSqlFiles,
    loadDatasetSpecFile,
    loadDatasetSpecs,
} from "../../lib/dataset-specs";
import { REPO_ROOT } from "../support/pulumi-harness";

const DATASETS = path.join(REPO_ROOT, "datasets");

/** A datasets directory with the real schema and the given spec files (name -> YAML text). */
function datasetsDir(specs: Record<string, string>, dimensions: string[] = []): string {
    const dir = mkdtempSync(path.join(tmpdir(), "datasets-"));
    mkdirSync(path.join(dir, "schema"));
    mkdirSync(path.join(dir, "dimensions"));
    copyFileSync(path.join(DATASETS, DATASET_SCHEMA_FILE), path.join(dir, DATASET_SCHEMA_FILE));
    for (const [file, text] of Object.entries(specs)) writeFileSync(path.join(dir, file), text);
    for (const file of dimensions) writeFileSync(path.join(dir, "dimensions", file), "code\nXYZ\n");
    return dir;
}

const spec = (name: string, extra = "", prefix = `${name}/`, suffix = ".csv") => `spec_version: 1
name: ${name}
bronze:
  prefix: ${prefix}
  suffix: ${suffix}
  format: { type: csv }
event_time: { column: ts, formats: [iso8601] }
silver: { table: ${name} }
${extra}`;

function problemsOf(run: () => unknown): string[] {
    try {
        run();
    } catch (error) {
        expect(error).to.be.instanceOf(DatasetSpecError);
        return (error as DatasetSpecError).problems;
    }
    expect.fail("expected a DatasetSpecError");
}

describe("dataset specs (lib/dataset-specs.ts)", () => {
    describe("the repository's datasets", () => {
        it("load and validate: flights, sales and tweets, sorted by file name", () => {
            const loaded = loadDatasetSpecs(DATASETS);
            expect(loaded.map((l) => l.spec.name)).to.deep.equal(["flights", "sales", "tweets"]);
            expect(loaded.map((l) => l.file)).to.deep.equal(
                ["flights", "sales", "tweets"].map((n) => path.join(DATASETS, `${n}.yaml`)),
            );
        });

        it("expose the fields the infrastructure reads", () => {
            const [flights] = loadDatasetSpecs(DATASETS, { names: ["flights"] });
            expect(flights.spec.bronze.prefix).to.equal("flights/");
            expect(flights.spec.bronze.suffix).to.equal(".csv");
            expect(flights.spec.silver.table).to.equal("flights");
            expect(flights.spec.gold?.tables.map((t) => t.name)).to.deep.equal([
                "flight_delays_by_origin_month",
                "route_summary",
            ]);
            expect(flights.spec.dimensions?.map((d) => d.file)).to.deep.equal(["airports.csv"]);
        });
    });

    describe("selecting datasets by name", () => {
        it("keeps the order asked for", () => {
            const loaded = loadDatasetSpecs(DATASETS, { names: ["tweets", "flights"] });
            expect(loaded.map((l) => l.spec.name)).to.deep.equal(["tweets", "flights"]);
        });

        it("refuses unknown and repeated names, naming the config key and what is available", () => {
            expect(
                problemsOf(() =>
                    loadDatasetSpecs(DATASETS, {
                        names: ["flights", "weather"],
                        namesField: "medallion-lake:datasets",
                    }),
                ),
            ).to.deep.equal([
                'medallion-lake:datasets: unknown dataset "weather"; available: flights, sales, tweets',
            ]);
            expect(problemsOf(() => loadDatasetSpecs(DATASETS, { names: ["sales", "sales"] }))).to.deep.equal(
                ['names: "sales" is listed twice; list each dataset once'],
            );
        });
    });

    describe("schema validation (ajv, draft 2020-12)", () => {
        it("names the file and field of an unknown field, a missing field and a bad pattern", () => {
            const dir = datasetsDir({
                "orders.yaml": spec("orders", "colour: red\n").replace(
                    "silver: { table: orders }",
                    "silver: { table: Orders }",
                ),
                "items.yaml": spec("items").replace("event_time: { column: ts, formats: [iso8601] }\n", ""),
            });
            expect(problemsOf(() => loadDatasetSpecs(dir))).to.deep.equal([
                'items.yaml: (root): missing required field "event_time"',
                'orders.yaml: (root): unknown field "colour"; remove it or fix its spelling',
                'orders.yaml: silver.table: must match pattern "^[a-z][a-z0-9_]{0,62}$"',
            ]);
        });

        it("reports format problems against the declared format type, not every oneOf branch", () => {
            const dir = datasetsDir({
                "api.yaml": spec("api").replace("format: { type: csv }", "format: { type: json_path }"),
                "raw.yaml": spec("raw").replace("format: { type: csv }", "format: { type: xml }"),
                "pos.yaml": spec("pos").replace(
                    "format: { type: csv }",
                    'format: { type: csv, delimiter: ";;" }',
                ),
            });
            expect(problemsOf(() => loadDatasetSpecs(dir))).to.deep.equal([
                'api.yaml: bronze.format: missing required field "path"',
                "pos.yaml: bronze.format.delimiter: must NOT have more than 1 characters",
                "raw.yaml: bronze.format.type: must be one of csv, json_lines, json_array, json_path, firehose_json, parquet",
            ]);
        });

        it("reports YAML syntax errors and a name that differs from the file name", () => {
            const dir = datasetsDir({ "broken.yaml": "name: [unclosed\n", "a.yaml": spec("b") });
            const problems = problemsOf(() => loadDatasetSpecs(dir));
            expect(problems).to.have.length(2);
            expect(problems[0]).to.equal(
                'a.yaml: name: "b" differs from the file name "a"; set name: a or rename the file to b.yaml',
            );
            expect(problems[1]).to.match(/^broken\.yaml: \(root\): not valid YAML: /);
        });

        it("validates one file on its own", () => {
            const loaded = loadDatasetSpecFile(path.join(DATASETS, "sales.yaml"));
            expect(loaded.spec.bronze.format).to.deep.include({
                type: "csv",
                delimiter: ";",
                encoding: "ISO-8859-1",
            });
        });
    });

    describe("cross-file rules", () => {
        it("refuses a silver table, a gold table or a bronze filter two datasets share", () => {
            const dir = datasetsDir({
                "a.yaml": spec("a", "gold: { tables: [{ name: daily }] }\n"),
                "b.yaml": spec("b", "gold: { tables: [{ name: daily }] }\n", "a/archive/").replace(
                    "table: b",
                    "table: a",
                ),
            });
            expect(problemsOf(() => loadDatasetSpecs(dir))).to.deep.equal([
                'b.yaml: silver.table: "a" is already the silver table of a.yaml; give each dataset its own table',
                'b.yaml: bronze.prefix: "a/archive/" + ".csv" overlaps a.yaml ("a/" + ".csv"); some key would belong to both, so make the prefixes or suffixes disjoint',
                'b.yaml: gold.tables[0].name: "daily" is already a gold table of a.yaml; gold tables share one database, so rename one',
            ]);
        });

        it("accepts nested prefixes whose suffixes differ", () => {
            const a = { bronze: { prefix: "logs/", suffix: ".json" } } as DatasetSpec;
            const b = { bronze: { prefix: "logs/app/", suffix: ".csv" } } as DatasetSpec;
            expect(bronzeFiltersOverlap(a, b)).to.equal(false);
            expect(
                bronzeFiltersOverlap(a, { bronze: { prefix: "logs/app/", suffix: "s.json" } } as DatasetSpec),
            ).to.equal(true);
        });

        it("refuses a dimension file that does not exist under dimensions/", () => {
            const dims = "dimensions: [{ name: stores, file: stores.csv, format: { type: csv } }]\n";
            const missing = datasetsDir({ "a.yaml": spec("a", dims) });
            expect(problemsOf(() => loadDatasetSpecs(missing))).to.deep.equal([
                `a.yaml: dimensions[0].file: ${path.join("dimensions", "stores.csv")} does not exist; add it under dimensions/ or fix the name`,
            ]);
            const present = datasetsDir({ "a.yaml": spec("a", dims) }, ["stores.csv"]);
            expect(loadDatasetSpecs(present)).to.have.length(1);
        });

        it("refuses an empty directory", () => {
            const dir = mkdtempSync(path.join(tmpdir(), "datasets-"));
            expect(problemsOf(() => loadDatasetSpecs(dir))).to.deep.equal([
                `${dir}: no dataset spec (*.yaml) found; add one per dataset`,
            ]);
        });
    });

    describe("goldSqlFiles", () => {
        it("maps each gold table to <sql dir>/<table>.sql, or names the missing one", () => {
            const dir = datasetsDir({
                "a.yaml": spec("a", "gold: { tables: [{ name: daily }, { name: totals }] }\n"),
            });
            const [loaded] = loadDatasetSpecs(dir);
            const sqlDir = mkdtempSync(path.join(tmpdir(), "sql-"));
            writeFileSync(path.join(sqlDir, "daily.sql"), "select 1");
            expect(problemsOf(() => goldSqlFiles(loaded, sqlDir))).to.deep.equal([
                `a.yaml: gold.tables[1].name: no SQL for "totals"; add ${path.join(sqlDir, "totals.sql")}`,
            ]);
            writeFileSync(path.join(sqlDir, "totals.sql"), "select 2");
            expect(goldSqlFiles(loaded, sqlDir)).to.deep.equal({
                "daily.sql": path.join(sqlDir, "daily.sql"),
                "totals.sql": path.join(sqlDir, "totals.sql"),
            });
            expect(readFileSync(path.join(sqlDir, "daily.sql"), "utf8")).to.equal("select 1");
        });
    });
});
