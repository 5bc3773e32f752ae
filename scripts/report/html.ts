/**
 * The report page: one self-contained HTML file, charts inline as SVG, styles inline, no script at all
 * (its Content-Security-Policy allows none), every text from the data escaped.
 *
 * @module
 */
import {
    type Cell,
    type DatasetReport,
    type ReconciliationCounts,
    type ReportData,
    reconciles,
} from "./data";

/** What the page shows besides the charts. */
export const PAGE_DEFAULTS = {
    /** Rows of each gold table shown under its chart. */
    rowsShown: 10,
    title: "medallion-lake: gold tables of the run",
} as const;

/** A gold table's rendered chart, or none when the table has no rows. */
export interface RenderedTable {
    readonly table: string;
    /** What the chart shows, one sentence. */
    readonly description?: string;
    /** SVG markup from Vega (`<svg ...>`); absent when there was nothing to draw. */
    readonly svg?: string;
}

/** The charts of one dataset, in the order of its `gold` list. */
export type RenderedCharts = ReadonlyMap<string, readonly RenderedTable[]>;

/** The four counts a run balances, in the order shown, with their labels. */
const BALANCED_COUNTS = [
    ["rows_read", "rows read (bronze)"],
    ["rows_written", "rows written (silver)"],
    ["rows_quarantined", "rows quarantined"],
    ["duplicates_removed", "duplicates removed"],
] as const;

const HTML_ESCAPES: Record<string, string> = {
    "&": "&amp;",
    "<": "&lt;",
    ">": "&gt;",
    '"': "&quot;",
    "'": "&#39;",
};

