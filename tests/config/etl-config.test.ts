import { expect } from "chai";
import { ETL_JOB_DEFAULTS } from "../../components/etl-job/etl-job";
import { GLUE_CRAWLER_DEFAULTS } from "../../components/glue-crawler-set/glue-crawler-set";
import { ETL_CONFIG_DEFAULTS, LINEAGE_TRANSPORTS, lineageJobArguments } from "../../config/etl";
import { parseStackConfig, StackConfigError } from "../../config/stack-config";
import { jobArgumentSpecs } from "../../lib/glue-job-contract";
import { formatProblem } from "../../lib/problems";
import { readStackConfig, runProgram } from "../support/pulumi-harness";

const BASE = { "aws:region": "eu-west-1", "aws:allowedAccountIds": '["123456789012"]' };
const parse = (raw: Record<string, string>) => parseStackConfig({ ...BASE, ...raw }, "medallion-lake", "dev");
const problemsOf = (raw: Record<string, string>): string[] => {
    try {
        parse(raw);
    } catch (error) {
        expect(error).to.be.instanceOf(StackConfigError);
        return (error as StackConfigError).problems.map(formatProblem);
    }
    return expect.fail("expected a StackConfigError");
};

describe("ETL config keys (config/etl.ts)", () => {
    it("defaults every key from the components' defaults constants", () => {
        const config = parse({});
        expect(config.datasets).to.equal(undefined);
        expect(config.crawlers).to.deep.equal({
            enabled: ETL_CONFIG_DEFAULTS.bronzeCrawlers,
            logRetentionDays: GLUE_CRAWLER_DEFAULTS.logRetentionDays,
        });
        expect(ETL_CONFIG_DEFAULTS.bronzeCrawlers).to.equal(true);
        expect(config.etl).to.deep.equal({
            workerType: ETL_JOB_DEFAULTS.workerType,
            numberOfWorkers: ETL_JOB_DEFAULTS.numberOfWorkers,
            timeoutMinutes: ETL_JOB_DEFAULTS.timeoutMinutes,
            maxRetries: ETL_JOB_DEFAULTS.maxRetries,
            flex: ETL_JOB_DEFAULTS.flex,
            autoScaling: ETL_JOB_DEFAULTS.autoScaling,
            sparkUi: ETL_JOB_DEFAULTS.sparkUi,
            logRetentionDays: ETL_JOB_DEFAULTS.logRetentionDays,
        });
    });

    it("reads datasets, crawler and job settings", () => {
        const config = parse({
            "medallion-lake:datasets": '["flights","tweets"]',
            "medallion-lake:crawlers": '{"enabled":false,"schedule":"cron(0 * * * ? *)"}',
            "medallion-lake:etl": '{"workerType":"G.2X","flex":true,"timeoutMinutes":240}',
        });
        expect(config.datasets).to.deep.equal(["flights", "tweets"]);
        expect(config.crawlers.schedule).to.equal("cron(0 * * * ? *)");
        expect([config.etl.workerType, config.etl.flex, config.etl.timeoutMinutes]).to.deep.equal([
            "G.2X",
            true,
            240,
        ]);
    });

    it("names the key of each problem", () => {
        expect(
            problemsOf({
                "medallion-lake:datasets": '["Flights"]',
                "medallion-lake:crawlers": '{"schedule":"cron(0 * * * *)"}',
                "medallion-lake:etl": '{"timeoutMinutes":10081,"logRetentionDays":45,"size":2}',
            }),
        ).to.deep.equal([
            'medallion-lake:datasets.0: got "Flights"; must be a dataset name such as flights (lower snake_case)',
            'medallion-lake:crawlers.schedule: got "cron(0 * * * *)"; expected 6 fields (minutes hours day-of-month month day-of-week year), got 5; for example cron(15 2 * * ? *)',
            "medallion-lake:etl.timeoutMinutes: got 10081; Too big: expected number to be <=10080",
            "medallion-lake:etl.logRetentionDays: got 45; CloudWatch Logs accepts only 1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653 days; use 30 or 60",
            "medallion-lake:etl.size: unknown key; remove it or fix its spelling (see the configuration reference in README.md)",
        ]);
        expect(problemsOf({ "medallion-lake:etl": '{"workerType":"G.4X","flex":true}' })).to.deep.equal([
            "medallion-lake:etl.flex: got true; Flex runs only on G.1X or G.2X workers, not G.4X; set workerType to G.1X or G.2X, or turn flex off",
        ]);
    });

    describe("medallion-lake:etl.lineage", () => {
        const target = { accountId: "123456789012", region: "eu-west-1" };
        const HTTP = '{"lineage":{"transport":"http","url":"https://marquez.internal:5000/api/v1/lineage"}}';

        it("is absent by default: no lineage argument on any job (the jobs' default, off)", () => {
            expect(parse({}).etl.lineage).to.equal(undefined);
            expect(lineageJobArguments(undefined, target)).to.deep.equal({});
            expect(lineageJobArguments({ transport: "off" }, target)).to.deep.equal({});
        });

        it("offers the transports of the job contract", () => {
            expect(LINEAGE_TRANSPORTS).to.deep.equal(["off", "file", "http"]);
            const contract = jobArgumentSpecs("silver_to_gold").find((a) => a.name === "lineage_transport");
            expect(contract?.setBy).to.equal("program");
        });

        it("turns http into the transport, the URL and the catalog's OpenLineage namespace", () => {
            const config = parse({ "medallion-lake:etl": HTTP });
            expect(lineageJobArguments(config.etl.lineage, target)).to.deep.equal({
                "--lineage_transport": "http",
                "--lineage_url": "https://marquez.internal:5000/api/v1/lineage",
                "--lineage_catalog": "arn:aws:glue:eu-west-1:123456789012",
            });
        });

        it("names the key of each problem", () => {
            const etl = (lineage: object) => ({ "medallion-lake:etl": JSON.stringify({ lineage }) });
            expect(problemsOf(etl({ transport: "kafka" }))[0]).to.match(
                /^medallion-lake:etl\.lineage\.transport: got "kafka"; .*"off"\|"file"\|"http"/,
            );
            expect(problemsOf(etl({ transport: "http" }))).to.deep.equal([
                "medallion-lake:etl.lineage.url: got nothing; required with transport http, e.g. http://marquez.internal:5000/api/v1/lineage",
            ]);
            expect(problemsOf(etl({ transport: "http", url: "marquez:5000" }))).to.deep.equal([
                'medallion-lake:etl.lineage.url: got "marquez:5000"; an http:// or https:// endpoint is required, e.g. http://marquez.internal:5000/api/v1/lineage',
            ]);
            expect(problemsOf(etl({ transport: "file", url: "events.jsonl" }))).to.deep.equal([
                'medallion-lake:etl.lineage.url: got "events.jsonl"; an absolute path on the job\'s driver is required, e.g. /tmp/lineage/events.jsonl',
            ]);
            expect(problemsOf(etl({ url: "http://m:5000/api/v1/lineage" }))).to.deep.equal([
                'medallion-lake:etl.lineage.url: got "http://m:5000/api/v1/lineage"; set only with transport file or http; remove it or set transport',
            ]);
        });

        it("reaches the DefaultArguments of every bronze_to_silver and silver_to_gold job of the stack", async () => {
            const { recorder } = await runProgram(
                { ...readStackConfig("dev"), "medallion-lake:etl": HTTP },
                "dev",
            );
            const jobs = recorder.ofType("aws:glue/job:Job");
            expect(jobs.length).to.equal(6); // flights, sales, tweets: both jobs each
            for (const job of jobs) {
                const args = job.inputs.defaultArguments as Record<string, string>;
                expect(args["--lineage_transport"], job.name).to.equal("http");
                expect(args["--lineage_url"], job.name).to.equal(
                    "https://marquez.internal:5000/api/v1/lineage",
                );
                expect(args["--lineage_catalog"], job.name).to.match(/^arn:aws:glue:[a-z0-9-]+:\d{12}$/);
            }
            const { recorder: plain } = await runProgram(readStackConfig("dev"), "dev");
            for (const job of plain.ofType("aws:glue/job:Job")) {
                const keys = Object.keys(job.inputs.defaultArguments as Record<string, string>);
                expect(
                    keys.filter((k) => k.startsWith("--lineage_")),
                    job.name,
                ).to.deep.equal([]);
            }
        });
    });
});
