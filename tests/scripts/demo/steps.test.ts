import { expect } from "chai";
import { TRIGGER_HANDLER_ENTRY } from "../../../components/trigger-lambda/trigger-lambda";
import { DATASET_ROUTES_ENV } from "../../../lambdas/trigger/defaults";
import { layoutArgs } from "../../../scripts/demo/layout-step";
import {
    type LocalRun,
    localRunnerArgs,
    type RunCounts,
    reconcile,
} from "../../../scripts/demo/pipeline-step";
import { partitionPath, topOriginsSql } from "../../../scripts/demo/results-step";
import {
    coldStartHandler,
    handlerEnvironment,
    refusalsByError,
    withEnvironment,
} from "../../../scripts/demo/trigger-step";
import { captureLogLines, type LogLine } from "../../../scripts/local-cloud/lambda-runtime";

const counts = (overrides: Partial<RunCounts>): RunCounts => ({
    run_id: "r",
    objects_read: 1,
    rows_read: 0,
    rows_written: 0,
    rows_quarantined: 0,
    duplicates_removed: 0,
    quarantined_by_reason: {},
    partitions_written: [],
    silver_rows_after: 0,
    reconciled: true,
    gold: {},
    seconds: 1,
    ...overrides,
});

describe("demo steps", () => {
    it("passes the layout its days, all days or row cap", () => {
        const base = { lakeDir: "/l", dataset: "flights", allDays: false };
        const head = ["-m", "medallion_local.layout", "--lake-dir", "/l", "--dataset", "flights"];
        expect(layoutArgs(base)).to.deep.equal(head);
        expect(layoutArgs({ ...base, days: 2, maxRowsPerDay: 10 })).to.deep.equal([
            ...head,
            "--days",
            "2",
            "--max-rows-per-day",
            "10",
        ]);
        expect(layoutArgs({ ...base, fromDate: "2001-01-29", days: 4 })).to.deep.equal([
            ...head,
            "--from-date",
            "2001-01-29",
            "--days",
            "4",
        ]);
        expect(layoutArgs({ ...base, allDays: true, days: 2, fromDate: "2001-01-29" })).to.deep.equal([
            ...head,
            "--all-days",
        ]);
    });

    it("runs the local runner as a bookmark run (no object list), with gold only when asked", () => {
        expect(localRunnerArgs("/l", "flights", false)).to.deep.equal([
            "-m",
            "medallion_local.runner",
            "--lake-dir",
            "/l",
            "--dataset",
            "flights",
            "--skip-gold",
        ]);
        expect(localRunnerArgs("/l", "flights", true)).to.deep.equal([
            "-m",
            "medallion_local.runner",
            "--lake-dir",
            "/l",
            "--dataset",
            "flights",
        ]);
    });

    it("sums the runs' reconciliation and takes gold from the last run", () => {
        const runs: LocalRun[] = [
            {
                jobRunId: "jr_1",
                counts: counts({
                    objects_read: 2,
                    rows_read: 106,
                    rows_written: 100,
                    rows_quarantined: 5,
                    duplicates_removed: 1,
                    quarantined_by_reason: { failed_filter: 3, type_mismatch: 2 },
                    silver_rows_after: 100,
                }),
            },
            {
                jobRunId: "jr_2",
                counts: counts({
                    objects_read: 1,
                    rows_read: 51,
                    rows_written: 50,
                    rows_quarantined: 1,
                    quarantined_by_reason: { failed_filter: 1 },
                    silver_rows_after: 150,
                    gold: { flight_delays_by_origin_month: 12 },
                }),
            },
        ];
        expect(reconcile(runs)).to.deep.equal({
            objects: 3,
            rowsIn: 157,
            silver: 150,
            quarantined: 6,
            duplicatesRemoved: 1,
            quarantinedByReason: { failed_filter: 4, type_mismatch: 2 },
            gold: { flight_delays_by_origin_month: 12 },
        });
        expect(reconcile([])).to.deep.include({ rowsIn: 0, silver: 0, gold: {} });
    });

    it("counts refused messages by Glue error from the handler's log lines", () => {
        const lines = [
            { level: "INFO", message: "Started Glue job run", messageIds: ["a"] },
            {
                level: "WARN",
                message: "not started",
                errorName: "ConcurrentRunsExceededException",
                messageIds: ["b", "c"],
            },
            {
                level: "WARN",
                message: "not started",
                errorName: "ConcurrentRunsExceededException",
                messageIds: ["b"],
            },
            { level: "ERROR", message: "refused", errorName: "EntityNotFoundException", messageIds: ["d"] },
            { level: "WARN", message: "no route", reason: "no-matching-dataset" },
        ] as LogLine[];
        expect(refusalsByError(lines)).to.deep.equal({
            ConcurrentRunsExceededException: 3,
            EntityNotFoundException: 1,
        });
    });

    it("runs the handler with the function's variables, the runtime's region and credentials, and Glue at moto", () => {
        const moto = {
            endpoint: "http://127.0.0.1:5000",
            clientConfig: {
                endpoint: "http://127.0.0.1:5000",
                region: "us-east-1",
                credentials: { accessKeyId: "testing", secretAccessKey: "testing" },
            },
        };
        expect(handlerEnvironment({ [DATASET_ROUTES_ENV]: "[]" }, moto, "eu-west-1")).to.deep.equal({
            DATASET_ROUTES: "[]",
            AWS_REGION: "eu-west-1",
            AWS_ACCESS_KEY_ID: "testing",
            AWS_SECRET_ACCESS_KEY: "testing",
            AWS_ENDPOINT_URL_GLUE: "http://127.0.0.1:5000",
        });
    });

    it("hides the demo's own AWS_ and POWERTOOLS_ variables from the handler and restores them after", async () => {
        const keys = [
            "AWS_PROFILE",
            "POWERTOOLS_LOG_LEVEL",
            "AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED",
        ];
        const saved = Object.fromEntries(keys.map((key) => [key, process.env[key]]));
        Object.assign(process.env, {
            AWS_PROFILE: "prod-admin",
            POWERTOOLS_LOG_LEVEL: "DEBUG",
            AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: "true",
        });
        try {
            const seen = await withEnvironment({ AWS_REGION: "eu-west-1" }, async () => ({
                profile: process.env.AWS_PROFILE,
                logLevel: process.env.POWERTOOLS_LOG_LEVEL,
                region: process.env.AWS_REGION,
                warning: process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED,
            }));
            expect(seen).to.deep.equal({
                profile: undefined,
                logLevel: undefined,
                region: "eu-west-1",
                warning: "true",
            });
            await withEnvironment({ AWS_REGION: "eu-west-1" }, async () => {
                throw new Error("step failed");
            }).catch(() => undefined);
            expect([process.env.AWS_PROFILE, process.env.POWERTOOLS_LOG_LEVEL]).to.deep.equal([
                "prod-admin",
                "DEBUG",
            ]);
        } finally {
            for (const key of keys) {
                if (saved[key] === undefined) delete process.env[key];
                else process.env[key] = saved[key];
            }
        }
    });

    it("cold-starts the exported handler of TRIGGER_HANDLER_ENTRY, whose init validates DATASET_ROUTES", async () => {
        expect(TRIGGER_HANDLER_ENTRY).to.equal("lambdas/trigger/handler.ts");
        const route = { dataset: "flights", bucket: "bronze-bucket", prefix: "flights/", suffix: ".csv" };
        const good = { [DATASET_ROUTES_ENV]: JSON.stringify([{ ...route, jobName: "flights-job" }]) };
        const handler = await withEnvironment({ ...good, AWS_REGION: "eu-west-1" }, async () =>
            coldStartHandler(),
        );
        expect(handler).to.be.a("function");

        const bad = { [DATASET_ROUTES_ENV]: JSON.stringify([route]) };
        const { result: error, lines } = await captureLogLines(() =>
            withEnvironment({ ...bad, AWS_REGION: "eu-west-1" }, async () => {
                try {
                    coldStartHandler();
                } catch (thrown) {
                    return thrown as Error;
                }
                return undefined;
            }),
        );
        expect(error?.message).to.match(
            /^the trigger function's init failed \(lambdas\/trigger\/handler\.ts, with its planned environment\): .*jobName/s,
        );
        expect(lines.map((line) => [line.level, line.message])).to.deep.equal([
            ["ERROR", "Invalid trigger configuration; fix the Lambda environment"],
        ]);
    });

    it("queries the gold table by the stack's Glue database name and writes partitions as paths", () => {
        expect(topOriginsSql("medallion_lake_dev_gold", "flight_delays_by_origin_month", 10)).to.equal(
            "SELECT origin, origin_name, origin_state, year, month, flights, avg_delay_minutes, delayed_15_share\n" +
                "FROM medallion_lake_dev_gold.flight_delays_by_origin_month\n" +
                "ORDER BY flights DESC, origin, year, month\n" +
                "LIMIT 10",
        );
        expect(partitionPath({ year: "2001", month: "1" })).to.equal("year=2001/month=1");
    });
});
