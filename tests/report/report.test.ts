/**
 * The report built from real gold rows (tests/fixtures/report/report-data.json, from a 7-day demo run)
 * opened in headless Chromium: every chart drew marks of non-zero size, the run's figures are on the page,
 * and the screenshot is kept as out/test-artifacts/report.png.
 */
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { expect } from "chai";
import type { Browser } from "playwright-core";
import { buildReport } from "../../scripts/report/build-report";
import { planChart } from "../../scripts/report/charts";
import { parseReportJson, ReportDataError } from "../../scripts/report/data";
import { escapeHtml } from "../../scripts/report/html";
import { launchChromium } from "./browser";

const ROOT = path.resolve(__dirname, "..", "..");
const FIXTURE = path.join(ROOT, "tests", "fixtures", "report", "report-data.json");
const ARTIFACTS = path.join(ROOT, "out", "test-artifacts");
const OUT_HTML = path.join(ARTIFACTS, "report.html");
const SCREENSHOT = path.join(ARTIFACTS, "report.png");

describe("report data validation", () => {
    const valid = () => JSON.parse(readFileSync(FIXTURE, "utf8"));

    it("accepts the fixture", () => {
        const data = parseReportJson(readFileSync(FIXTURE, "utf8"), FIXTURE);
        expect(data.datasets.map((d) => d.name)).to.deep.equal(["flights"]);
        expect(data.datasets[0].reconciliation.rows_read).to.equal(115339);
    });

    it("names each bad field with its path", () => {
        const doc = valid();
        doc.datasets[0].reconciliation.rows_read = -1;
        delete doc.datasets[0].reconciliation.rows_written;
        doc.datasets[0].gold[1].rows[2] = ["LAX"];
        doc.datasets[0].gold[0].colums = [];
        let error: unknown;
        try {
            parseReportJson(JSON.stringify(doc), "data.json");
        } catch (caught) {
            error = caught;
        }
        expect(error).to.be.instanceOf(ReportDataError);
        const problems = (error as ReportDataError).problems;
        expect(problems).to.have.length(4);
        expect(problems.join("\n")).to.include("datasets[0].reconciliation.rows_read:");
        expect(problems.join("\n")).to.include("datasets[0].reconciliation.rows_written:");
        expect(problems).to.include(
            "datasets[0].gold[1].rows[2]: has 1 cells but columns names 7; write one cell per column, null when empty",
        );
        expect(problems).to.include(
            "datasets[0].gold[0].colums: unknown field; remove it or fix its spelling",
        );
        expect((error as Error).message).to.match(/^data\.json: not report data/);
    });

    it("refuses text that is not JSON, naming the file", () => {
        expect(() => parseReportJson("{", "x.json")).to.throw(ReportDataError, /x\.json: .*\n {2}- not JSON/);
    });
});

describe("chart choice", () => {
    it("draws a line over year-month with the largest origins as series", () => {
        const data = parseReportJson(readFileSync(FIXTURE, "utf8"), FIXTURE);
        const plan = planChart(data.datasets[0].gold[0]);
        expect(plan?.mark).to.equal("line");
        expect(plan?.description).to.equal("sum of flights per year-month, by origin (8 largest of 23)");
    });

    it("draws bars per route (the leading nominal columns that tell rows apart)", () => {
        const data = parseReportJson(readFileSync(FIXTURE, "utf8"), FIXTURE);
        const plan = planChart(data.datasets[0].gold[1]);
        expect(plan?.mark).to.equal("bar");
        expect(plan?.description).to.equal("flights per origin · destination (15 largest of 20)");
    });

    it("draws a line over an ISO date column", () => {
        const plan = planChart({
            table: "tweets_per_user_day",
            columns: ["screen_name", "day", "tweets"],
            rows: [
                ["a", "2026-01-01", 3],
                ["a", "2026-01-02", 5],
                ["b", "2026-01-02", "2"],
            ],
        });
        expect(plan?.mark).to.equal("line");
        expect(plan?.description).to.equal("sum of tweets per day, by screen_name");
    });

    it("falls back to bars when the time axis has one value, and to row counts without a measure", () => {
        const oneMonth = planChart({
            table: "t",
            columns: ["origin", "month", "flights", "year"],
            rows: [
                ["ORD", 1, 10, 2001],
                ["DFW", 1, 12, 2001],
            ],
        });
        expect(oneMonth?.description).to.equal("flights per origin");
        const counts = planChart({ table: "t", columns: ["state"], rows: [["TX"], ["TX"], ["CA"]] });
        expect(counts?.description).to.equal("rows per state");
        expect((counts!.spec as { data: { values: unknown[] } }).data.values).to.deep.equal([
            { category: "TX", value: 2 },
            { category: "CA", value: 1 },
        ]);
        expect(planChart({ table: "t", columns: ["a"], rows: [] })).to.equal(undefined);
    });
});

