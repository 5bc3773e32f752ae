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
    parquetPrefixHoldsOther,
    RESERVED_COLUMNS,
} from "../../spec/dataset-specs";
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
        return (error as DatasetSpecError).lines;
    }
    expect.fail("expected a DatasetSpecError");
}

describe("dataset specs (spec/dataset-specs.ts)", () => {
    describe("the repository's datasets", () => {
        it("load and validate: flights, sales, transactions and tweets, sorted by file name", () => {
            const loaded = loadDatasetSpecs(DATASETS);
            expect(loaded.map((l) => l.spec.name)).to.deep.equal([
                "flights",
                "sales",
                "transactions",
                "tweets",
            ]);
            expect(loaded.map((l) => l.file)).to.deep.equal(
                ["flights", "sales", "transactions", "tweets"].map((n) => path.join(DATASETS, `${n}.yaml`)),
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
                'medallion-lake:datasets: unknown dataset "weather"; available: flights, sales, transactions, tweets',
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
                "items.yaml: event_time: required field is missing. Add event_time.",
                "orders.yaml: colour: unknown field. Remove it or fix the spelling; allowed here: bronze, column_names, deduplication, description, dimensions, event_time, gold, name, quality, quarantine, required_columns, row_filters, schema, silver, spec_version.",
                "orders.yaml: silver.table: 'Orders' does not match ^[a-z][a-z0-9_]{0,62}$. Use a value matching that pattern. Silver table name in the silver database (and folder under the silver zone).",
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
                "api.yaml: bronze.format.path: required field is missing. Add path.",
                "pos.yaml: bronze.format.delimiter: ';;' has the wrong length. Use exactly 1 character(s).",
                "raw.yaml: bronze.format.type: unknown or missing format type 'xml'. Set type to one of: csv, json_lines, json_array, json_path, firehose_json, parquet.",
            ]);
        });

        it("reports YAML syntax errors and a name that differs from the file name", () => {
            const dir = datasetsDir({ "broken.yaml": "name: [unclosed\n", "a.yaml": spec("b") });
            const problems = problemsOf(() => loadDatasetSpecs(dir));
            expect(problems).to.have.length(2);
            expect(problems[0]).to.equal(
                "a.yaml: name: 'b' differs from the file name 'a'. Set name: a or rename the file to b.yaml.",
            );
            expect(problems[1]).to.match(/^broken\.yaml: \(root\): not valid YAML: /);
        });

        it("gives a fix for keywords without their own wording, from the field's schema description", () => {
            const schema = JSON.parse(readFileSync(path.join(DATASETS, DATASET_SCHEMA_FILE), "utf8"));
            schema.properties.required_columns.maxItems = 1;
            const dir = datasetsDir({ "a.yaml": spec("a", "required_columns: [x, y]\n") });
            writeFileSync(path.join(dir, DATASET_SCHEMA_FILE), JSON.stringify(schema));
            expect(problemsOf(() => loadDatasetSpecs(dir))).to.deep.equal([
                `a.yaml: required_columns: must NOT have more than 1 items. Write a value as described in datasets/schema/dataset-spec.schema.json: ${schema.properties.required_columns.description}`,
            ]);
            delete schema.properties.required_columns.description;
            writeFileSync(path.join(dir, DATASET_SCHEMA_FILE), JSON.stringify(schema));
            expect(problemsOf(() => loadDatasetSpecs(dir))).to.deep.equal([
                "a.yaml: required_columns: must NOT have more than 1 items. See what required_columns accepts in datasets/schema/dataset-spec.schema.json.",
            ]);
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

    describe("reserved columns (in the schema) and the rules of one spec beyond it", () => {
        it("refuses every reserved column of the schema as event time, typed column or rename target", () => {
            expect(RESERVED_COLUMNS).to.deep.equal([
                "year",
                "month",
                "_source_object",
                "_ingested_at",
                "_corrupt_record",
            ]);
            const dir = datasetsDir({
                "a.yaml": spec(
                    "a",
                    "schema: { month: int }\ncolumn_names: { renames: { When: _ingested_at } }\n",
                ).replace("column: ts", "column: year"),
            });
            const reserved =
                "is reserved for a column the ETL adds (year, month, _source_object, _ingested_at, _corrupt_record)";
            expect(problemsOf(() => loadDatasetSpecs(dir))).to.deep.equal([
                `a.yaml: column_names.renames.When: '_ingested_at' ${reserved}. Rename the column, e.g. column_names.renames: {_ingested_at: source__ingested_at}.`,
                `a.yaml: schema.month: 'month' ${reserved}. Rename the column, e.g. column_names.renames: {month: source_month}.`,
                `a.yaml: event_time.column: 'year' ${reserved}. Rename the column, e.g. column_names.renames: {year: source_year}.`,
            ]);
        });

        it("reports the rules beyond the schema only once the schema passes", () => {
            // schema.ts: the event-time column typed in schema, a rule beyond the schema.
            const dir = datasetsDir({ "a.yaml": spec("a", "schema: { ts: int }\ncolour: red\n") });
            expect(
                problemsOf(() => loadDatasetSpecs(dir)).map((p) => p.split(": ").slice(0, 2).join(": ")),
            ).to.deep.equal(["a.yaml: colour"]);
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
                "b.yaml: silver.table: 'a' is also the silver table of a.yaml. Give every dataset its own silver table.",
                "b.yaml: bronze.prefix: 'a/archive/' + '.csv' overlaps 'a/' + '.csv' of a.yaml; some object would belong to both. Make the prefixes or the suffixes disjoint so each object belongs to one dataset.",
                "b.yaml: gold.tables[0].name: 'daily' is also a gold table of a.yaml. Gold tables share one database; rename one.",
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

        it("counts legacy suffixes, and a no-extension suffix only meets another", () => {
            const csv = {
                bronze: { prefix: "logs/", suffix: ".csv", format: { type: "csv" } },
            } as DatasetSpec;
            const json = (legacy: string[]) =>
                ({
                    bronze: {
                        prefix: "logs/",
                        suffix: ".json",
                        legacy_suffixes: legacy,
                        format: { type: "json_lines" },
                    },
                }) as DatasetSpec;
            expect(bronzeFiltersOverlap(csv, json([]))).to.equal(false);
            expect(bronzeFiltersOverlap(csv, json([""]))).to.equal(false);
            expect(bronzeFiltersOverlap(csv, json([".old.csv"]))).to.equal(true);
            const bare = { bronze: { ...csv.bronze, legacy_suffixes: [""] } } as DatasetSpec;
            expect(bronzeFiltersOverlap(bare, json([""]))).to.equal(true);
        });

        it("refuses a parquet prefix holding another dataset's objects (its discovery read opens them all)", () => {
            const parquet = {
                bronze: { prefix: "raw/", suffix: ".parquet", format: { type: "parquet" } },
            } as DatasetSpec;
            const below = {
                bronze: { prefix: "raw/csv/", suffix: ".csv", format: { type: "csv" } },
            } as DatasetSpec;
            expect(bronzeFiltersOverlap(parquet, below)).to.equal(false);
            expect(parquetPrefixHoldsOther(parquet, below)).to.equal(true);
            expect(parquetPrefixHoldsOther(below, parquet)).to.equal(false);
            const above = {
                bronze: { prefix: "r/", suffix: ".csv", format: { type: "csv" } },
            } as DatasetSpec;
            expect(parquetPrefixHoldsOther(parquet, above)).to.equal(false);
        });

        it("refuses a dimension file that does not exist under dimensions/", () => {
            const dims = "dimensions: [{ name: stores, file: stores.csv, format: { type: csv } }]\n";
            const missing = datasetsDir({ "a.yaml": spec("a", dims) });
            expect(problemsOf(() => loadDatasetSpecs(missing))).to.deep.equal([
                `a.yaml: dimensions[0].file: ${path.join("dimensions", "stores.csv")} does not exist. Add it under dimensions/ or fix the name.`,
            ]);
            const present = datasetsDir({ "a.yaml": spec("a", dims) }, ["stores.csv"]);
            expect(loadDatasetSpecs(present)).to.have.length(1);
        });

        it("refuses an empty directory", () => {
            const dir = mkdtempSync(path.join(tmpdir(), "datasets-"));
            expect(problemsOf(() => loadDatasetSpecs(dir))).to.deep.equal([
                `${dir}: no dataset spec (*.yaml) found. Add one per dataset.`,
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
                `a.yaml: gold.tables[1].name: no SQL file ${path.join(sqlDir, "totals.sql")}. Add the SQL file or remove the table from the spec.`,
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
