/**
 * Loads the dataset specs (`datasets/<name>.yaml`) the infrastructure deploys, validated with ajv against
 * the same JSON Schema the Python ETL uses (`datasets/schema/dataset-spec.schema.json`, draft 2020-12), plus
 * the cross-file rules a schema cannot express: the file is named after the dataset, and no two datasets
 * share a silver table, a gold table, or a bronze prefix/suffix filter (S3 refuses overlapping event
 * notification filters).
 *
 * Every problem is reported as `<file>: <field.path>: <problem>` in a {@link DatasetSpecError}.
 * Follows https://ajv.js.org/json-schema.html#draft-2020-12
 */
import { existsSync, readdirSync, readFileSync } from "node:fs";
import * as path from "node:path";
import Ajv2020, { type ErrorObject, type ValidateFunction } from "ajv/dist/2020";
import { parse as parseYaml } from "yaml";

/** Path of the JSON Schema, relative to the datasets directory. */
export const DATASET_SCHEMA_FILE = path.join("schema", "dataset-spec.schema.json");
/** Folder, relative to the datasets directory, holding the dimension files specs name in `dimensions[].file`. */
export const DIMENSIONS_DIR = "dimensions";
/** Extension of spec files; other files in the datasets directory are ignored (as the Python loader does). */
export const SPEC_EXTENSION = ".yaml";

/** How bronze objects (or a dimension file) are encoded. */
export type SourceFormat =
    | {
          type: "csv";
          header?: boolean;
          delimiter?: string;
          quote?: string;
          escape?: string;
          encoding?: string;
      }
    | { type: "json_lines" }
    | { type: "json_array" }
    | { type: "json_path"; path: string }
    | { type: "firehose_json" }
    | { type: "parquet" };

/** A gold table built from `glue/sql/gold/<name>.sql`. */
export interface GoldTableSpec {
    name: string;
    description?: string;
    partition_by?: string[];
}

/** A dimension table the gold SQL joins, read from `<dimensions location>/<file>`. */
export interface DimensionSpec {
    name: string;
    file: string;
    format: SourceFormat;
}

/** One dataset spec as written in YAML (validated; schema defaults are not filled in). */
export interface DatasetSpec {
    spec_version: 1;
    name: string;
    description?: string;
    bronze: {
        prefix: string;
        suffix: string;
        /**
         * Suffixes of objects that landed before `suffix` took its current value (`""`: no extension). Read by the
         * Glue job (bookmark, `--source_keys`) only; never S3 notification filters or trigger routes.
         */
        legacy_suffixes?: string[];
        format: SourceFormat;
    };
    schema?: Record<string, string>;
    column_names?: { normalize?: "snake_case" | "none"; renames?: Record<string, string> };
    event_time: { column: string; formats: string[]; timezone?: string };
    required_columns?: string[];
    row_filters?: string[];
    deduplication?: { primary_key: string[]; order_by?: string };
    silver: { table: string; compression?: "snappy" | "zstd" };
    gold?: { tables: GoldTableSpec[] };
    dimensions?: DimensionSpec[];
}

/** A validated spec and the file it came from. */
export interface LoadedDatasetSpec {
    /** The validated spec. */
    spec: DatasetSpec;
    /** Absolute path of the YAML file (the bytes the ETL job receives). */
    file: string;
}

/** Raised for invalid specs; `problems` holds one `<file>: <field>: <problem>` line per problem. */
export class DatasetSpecError extends Error {
    constructor(public readonly problems: string[]) {
        super(`Invalid dataset spec:\n  - ${problems.join("\n  - ")}`);
        this.name = "DatasetSpecError";
    }
}

const FORMAT_DEFINITIONS: Record<SourceFormat["type"], string> = {
    csv: "csvFormat",
    json_lines: "jsonLinesFormat",
    json_array: "jsonArrayFormat",
    json_path: "jsonPathFormat",
    firehose_json: "firehoseJsonFormat",
    parquet: "parquetFormat",
};

interface CompiledSchema {
    validate: ValidateFunction;
    formats: Record<string, ValidateFunction>;
}

const compiledByFile = new Map<string, CompiledSchema>();

