/**
 * End to end, the transactional source as a user runs it: `npm run demo -- --only transactions` in a child
 * process (scripts/demo.sh and its set-up run too). A throwaway PostgreSQL server, the simulator for
 * simulated minutes, the JDBC ingestion twice, silver and gold. The checks compare what the pipeline stored
 * with what the source table holds (counted in PostgreSQL by the demo's driver, not by the pipeline) and
 * with what the simulator reported. Without PostgreSQL server binaries the demo must skip the source with
 * the line saying how to install them.
 */
import { spawn, spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { expect } from "chai";
import { LAKE_LAYOUT } from "../../scripts/demo/lake-dir";
import { REPO_ROOT } from "../../scripts/demo/paths";
import type { DemoRunSummary } from "../../scripts/demo/run-demo";
import { POSTGRES_MISSING_HINT, SOURCE_DEMO_DEFAULTS } from "../../scripts/demo/sources-step";
import { findPostgresBinDir } from "../support/postgres";

/** Rows per simulator invocation (its default) and invocations per simulated minute. */
const ROWS_PER_INVOCATION = 10;
const INVOCATIONS_PER_MINUTE = 1 / 2;

function postgresInstalled(): boolean {
    try {
        findPostgresBinDir();
        return true;
    } catch {
        return false;
    }
}

describe("npm run demo -- --only transactions, end to end (PostgreSQL to gold)", function () {
    this.timeout(600_000);
    let lakeDir: string;
    let stdout = "";
    let summary: DemoRunSummary;

    before(async () => {
        lakeDir = path.join(mkdtempSync(path.join(tmpdir(), "demo-tx-e2e-")), "lake");
        const child = spawn("npm", ["run", "demo", "--", "--only", "transactions", "--lake-dir", lakeDir], {
            cwd: REPO_ROOT,
            stdio: ["ignore", "pipe", "pipe"],
        });
        let stderr = "";
        child.stdout.setEncoding("utf8").on("data", (chunk: string) => {
            stdout += chunk;
        });
        child.stderr.setEncoding("utf8").on("data", (chunk: string) => {
            stderr += chunk;
        });
        const code = await new Promise((resolve) => child.once("close", (c) => resolve(c)));
        if (code !== 0) throw new Error(`the demo exited with ${code}:\n${stdout}\n${stderr}`);
        summary = JSON.parse(readFileSync(path.join(lakeDir, LAKE_LAYOUT.summary), "utf8")) as DemoRunSummary;
    });

    after(() => {
        if (lakeDir) rmSync(path.dirname(lakeDir), { recursive: true, force: true });
    });

    it("runs the offline plan and the PostgreSQL step only, each with its time", () => {
        const headers = [...stdout.matchAll(/^\[(\d)\/(\d)\] (.+)$/gm)].map((m) => `${m[1]}/${m[2]} ${m[3]}`);
        expect(headers).to.deep.equal([
            "1/2 Offline plan of the dev stack",
            "2/2 PostgreSQL: simulator -> JDBC ingestion twice (bookmark on change_seq) -> silver -> gold",
        ]);
        expect(stdout.match(/^ {6}done in [\d.:]+( s)? \(total [\d.:]+( s)?\)$/gm)).to.have.length(2);
        expect(summary.layout).to.equal(undefined);
        expect(summary.tweets).to.equal(undefined);
    });

    it("without PostgreSQL, skips the source with how to install it", function () {
        if (postgresInstalled()) this.skip();
        expect(summary.transactions).to.have.property("skipped");
        expect(stdout).to.include(POSTGRES_MISSING_HINT);
    });

    describe("with PostgreSQL", () => {
        before(function () {
            if (!postgresInstalled()) this.skip();
        });

        const ran = () => {
            const result = summary.transactions;
            if (result === undefined || "skipped" in result)
                throw new Error("the transactional source did not run");
            return result;
        };

        it("simulated the configured minutes, one invocation per 2 simulated minutes", () => {
            const d = SOURCE_DEMO_DEFAULTS.transactions;
            expect(ran().simulated.map((s) => [s.invocations, s.inserted])).to.deep.equal([
                [
                    d.firstMinutes * INVOCATIONS_PER_MINUTE,
                    d.firstMinutes * INVOCATIONS_PER_MINUTE * ROWS_PER_INVOCATION,
                ],
                [
                    d.secondMinutes * INVOCATIONS_PER_MINUTE,
                    d.secondMinutes * INVOCATIONS_PER_MINUTE * ROWS_PER_INVOCATION,
                ],
            ]);
        });

        it("ingested twice: the second run read only the new rows and the rows changed since the bookmark", () => {
            const { simulated, ingestions } = ran();
            const [first, second] = ingestions;
            expect(ingestions).to.have.length(2);
            expect(first?.previous_bookmark).to.equal(null);
            expect([first?.rows_read, first?.changed_rows]).to.deep.equal([simulated[0]?.inserted, 0]);
            expect(second?.previous_bookmark).to.equal(first?.new_bookmark);
            expect(second?.new_rows).to.equal(simulated[1]?.inserted);
            const changes = (simulated[1]?.updated ?? 0) + (simulated[1]?.deleted ?? 0);
            expect(second?.changed_rows).to.be.within(1, changes);
            expect(second?.rows_read).to.equal((second?.new_rows ?? 0) + (second?.changed_rows ?? 0));
            expect(second?.rows_read).to.be.lessThan(second?.source_rows ?? 0);
        });

        it("reconciles silver: one row per id of the source, the older versions removed as duplicates", () => {
            const { ingestions, counts, source } = ran();
            const read = ingestions.reduce((sum, i) => sum + i.rows_read, 0);
            expect(counts.rows_read).to.equal(read);
            expect(counts.rows_written).to.equal(source.rows);
            expect(counts.rows_quarantined).to.equal(0);
            expect(counts.duplicates_removed).to.equal(read - source.rows);
            expect(counts.reconciled).to.equal(true);
        });

        it("lays silver out by the UTC month of fecha", () => {
            const { results, source } = ran();
            expect(results.silverPartitions.map((p) => [p.values, p.rows])).to.deep.equal([
                [{ year: "2026", month: "1" }, source.rows],
            ]);
        });

        it("builds gold from the live rows only, per category and hour, and shows its top rows", () => {
            const { results, source } = ran();
            const gold = results.gold.find((g) => g.table === SOURCE_DEMO_DEFAULTS.transactions.goldTable);
            expect(gold?.columns).to.deep.equal([
                "categoria",
                "hora",
                "transacciones",
                "importe_total",
                "year",
                "month",
            ]);
            const count = gold?.columns.indexOf("transacciones") ?? -1;
            const total = (gold?.rows ?? []).reduce((sum, row) => sum + Number(row[count]), 0);
            expect(total).to.equal(source.live_rows);
            expect(source.live_rows).to.be.lessThan(source.rows);
            expect(results.top.rows).to.have.length(SOURCE_DEMO_DEFAULTS.topRows);
            const amounts = results.top.rows.map((row) => Number(row[3]));
            expect(amounts).to.deep.equal([...amounts].sort((a, b) => b - a));
        });

        it("stops PostgreSQL and leaves no process naming the lake", () => {
            expect(stdout).to.include("PostgreSQL stopped, its files deleted");
            const ps = spawnSync("ps", ["-eo", "args"], { encoding: "utf8" });
            expect(ps.stdout.split("\n").filter((line) => line.includes(lakeDir))).to.deep.equal([]);
        });
    });
});
