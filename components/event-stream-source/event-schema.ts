/**
 * Event schemas for the Glue Schema Registry: a JSON Schema file checked the way the registry will take it
 * (JSON, draft-07, a schema that compiles, at most 170,000 bytes) and serialized compactly, so formatting
 * changes register no new schema version.
 *
 * Follows https://docs.aws.amazon.com/glue/latest/dg/schema-registry.html#schema-registry-schemas and
 * https://ajv.js.org/json-schema.html#draft-07
 */
import { readFileSync } from "node:fs";
import Ajv from "ajv";

/** JSON Schema dialect the Schema Registry validates and these checks use. */
export const EVENT_SCHEMA_DIALECT = "http://json-schema.org/draft-07/schema#";
/** Largest schema definition the Schema Registry stores, in bytes. */
export const SCHEMA_DEFINITION_MAX_BYTES = 170_000;

/**
 * Reads a JSON Schema file for the Schema Registry: it must be JSON, declare draft-07
 * ({@link EVENT_SCHEMA_DIALECT}), compile with ajv, and fit {@link SCHEMA_DEFINITION_MAX_BYTES}.
 *
 * @param onProblem - called with the problem (it must throw).
 * @returns the schema serialized compactly.
 */
export function loadEventSchema(file: string, onProblem: (problem: string) => never): string {
    let text: string;
    try {
        text = readFileSync(file, "utf8");
    } catch (error) {
        return onProblem(
            `cannot read ${file} (${(error as Error).message}); point it at the event's JSON Schema`,
        );
    }
    let schema: unknown;
    try {
        schema = JSON.parse(text);
    } catch (error) {
        return onProblem(`${file} is not JSON (${(error as Error).message})`);
    }
    if (schema === null || typeof schema !== "object" || Array.isArray(schema)) {
        return onProblem(`${file} must hold a JSON Schema object`);
    }
    const dialect = (schema as { $schema?: unknown }).$schema;
    if (dialect !== EVENT_SCHEMA_DIALECT) {
        return onProblem(
            `${file} declares $schema ${JSON.stringify(dialect ?? null)}; set "$schema": "${EVENT_SCHEMA_DIALECT}" (the Schema Registry validates JSON Schema draft-07)`,
        );
    }
    try {
        new Ajv({ strict: true, allowUnionTypes: true }).compile(schema as object);
    } catch (error) {
        return onProblem(`${file} is not a valid draft-07 schema: ${(error as Error).message}`);
    }
    const definition = JSON.stringify(schema);
    const bytes = Buffer.byteLength(definition, "utf8");
    if (bytes > SCHEMA_DEFINITION_MAX_BYTES) {
        return onProblem(
            `${file} is ${bytes} bytes once compacted; the Schema Registry stores at most ${SCHEMA_DEFINITION_MAX_BYTES}`,
        );
    }
    return definition;
}
