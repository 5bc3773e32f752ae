/**
 * Reads the defaults tables of docs/components.md: the rows between `<!-- defaults:<CONST> -->` and
 * `<!-- /defaults -->`, as option -> default (the JSON text in the second column's backticks, parsed).
 */
import { readFileSync } from "node:fs";
import * as path from "node:path";
import { REPO_ROOT } from "./pulumi-harness";

/** The defaults table documented for `constName`, parsed. @throws when the table is missing. */
export function documentedDefaults(
    constName: string,
    file = path.join(REPO_ROOT, "docs", "components.md"),
): Record<string, unknown> {
    const text = readFileSync(file, "utf8");
    const start = text.indexOf(`<!-- defaults:${constName} -->`);
    const end = text.indexOf("<!-- /defaults -->", start);
    if (start < 0 || end < 0) throw new Error(`${file} has no defaults table for ${constName}`);
    const rows: Record<string, unknown> = {};
    for (const line of text.slice(start, end).split("\n")) {
        const match = /^\| `([^`]+)` \| `([^`]+)` \|/.exec(line);
        if (match) rows[match[1]] = JSON.parse(match[2]);
    }
    return rows;
}
