/** Stack config as Pulumi hands it to a program: a flat map of `<namespace>:<key>` to string. */
import { readFileSync } from "node:fs";
import * as path from "node:path";
import { parse as parseYaml } from "yaml";

/** Turns config values into Pulumi's raw representation: strings as they are, anything else as JSON. */
export function flattenConfig(config: Record<string, unknown>): Record<string, string> {
    const raw: Record<string, string> = {};
    for (const [key, value] of Object.entries(config)) {
        raw[key] = typeof value === "string" ? value : JSON.stringify(value);
    }
    return raw;
}

/**
 * Reads `Pulumi.<stack>.yaml` in `dir` as the flat map Pulumi hands the program: structured values
 * JSON-encoded, scalars as strings. Secrets (`secure:` values) stay as their ciphertext.
 * @param dir folder holding the stack file. @default process.cwd()
 * @throws Error (ENOENT) when the file does not exist
 */
export function readStackConfig(stack: string, dir: string = process.cwd()): Record<string, string> {
    const file = path.join(dir, `Pulumi.${stack}.yaml`);
    const doc = parseYaml(readFileSync(file, "utf8")) as { config?: Record<string, unknown> } | null;
    return flattenConfig(doc?.config ?? {});
}