/** Text made safe for HTML content and double- or single-quoted attribute values. */
export function escapeHtml(text: string): string {
    return text.replace(/[&<>"']/g, (character) => HTML_ESCAPES[character] ?? character);
}

const integer = new Intl.NumberFormat("en-US");
const figure = (value: number) => integer.format(value);

function cellHtml(value: Cell): string {
    if (value === null) return '<td class="null">null</td>';
    if (typeof value === "number") return `<td class="number">${escapeHtml(String(value))}</td>`;
    return `<td>${escapeHtml(String(value))}</td>`;
}

function reconciliationHtml(counts: ReconciliationCounts): string {
    const rows = BALANCED_COUNTS.map(
        ([key, text]) =>
            `<tr><th scope="row">${escapeHtml(text)}</th><td class="number" data-figure="${key}">${figure(counts[key])}</td></tr>`,
    );
    const others = Object.entries(counts).filter(
        ([key, value]) =>
            !BALANCED_COUNTS.some(([balanced]) => balanced === key) &&
            typeof value === "number" &&
            Number.isFinite(value),
    );
    for (const [key, value] of others) {
        rows.push(
            `<tr class="other"><th scope="row">${escapeHtml(key)}</th><td class="number" data-figure="${escapeHtml(key)}">${figure(value as number)}</td></tr>`,
        );
    }
    const balanced = reconciles(counts);
    const sum = counts.rows_written + counts.rows_quarantined + counts.duplicates_removed;
    const verdict = balanced
        ? `reconciled: ${figure(counts.rows_read)} read = ${figure(counts.rows_written)} written + ${figure(counts.rows_quarantined)} quarantined + ${figure(counts.duplicates_removed)} duplicates`
        : `NOT reconciled: ${figure(counts.rows_read)} read, but written + quarantined + duplicates = ${figure(sum)}`;
    return [
        '<table class="figures reconciliation">',
        "<caption>Reconciliation</caption>",
        ...rows,
        "</table>",
        `<p class="verdict ${balanced ? "ok" : "bad"}" data-reconciled="${balanced}">${escapeHtml(verdict)}</p>`,
    ].join("\n");
}

function quarantineHtml(quarantine: Record<string, number>): string {
    const reasons = Object.entries(quarantine).sort(([a], [b]) => a.localeCompare(b));
    const total = reasons.reduce((sum, [, n]) => sum + n, 0);
    const rows =
        reasons.length === 0
            ? ['<tr><td colspan="2">no row quarantined</td></tr>']
            : reasons.map(
                  ([reason, n]) =>
                      `<tr><th scope="row">${escapeHtml(reason)}</th><td class="number" data-quarantine="${escapeHtml(reason)}">${figure(n)}</td></tr>`,
              );
    return [
        '<table class="figures quarantine">',
        "<caption>Quarantined rows by reason</caption>",
        ...rows,
        `<tr class="total"><th scope="row">total</th><td class="number">${figure(total)}</td></tr>`,
        "</table>",
    ].join("\n");
}

function goldTableHtml(
    dataset: string,
    table: DatasetReport["gold"][number],
    rendered?: RenderedTable,
): string {
    const id = `${dataset}.${table.table}`;
    const shown = table.rows.slice(0, PAGE_DEFAULTS.rowsShown);
    const chart = rendered?.svg
        ? `<figure class="chart" data-chart="${escapeHtml(id)}">${rendered.svg}<figcaption>${escapeHtml(rendered.description ?? "")}</figcaption></figure>`
        : '<p class="empty">No rows: nothing to chart.</p>';
    return [
        `<article class="gold" data-table="${escapeHtml(id)}">`,
        `<h3>${escapeHtml(table.table)}</h3>`,
        chart,
        '<table class="rows">',
        `<caption>${shown.length} of the ${figure(table.rows.length)} rows in the data</caption>`,
        `<thead><tr>${table.columns.map((column) => `<th scope="col">${escapeHtml(column)}</th>`).join("")}</tr></thead>`,
        "<tbody>",
        ...shown.map((row) => `<tr>${row.map(cellHtml).join("")}</tr>`),
        "</tbody>",
        "</table>",
        "</article>",
    ].join("\n");
}

const STYLE = `
body { font-family: system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; margin: 2rem auto; max-width: 60rem; color: #1f2933; padding: 0 1rem; }
h1 { font-size: 1.6rem; margin-bottom: 0.2rem; }
h2 { border-bottom: 2px solid #cbd2d9; padding-bottom: 0.2rem; margin-top: 2.5rem; }
.generated { color: #52606d; margin-top: 0; }
.run { display: flex; gap: 2rem; flex-wrap: wrap; align-items: flex-start; }
table { border-collapse: collapse; margin: 0.5rem 0 1rem; font-size: 0.9rem; }
caption { text-align: left; font-weight: 600; padding-bottom: 0.3rem; }
th, td { padding: 0.2rem 0.6rem; border-bottom: 1px solid #e4e7eb; text-align: left; }
td.number { text-align: right; font-variant-numeric: tabular-nums; }
td.null { color: #9aa5b1; font-style: italic; }
tr.other th, tr.other td { color: #52606d; }
tr.total th, tr.total td { font-weight: 600; }
.verdict.ok { color: #1f7a3f; }
.verdict.bad { color: #b42318; font-weight: 600; }
figure.chart { margin: 0.5rem 0; }
figure.chart svg { max-width: 100%; height: auto; }
figcaption { color: #52606d; font-size: 0.85rem; }
table.rows { display: block; overflow-x: auto; }
`;

/**
 * The whole page.
 *
 * @param data - the validated report data.
 * @param charts - per dataset name, the rendered chart of each gold table.
 * @returns the HTML document, UTF-8 text.
 */
export function reportHtml(data: ReportData, charts: RenderedCharts): string {
    const sections = data.datasets.map((dataset) => {
        const rendered = charts.get(dataset.name) ?? [];
        return [
            `<section class="dataset" data-dataset="${escapeHtml(dataset.name)}">`,
            `<h2>${escapeHtml(dataset.name)}</h2>`,
            '<div class="run">',
            `<div>${reconciliationHtml(dataset.reconciliation)}</div>`,
            `<div>${quarantineHtml(dataset.quarantine)}</div>`,
            "</div>",
            ...dataset.gold.map((table) =>
                goldTableHtml(
                    dataset.name,
                    table,
                    rendered.find((entry) => entry.table === table.table),
                ),
            ),
            "</section>",
        ].join("\n");
    });
    return [
        "<!doctype html>",
        '<html lang="en">',
        "<head>",
        '<meta charset="utf-8">',
        `<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; img-src data:">`,
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        `<title>${escapeHtml(PAGE_DEFAULTS.title)}</title>`,
        `<style>${STYLE}</style>`,
        "</head>",
        "<body>",
        `<h1>${escapeHtml(PAGE_DEFAULTS.title)}</h1>`,
        `<p class="generated">Data read at <time datetime="${escapeHtml(data.generatedAt)}">${escapeHtml(data.generatedAt)}</time>; charts drawn with Vega-Lite at build time.</p>`,
        ...sections,
        "</body>",
        "</html>",
        "",
    ].join("\n");
}
