/**
 * Reads exact pins (`name==version`) from a pip requirements file, so the Glue jobs install the same
 * versions the local tests ran with (`--additional-python-modules`).
 * Follows https://pip.pypa.io/en/stable/reference/requirements-file-format/
 */
import { readFileSync } from "node:fs";

/** PEP 503 normalized name: lowercase, runs of `-`, `_` and `.` as one `-`. */
export function normalizePackageName(name: string): string {
    return name.toLowerCase().replace(/[-_.]+/g, "-");
}

/**
 * The `name==version` pins of the given packages, in the order asked.
 *
 * @param file - requirements file, e.g. `requirements.txt`.
 * @param names - package names (any case or separator).
 * @throws Error naming the file and the package when a package is missing or not pinned with `==`.
 */
export function requirementPins(file: string, names: readonly string[]): string[] {
    const pins = new Map<string, string>();
    for (const raw of readFileSync(file, "utf8").split(/\r?\n/)) {
        const line = raw.replace(/#.*$/, "").trim();
        const match = /^([A-Za-z0-9][A-Za-z0-9._-]*)(\[[^\]]*\])?\s*==\s*([^\s;]+)/.exec(line);
        if (match) pins.set(normalizePackageName(match[1]), `${match[1]}==${match[3]}`);
    }
    return names.map((name) => {
        const pin = pins.get(normalizePackageName(name));
        if (pin === undefined) {
            throw new Error(`${file}: no exact pin for ${name}; add a line like ${name}==<version>`);
        }
        return pin;
    });
}
