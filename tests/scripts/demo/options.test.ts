import { spawnSync } from "node:child_process";
import path from "node:path";
import { expect } from "chai";
import {
    DEMO_DEFAULTS,
    DEMO_USAGE,
    DemoUsageError,
    demoSources,
    parseDemoArgs,
} from "../../../scripts/demo/options";
import { DEFAULT_PYTHON, GLUE_DIR, REPO_ROOT } from "../../../scripts/demo/paths";

const options = (argv: string[], cwd = "/work/x") => {
    const parsed = parseDemoArgs(argv, cwd);
    if (parsed.help) throw new Error("expected options, got help");
    return parsed.options;
};

describe("demo command line", () => {
    it("defaults to the stack, lake directory and flags of DEMO_DEFAULTS, and the layout's days", () => {
        expect(options([])).to.deep.equal({
            fromDate: DEMO_DEFAULTS.fromDate,
            days: undefined,
            full: DEMO_DEFAULTS.full,
            maxRowsPerDay: undefined,
            batchSize: undefined,
            lakeDir: path.resolve("/work/x", DEMO_DEFAULTS.lakeDir),
            keepServers: DEMO_DEFAULTS.keepServers,
            stack: DEMO_DEFAULTS.stack,
        });
        expect(DEMO_DEFAULTS).to.include({
            lakeDir: ".lake/demo",
            full: false,
            fromDate: "2001-01-29",
            keepServers: false,
            stack: "dev",
        });
    });

    it("reads every flag", () => {
        expect(
            options([
                "--from-date",
                "2001-03-30",
                "--days",
                "3",
                "--max-rows-per-day",
                "250",
                "--batch-size",
                "1",
                "--lake-dir",
                "lakes/one",
                "--keep-servers",
                "--stack",
                "prod",
            ]),
        ).to.deep.equal({
            fromDate: "2001-03-30",
            days: 3,
            full: false,
            maxRowsPerDay: 250,
            batchSize: 1,
            lakeDir: "/work/x/lakes/one",
            keepServers: true,
            stack: "prod",
        });
        expect(options(["--full"])).to.deep.include({ full: true, fromDate: undefined });
        expect(options(["--lake-dir", "/tmp/abs"]).lakeDir).to.equal("/tmp/abs");
    });

    it("takes --only with one of the three sources, and runs all three without it", () => {
        expect(options(["--only", "transactions"]).only).to.equal("transactions");
        expect(demoSources(options(["--only", "tweets"]))).to.deep.equal(["tweets"]);
        expect(demoSources(options([]))).to.deep.equal(["flights", "tweets", "transactions"]);
        expect(() => parseDemoArgs(["--only", "weather"], "/work/x")).to.throw(
            DemoUsageError,
            '--only: got "weather"; pass one of flights, tweets, transactions, e.g. --only tweets',
        );
    });

    it("answers --help and -h with the usage", () => {
        expect(parseDemoArgs(["--help"])).to.deep.equal({ help: true });
        expect(parseDemoArgs(["-h"])).to.deep.equal({ help: true });
    });

    it("refuses values that are not positive whole numbers, naming the flag", () => {
        for (const [flag, value] of [
            ["--days", "0"],
            ["--days", "2.5"],
            ["--max-rows-per-day", "1.0"],
            ["--batch-size", "ten"],
        ] as const) {
            expect(() => parseDemoArgs([flag, value]), `${flag} ${value}`).to.throw(
                DemoUsageError,
                `${flag}: got "${value}"; pass a whole number of at least 1`,
            );
        }
    });

    it("refuses a --from-date that is not a YYYY-MM-DD calendar day, naming the flag and the fix", () => {
        for (const value of ["2001-02-30", "2001-1-29", "29/01/2001", ""]) {
            expect(() => parseDemoArgs(["--from-date", value]), value).to.throw(
                DemoUsageError,
                `--from-date: got "${value}"; pass a day as YYYY-MM-DD, e.g. --from-date 2001-01-29`,
            );
        }
    });

    it("refuses --full with --from-date", () => {
        expect(() => parseDemoArgs(["--full", "--from-date", "2001-02-01"])).to.throw(
            DemoUsageError,
            "--full lays out every day; drop --from-date",
        );
    });

    it("refuses --full with --days, an unknown flag, an empty lake directory and a bad stack name", () => {
        expect(() => parseDemoArgs(["--full", "--days", "2"])).to.throw(
            DemoUsageError,
            "--full lays out every day",
        );
        expect(() => parseDemoArgs(["--fast"])).to.throw(DemoUsageError, "Usage: npm run demo");
        expect(() => parseDemoArgs(["--lake-dir", " "])).to.throw(DemoUsageError, "--lake-dir is empty");
        expect(() => parseDemoArgs(["--stack", "a b"])).to.throw(DemoUsageError, '--stack: got "a b"');
    });

    it("documents the default days the layout really uses", () => {
        const run = spawnSync(
            DEFAULT_PYTHON,
            ["-c", "from medallion_local.layout import DEFAULT_FLIGHT_DAYS as d; print(d)"],
            { cwd: REPO_ROOT, encoding: "utf8", env: { ...process.env, PYTHONPATH: GLUE_DIR } },
        );
        expect(run.status, run.stderr).to.equal(0);
        expect(DEMO_USAGE).to.include(`(default: ${run.stdout.trim()}, about 115,000 flights)`);
    });

    it("lays out by default a window crossing a month boundary: 2001-01-29 to 2001-02-04, as the layout picks it", () => {
        const script = [
            "import datetime as dt, sys",
            "import pyarrow as pa, pyarrow.compute as pc, pyarrow.parquet as pq",
            "from medallion_local.layout import DEFAULT_FLIGHT_DAYS, FLIGHTS_PARQUET",
            "days = pc.unique(pc.cast(pq.read_table(FLIGHTS_PARQUET, columns=['date'])['date'], pa.date32()))",
            "first = dt.date.fromisoformat(sys.argv[1])",
            "chosen = sorted(d for d in days.to_pylist() if d >= first)[:DEFAULT_FLIGHT_DAYS]",
            "print(chosen[0], chosen[-1])",
        ].join("\n");
        const run = spawnSync(DEFAULT_PYTHON, ["-c", script, DEMO_DEFAULTS.fromDate], {
            cwd: REPO_ROOT,
            encoding: "utf8",
            env: { ...process.env, PYTHONPATH: GLUE_DIR },
        });
        expect(run.status, run.stderr).to.equal(0);
        expect(run.stdout.trim()).to.equal("2001-01-29 2001-02-04");
        expect(DEMO_USAGE).to.include(`(default: ${DEMO_DEFAULTS.fromDate};`);
    });
});
