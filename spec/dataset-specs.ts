/**
 * The one validator of the dataset specs (`datasets/<name>.yaml`): ajv against the JSON Schema
 * (`datasets/schema/dataset-spec.schema.json`, draft 2020-12, which also holds the reserved columns and the
 * suffix rules), then the rules a schema cannot express, written only here: per file, the file is named
 * after the dataset, no clashing rename, `order_by` outside the key, the event-time column not typed,
 * unique gold and dimension names; across files, no two datasets share a silver table, a gold table or
 * bronze objects; every dimension file exists under `datasets/dimensions/`.
 *
 * `pulumi up` runs it (TypeScript, no Python needed); the Python local tools call it through
 * `spec/check-specs-cli.ts` (`medallion_local.spec_check`); the Glue job reads the spec EtlJob uploaded,
 * which this validated, and only re-checks the schema (docs/etl.md). The types are generated from the
 * schema (`spec/dataset-spec.types.ts`). `tests/fixtures/invalid-specs/cases.yaml` runs through both entry
 * points.
 *
 * Every problem is reported as `<file>: <field.path>: <problem>. <fix>` in a {@link DatasetSpecError}.
 * Follows https://ajv.js.org/json-schema.html#draft-2020-12
 */
import { existsSync, readdirSync, readFileSync } from "node:fs";
import * as path from "node:path";
import Ajv2020, { type ErrorObject, type ValidateFunction } from "ajv/dist/2020";
import { parse as parseYaml } from "yaml";
import specSchema from "../datasets/schema/dataset-spec.schema.json";
import { type BronzeObjectFilter, bronzeFiltersOverlap as objectFiltersOverlap } from "../lib/bronze-objects";
import { ProblemsError, type Problem as SharedProblem } from "../lib/problems";
import type {
    Dimension,
    SourceFormat as GeneratedSourceFormat,
    GoldTable,
    MedallionLakeDatasetSpec,
    ReservedColumn,
} from "./dataset-spec.types";
import { qualityProblems } from "./quality-rules";

/** Path of the JSON Schema, relative to the datasets directory. */
export const DATASET_SCHEMA_FILE = path.join("schema", "dataset-spec.schema.json");
/** Folder, relative to the datasets directory, holding the dimension files specs name in `dimensions[].file`. */
export const DIMENSIONS_DIR = "dimensions";
/** Extension of spec files; other files in the datasets directory are ignored. */
export const SPEC_EXTENSION = ".yaml";

/** How bronze objects (or a dimension file) are encoded. */
export type SourceFormat = GeneratedSourceFormat;
/** A gold table built from `glue/sql/gold/<name>.sql`. */
export type GoldTableSpec = GoldTable;
/** A dimension table the gold SQL joins, read from `<dimensions location>/<file>`. */
export type DimensionSpec = Dimension;
/**
 * One dataset spec as written in YAML (validated; schema defaults are not filled in), generated from the
 * schema into `spec/dataset-spec.types.ts`.
 */
export type DatasetSpec = MedallionLakeDatasetSpec;

/** A validated spec and the file it came from. */
export interface LoadedDatasetSpec {
    /** The validated spec. */
    spec: DatasetSpec;
    /** Absolute path of the YAML file (the bytes the ETL job receives). */
    file: string;
}

/**
 * Silver column names the ETL itself adds (partition columns, lineage columns, Spark's corrupt-record
 * column); a spec may not use them. The schema's `$defs.reservedColumn` enum, the one list.
 */
export const RESERVED_COLUMNS: readonly ReservedColumn[] = specSchema.$defs.reservedColumn
    .enum as ReservedColumn[];

/** The schema file as error messages name it. */
const SCHEMA_LABEL = `datasets/${DATASET_SCHEMA_FILE.split(path.sep).join("/")}`;

/**
 * One problem in a dataset spec (the Python side's `SpecIssue`, `glue/medallion_glue/errors.py`, carries it).
 */
export interface DatasetSpecIssue {
    /** File name of the spec, e.g. `sales.yaml`; absent for problems of no one file (then `field` names it). */
    file?: string;
    /** Dotted path of the offending field, e.g. `bronze.format.delimiter`; `(root)` for the document. */
    field: string;
    /** What is wrong, without a trailing period. */
    problem: string;
    /** How to fix it, one sentence ending in a period; `""` when `problem` already says it. */
    fix: string;
}

