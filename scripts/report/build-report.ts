/**
 * Builds the static HTML report of a run's gold tables, reconciliation and quarantine figures:
 *
 *     npx tsx scripts/report/build-report.ts <data.json> <out.html>     (npm run report -- <data.json> <out.html>)
 *
 * Exit code 0 when written, 1 when the data is missing or not of the shape docs/bi.md describes (every
 * bad field named), 2 on a bad command line.
 *
 * @module
 */
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { parseArgs } from "node:util";
import { planChart } from "./charts";
import { parseReportJson, ReportDataError } from "./data";
import { type RenderedTable, reportHtml } from "./html";
import { renderSvg } from "./render";

/** One chart of a built report. */
export interface BuiltChart {
    readonly dataset: string;
    readonly table: string;
    /** `undefined` when the table had no rows (the page says so instead of drawing). */
    readonly mark?: "line" | "bar";
}

/** What {@link buildReport} wrote. */
export interface BuiltReport {
    readonly outFile: string;
    readonly charts: BuiltChart[];
}

/**
 * Reads and validates `dataFile`, renders a chart per gold table to SVG and writes the page to `outFile`
 * (creating its folder).
 *
 * @throws ReportDataError when the file is not JSON or not of the documented shape.
 * @throws Error when the file cannot be read, or Vega cannot render a chart.
 */
export async function buildReport(dataFile: string, outFile: string): Promise<BuiltReport> {
    let text: string;
    try {
        text = readFileSync(dataFile, "utf8");
    } catch (error) {
        throw new ReportDataError(dataFile, [`cannot read it: ${(error as Error).message}`]);
    }
    const data = parseReportJson(text, dataFile);
    const charts: BuiltChart[] = [];
    const rendered = new Map<string, RenderedTable[]>();
    for (const dataset of data.datasets) {
        const tables: RenderedTable[] = [];
        for (const table of dataset.gold) {
            const plan = planChart(table);
            const name = `${dataset.name}.${table.table}`;
            tables.push(
                plan
                    ? {
                          table: table.table,
                          description: plan.description,
                          svg: await renderSvg(plan.spec, name),
                      }
                    : { table: table.table },
            );
            charts.push({ dataset: dataset.name, table: table.table, mark: plan?.mark });
        }
        rendered.set(dataset.name, tables);
    }
    mkdirSync(path.dirname(path.resolve(outFile)), { recursive: true });
    writeFileSync(outFile, reportHtml(data, rendered));
    return { outFile, charts };
}

const USAGE = "usage: npx tsx scripts/report/build-report.ts <data.json> <out.html>";

async function main(argv: readonly string[]): Promise<number> {
    let positionals: string[];
    try {
        ({ positionals } = parseArgs({ args: [...argv], allowPositionals: true, strict: true, options: {} }));
    } catch (error) {
        console.error(`${(error as Error).message}\n${USAGE}`);
        return 2;
    }
    const [dataFile, outFile] = positionals;
    if (!dataFile || !outFile || positionals.length > 2) {
        console.error(USAGE);
        return 2;
    }
    try {
        const report = await buildReport(dataFile, outFile);
        console.log(`report: ${report.outFile} (${report.charts.length} gold tables)`);
        return 0;
    } catch (error) {
        console.error(error instanceof Error ? error.message : String(error));
        return 1;
    }
}

if (require.main === module) {
    main(process.argv.slice(2)).then((code) => {
        process.exitCode = code;
    });
}
