/**
 * A Vega-Lite chart per gold table, chosen from its columns' kinds ({@link describeColumns}):
 *
 * 1. **Line over time** when the table has a time axis with 2 or more distinct values: a temporal
 *    column, else the calendar columns `year` (+ `month`). y: the sum of the first quantitative column;
 *    colour: the first nominal column, its {@link CHART_DEFAULTS.maxSeries} largest series.
 * 2. **Bars** otherwise: one bar per category, the {@link CHART_DEFAULTS.maxBars} largest. The category is
 *    the shortest run of leading nominal columns (up to {@link CHART_DEFAULTS.maxKeyColumns}) that tells
 *    rows apart (`origin · destination`), else the first nominal column with the measure summed. A table
 *    without nominal columns gets a bar per quantitative column (one row) or per row; a table without a
 *    quantitative column gets the row count per value of its first column.
 *
 * The data goes into the spec inline, already shaped (`time`, `series`, `category`, `value` fields), so no
 * column name is ever read as a Vega-Lite field path (a `.` or `[` in it would be). Spec reference: https://vega.github.io/vega-lite/docs/
 *
 * @module
 */
import type { TopLevelSpec } from "vega-lite/build/index";
import { type ColumnInfo, describeColumns, toNumber, toUtcIso } from "./columns";
import type { Cell, GoldTable } from "./data";

/** Sizes and limits of the charts. */
export const CHART_DEFAULTS = {
    /** Plot width, in pixels. */
    width: 560,
    /** Plot height of a line chart, in pixels. */
    height: 240,
    /** Height of one bar, in pixels. */
    barStep: 18,
    /** Bars shown, largest first. */
    maxBars: 15,
    /** Lines shown (series of the colour column), largest total first. */
    maxSeries: 8,
    /** Leading nominal columns tried as a bar's category. */
    maxKeyColumns: 3,
} as const;

/** The chart picked for a table, with a sentence saying what it shows. */
export interface ChartPlan {
    readonly table: string;
    readonly mark: "line" | "bar";
    /** e.g. `sum of flights per month, by origin (8 largest of 223)`. */
    readonly description: string;
    readonly spec: TopLevelSpec;
}

type Datum = Record<string, string | number>;

const MEASURE = "value";
const CATEGORY = "category";
const SERIES = "series";
const TIME = "time";

/** Time granularity of a set of UTC instants: the Vega-Lite time unit that keeps them apart. */
function timeUnitOf(
    instants: readonly string[],
): "utcyearmonthdate" | "utcyearmonthdatehours" | "utcyearmonthdatehoursminutes" {
    if (instants.every((iso) => iso.endsWith("T00:00:00.000Z"))) return "utcyearmonthdate";
    if (instants.every((iso) => /:00:00\.000Z$/.test(iso))) return "utcyearmonthdatehours";
    return "utcyearmonthdatehoursminutes";
}

/** The time axis: each row's instant (or undefined), the unit, and what the axis is called. */
interface TimeAxis {
    readonly at: (row: readonly Cell[]) => string | undefined;
    readonly unit: string;
    readonly format: string;
    readonly title: string;
}

function timeAxis(columns: readonly ColumnInfo[], rows: readonly (readonly Cell[])[]): TimeAxis | undefined {
    const temporal = columns.find((column) => column.kind === "temporal");
    if (temporal) {
        const at = (row: readonly Cell[]) => {
            const value = row[temporal.index];
            return typeof value === "string" ? toUtcIso(value) : undefined;
        };
        const unit = timeUnitOf(rows.map(at).filter((iso): iso is string => iso !== undefined));
        const format = unit === "utcyearmonthdate" ? "%Y-%m-%d" : "%Y-%m-%d %H:%M";
        return { at, unit, format, title: temporal.name };
    }
    const year = columns.find((column) => column.kind === "calendar" && column.name.toLowerCase() === "year");
    if (!year) return undefined;
    const month = columns.find(
        (column) => column.kind === "calendar" && column.name.toLowerCase() === "month",
    );
    const at = (row: readonly Cell[]) => {
        const y = toNumber(row[year.index] ?? null);
        const m = month ? toNumber(row[month.index] ?? null) : 1;
        if (y === undefined || m === undefined || m < 1 || m > 12) return undefined;
        return new Date(Date.UTC(y, m - 1, 1)).toISOString();
    };
    return month
        ? { at, unit: "utcyearmonth", format: "%b %Y", title: `${year.name}-${month.name}` }
        : { at, unit: "utcyear", format: "%Y", title: year.name };
}

/** The `limit` keys with the largest totals, largest first (ties by key). */
function largest(totals: ReadonlyMap<string, number>, limit: number): string[] {
    return [...totals.entries()]
        .sort(([a, x], [b, y]) => y - x || a.localeCompare(b))
        .slice(0, limit)
        .map(([key]) => key);
}

function totalsBy(data: readonly Datum[], key: string): Map<string, number> {
    const totals = new Map<string, number>();
    for (const datum of data) {
        const name = String(datum[key]);
        totals.set(name, (totals.get(name) ?? 0) + Number(datum[MEASURE]));
    }
    return totals;
}

const label = (value: Cell) => (value === null ? "(null)" : String(value));
const of = (shown: number, all: number) => (shown < all ? ` (${shown} largest of ${all})` : "");

