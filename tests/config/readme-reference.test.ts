import { readFileSync } from "node:fs";
import * as path from "node:path";
import { expect } from "chai";
import { DATA_LAKE_DEFAULTS, ZONES } from "../../components/data-lake/data-lake";
import { POSTGRES_SOURCE_DEFAULTS } from "../../components/postgres-source/postgres-source";
import { projectConfigSchema } from "../../config/stack-config";
import { REPO_ROOT } from "../support/pulumi-harness";

/** One row of the README's configuration reference: the key and its Default cell. */
interface ReferenceRow {
    key: string;
    defaultCell: string;
}

function referenceRows(readme: string): ReferenceRow[] {
    const reference = readme.slice(readme.indexOf("## Configuration reference"));
    const table = reference.slice(0, reference.indexOf("\n## ", 1));
    const rows: ReferenceRow[] = [];
    for (const line of table.split("\n")) {
        const cells = line.split(" | ");
        const key = /^\| `([^`]+)`$/.exec(cells[0] ?? "");
        if (key && cells.length >= 4) rows.push({ key: key[1], defaultCell: cells[2].trim() });
    }
    return rows;
}

/** The first backticked token of a Default cell as a value (JSON, else the bare string), or undefined. */
function statedLiteral(cell: string): { value: unknown } | undefined {
    const match = /^`([^`]+)`/.exec(cell);
    if (!match) return undefined;
    try {
        return { value: JSON.parse(match[1]) };
    } catch {
        return { value: match[1] };
    }
}

function valueAt(root: unknown, dotted: string): unknown {
    let current = root;
    for (const part of dotted.split(".")) {
        if (current === null || typeof current !== "object") return undefined;
        current = (current as Record<string, unknown>)[part];
    }
    return current;
}

/** Dotted paths of every non-object value (scalars and lists) in `value`. */
function leafPaths(value: unknown, prefix = ""): string[] {
    if (value === null || typeof value !== "object" || Array.isArray(value)) return prefix ? [prefix] : [];
    return Object.entries(value).flatMap(([k, v]) => leafPaths(v, prefix ? `${prefix}.${k}` : k));
}

/**
 * What the program uses when a key is not set: the schema's defaults, plus the component defaults for the
 * keys the schema passes through unset (zone lifecycles, the PostgreSQL log retention).
 */
function effectiveDefaults(): Record<string, any> {
    const defaults = projectConfigSchema.parse({}) as Record<string, any>;
    defaults.lifecycle = { ...defaults.lifecycle, ...DATA_LAKE_DEFAULTS.lifecycle };
    defaults.sources.postgres.logRetentionDays ??= POSTGRES_SOURCE_DEFAULTS.logRetentionDays;
    return defaults;
}

/** Per zone, the days a `lifecycle.<zone>.*` row states: "bronze 30, silver 60, gold 90", "bronze 90, silver/gold none", "none" or a literal. */
function statedPerZone(cell: string): Record<string, number | undefined> {
    const literal = statedLiteral(cell);
    if (literal) return Object.fromEntries(ZONES.map((z) => [z, literal.value as number]));
    if (cell === "none") return Object.fromEntries(ZONES.map((z) => [z, undefined]));
    const out: Record<string, number | undefined> = {};
    for (const part of cell.split(", ")) {
        const match = /^([a-z/]+) (\d+|none)$/.exec(part);
        if (!match) throw new Error(`cannot read the per-zone default "${cell}"`);
        for (const zone of match[1].split("/"))
            out[zone] = match[2] === "none" ? undefined : Number(match[2]);
    }
    return out;
}

describe("README configuration reference", () => {
    const readme = readFileSync(path.join(REPO_ROOT, "README.md"), "utf8");
    const rows = referenceRows(readme);
    const defaults = effectiveDefaults();

    it("documents every top-level key of the config schema", () => {
        const documented = rows.map((row) => row.key.split(/[.<[]/)[0]);
        expect(documented.length).to.be.greaterThan(5);
        const missing = Object.keys(projectConfigSchema.shape).filter((key) => !documented.includes(key));
        expect(missing).to.deep.equal([]);
    });

    it("documents every key that has a default", () => {
        const covered = (leaf: string) =>
            rows.some((row) => {
                if (row.key === leaf) return true;
                const open = row.key.search(/[<[]/);
                return open > 0 && leaf.startsWith(row.key.slice(0, open));
            });
        const missing = leafPaths(defaults).filter((leaf) => !covered(leaf));
        expect(missing).to.deep.equal([]);
    });

    it("states the code's default for every key, or none where the code has none", () => {
        const mismatches: string[] = [];
        let checked = 0;
        for (const { key, defaultCell } of rows) {
            if (key.startsWith("aws:") || key.includes("[]")) continue;
            if (key.startsWith("lifecycle.<zone>.")) {
                const field = key.slice("lifecycle.<zone>.".length);
                const stated = statedPerZone(defaultCell);
                for (const zone of ZONES) {
                    const actual = (DATA_LAKE_DEFAULTS.lifecycle[zone] as Record<string, number | undefined>)[
                        field
                    ];
                    if (stated[zone] !== actual)
                        mismatches.push(`${key} (${zone}): README ${stated[zone]}, code ${actual}`);
                }
                checked++;
                continue;
            }
            if (key.includes("<")) continue; // points to a defaults table in docs/components.md
            const actual = valueAt(defaults, key);
            const literal = statedLiteral(defaultCell);
            if (literal === undefined) {
                // Prose such as "none", "a new key" or "Direct PUT": the code must have no default value.
                if (actual !== undefined)
                    mismatches.push(`${key}: README "${defaultCell}", code ${JSON.stringify(actual)}`);
            } else if (JSON.stringify(literal.value) !== JSON.stringify(actual)) {
                mismatches.push(
                    `${key}: README ${JSON.stringify(literal.value)}, code ${JSON.stringify(actual)}`,
                );
            }
            checked++;
        }
        expect(mismatches).to.deep.equal([]);
        expect(checked).to.be.greaterThan(50);
    });

    it("reads the stated defaults it compares", () => {
        expect(statedPerZone("bronze 30, silver 60, gold 90")).to.deep.equal({
            bronze: 30,
            silver: 60,
            gold: 90,
        });
        expect(statedPerZone("bronze 90, silver/gold none")).to.deep.equal({
            bronze: 90,
            silver: undefined,
            gold: undefined,
        });
        expect(statedLiteral("`10737418240` (10 GiB)")).to.deep.equal({ value: 10737418240 });
        expect(statedLiteral("`G.1X`")).to.deep.equal({ value: "G.1X" });
        expect(statedLiteral("a new key")).to.equal(undefined);
    });
});