/**
 * `<file>: <field>: <problem>. <fix>`; `<field>: ...` without a file, and no
 * `. <fix>` when the fix is empty (config errors, whose problem already ends in `; <fix>`).
 */
function formatIssue(issue: DatasetSpecIssue): string {
    const file = issue.file === undefined ? "" : `${issue.file}: `;
    return `${file}${issue.field}: ${issue.problem}${issue.fix === "" ? "" : `. ${issue.fix}`}`;
}

/** An issue as the shared problem type (`lib/problems.ts`): the option is `<file>: <field>`, the fix `<problem>. <fix>`. */
function issueProblem(issue: DatasetSpecIssue): SharedProblem {
    const option = issue.file === undefined ? issue.field : `${issue.file}: ${issue.field}`;
    return { option, fix: `${issue.problem}${issue.fix === "" ? "" : `. ${issue.fix}`}` };
}

/**
 * Raised for invalid specs: the shared {@link ProblemsError} (subject `dataset spec`, one line per issue,
 * every issue at once). `issues` holds each problem with its file, field and fix; `lines` the same as
 * `<file>: <field>: <problem>. <fix>` lines.
 */
export class DatasetSpecError extends ProblemsError {
    /** One `<file>: <field>: <problem>. <fix>` line per issue. */
    public readonly lines: string[];