/** Compiles the schema once per file (ajv compilation is the slow part). */
function compileSchema(schemaFile: string): CompiledSchema {
    const cached = compiledByFile.get(schemaFile);
    if (cached) return cached;
    const schema = JSON.parse(readFileSync(schemaFile, "utf8")) as { $id: string };
    const ajv = new Ajv2020({ allErrors: true, strict: true });
    ajv.addSchema(schema);
    const validate = ajv.getSchema(schema.$id);
    if (!validate) throw new Error(`${schemaFile}: the schema has no usable $id`);
    const formats: Record<string, ValidateFunction> = {};
    for (const [type, definition] of Object.entries(FORMAT_DEFINITIONS)) {
        const branch = ajv.getSchema(`${schema.$id}#/$defs/${definition}`);
        if (!branch) throw new Error(`${schemaFile}: $defs/${definition} is missing`);
        formats[type] = branch;
    }
    const compiled = { validate, formats };
    compiledByFile.set(schemaFile, compiled);
    return compiled;
}

/** `/bronze/format/type` -> `bronze.format.type`; array indices as `[0]`. */
function fieldPath(pointer: string): string {
    if (pointer === "") return "(root)";
    return pointer
        .split("/")
        .slice(1)
        .map((part) => part.replace(/~1/g, "/").replace(/~0/g, "~"))
        .reduce((acc, part) => (/^\d+$/.test(part) ? `${acc}[${part}]` : acc ? `${acc}.${part}` : part), "");
}

function describeError(error: ErrorObject): string {
    const params = error.params as Record<string, unknown>;
    switch (error.keyword) {
        case "additionalProperties":
            return `unknown field "${params.additionalProperty}"; remove it or fix its spelling`;
        case "required":
            return `missing required field "${params.missingProperty}"`;
        case "const":
            return `must be ${JSON.stringify(params.allowedValue)}`;
        case "enum":
            return `must be one of ${(params.allowedValues as unknown[]).map((v) => JSON.stringify(v)).join(", ")}`;
        default:
            return error.message ?? error.keyword;
    }
}

/** Schema problems of one document, with `oneOf` format failures narrowed to the declared `type`. */
function schemaProblems(
    document: unknown,
    compiled: CompiledSchema,
): Array<{ field: string; message: string }> {
    if (compiled.validate(document)) return [];
    const errors = compiled.validate.errors ?? [];
    const formatPaths = errors.filter((e) => e.keyword === "oneOf").map((e) => e.instancePath);
    const problems: Array<{ field: string; message: string }> = [];
    for (const error of errors) {
        const underFormat = formatPaths.find(
            (p) => error.instancePath === p || error.instancePath.startsWith(`${p}/`),
        );
        if (underFormat !== undefined) continue;
        problems.push({ field: fieldPath(error.instancePath), message: describeError(error) });
    }
    for (const formatPath of formatPaths) {
        const value = valueAtPointer(document, formatPath) as { type?: unknown } | undefined;
        const type = typeof value?.type === "string" ? value.type : undefined;
        const branch = type === undefined ? undefined : compiled.formats[type];
        if (branch === undefined) {
            problems.push({
                field: fieldPath(`${formatPath}/type`),
                message: `must be one of ${Object.keys(FORMAT_DEFINITIONS).join(", ")}`,
            });
            continue;
        }
        branch(value);
        for (const error of branch.errors ?? []) {
            problems.push({
                field: fieldPath(`${formatPath}${error.instancePath}`),
                message: describeError(error),
            });
        }
    }
    return dedupe(problems);
}

function dedupe(
    problems: Array<{ field: string; message: string }>,
): Array<{ field: string; message: string }> {
    const seen = new Set<string>();
    return problems.filter((p) => {
        const key = `${p.field}\0${p.message}`;
        if (seen.has(key)) return false;
        seen.add(key);
        return true;
    });
}

function valueAtPointer(root: unknown, pointer: string): unknown {
    let current = root;
    for (const part of pointer.split("/").slice(1)) {
        if (current === null || typeof current !== "object") return undefined;
        current = (current as Record<string, unknown>)[part];
    }
    return current;
}

/**
 * Reads and validates one spec file.
 *
 * @param file - path of `<name>.yaml`.
 * @param schemaFile - the JSON Schema. @default `<dir of file>/schema/dataset-spec.schema.json`
 * @throws DatasetSpecError listing every problem as `<file>: <field>: <problem>` (YAML syntax, schema,
 *   file name differing from `name`).
 */
