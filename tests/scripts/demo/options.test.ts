import { spawnSync } from "node:child_process";
import path from "node:path";
import { expect } from "chai";
import { DEMO_DEFAULTS, DEMO_USAGE, DemoUsageError, parseDemoArgs } from "../../../scripts/demo/options";
import { DEFAULT_PYTHON, GLUE_DIR, REPO_ROOT } from "../../../scripts/demo/paths";

const options = (argv: string[], cwd = "/work/x") => {
    const parsed = parseDemoArgs(argv, cwd);
    if (parsed.help) throw new Error("expected options, got help");
    return parsed.options;
};

describe("demo command line", () => {
    it("defaults to the stack, lake directory and flags of DEMO_DEFAULTS, and the layout's days", () => {
        expect(options([])).to.deep.equal({
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
            keepServers: false,
            stack: "dev",
        });
    });

    it("reads every flag", () => {
        expect(
            options([
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
            days: 3,
            full: false,
            maxRowsPerDay: 250,
            batchSize: 1,
            lakeDir: "/work/x/lakes/one",
            keepServers: true,
            stack: "prod",
        });
        expect(options(["--full"]).full).to.equal(true);
        expect(options(["--lake-dir", "/tmp/abs"]).lakeDir).to.equal("/tmp/abs");
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
            ["-c", "from medallion_glue.layout import DEFAULT_FLIGHT_DAYS as d; print(d)"],
            { cwd: REPO_ROOT, encoding: "utf8", env: { ...process.env, PYTHONPATH: GLUE_DIR } },
        );
        expect(run.status, run.stderr).to.equal(0);
        expect(DEMO_USAGE).to.include(`(default: ${run.stdout.trim()}, about 115,000 flights)`);
    });
});