    constructor(public readonly issues: DatasetSpecIssue[]) {
        super("dataset spec", issues.map(issueProblem));
        this.name = "DatasetSpecError";
        this.lines = issues.map(formatIssue);
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
    /** `$defs.reservedColumn.enum` of this schema. */
    reserved: readonly string[];
}

const compiledByText = new Map<string, CompiledSchema>();

/** Compiles the schema once per distinct schema text (ajv compilation is the slow part). */
function compileSchema(schemaFile: string): CompiledSchema {
    const text = readFileSync(schemaFile, "utf8");
    const cached = compiledByText.get(text);
    if (cached) return cached;
    const schema = JSON.parse(text) as { $id: string; $defs?: { reservedColumn?: { enum?: string[] } } };
    // verbose: errors carry parentSchema (allowed properties, a pattern's description) and the data.
    const ajv = new Ajv2020({ allErrors: true, strict: true, verbose: true });
    ajv.addSchema(schema);
    const validate = ajv.getSchema(schema.$id);
    if (!validate) throw new Error(`${schemaFile}: the schema has no usable $id`);
    const formats: Record<string, ValidateFunction> = {};
    for (const [type, definition] of Object.entries(FORMAT_DEFINITIONS)) {
        const branch = ajv.getSchema(`${schema.$id}#/$defs/${definition}`);
        if (!branch) throw new Error(`${schemaFile}: $defs/${definition} is missing`);
        formats[type] = branch;
    }
    const compiled = { validate, formats, reserved: schema.$defs?.reservedColumn?.enum ?? [] };
    compiledByText.set(text, compiled);
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

/** `field` + `.child`, or `child` at the root. */
function childField(field: string, child: string): string {
    return field === "(root)" ? child : `${field}.${child}`;
}

/** A value as Python's `repr` prints it (the messages' established wording): strings single-quoted. */
function repr(value: unknown): string {
    if (typeof value === "string") return `'${value}'`;
    if (typeof value === "boolean") return value ? "True" : "False";
    if (value === null || value === undefined) return "None";
    return JSON.stringify(value);
}

type Problem = Omit<DatasetSpecIssue, "file">;

/** One ajv error as field, problem and fix. */
function describeError(error: ErrorObject, pointer: string, reserved: readonly string[]): Problem {
    const params = error.params as Record<string, unknown>;
    const parent = (error.parentSchema ?? {}) as {
        description?: string;
        properties?: Record<string, unknown>;
        minLength?: number;
        maxLength?: number;
        type?: string;
    };
    const field = fieldPath(pointer);
    switch (error.keyword) {
        case "additionalProperties":
            return {
                field: childField(field, String(params.additionalProperty)),
                problem: "unknown field",
                fix: `Remove it or fix the spelling; allowed here: ${Object.keys(parent.properties ?? {})
                    .sort()
                    .join(", ")}.`,
            };
        case "required":
            return {
                field: childField(field, String(params.missingProperty)),
                problem: "required field is missing",
                fix: `Add ${params.missingProperty}.`,
            };
        case "const":
        case "enum": {
            const allowed =
                error.keyword === "const" ? [params.allowedValue] : (params.allowedValues as unknown[]);
            return {
                field,
                problem: `${repr(error.data)} is not allowed`,
                fix: `Use one of: ${allowed.map(repr).join(", ")}.`,
            };
        }
        case "pattern":
            return {
                field,
                problem: `${repr(error.data)} does not match ${params.pattern}`,
                fix: `Use a value matching that pattern. ${parent.description ?? ""}`.trim(),
            };
        case "minItems":
            return { field, problem: "the list is empty", fix: `Add at least ${params.limit} item.` };
        case "uniqueItems":
            return { field, problem: "the list repeats an item", fix: "Remove the repeated item." };
        case "minLength":
        case "maxLength": {
            const low = parent.minLength ?? 0;
            const high = parent.maxLength;
            const size =
                low === high
                    ? `exactly ${low}`
                    : high === undefined
                      ? `at least ${low}`
                      : `${low} to ${high}`;
            return {
                field,
                problem: `${repr(error.data)} has the wrong length`,
                fix: `Use ${size} character(s).`,
            };
        }
        case "not": {
            // `not: {$ref: "#/$defs/reservedColumn"}`: a schema key (then ajv names it in propertyName), a
            // rename target or the event-time column is a column the ETL adds.
            const column = String(error.propertyName ?? error.data);
            const where = error.propertyName === undefined ? field : childField(field, error.propertyName);
            return reservedProblem(where, column, reserved);
        }
        case "type":
            return {
                field,
                problem: `${repr(error.data)} is not of type '${params.type}'`,
                fix: `Write a value of type ${params.type}.`,
            };
        default:
            return {
                field,
                problem: error.message ?? error.keyword,
                fix: parent.description
                    ? `Write a value as described in ${SCHEMA_LABEL}: ${parent.description}`
                    : `See what ${field} accepts in ${SCHEMA_LABEL}.`,
            };
    }
}

/** Schema problems of one document, with `oneOf` format failures narrowed to the declared `type`. */
function schemaProblems(document: unknown, compiled: CompiledSchema): Problem[] {
    if (compiled.validate(document)) return [];
    const errors = compiled.validate.errors ?? [];
    const formatPaths = errors
        .filter((e) => e.keyword === "oneOf" && e.instancePath.endsWith("/format"))
        .map((e) => e.instancePath);
    // Other oneOf unions (deduplication: an object or 'none') are judged by the branch of the value's type.
    const wrongTypeBranches = errors
        .filter((e) => e.keyword === "type" && /\/oneOf\/\d+\/type$/.test(e.schemaPath))
        .map((e) => e.schemaPath.slice(0, -"type".length));
    const problems: Problem[] = [];
    for (const error of errors) {
        if (wrongTypeBranches.some((b) => error.schemaPath.startsWith(b))) continue;
        if (error.keyword === "oneOf" && !formatPaths.includes(error.instancePath)) continue;
        const underFormat = formatPaths.find(
            (p) => error.instancePath === p || error.instancePath.startsWith(`${p}/`),
        );
        if (underFormat !== undefined) continue;
        // ajv adds "property name must be valid" after the property name's own error (e.g. minLength).
        if (error.keyword === "propertyNames") continue;
        problems.push(describeError(error, error.instancePath, compiled.reserved));
    }
    for (const formatPath of formatPaths) {
        const value = valueAtPointer(document, formatPath) as { type?: unknown } | undefined;
        const type = typeof value?.type === "string" ? value.type : undefined;
        const branch = type === undefined ? undefined : compiled.formats[type];
        if (branch === undefined) {
            problems.push({
                field: fieldPath(`${formatPath}/type`),
                problem: `unknown or missing format type ${repr(value?.type)}`,
                fix: `Set type to one of: ${Object.keys(FORMAT_DEFINITIONS).join(", ")}.`,
            });
            continue;
        }
        branch(value);
        for (const error of branch.errors ?? []) {
            problems.push(describeError(error, `${formatPath}${error.instancePath}`, compiled.reserved));
        }
    }
    return dedupe(problems);
}

function dedupe(problems: Problem[]): Problem[] {
    const seen = new Set<string>();
    return problems.filter((p) => {
        const key = `${p.field}\0${p.problem}`;
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
 * The rules of a schema-valid spec that JSON Schema cannot express: the file is named after the dataset; no
 * two source columns are renamed to one silver name; the event-time column is not typed in `schema` (it always becomes a
 * timestamp); `deduplication.order_by` is not part of the primary key; gold table and dimension names are
 * unique, and no dimension is named like the silver or a gold table; the `quality:` rules of
 * `spec/quality-rules.ts` ({@link qualityProblems}).
 */
function crossFieldProblems(spec: DatasetSpec, stem: string): Problem[] {
    const problems: Problem[] = [];
    if (spec.name !== stem) {
        problems.push({
            field: "name",
            problem: `'${spec.name}' differs from the file name '${stem}'`,
            fix: `Set name: ${stem} or rename the file to ${spec.name}${SPEC_EXTENSION}.`,
        });
    }
    const renames = spec.column_names?.renames ?? {};
    const seenTargets = new Map<string, string>();
    for (const [source, target] of Object.entries(renames)) {
        const earlier = seenTargets.get(target);
        if (earlier !== undefined) {
            problems.push({
                field: `column_names.renames.${source}`,
                problem: `renames '${source}' and '${earlier}' both to '${target}'`,
                fix: "Give each source column its own silver name.",
            });
        }
        seenTargets.set(target, source);
    }
    const schema = spec.schema ?? {};
    const eventColumn = spec.event_time.column;
    if (Object.hasOwn(schema, eventColumn)) {
        problems.push({
            field: `schema.${eventColumn}`,
            problem: "the event-time column always becomes a timestamp parsed with event_time.formats",
            fix: `Remove '${eventColumn}' from schema.`,
        });
    }
    const dedup = spec.deduplication === "none" ? undefined : spec.deduplication;
    if (dedup?.order_by !== undefined && dedup.primary_key.includes(dedup.order_by)) {
        problems.push({
            field: "deduplication.order_by",
            problem: `'${dedup.order_by}' is part of the primary key, so it cannot order rows of one key`,
            fix: "Use a column outside primary_key (e.g. an update timestamp) or remove order_by.",
        });
    }
    const goldNames = (spec.gold?.tables ?? []).map((t) => t.name);
    const dimensionNames = (spec.dimensions ?? []).map((d) => d.name);
    problems.push(
        ...duplicateProblems("gold.tables", goldNames),
        ...duplicateProblems("dimensions", dimensionNames),
    );
    dimensionNames.forEach((name, i) => {
        if (name === spec.silver.table || goldNames.includes(name)) {
            problems.push({
                field: `dimensions[${i}].name`,
                problem: `'${name}' is also the silver table or a gold table`,
                fix: "Give the dimension a name of its own.",
            });
        }
    });
    problems.push(...qualityProblems(spec));
    return problems;
}

function reservedProblem(field: string, column: string, reserved: readonly string[]): Problem {
    return {
        field,
        problem: `'${column}' is reserved for a column the ETL adds (${reserved.join(", ")})`,
        fix: `Rename the column, e.g. column_names.renames: {${column}: source_${column}}.`,
    };
}

function duplicateProblems(field: string, names: string[]): Problem[] {
    const seen = new Set<string>();
    const problems: Problem[] = [];
    names.forEach((name, i) => {
        if (seen.has(name))
            problems.push({
                field: `${field}[${i}].name`,
                problem: `'${name}' appears twice`,
                fix: "Remove one.",
            });
        seen.add(name);
    });
    return problems;
}

/**
 * Reads and validates one spec file: the JSON Schema (reserved columns included, see
 * {@link RESERVED_COLUMNS}), then, when the schema passes, the cross-field rules.
 *
 * @param file - path of `<name>.yaml`.
 * @param schemaFile - the JSON Schema. @default `<dir of file>/schema/dataset-spec.schema.json`
 * @throws DatasetSpecError listing every problem as `<file>: <field>: <problem>. <fix>` (YAML syntax,
 *   schema, file name differing from `name`, reserved or clashing columns, `order_by` inside the key,
 *   repeated gold/dimension names).
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
        throw new DatasetSpecError([
            {
                file: label,
                field: "(root)",
                problem: `not valid YAML: ${firstLine}`,
                fix: "Fix the YAML syntax.",
            },
        ]);
    }
    let problems = schemaProblems(document, compileSchema(path.resolve(schemaFile)));
    if (problems.length === 0) {
        problems = crossFieldProblems(
            document as DatasetSpec,
            path.basename(absolute, path.extname(absolute)),
        );
    }
    if (problems.length > 0) throw new DatasetSpecError(problems.map((p) => ({ file: label, ...p })));
    return { spec: document as DatasetSpec, file: absolute };
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
    /** The JSON Schema. @default `<dir>/schema/dataset-spec.schema.json` */
    schemaFile?: string;
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
    const schemaFile = options.schemaFile ?? path.join(dir, DATASET_SCHEMA_FILE);
    const files = readdirSync(dir)
        .filter((f) => f.endsWith(SPEC_EXTENSION))
        .sort();
    if (files.length === 0) {
        throw new DatasetSpecError([
            {
                field: dir,
                problem: `no dataset spec (*${SPEC_EXTENSION}) found`,
                fix: "Add one per dataset.",
            },
        ]);
    }
    const loaded: LoadedDatasetSpec[] = [];
    const issues: DatasetSpecIssue[] = [];
    for (const file of files) {
        try {
            loaded.push(loadDatasetSpecFile(path.join(dir, file), schemaFile));
        } catch (error) {
            if (!(error instanceof DatasetSpecError)) throw error;
            issues.push(...error.issues);
        }
    }
    issues.push(...collisionIssues(loaded), ...dimensionIssues(loaded, dir));
    if (issues.length > 0) throw new DatasetSpecError(issues);
    if (options.names === undefined) return loaded;
    const field = options.namesField ?? "names";
    const byName = new Map(loaded.map((l) => [l.spec.name, l]));
    const unknown = options.names.filter((name) => !byName.has(name));
    if (unknown.length > 0) {
        throw new DatasetSpecError([
            // A config error: worded as the other config errors (`<key>: <problem>; <fix>`).
            {
                field,
                problem: `unknown dataset ${unknown.map((n) => JSON.stringify(n)).join(", ")}; available: ${[...byName.keys()].join(", ")}`,
                fix: "",
            },
        ]);
    }
    const duplicates = options.names.filter((name, i) => options.names?.indexOf(name) !== i);
    if (duplicates.length > 0) {
        throw new DatasetSpecError([
            {
                field,
                problem: `${JSON.stringify(duplicates[0])} is listed twice; list each dataset once`,
                fix: "",
            },
        ]);
    }
    return options.names.map((name) => byName.get(name) as LoadedDatasetSpec);
}

/** Every suffix the ETL reads for a spec: `bronze.suffix`, then `bronze.legacy_suffixes`. */
export function bronzeSuffixes(spec: DatasetSpec): string[] {
    return [spec.bronze.suffix, ...(spec.bronze.legacy_suffixes ?? [])];
}

/**
 * The objects of a dataset (see `lib/bronze-objects.ts`): keys under `bronze.prefix` ending in
 * `bronze.suffix` or a legacy suffix (`""`: no extension). What the Glue job reads.
 */
export function datasetObjectFilter(spec: DatasetSpec): BronzeObjectFilter {
    return { prefix: spec.bronze.prefix, suffixes: bronzeSuffixes(spec) };
}

/**
 * The objects whose arrival starts the dataset's job: `bronze.prefix` and `bronze.suffix` only (legacy
 * objects already landed and make no new events). The S3 notification filter and the trigger route.
 */
export function datasetArrivalFilter(spec: DatasetSpec): BronzeObjectFilter {
    return { prefix: spec.bronze.prefix, suffixes: [spec.bronze.suffix] };
}

/**
 * Two specs some bronze key belongs to both ({@link datasetObjectFilter}s overlap, `lib/bronze-objects.ts`).
 * The suffix is enough to tell datasets apart under one prefix: S3 accepts notification filters with one
 * prefix and different suffixes, each dataset has its own Glue job (so its own object ledger), and the job
 * keeps only keys with its suffixes (`select_source_keys` in `glue/medallion_glue/runtime/glue_job_support.py`,
 * `list_bronze_objects` in `glue/medallion_glue/runtime/object_ledger.py`).
 */
export function bronzeFiltersOverlap(a: DatasetSpec, b: DatasetSpec): boolean {
    return objectFiltersOverlap(datasetObjectFilter(a), datasetObjectFilter(b));
}

/**
 * `parquet` is a parquet dataset whose prefix holds `other`'s objects: its bookmarked discovery read
 * (`bookmarked_discovery_options` in `glue/medallion_glue/runtime/glue_job_support.py`) opens every object
 * under the prefix with the Parquet reader, which fails on another dataset's CSV or JSON.
 */
export function parquetPrefixHoldsOther(parquet: DatasetSpec, other: DatasetSpec): boolean {
    return parquet.bronze.format.type === "parquet" && other.bronze.prefix.startsWith(parquet.bronze.prefix);
}

function suffixList(spec: DatasetSpec): string {
    return bronzeSuffixes(spec)
        .map((s) => `'${s}'`)
        .join(" | ");
}

/** Cross-file rules, each file against the ones before it (in file-name order). */
function collisionIssues(loaded: LoadedDatasetSpec[]): DatasetSpecIssue[] {
    const issues: DatasetSpecIssue[] = [];
    const label = (l: LoadedDatasetSpec) => path.basename(l.file);
    loaded.forEach((current, i) => {
        const file = label(current);
        const { spec } = current;
        for (const earlier of loaded.slice(0, i)) {
            const other = earlier.spec;
            if (spec.silver.table === other.silver.table) {
                issues.push({
                    file,
                    field: "silver.table",
                    problem: `'${spec.silver.table}' is also the silver table of ${label(earlier)}`,
                    fix: "Give every dataset its own silver table.",
                });
            }
            if (bronzeFiltersOverlap(spec, other)) {
                issues.push({
                    file,
                    field: "bronze.prefix",
                    problem: `'${spec.bronze.prefix}' + ${suffixList(spec)} overlaps '${other.bronze.prefix}' + ${suffixList(other)} of ${label(earlier)}; some object would belong to both`,
                    fix: "Make the prefixes or the suffixes disjoint so each object belongs to one dataset.",
                });
            } else if (parquetPrefixHoldsOther(spec, other) || parquetPrefixHoldsOther(other, spec)) {
                issues.push({
                    file,
                    field: "bronze.prefix",
                    problem: `'${spec.bronze.prefix}' nests with '${other.bronze.prefix}' of ${label(earlier)}, and the parquet dataset's bookmarked read opens every object under its prefix as Parquet`,
                    fix: "Give the parquet dataset a prefix no other dataset's prefix starts with.",
                });
            }
            const otherGold = new Set((other.gold?.tables ?? []).map((t) => t.name));
            (spec.gold?.tables ?? []).forEach((table, t) => {
                if (otherGold.has(table.name)) {
                    issues.push({
                        file,
                        field: `gold.tables[${t}].name`,
                        problem: `'${table.name}' is also a gold table of ${label(earlier)}`,
                        fix: "Gold tables share one database; rename one.",
                    });
                }
            });
        }
    });
    return issues;
}

/** Deploy-time rule the Glue job cannot check (it reads dimensions from `--dimensions_uri`). */
function dimensionIssues(loaded: LoadedDatasetSpec[], dir: string): DatasetSpecIssue[] {
    const issues: DatasetSpecIssue[] = [];
    for (const l of loaded) {
        (l.spec.dimensions ?? []).forEach((dimension, i) => {
            const file = dimensionFile(dir, dimension);
            if (!existsSync(file)) {
                issues.push({
                    file: path.basename(l.file),
                    field: `dimensions[${i}].file`,
                    problem: `${path.relative(dir, file)} does not exist`,
                    fix: `Add it under ${DIMENSIONS_DIR}/ or fix the name.`,
                });
            }
        });
    }
    return issues;
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
    const issues: DatasetSpecIssue[] = [];
    (loaded.spec.gold?.tables ?? []).forEach((table, i) => {
        const file = path.join(sqlDir, `${table.name}.sql`);
        if (existsSync(file)) {
            files[`${table.name}.sql`] = file;
        } else {
            issues.push({
                file: path.basename(loaded.file),
                field: `gold.tables[${i}].name`,
                problem: `no SQL file ${file}`,
                fix: "Add the SQL file or remove the table from the spec.",
            });
        }
    });
    if (issues.length > 0) throw new DatasetSpecError(issues);
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