function lineChart(
    table: GoldTable,
    time: TimeAxis,
    measure: ColumnInfo,
    series: ColumnInfo | undefined,
): ChartPlan | undefined {
    const data: Datum[] = [];
    for (const row of table.rows) {
        const at = time.at(row);
        const value = toNumber(row[measure.index] ?? null);
        if (at === undefined || value === undefined) continue;
        data.push({
            [TIME]: at,
            [MEASURE]: value,
            ...(series ? { [SERIES]: label(row[series.index] ?? null) } : {}),
        });
    }
    if (new Set(data.map((datum) => datum[TIME])).size < 2) return undefined;
    let shown = data;
    let description = `sum of ${measure.name} per ${time.title}`;
    if (series) {
        const totals = totalsBy(data, SERIES);
        const kept = new Set(largest(totals, CHART_DEFAULTS.maxSeries));
        shown = data.filter((datum) => kept.has(String(datum[SERIES])));
        description += `, by ${series.name}${of(kept.size, totals.size)}`;
    }
    return {
        table: table.table,
        mark: "line",
        description,
        spec: {
            $schema: "https://vega.github.io/schema/vega-lite/v6.json",
            width: CHART_DEFAULTS.width,
            height: CHART_DEFAULTS.height,
            data: { values: shown },
            mark: { type: "line", point: true },
            encoding: {
                x: {
                    field: TIME,
                    type: "temporal",
                    timeUnit: time.unit as "utcyear",
                    title: time.title,
                    axis: { format: time.format },
                },
                y: { field: MEASURE, type: "quantitative", aggregate: "sum", title: measure.name },
                ...(series ? { color: { field: SERIES, type: "nominal", title: series.name } } : {}),
            },
        },
    };
}

/** The leading nominal columns that tell rows apart, else the first nominal column alone. */
function categoryKey(table: GoldTable, nominal: readonly ColumnInfo[]): ColumnInfo[] {
    for (let size = 1; size <= Math.min(CHART_DEFAULTS.maxKeyColumns, nominal.length); size++) {
        const key = nominal.slice(0, size);
        const labels = table.rows.map((row) =>
            key.map((column) => label(row[column.index] ?? null)).join(" · "),
        );
        if (new Set(labels).size === labels.length) return key;
    }
    return nominal.slice(0, 1);
}

function barChart(
    table: GoldTable,
    categories: Datum[],
    description: string,
    measureTitle: string,
): ChartPlan {
    const totals = totalsBy(categories, CATEGORY);
    const kept = largest(totals, CHART_DEFAULTS.maxBars);
    const data = kept.map((category) => ({ [CATEGORY]: category, [MEASURE]: totals.get(category) ?? 0 }));
    return {
        table: table.table,
        mark: "bar",
        description: `${description}${of(kept.length, totals.size)}`,
        spec: {
            $schema: "https://vega.github.io/schema/vega-lite/v6.json",
            width: CHART_DEFAULTS.width,
            height: { step: CHART_DEFAULTS.barStep },
            data: { values: data },
            mark: "bar",
            encoding: {
                y: { field: CATEGORY, type: "nominal", sort: null, title: null },
                x: { field: MEASURE, type: "quantitative", title: measureTitle },
            },
        },
    };
}

function fallbackBars(
    table: GoldTable,
    nominal: readonly ColumnInfo[],
    measures: readonly ColumnInfo[],
    columns: readonly ColumnInfo[],
): ChartPlan {
    const measure = measures[0];
    if (!measure) {
        const first = nominal[0] ?? columns[0];
        const data = table.rows.map((row) => ({ [CATEGORY]: label(row[first.index] ?? null), [MEASURE]: 1 }));
        return barChart(table, data, `rows per ${first.name}`, "rows");
    }
    if (nominal.length > 0) {
        const key = categoryKey(table, nominal);
        const data = table.rows.flatMap((row) => {
            const value = toNumber(row[measure.index] ?? null);
            if (value === undefined) return [];
            return [
                {
                    [CATEGORY]: key.map((column) => label(row[column.index] ?? null)).join(" · "),
                    [MEASURE]: value,
                },
            ];
        });
        return barChart(
            table,
            data,
            `${measure.name} per ${key.map((column) => column.name).join(" · ")}`,
            measure.name,
        );
    }
    const [row] = table.rows;
    if (table.rows.length === 1 && row) {
        const data = measures.flatMap((column) => {
            const value = toNumber(row[column.index] ?? null);
            return value === undefined ? [] : [{ [CATEGORY]: column.name, [MEASURE]: value }];
        });
        return barChart(table, data, "each figure of the table's one row", "value");
    }
    const data = table.rows.flatMap((cells, index) => {
        const value = toNumber(cells[measure.index] ?? null);
        return value === undefined ? [] : [{ [CATEGORY]: `row ${index + 1}`, [MEASURE]: value }];
    });
    return barChart(table, data, `${measure.name} per row`, measure.name);
}

/**
 * The chart for one gold table (see the module's rules).
 *
 * @returns undefined when the table has no rows (nothing to draw).
 */
export function planChart(table: GoldTable): ChartPlan | undefined {
    if (table.rows.length === 0) return undefined;
    const columns = describeColumns(table).filter((column) => column.kind !== "empty");
    if (columns.length === 0) return undefined;
    const nominal = columns.filter((column) => column.kind === "nominal");
    const measures = columns.filter((column) => column.kind === "quantitative");
    const time = timeAxis(columns, table.rows);
    const measure = measures[0];
    if (time && measure) {
        const line = lineChart(table, time, measure, nominal[0]);
        if (line) return line;
    }
    return fallbackBars(table, nominal, measures, columns);
}