describe("the report in headless Chromium", () => {
    let browser: Browser | undefined;

    before(async () => {
        mkdirSync(ARTIFACTS, { recursive: true });
        browser = await launchChromium();
    });
    after(async () => {
        await browser?.close();
    });

    it("has inline SVG charts and no script", async () => {
        const built = await buildReport(FIXTURE, OUT_HTML);
        expect(built.charts).to.deep.equal([
            { dataset: "flights", table: "flight_delays_by_origin_month", mark: "line" },
            { dataset: "flights", table: "route_summary", mark: "bar" },
        ]);
        const html = readFileSync(OUT_HTML, "utf8");
        expect(html).to.not.match(/<script/i);
        expect(html.match(/<svg /g)).to.have.length(2);
    });

    it("every chart drew marks of non-zero size, the figures show, and the screenshot is kept", async () => {
        const page = await browser!.newPage({ viewport: { width: 1100, height: 900 } });
        const errors: string[] = [];
        page.on("pageerror", (error) => errors.push(error.message));
        await page.goto(`file://${OUT_HTML}`);
        const marks = await page.$$eval("figure.chart", (figures) =>
            figures.map((figure) => {
                const shapes = [...figure.querySelectorAll("svg g.role-mark > path")];
                const sized = shapes.filter((shape) => {
                    const box = shape.getBoundingClientRect();
                    return box.width > 0 && box.height > 0;
                });
                return { chart: figure.getAttribute("data-chart"), sized: sized.length };
            }),
        );
        expect(marks.map((m) => m.chart)).to.deep.equal([
            "flights.flight_delays_by_origin_month",
            "flights.route_summary",
        ]);
        // Data marks only (role-mark, not legend or axis): 8 origin lines and their 16 points (two months); 15 route bars.
        expect(marks[0].sized).to.equal(8 + 16);
        expect(marks[1].sized).to.equal(15);
        const figure = (key: string) => page.locator(`[data-figure="${key}"]`).innerText();
        expect(await figure("rows_read")).to.equal("115,339");
        expect(await figure("rows_written")).to.equal("115,321");
        expect(await figure("rows_quarantined")).to.equal("15");
        expect(await figure("duplicates_removed")).to.equal("3");
        expect(await page.locator('[data-quarantine="failed_filter"]').innerText()).to.equal("3");
        expect(await page.locator("[data-reconciled]").getAttribute("data-reconciled")).to.equal("true");
        await page.screenshot({ path: SCREENSHOT, fullPage: true });
        expect(readFileSync(SCREENSHOT).subarray(1, 4).toString()).to.equal("PNG");
        expect(errors).to.deep.equal([]);
        await page.close();
    });

    it("escapes text from the data", async () => {
        const doc = JSON.parse(readFileSync(FIXTURE, "utf8"));
        doc.datasets[0].gold[1].rows[0][0] = "<script>alert(1)</script>";
        const file = path.join(ARTIFACTS, "report-escaping.json");
        writeFileSync(file, JSON.stringify(doc));
        await buildReport(file, path.join(ARTIFACTS, "report-escaping.html"));
        const html = readFileSync(path.join(ARTIFACTS, "report-escaping.html"), "utf8");
        expect(html).to.not.match(/<script/i);
        expect(html).to.include(escapeHtml("<script>alert(1)</script>"));
    });
});
