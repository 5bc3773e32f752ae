/**
 * After the results: the static HTML report of the run's gold tables, reconciliation and quarantine
 * figures (scripts/report/), built from the data file the demo's Python runner writes. Skipped, with a
 * line saying so, when the runner wrote none.
 *
 * @module
 */
import { existsSync } from "node:fs";
import path from "node:path";
import { buildReport } from "../report/build-report";

/** Where the report's input and output live in the lake directory. */
export const REPORT_FILES = {
    data: path.join("report", "report-data.json"),
    html: path.join("report", "report.html"),
} as const;

/**
 * Builds `<lake>/report/report.html` from `<lake>/report/report-data.json` when that file exists.
 *
 * @param say - prints one line.
 * @returns the report's path, or undefined when there was no data file.
 * @throws ReportDataError when the data file is not of the shape docs/bi.md describes.
 */
export async function buildDemoReport(
    lakeDir: string,
    say: (line: string) => void,
): Promise<string | undefined> {
    const dataFile = path.join(lakeDir, REPORT_FILES.data);
    if (!existsSync(dataFile)) {
        say(`no report data at ${dataFile}: HTML report skipped`);
        return undefined;
    }
    const report = await buildReport(dataFile, path.join(lakeDir, REPORT_FILES.html));
    say(
        `HTML report (${report.charts.length} gold tables, Vega-Lite charts as inline SVG): ${report.outFile}`,
    );
    return report.outFile;
}
