/**
 * What a Dashboards component shows per gold table, as plain data, and the QuickSight shapes built from it:
 * the data set's input columns and the dashboard's `Definition` (one sheet, one visual per table), in the
 * property names of the QuickSight API and of CloudFormation's `AWS::QuickSight::Dashboard`.
 * Follows https://docs.aws.amazon.com/quicksight/latest/APIReference/API_DashboardVersionDefinition.html
 */

/**
 * Column types a QuickSight relational data set declares (`InputColumn.Type`).
 * https://docs.aws.amazon.com/quicksight/latest/APIReference/API_InputColumn.html
 */
export const INPUT_COLUMN_TYPES = [
    "STRING",
    "INTEGER",
    "DECIMAL",
    "DATETIME",
    "BIT",
    "BOOLEAN",
    "JSON",
] as const;
/** One of {@link INPUT_COLUMN_TYPES}. */
export type InputColumnType = (typeof INPUT_COLUMN_TYPES)[number];
/** Column types a measure can aggregate numerically. */
export const NUMERIC_COLUMN_TYPES: readonly InputColumnType[] = ["INTEGER", "DECIMAL"];

/**
 * Numerical aggregations of a measure (`SimpleNumericalAggregation`, the subset that reads well on an
 * aggregate table). https://docs.aws.amazon.com/quicksight/latest/APIReference/API_NumericalAggregationFunction.html
 */
export const AGGREGATIONS = ["SUM", "AVERAGE", "MIN", "MAX"] as const;
/** One of {@link AGGREGATIONS}. */
export type Aggregation = (typeof AGGREGATIONS)[number];

/** The visual kinds a table can get: a bar chart, a line chart over a date, or a table. */
export const VISUAL_KINDS = ["bar", "line", "table"] as const;
/** One of {@link VISUAL_KINDS}. */
export type VisualKind = (typeof VISUAL_KINDS)[number];

/** A measure of a visual: a numeric column and how it is aggregated. */
export interface VisualMeasure {
    /** Column name (one of the table's `columns`, INTEGER or DECIMAL). */
    column: string;
    aggregation: Aggregation;
}

/** The one visual of a gold table. */
export interface GoldTableVisual {
    kind: VisualKind;
    /** Title shown above the visual. */
    title: string;
    /**
     * The dimension columns: the bar chart's category, the line chart's x axis (a DATETIME column is
     * shown per day), the table's group-by columns. At least one.
     */
    dimensions: string[];
    /** The measures, aggregated per dimension value. At least one. */
    measures: VisualMeasure[];
}

/** A gold table as the dashboard reads it: its columns (as the Glue catalog has them) and its visual. */
export interface GoldTableDashboard {
    /** Table name in the gold database, e.g. `route_summary`. */
    table: string;
    /** Columns of the table and their QuickSight types; the data set declares exactly these. */
    columns: Record<string, InputColumnType>;
    visual: GoldTableVisual;
}

/** The data set identifier a dashboard uses for a table: the table's name. */
export function dataSetIdentifier(table: string): string {
    return table;
}

/** `InputColumns` of a relational data set: each column and its type, in declaration order. */
export function inputColumns(table: GoldTableDashboard): { name: string; type: InputColumnType }[] {
    return Object.entries(table.columns).map(([name, type]) => ({ name, type }));
}

/** A field id unique in the dashboard: `<table>.<column>` (a measure adds its aggregation). */
function fieldId(table: string, column: string, aggregation?: Aggregation): string {
    return aggregation === undefined
        ? `${table}.${column}`
        : `${table}.${column}.${aggregation.toLowerCase()}`;
}

function dimensionField(table: GoldTableDashboard, column: string): Record<string, unknown> {
    const ref = { DataSetIdentifier: dataSetIdentifier(table.table), ColumnName: column };
    const id = fieldId(table.table, column);
    if (table.columns[column] === "DATETIME") {
        return { DateDimensionField: { FieldId: id, Column: ref, DateGranularity: "DAY" } };
    }
    if (NUMERIC_COLUMN_TYPES.includes(table.columns[column])) {
        return { NumericalDimensionField: { FieldId: id, Column: ref } };
    }
    return { CategoricalDimensionField: { FieldId: id, Column: ref } };
}

function measureField(table: GoldTableDashboard, measure: VisualMeasure): Record<string, unknown> {
    return {
        NumericalMeasureField: {
            FieldId: fieldId(table.table, measure.column, measure.aggregation),
            Column: { DataSetIdentifier: dataSetIdentifier(table.table), ColumnName: measure.column },
            AggregationFunction: { SimpleNumericalAggregation: measure.aggregation },
        },
    };
}

/** The visual id of a table's visual: `<table>-<kind>`. */
export function visualId(table: GoldTableDashboard): string {
    return `${table.table}-${table.visual.kind}`;
}

/** The `Visual` of one gold table (`BarChartVisual`, `LineChartVisual` or `TableVisual`). */
export function tableVisual(table: GoldTableDashboard): Record<string, unknown> {
    const { visual } = table;
    const dimensions = visual.dimensions.map((column) => dimensionField(table, column));
    const measures = visual.measures.map((measure) => measureField(table, measure));
    const common = {
        VisualId: visualId(table),
        Title: { Visibility: "VISIBLE", FormatText: { PlainText: visual.title } },
    };
    switch (visual.kind) {
        case "bar":
            return {
                BarChartVisual: {
                    ...common,
                    ChartConfiguration: {
                        FieldWells: {
                            BarChartAggregatedFieldWells: { Category: dimensions, Values: measures },
                        },
                        Orientation: "HORIZONTAL",
                    },
                },
            };
        case "line":
            return {
                LineChartVisual: {
                    ...common,
                    ChartConfiguration: {
                        FieldWells: {
                            LineChartAggregatedFieldWells: { Category: dimensions, Values: measures },
                        },
                        Type: "LINE",
                    },
                },
            };
        case "table":
            return {
                TableVisual: {
                    ...common,
                    ChartConfiguration: {
                        FieldWells: {
                            TableAggregatedFieldWells: { GroupBy: dimensions, Values: measures },
                        },
                    },
                },
            };
    }
}

/** The sheet id of the dashboard's one sheet. */
export const GOLD_SHEET_ID = "gold";

/**
 * The dashboard's `Definition`: one data set declaration per table (identifier: the table name) and one
 * sheet with one visual per table, in the order given.
 * @param dataSetArns ARN of each table's data set, by table name.
 */
export function dashboardDefinition(
    tables: readonly GoldTableDashboard[],
    dataSetArns: Readonly<Record<string, string>>,
    sheetName: string,
): Record<string, unknown> {
    return {
        DataSetIdentifierDeclarations: tables.map((t) => ({
            Identifier: dataSetIdentifier(t.table),
            DataSetArn: dataSetArns[t.table],
        })),
        Sheets: [{ SheetId: GOLD_SHEET_ID, Name: sheetName, Visuals: tables.map(tableVisual) }],
    };
}
