/**
 * What each column of a gold table holds, judged from its values (the report data carries no types):
 * the basis on which {@link planChart} picks a chart.
 *
 * @module
 */
import type { Cell, GoldTable } from "./data";

/**
 * - `temporal`: ISO 8601 dates or timestamps (`2001-01-29`, `2001-01-29 10:00:00`, `...T10:00:00Z`).
 * - `calendar`: integers in a column named after a calendar part (`year`, `month`): a time axis when the
 *   table has no temporal column, never a measure.
 * - `quantitative`: numbers, or strings that are all numbers (decimals written as text).
 * - `nominal`: anything else (text, booleans).
 * - `empty`: every value is null.
 */
export type ColumnKind = "temporal" | "calendar" | "quantitative" | "nominal" | "empty";

/** Column names read as calendar parts when they hold integers. */
export const CALENDAR_PARTS = { year: "year", month: "month" } as const;

const ISO_DATE_TIME =
    /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(\.\d+)?)?)?(Z|[+-]\d{2}:?\d{2})?$/;
const NUMERIC_TEXT = /^[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?$/;

/** A column with its position and kind. */
export interface ColumnInfo {
    readonly name: string;
    readonly index: number;
    readonly kind: ColumnKind;
}

/**
 * The instant an ISO 8601 date or timestamp names, as an ISO string in UTC. Dates and timestamps without
 * an offset are UTC (the lake's Spark sessions run in UTC).
 *
 * @returns undefined when the text is not an ISO 8601 date or timestamp.
 */
export function toUtcIso(text: string): string | undefined {
    const match = ISO_DATE_TIME.exec(text);
    if (!match) return undefined;
    const [, year, month, day, hour = "00", minute = "00", second = "00", fraction = "", zone = "Z"] = match;
    const offset = zone === "Z" ? "Z" : zone.includes(":") ? zone : `${zone.slice(0, 3)}:${zone.slice(3)}`;
    const instant = new Date(`${year}-${month}-${day}T${hour}:${minute}:${second}${fraction}${offset}`);
    return Number.isNaN(instant.getTime()) ? undefined : instant.toISOString();
}

/** A cell as a number: numbers as they are, numeric text parsed; undefined otherwise. */
export function toNumber(value: Cell): number | undefined {
    if (typeof value === "number") return Number.isFinite(value) ? value : undefined;
    if (typeof value === "string" && NUMERIC_TEXT.test(value.trim())) return Number(value);
    return undefined;
}

function kindOf(name: string, values: readonly Cell[]): ColumnKind {
    const present = values.filter((value) => value !== null);
    if (present.length === 0) return "empty";
    if (present.every((value) => typeof value === "number" || toNumber(value) !== undefined)) {
        const integers = present.every((value) => Number.isInteger(toNumber(value)));
        return integers && Object.values<string>(CALENDAR_PARTS).includes(name.toLowerCase())
            ? "calendar"
            : "quantitative";
    }
    if (present.every((value) => typeof value === "string" && toUtcIso(value) !== undefined))
        return "temporal";
    return "nominal";
}

/** Every column of `table` with its {@link ColumnKind}, in column order. */
export function describeColumns(table: GoldTable): ColumnInfo[] {
    return table.columns.map((name, index) => ({
        name,
        index,
        kind: kindOf(
            name,
            table.rows.map((row) => row[index] ?? null),
        ),
    }));
}
