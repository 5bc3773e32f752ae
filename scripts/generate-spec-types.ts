/**
 * Generates the dataset spec types from the one JSON Schema (`datasets/schema/dataset-spec.schema.json`):
 *
 * - TypeScript: `spec/dataset-spec.types.ts`, with json-schema-to-typescript, formatted by biome;
 * - Python: `glue/medallion_glue/spec/dataset_spec_types.py`, with datamodel-code-generator (stdlib
 *   `dataclasses`, so the Glue job needs no package Glue 5.1 lacks), formatted by ruff.
 *
 * Run `npm run generate:spec` after changing the schema; `tests/spec/generated-types.test.ts` regenerates
 * both into a temporary directory and fails when the committed files differ.
 *
 * Usage: `tsx scripts/generate-spec-types.ts [--out <dir>]` (default: the repository; with `--out`, the two
 * files are written under `<dir>` at the same relative paths).
 */
import { spawnSync } from "node:child_process";
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import * as path from "node:path";
import { compile } from "json-schema-to-typescript";

/** Repository root. */
export const REPO_ROOT = path.resolve(__dirname, "..");
/** The schema both generators read, relative to the repository root. */
export const SPEC_SCHEMA = "datasets/schema/dataset-spec.schema.json";
/** Generated TypeScript types, relative to the repository root. */
export const TS_TYPES_FILE = "spec/dataset-spec.types.ts";
/** Generated Python dataclasses, relative to the repository root. */
export const PY_TYPES_FILE = "glue/medallion_glue/spec/dataset_spec_types.py";

const HEADER = `Generated from ${SPEC_SCHEMA} by \`npm run generate:spec\` (scripts/generate-spec-types.ts). Do not edit.`;

/**
 * datamodel-code-generator options: stdlib dataclasses for Python 3.11 (Glue 5.1), literals instead of
 * enums (the schema's descriptions stay in the schema), ruff lint fixes and formatting with the project's
 * settings.
 * https://koxudaxi.github.io/datamodel-code-generator/
 */
const DATAMODEL_CODEGEN_OPTIONS = [
    "--input-file-type",
    "jsonschema",
    "--output-model-type",
    "dataclasses.dataclass",
    "--target-python-version",
    "3.11",
    "--use-standard-collections",
    "--use-union-operator",
    "--enum-field-as-literal",
    "all",
    "--disable-timestamp",
    "--formatters",
    "ruff-check",
    "ruff-format",
    "--custom-file-header",
    `# Generated from ${SPEC_SCHEMA} by \`npm run generate:spec\`\n# (scripts/generate-spec-types.ts). Do not edit.`,
];

function run(command: string, args: string[], input?: string): string {
    const done = spawnSync(command, args, { cwd: REPO_ROOT, input, encoding: "utf8" });
    if (done.error) throw new Error(`${command}: ${done.error.message}`);
    if (done.status !== 0) throw new Error(`${command} ${args.join(" ")} failed:\n${done.stderr}`);
    return done.stdout;
}

/** The TypeScript types of the schema, as `spec/dataset-spec.types.ts` holds them. */
export async function generateTypeScript(): Promise<string> {
    const schema = JSON.parse(readFileSync(path.join(REPO_ROOT, SPEC_SCHEMA), "utf8"));
    const source = await compile(schema, "DatasetSpec", {
        bannerComment: `/* ${HEADER} */`,
        additionalProperties: false,
        unreachableDefinitions: true,
        format: false,
    });
    const biome = path.join(REPO_ROOT, "node_modules", ".bin", "biome");
    return run(biome, ["format", `--stdin-file-path=${TS_TYPES_FILE}`], source);
}

/** The Python dataclasses of the schema, as `glue/medallion_glue/spec/dataset_spec_types.py` holds them. */
export function generatePython(): string {
    const codegen = path.join(REPO_ROOT, ".venv", "bin", "datamodel-codegen");
    return run(codegen, ["--input", SPEC_SCHEMA, ...DATAMODEL_CODEGEN_OPTIONS]);
}

/** Both generated files: path relative to the repository root -> content. */
export async function generateSpecTypes(): Promise<Record<string, string>> {
    return { [TS_TYPES_FILE]: await generateTypeScript(), [PY_TYPES_FILE]: generatePython() };
}

async function main(argv: string[]): Promise<void> {
    const outIndex = argv.indexOf("--out");
    const outDir = outIndex === -1 ? REPO_ROOT : path.resolve(argv[outIndex + 1] ?? ".");
    for (const [file, content] of Object.entries(await generateSpecTypes())) {
        const target = path.join(outDir, file);
        mkdirSync(path.dirname(target), { recursive: true });
        writeFileSync(target, content);
        console.log(`wrote ${path.relative(process.cwd(), target)}`);
    }
}

if (require.main === module) {
    main(process.argv.slice(2)).catch((error: unknown) => {
        console.error(error instanceof Error ? error.message : error);
        process.exit(1);
    });
}
