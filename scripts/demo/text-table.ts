/**
 * Plain-text tables for the demo's terminal output.
 *
 * @module
 */

/** A cell: numbers are right-aligned and written with thousands separators (en-US). */
export type Cell = string | number | boolean | null | undefined;

/**
 * Text of a cell: `null`/`undefined` as an empty string; with `groupThousands`, integers as `1,234`.
 */
export function cellText(value: Cell, groupThousands = true): string {
    if (value === null || value === undefined) return "";
    if (typeof value === "number" && groupThousands && Number.isInteger(value))
        return value.toLocaleString("en-US");
    return String(value);
}

/** Options of {@link formatTable}. */
export interface TableOptions {
    /**
     * Write integers with thousands separators (counts); off for query results, where integers may be
     * years or ids.
     * @defaultValue `true`
     */
    readonly groupThousands?: boolean;
}

/**
 * Formats rows under a header, columns separated by two spaces, numbers right-aligned.
 *
 * @param columns - header cells.
 * @param rows - one array of cells per row, as long as `columns`.
 * @param options - number formatting.
 * @returns the lines, header and a rule of dashes first.
 * @throws Error when a row's length differs from the header's.
 */
export function formatTable(
    columns: readonly string[],
    rows: readonly (readonly Cell[])[],
    options: TableOptions = {},
): string[] {
    rows.forEach((row, index) => {
        if (row.length !== columns.length) {
            throw new Error(
                `formatTable: row ${index} has ${row.length} cells for ${columns.length} columns`,
            );
        }
    });
    const texts = rows.map((row) => row.map((cell) => cellText(cell, options.groupThousands ?? true)));
    const numeric = columns.map((_, c) => rows.length > 0 && rows.every((row) => typeof row[c] === "number"));
    const widths = columns.map((header, c) =>
        Math.max(header.length, ...texts.map((row) => row[c]?.length ?? 0)),
    );
    const render = (cells: readonly string[]) =>
        cells
            .map((cell, c) => (numeric[c] ? cell.padStart(widths[c] ?? 0) : cell.padEnd(widths[c] ?? 0)))
            .join("  ")
            .trimEnd();
    return [render(columns), render(widths.map((w) => "-".repeat(w))), ...texts.map(render)];
}