export function loadDatasetSpecFile(
    file: string,
    schemaFile = path.join(path.dirname(file), DATASET_SCHEMA_FILE),
): LoadedDatasetSpec {
    const absolute = path.resolve(file);
    const label = path.basename(absolute);
    let document: unknown;
    try {
        document = parseYaml(readFileSync(absolute, "utf8"));
    } catch (error) {
        const firstLine = (error as Error).message.split("\n")[0];
        throw new DatasetSpecError([`${label}: (root): not valid YAML: ${firstLine}`]);
    }
    const problems = schemaProblems(document, compileSchema(path.resolve(schemaFile))).map(
        (p) => `${label}: ${p.field}: ${p.message}`,
    );
    if (problems.length > 0) throw new DatasetSpecError(problems);
    const spec = document as DatasetSpec;
    const stem = path.basename(absolute, path.extname(absolute));
    if (spec.name !== stem) {
        throw new DatasetSpecError([
            `${label}: name: "${spec.name}" differs from the file name "${stem}"; set name: ${stem} or rename the file to ${spec.name}${SPEC_EXTENSION}`,
        ]);
    }
    return { spec, file: absolute };
}

/** Options of {@link loadDatasetSpecs}. */
export interface LoadDatasetSpecsOptions {
    /**
     * Deploy only these datasets (by `name`), in this order. @default every `*.yaml` directly under the
     * directory, sorted by file name.
     */
    names?: readonly string[];
    /** What to call the `names` option in errors, e.g. the config key `medallion-lake:datasets`. */
    namesField?: string;
}

/**
 * Loads every spec directly under `dir` (non-recursive), checks the cross-file rules on all of them, then
 * keeps the selected ones.
 *
 * @param dir - the datasets directory (holding `schema/dataset-spec.schema.json`).
 * @throws DatasetSpecError listing every problem of every file together; an unknown name in
 *   `options.names` is reported under `options.namesField` with the names available.
 */
export function loadDatasetSpecs(dir: string, options: LoadDatasetSpecsOptions = {}): LoadedDatasetSpec[] {
    const schemaFile = path.join(dir, DATASET_SCHEMA_FILE);
    const files = readdirSync(dir)
        .filter((f) => f.endsWith(SPEC_EXTENSION))
        .sort();
    if (files.length === 0) {
        throw new DatasetSpecError([
            `${dir}: no dataset spec (*${SPEC_EXTENSION}) found; add one per dataset`,
        ]);
    }
    const loaded: LoadedDatasetSpec[] = [];
    const problems: string[] = [];
    for (const file of files) {
        try {
            loaded.push(loadDatasetSpecFile(path.join(dir, file), schemaFile));
        } catch (error) {
            if (!(error instanceof DatasetSpecError)) throw error;
            problems.push(...error.problems);
        }
    }
    problems.push(...collisionProblems(loaded), ...dimensionProblems(loaded, dir));
    if (problems.length > 0) throw new DatasetSpecError(problems);
    if (options.names === undefined) return loaded;
    const field = options.namesField ?? "names";
    const byName = new Map(loaded.map((l) => [l.spec.name, l]));
    const unknown = options.names.filter((name) => !byName.has(name));
    if (unknown.length > 0) {
        throw new DatasetSpecError([
            `${field}: unknown dataset ${unknown.map((n) => JSON.stringify(n)).join(", ")}; available: ${[...byName.keys()].join(", ")}`,
        ]);
    }
    const duplicates = options.names.filter((name, i) => options.names?.indexOf(name) !== i);
    if (duplicates.length > 0) {
        throw new DatasetSpecError([
            `${field}: ${JSON.stringify(duplicates[0])} is listed twice; list each dataset once`,
        ]);
    }
    return options.names.map((name) => byName.get(name) as LoadedDatasetSpec);
}

/** Two specs whose bronze filters some key matches both (prefixes nest and suffixes nest). */
export function bronzeFiltersOverlap(a: DatasetSpec, b: DatasetSpec): boolean {
    const prefixesNest =
        a.bronze.prefix.startsWith(b.bronze.prefix) || b.bronze.prefix.startsWith(a.bronze.prefix);
    const suffixesNest =
        a.bronze.suffix.endsWith(b.bronze.suffix) || b.bronze.suffix.endsWith(a.bronze.suffix);
    return prefixesNest && suffixesNest;
}

