import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { expect } from "chai";
import { Cleanup } from "../../../scripts/demo/cleanup";
import { PROGRESS_LINE_MAX, PythonWorker, progressLine, runPython } from "../../../scripts/demo/python";

describe("demo: running the project's Python", function () {
    this.timeout(30_000);
    let dir: string;
    before(() => {
        dir = mkdtempSync(path.join(tmpdir(), "demo-python-"));
    });
    after(() => rmSync(dir, { recursive: true, force: true }));

    it("shows the Glue package's log lines as progress and hides Spark's", () => {
        expect(
            progressLine("2026-11-21 12:21:20,963 INFO medallion_local.runner: [flights] starting"),
        ).to.equal("[flights] starting");
        expect(progressLine("2026-11-21 12:21:20,963 WARNING medallion_glue.gold.tables: slow")).to.equal(
            "WARNING slow",
        );
        expect(
            progressLine("26/11/21 12:21:09 WARN Utils: Your hostname resolves to a loopback address"),
        ).to.equal(undefined);
        expect(progressLine("2026-11-21 12:21:20,963 INFO py4j.clientserver: Closing down")).to.equal(
            undefined,
        );
        const long = progressLine(`2026-11-21 12:21:20,963 INFO medallion_glue.x: ${"y".repeat(300)}`);
        expect(long).to.have.length(PROGRESS_LINE_MAX);
        expect(long?.endsWith("...")).to.equal(true);
    });

    it("returns the last stdout line as JSON, logs stderr to the file and unregisters the process", async () => {
        const cleanup = new Cleanup();
        const progress: string[] = [];
        const logFile = path.join(dir, "ok.log");
        const script = [
            "import logging, sys",
            "logging.basicConfig(format='%(asctime)s %(levelname)s %(name)s: %(message)s', stream=sys.stderr, level=logging.INFO)",
            "logging.getLogger('medallion_glue.test').info('halfway')",
            "print('not json')",
            'print(\'{"ok": true, "rows": 3}\')',
        ].join("\n");
        const result = await runPython({
            args: ["-c", script],
            what: "ok script",
            logFile,
            cleanup,
            onProgress: (line) => progress.push(line),
        });
        expect(result).to.deep.equal({ ok: true, rows: 3 });
        expect(progress).to.deep.equal(["halfway"]);
        expect(readFileSync(logFile, "utf8")).to.match(/INFO medallion_glue\.test: halfway\n$/);
        expect(cleanup.pending()).to.deep.equal([]);
    });

    it("fails with the exit code and the end of stderr, naming the log file", async () => {
        const logFile = path.join(dir, "fail.log");
        let error: Error | undefined;
        try {
            await runPython({
                args: ["-c", "import sys; print('spark said no', file=sys.stderr); sys.exit(3)"],
                what: "failing script",
                logFile,
                cleanup: new Cleanup(),
            });
        } catch (caught) {
            error = caught as Error;
        }
        expect(error?.message).to.include(
            `failing script failed (exit code 3). Last lines of its log ${logFile}:`,
        );
        expect(error?.message).to.include("spark said no");
    });

    it("refuses output whose last line is not JSON", async () => {
        let error: Error | undefined;
        try {
            await runPython({
                args: ["-c", "print('done')"],
                what: "chatty script",
                logFile: path.join(dir, "chatty.log"),
                cleanup: new Cleanup(),
            });
        } catch (caught) {
            error = caught as Error;
        }
        expect(error?.message).to.equal(
            'chatty script: expected a JSON summary as the last stdout line, got "done"',
        );
    });

    it("stops the whole process group when the demo is cleaned up", async () => {
        const cleanup = new Cleanup();
        const running = runPython({
            args: ["-c", "import subprocess, time; subprocess.Popen(['sleep', '60']); time.sleep(60)"],
            what: "sleeper",
            logFile: path.join(dir, "sleeper.log"),
            cleanup,
        });
        await new Promise((resolve) => setTimeout(resolve, 500));
        expect(cleanup.pending()).to.have.length(1);
        expect(cleanup.pending()[0]).to.match(/^sleeper \(Python pid \d+\)$/);
        const started = Date.now();
        const [failures, outcome] = await Promise.all([cleanup.runAll(), running.catch((e: Error) => e)]);
        expect(failures).to.deep.equal([]);
        expect((outcome as Error).message).to.include("sleeper failed (signal SIGTERM)");
        expect(Date.now() - started).to.be.below(5_000);
    });

    it("runs every call in one worker process, in order, each with its own log and JSON result", async function () {
        this.timeout(120_000);
        const cleanup = new Cleanup();
        const lakeDir = path.join(dir, "lake");
        const worker = PythonWorker.start({ lakeDir, logFile: path.join(dir, "worker.log"), cleanup });
        expect(cleanup.pending()).to.have.length(1);
        expect(cleanup.pending()[0]).to.match(/^the demo's Python worker \(pid \d+, /);
        const progress: string[] = [];
        const layoutLog = path.join(dir, "layout.log");
        // Both asked at once: the worker runs them one after the other, in the same process.
        const [layout, missing] = await Promise.all([
            worker.run({
                args: ["-m", "medallion_local.layout", "--lake-dir", lakeDir, "--dataset", "tweets"],
                what: "tweets layout",
                logFile: layoutLog,
                onProgress: (line) => progress.push(line),
            }),
            worker
                .run({
                    args: ["scripts/demo/inspect_lake.py", "--catalog", path.join(lakeDir, "none.json")],
                    what: "SQL over no catalog",
                    logFile: path.join(dir, "inspect.log"),
                })
                .catch((error: Error) => error),
        ]);
        expect((layout as { layout: { tweets: { files: number; rows: number } } }).layout.tweets).to.include({
            files: 6,
            rows: 192,
        });
        expect((missing as Error).message).to.include(
            `SQL over no catalog failed (exit code 1). Last lines of its log ${path.join(dir, "inspect.log")}:`,
        );
        const unknown = await worker
            .run({ args: ["-c", "print(1)"], what: "not an entry point", logFile: path.join(dir, "x.log") })
            .catch((error: Error) => error);
        expect((unknown as Error).message).to.include("not an entry point failed (exit code 1)");
        expect(readFileSync(path.join(dir, "x.log"), "utf8")).to.include(
            "not an entry point of the demo worker; pass `-m <module>` or `<script>.py`",
        );
        const pid = worker.pid as number;
        await worker.stop();
        expect(cleanup.pending()).to.deep.equal([]);
        // Nothing of its process group is left alive (a zombie, state Z, has exited: its parent is gone).
        const alive = spawnSync("ps", ["-eo", "pgid=,stat="], { encoding: "utf8" })
            .stdout.split("\n")
            .map((line) => line.trim().split(/\s+/))
            .filter(([group, stat]) => Number(group) === pid && !stat?.startsWith("Z"));
        expect(alive).to.deep.equal([]);
    });
});
