/**
 * End to end: a small run of `npm run demo` (4 days from the default first day 2001-01-29, so January and
 * February, the first 1,500 flights of each), as a user runs it: `npm run demo -- ...` in a child process,
 * so `scripts/demo.sh` and its `scripts/setup.sh` run too (quick when set up: both are keyed on lock-file
 * hashes). Its gold table is checked against values computed independently from the SOURCE data
 * (`tests/e2e/gold_oracle.py`: DuckDB over flights-3m.parquet and airports.csv with the spec's rules), its
 * silver layout against the oracle's rows per month, its reconciliation against the layout manifest, and
 * it must leave nothing running.
 */
import { spawn, spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { expect } from "chai";
import { LAKE_LAYOUT } from "../../scripts/demo/lake-dir";
import { DEMO_DEFAULTS } from "../../scripts/demo/options";
import { DEFAULT_PYTHON, REPO_ROOT } from "../../scripts/demo/paths";
import type { DemoSummary } from "../../scripts/demo/run-demo";
import { s3Uri } from "../../scripts/demo/run-ownership";

/** Days from `DEMO_DEFAULTS.fromDate` (2001-01-29): January 29 to February 1, two month partitions. */
const DAYS = 4;
const MAX_ROWS_PER_DAY = 1_500;
/** The drops' days, and the silver partitions they must land in. */
const DROP_DAYS = ["2001/01/29", "2001/01/30", "2001/01/31", "2001/02/01"];
const SILVER_PARTITIONS = ["year=2001/month=1", "year=2001/month=2"];
/** The gold SQL rounds averages to 2 decimals and shares to 4: half a unit of the last digit, plus float noise. */
const AVG_TOLERANCE = 0.005 + 1e-9;
const SHARE_TOLERANCE = 0.00005 + 1e-9;

interface GoldRow {
    origin: string;
    origin_name: string | null;
    origin_city: string | null;
    origin_state: string | null;
    year: number;
    month: number;
    flights: number;
    avg_delay_minutes: number;
    delayed_15_flights: number;
    delayed_15_share: number;
}

interface Oracle {
    expected: {
        source_rows: number;
        silver_rows: number;
        silver_rows_by_month: { year: number; month: number; rows: number }[];
        gold: GoldRow[];
    };
    actual: { silver_rows: number; gold: GoldRow[] };
    injected: Record<string, number>;
}

const keyOf = (row: GoldRow) => `${row.origin} ${row.year}-${row.month}`;

describe("npm run demo, end to end (4 days x 1,500 flights, January into February)", function () {
    this.timeout(600_000);
    let lakeDir: string;
    let exitCode: number | null;
    let stdout = "";
    let stderr = "";
    let summary: DemoSummary;
    let oracle: Oracle;

    before(async () => {
        lakeDir = path.join(mkdtempSync(path.join(tmpdir(), "demo-e2e-")), "lake");
        const child = spawn(
            "npm",
            [
                "run",
                "demo",
                "--",
                "--days",
                String(DAYS),
                "--max-rows-per-day",
                String(MAX_ROWS_PER_DAY),
                "--lake-dir",
                lakeDir,
                // the flights path only (its five steps), to keep the test short;
                // tests/e2e/transactional-demo.test.ts runs the PostgreSQL step
                "--only",
                "flights",
            ],
            { cwd: REPO_ROOT, stdio: ["ignore", "pipe", "pipe"] },
        );
        child.stdout.setEncoding("utf8").on("data", (chunk: string) => {
            stdout += chunk;
        });
        child.stderr.setEncoding("utf8").on("data", (chunk: string) => {
            stderr += chunk;
        });
        exitCode = await new Promise((resolve) => child.once("close", (code) => resolve(code)));
        if (exitCode !== 0) throw new Error(`the demo exited with ${exitCode}:\n${stdout}\n${stderr}`);
        summary = JSON.parse(readFileSync(path.join(lakeDir, LAKE_LAYOUT.summary), "utf8")) as DemoSummary;
        const run = spawnSync(
            DEFAULT_PYTHON,
            [
                "tests/e2e/gold_oracle.py",
                "--lake-dir",
                lakeDir,
                "--from-date",
                DEMO_DEFAULTS.fromDate,
                "--days",
                String(DAYS),
                "--max-rows-per-day",
                String(MAX_ROWS_PER_DAY),
            ],
            { cwd: REPO_ROOT, encoding: "utf8" },
        );
        if (run.status !== 0) throw new Error(`gold_oracle.py failed:\n${run.stderr}`);
        oracle = JSON.parse(run.stdout) as Oracle;
    });

    after(() => {
        if (lakeDir) rmSync(path.dirname(lakeDir), { recursive: true, force: true });
    });

    it("ran the real entry point: scripts/demo.sh and its set-up (no PostgreSQL, no apt-get), then the demo", () => {
        expect(stdout).to.match(/^> medallion-lake@[\d.]+ demo\n> bash scripts\/demo\.sh --days 4 /m);
        // scripts/setup.sh tags its lines "[setup]" (in bold) and ends with "ready"; set up, that is all it prints.
        const setup = stdout.split("\n").filter((line) => line.includes("[setup]"));
        expect(setup.at(-1)).to.match(/\[setup\]\S* ready$/);
        expect(setup.filter((line) => /apt-get|postgres/i.test(line))).to.deep.equal([]);
        expect(stdout.indexOf(setup.at(-1) as string)).to.be.lessThan(stdout.indexOf("[1/5]"));
    });

    it("prints the five numbered steps in order, each with its elapsed time", () => {
        const headers = [...stdout.matchAll(/^\[(\d)\/5\] (.+)$/gm)].map((m) => Number(m[1]));
        expect(headers).to.deep.equal([1, 2, 3, 4, 5]);
        expect(stdout.match(/^ {6}done in [\d.:]+( s)? \(total [\d.:]+( s)?\)$/gm)).to.have.length(5);
        expect(stdout).to.match(/^Stopped: moto server at http:\/\/127\.0\.0\.1:\d+\.$/m);
    });

    it("summarizes the offline plan by component and writes the diagram", () => {
        expect(stdout).to.include("DataLake lake");
        expect(path.relative(REPO_ROOT, summary.plan.diagramFile)).to.equal(path.join("out", "plan-dev.mmd"));
        const total = summary.plan.components.reduce((sum, c) => sum + c.resources, 0);
        expect(total).to.equal(summary.plan.totalResources);
        expect(summary.targets.route.value.bucket).to.equal(
            "medallion-lake-dev-bronze-123456789012-eu-west-1",
        );
    });

    it("started or joined Glue bookmark runs that own every bronze drop exactly once", () => {
        const dropUris = summary.layout.drops.map((drop) =>
            s3Uri(summary.targets.route.value.bucket, drop.key),
        );
        expect(summary.layout.drops.map((drop) => drop.key)).to.deep.equal(
            DROP_DAYS.map((day) => `flights/${day}/flights-${day.replaceAll("/", "-")}.csv`),
        );
        const owned = summary.trigger.runs.flatMap((run) => run.ownedObjects);
        expect([...owned].sort()).to.deep.equal([...dropUris].sort());
        expect(summary.trigger.runs.length).to.be.within(1, DAYS);
        expect(summary.trigger.runs.every((run) => run.state === "SUCCEEDED")).to.equal(true);
        expect(summary.trigger.messagesSent).to.equal(DAYS);
        expect(stdout).to.include("Glue bookmark run");
    });

    it("replays each job run as a bookmark run: the first reads every drop, later runs read nothing new", () => {
        expect(summary.localRuns.map((run) => run.jobRunId)).to.deep.equal(
            summary.trigger.runs.map((run) => run.id),
        );
        expect(summary.localRuns.map((run) => run.counts.objects_read)).to.deep.equal([
            DAYS,
            ...summary.trigger.runs.slice(1).map(() => 0),
        ]);
        expect(summary.reconciliation.objects).to.equal(DAYS);
    });

    it("reconciles against the source slice and the layout manifest", () => {
        const injected = Object.values(oracle.injected).reduce((a, b) => a + b, 0);
        const { duplicate = 0, ...quarantined } = oracle.injected;
        const r = summary.reconciliation;
        expect(oracle.expected.source_rows).to.equal(DAYS * MAX_ROWS_PER_DAY);
        expect(r.rowsIn).to.equal(oracle.expected.source_rows + injected);
        expect(r.silver).to.equal(oracle.expected.silver_rows);
        expect(r.quarantinedByReason).to.deep.equal(quarantined);
        expect(r.duplicatesRemoved).to.equal(duplicate);
        expect(oracle.actual.silver_rows).to.equal(oracle.expected.silver_rows);
    });

    it("lays out silver as Parquet partitioned by year and month: year=2001/month=1 and month=2", () => {
        const layout = summary.results.silverPartitions.map((p) => ({ values: p.values, rows: p.rows }));
        expect(layout.map((p) => `year=${p.values.year}/month=${p.values.month}`)).to.deep.equal(
            SILVER_PARTITIONS,
        );
        expect(layout).to.deep.equal(
            oracle.expected.silver_rows_by_month.map((m) => ({
                values: { year: String(m.year), month: String(m.month) },
                rows: m.rows,
            })),
        );
        // Three January days and one February day of at most 1,500 source rows each.
        expect(
            layout.map((p) => p.rows > 0 && p.rows <= (p.values.month === "1" ? 3 : 1) * MAX_ROWS_PER_DAY),
        ).to.deep.equal([true, true]);
        for (const partition of SILVER_PARTITIONS) {
            expect(stdout).to.match(new RegExp(`^ +${partition}/ {2}\\d+ files?, [\\d,]+ rows$`, "m"));
        }
        expect(stdout).to.include(
            `${oracle.expected.silver_rows.toLocaleString("en-US")} rows in 2 partitions`,
        );
    });

    it("writes gold flight_delays_by_origin_month equal to the values computed from the source", () => {
        const expected = new Map(oracle.expected.gold.map((row) => [keyOf(row), row]));
        const actual = new Map(oracle.actual.gold.map((row) => [keyOf(row), row]));
        expect([...actual.keys()].sort()).to.deep.equal([...expected.keys()].sort());
        expect(summary.reconciliation.gold.flight_delays_by_origin_month).to.equal(expected.size);
        for (const [key, want] of expected) {
            const got = actual.get(key) as GoldRow;
            expect(
                [got.origin_name, got.origin_city, got.origin_state, got.flights, got.delayed_15_flights],
                key,
            ).to.deep.equal([
                want.origin_name,
                want.origin_city,
                want.origin_state,
                want.flights,
                want.delayed_15_flights,
            ]);
            expect(got.avg_delay_minutes, `${key} avg_delay_minutes`).to.be.closeTo(
                want.avg_delay_minutes,
                AVG_TOLERANCE,
            );
            expect(got.delayed_15_share, `${key} delayed_15_share`).to.be.closeTo(
                want.delayed_15_share,
                SHARE_TOLERANCE,
            );
        }
    });

    it("shows the 10 busiest origin airports and months by SQL, as computed from the source", () => {
        const top = [...oracle.expected.gold]
            .sort(
                (a, b) =>
                    b.flights - a.flights ||
                    a.origin.localeCompare(b.origin) ||
                    a.year - b.year ||
                    a.month - b.month,
            )
            .slice(0, 10);
        const { columns, rows } = summary.results.top;
        const column = (name: string) => columns.indexOf(name);
        expect(rows.map((row) => [row[column("origin")], row[column("flights")]])).to.deep.equal(
            top.map((row) => [row.origin, row.flights]),
        );
        expect(summary.results.sql).to.include("FROM medallion_lake_dev_gold.flight_delays_by_origin_month");
        expect(stdout).to.include(`${top[0]?.origin}`);
    });

    it("leaves nothing running: moto no longer answers, no process group it started is left", async () => {
        let answered = true;
        try {
            await fetch(`${summary.motoEndpoint}/moto-api/data.json`, { signal: AbortSignal.timeout(2_000) });
        } catch {
            answered = false;
        }
        expect(answered, `moto still answers at ${summary.motoEndpoint}`).to.equal(false);
        // One Python process ran every Python step (layout, one local runner per job run, the SQL): the
        // demo's worker, leading a process group with the Spark JVM in it; no member of it may be left.
        const groups = summary.processes.flatMap((p) => (p.pid === undefined ? [] : [p.pid]));
        expect(summary.processes.filter((p) => p.pid !== undefined).map((p) => p.name)).to.have.length(1);
        expect(summary.processes.find((p) => p.pid !== undefined)?.name).to.match(
            /^the demo's Python worker/,
        );
        // A zombie (state Z, "<defunct>") has exited and holds nothing but its pid: once its parent is gone it
        // waits for PID 1 to reap it, which a container's init may never do. Only live processes count.
        const ps = spawnSync("ps", ["-eo", "pgid=,stat=,args="], { encoding: "utf8" });
        const leftovers = ps.stdout
            .split("\n")
            .filter((line) => line.trim() !== "")
            .filter((line) => !line.trim().split(/\s+/)[1]?.startsWith("Z"))
            .filter((line) => groups.includes(Number(line.trim().split(/\s+/)[0])) || line.includes(lakeDir));
        expect(leftovers).to.deep.equal([]);
    });
});