function collisionProblems(loaded: LoadedDatasetSpec[]): string[] {
    const problems: string[] = [];
    const label = (l: LoadedDatasetSpec) => path.basename(l.file);
    const goldOwners = new Map<string, LoadedDatasetSpec>();
    loaded.forEach((current, i) => {
        for (const earlier of loaded.slice(0, i)) {
            if (current.spec.silver.table === earlier.spec.silver.table) {
                problems.push(
                    `${label(current)}: silver.table: "${current.spec.silver.table}" is already the silver table of ${label(earlier)}; give each dataset its own table`,
                );
            }
            if (bronzeFiltersOverlap(current.spec, earlier.spec)) {
                problems.push(
                    `${label(current)}: bronze.prefix: "${current.spec.bronze.prefix}" + "${current.spec.bronze.suffix}" overlaps ${label(earlier)} ("${earlier.spec.bronze.prefix}" + "${earlier.spec.bronze.suffix}"); some key would belong to both, so make the prefixes or suffixes disjoint`,
                );
            }
        }
        (current.spec.gold?.tables ?? []).forEach((table, t) => {
            const owner = goldOwners.get(table.name);
            if (owner !== undefined && owner !== current) {
                problems.push(
                    `${label(current)}: gold.tables[${t}].name: "${table.name}" is already a gold table of ${label(owner)}; gold tables share one database, so rename one`,
                );
            } else {
                goldOwners.set(table.name, current);
            }
        });
    });
    return problems;
}

function dimensionProblems(loaded: LoadedDatasetSpec[], dir: string): string[] {
    const problems: string[] = [];
    for (const l of loaded) {
        (l.spec.dimensions ?? []).forEach((dimension, i) => {
            const file = dimensionFile(dir, dimension);
            if (!existsSync(file)) {
                problems.push(
                    `${path.basename(l.file)}: dimensions[${i}].file: ${path.relative(dir, file)} does not exist; add it under ${DIMENSIONS_DIR}/ or fix the name`,
                );
            }
        });
    }
    return problems;
}

/** Local path of a dimension file: `<datasets dir>/dimensions/<file>`. */
export function dimensionFile(datasetsDir: string, dimension: DimensionSpec): string {
    return path.join(datasetsDir, DIMENSIONS_DIR, dimension.file);
}

/**
 * The gold SQL file of each gold table of a spec: `<sqlDir>/<table>.sql`.
 *
 * @returns file name (`<table>.sql`) -> local path, in the spec's order.
 * @throws DatasetSpecError naming `gold.tables[i].name` when its SQL file is missing.
 */
export function goldSqlFiles(loaded: LoadedDatasetSpec, sqlDir: string): Record<string, string> {
    const files: Record<string, string> = {};
    const problems: string[] = [];
    (loaded.spec.gold?.tables ?? []).forEach((table, i) => {
        const file = path.join(sqlDir, `${table.name}.sql`);
        if (existsSync(file)) {
            files[`${table.name}.sql`] = file;
        } else {
            problems.push(
                `${path.basename(loaded.file)}: gold.tables[${i}].name: no SQL for "${table.name}"; add ${file}`,
            );
        }
    });
    if (problems.length > 0) throw new DatasetSpecError(problems);
    return files;
}

/** The CSV options of a spec after defaults. */
export interface CsvOptions {
    header: boolean;
    delimiter: string;
    quote: string;
    escape: string;
    encoding: string;
}

/**
 * The CSV defaults the schema declares (`$defs.csvFormat.properties.<option>.default`), the values the ETL
 * applies when a spec leaves an option out.
 *
 * @throws Error naming the schema file and option when a default is missing.
 */
export function csvFormatDefaults(schemaFile: string): CsvOptions {
    const schema = JSON.parse(readFileSync(schemaFile, "utf8")) as {
        $defs?: { csvFormat?: { properties?: Record<string, { default?: unknown }> } };
    };
    const properties = schema.$defs?.csvFormat?.properties ?? {};
    const read = <T>(option: keyof CsvOptions, type: "boolean" | "string"): T => {
        const value = properties[option]?.default;
        if (typeof value !== type) {
            throw new Error(`${schemaFile}: $defs.csvFormat.properties.${option} has no ${type} default`);
        }
        return value as T;
    };
    return {
        header: read("header", "boolean"),
        delimiter: read("delimiter", "string"),
        quote: read("quote", "string"),
        escape: read("escape", "string"),
        encoding: read("encoding", "string"),
    };
}
