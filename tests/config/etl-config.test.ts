import { readdirSync } from "node:fs";
import * as path from "node:path";
import { expect } from "chai";
import { DATAZONE_DOMAIN_ID, ETL_JOB_DEFAULTS } from "../../components/etl-job/etl-job";
import { GLUE_CRAWLER_DEFAULTS } from "../../components/glue-crawler-set/glue-crawler-set";
import { ETL_CONFIG_DEFAULTS, LINEAGE_TRANSPORTS, lineageJobArguments } from "../../config/etl";
import { parseStackConfig, StackConfigError } from "../../config/stack-config";
import datazone from "../../glue/medallion_glue/lineage/datazone.json";
import { jobArgumentSpecs } from "../../lib/glue-job-contract";
import { formatProblem } from "../../lib/problems";
import { statementsOf } from "../support/iam-statements";
import {
    REPO_ROOT,
    type RecordedResource,
    type Recorder,
    readStackConfig,
    runProgram,
} from "../support/pulumi-harness";

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
        const DATAZONE = '{"lineage":{"transport":"datazone","domainId":"dzd_4p9n6b2xkzs3ah"}}';

        it("is absent by default: no lineage argument on any job (the jobs' default, off)", () => {
            expect(parse({}).etl.lineage).to.equal(undefined);
            expect(lineageJobArguments(undefined, target)).to.deep.equal({});
            expect(lineageJobArguments({ transport: "off" }, target)).to.deep.equal({});
        });

        it("offers the transports of the job contract", () => {
            expect(LINEAGE_TRANSPORTS).to.deep.equal(["off", "file", "http", "datazone"]);
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

        it("turns datazone into the transport, the domain id and the catalog's OpenLineage namespace", () => {
            const config = parse({ "medallion-lake:etl": DATAZONE });
            expect(config.etl.lineage).to.deep.equal({
                transport: "datazone",
                domainId: "dzd_4p9n6b2xkzs3ah",
            });
            expect(lineageJobArguments(config.etl.lineage, target)).to.deep.equal({
                "--lineage_transport": "datazone",
                "--lineage_domain": "dzd_4p9n6b2xkzs3ah",
                "--lineage_catalog": "arn:aws:glue:eu-west-1:123456789012",
            });
            expect(
                jobArgumentSpecs("bronze_to_silver").find((a) => a.name === "lineage_domain")?.setBy,
            ).to.equal("program");
        });

        it("checks domain ids with the pattern the job checks (PostLineageEvent's domainIdentifier)", () => {
            expect(datazone.domain_id_pattern).to.equal("dzd[-_][a-zA-Z0-9_-]{1,36}");
            for (const id of ["dzd_4p9n6b2xkzs3ah", "dzd-a", `dzd_${"a".repeat(36)}`]) {
                expect(DATAZONE_DOMAIN_ID.test(id), id).to.equal(true);
            }
            for (const id of ["4p9n6b2xkzs3ah", "dzd_", `dzd_${"a".repeat(37)}`, "xdzd_abc", "dzd_abc/def"]) {
                expect(DATAZONE_DOMAIN_ID.test(id), id).to.equal(false);
            }
        });

        it("names the key of each datazone problem, with an example", () => {
            const etl = (lineage: object) => ({ "medallion-lake:etl": JSON.stringify({ lineage }) });
            expect(problemsOf(etl({ transport: "datazone" }))).to.deep.equal([
                "medallion-lake:etl.lineage.domainId: got nothing; required with transport datazone, e.g. dzd_4p9n6b2xkzs3ah (the domain's id in the DataZone or SageMaker Unified Studio console)",
            ]);
            expect(problemsOf(etl({ transport: "datazone", domainId: "4p9n6b2xkzs3ah" }))).to.deep.equal([
                'medallion-lake:etl.lineage.domainId: got "4p9n6b2xkzs3ah"; a DataZone domain id is dzd_ or dzd- then 1 to 36 letters, digits, _ or -, e.g. dzd_4p9n6b2xkzs3ah',
            ]);
            expect(
                problemsOf(
                    etl({
                        transport: "datazone",
                        domainId: "dzd_4p9n6b2xkzs3ah",
                        url: "http://m:5000/api/v1/lineage",
                    }),
                ),
            ).to.deep.equal([
                'medallion-lake:etl.lineage.url: got "http://m:5000/api/v1/lineage"; not used by transport datazone (it posts to domainId); remove it',
            ]);
            for (const transport of ["file", "http"]) {
                const url =
                    transport === "file" ? "/tmp/lineage/events.jsonl" : "http://m:5000/api/v1/lineage";
                expect(problemsOf(etl({ transport, url, domainId: "dzd_4p9n6b2xkzs3ah" }))).to.deep.equal([
                    'medallion-lake:etl.lineage.domainId: got "dzd_4p9n6b2xkzs3ah"; set only with transport datazone; remove it or set transport: datazone',
                ]);
            }
            expect(problemsOf(etl({ domainId: "dzd_4p9n6b2xkzs3ah" }))).to.deep.equal([
                'medallion-lake:etl.lineage.domainId: got "dzd_4p9n6b2xkzs3ah"; set only with transport datazone; remove it or set transport: datazone',
            ]);
        });

        it("names the key of each problem", () => {
            const etl = (lineage: object) => ({ "medallion-lake:etl": JSON.stringify({ lineage }) });
            expect(problemsOf(etl({ transport: "kafka" }))[0]).to.match(
                /^medallion-lake:etl\.lineage\.transport: got "kafka"; .*"off"\|"file"\|"http"\|"datazone"/,
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

        /** The bronze_to_silver jobs the dev stack plans: one per datasets/*.yaml but transactions (its source is off). */
        const bronzeToSilverJobs = readdirSync(path.join(REPO_ROOT, "datasets"))
            .filter((file) => file.endsWith(".yaml") && file !== "transactions.yaml")
            .map((file) => `${file.replace(/\.yaml$/, "")}-bronze-to-silver-job`)
            .sort();
        const lineageKeys = (job: RecordedResource) =>
            Object.keys(job.inputs.defaultArguments as Record<string, string>).filter((k) =>
                k.startsWith("--lineage_"),
            );
        /** Statements of every role policy of a run that grant any DataZone action, by policy name. */
        const datazoneGrants = (recorder: Recorder) =>
            Object.fromEntries(
                recorder
                    .ofType("aws:iam/rolePolicy:RolePolicy")
                    .map((p) => [
                        p.name,
                        statementsOf(p).filter((s) => s.Action.some((a) => a.startsWith("datazone:"))),
                    ])
                    .filter(([, statements]) => statements.length > 0),
            );

        it("reaches the DefaultArguments of every bronze_to_silver and silver_to_gold job of the stack", async () => {
            const { recorder } = await runProgram(
                { ...readStackConfig("dev"), "medallion-lake:etl": HTTP },
                "dev",
            );
            const jobs = recorder.ofType("aws:glue/job:Job");
            expect(
                jobs
                    .map((j) => j.name)
                    .filter((n) => n.endsWith("-bronze-to-silver-job"))
                    .sort(),
            ).to.deep.equal(bronzeToSilverJobs);
            expect(jobs.every((j) => /-(bronze-to-silver|silver-to-gold)-job$/.test(j.name))).to.equal(true);
            for (const job of jobs) {
                const args = job.inputs.defaultArguments as Record<string, string>;
                expect(args["--lineage_transport"], job.name).to.equal("http");
                expect(args["--lineage_url"], job.name).to.equal(
                    "https://marquez.internal:5000/api/v1/lineage",
                );
                expect(args["--lineage_catalog"], job.name).to.match(/^arn:aws:glue:[a-z0-9-]+:\d{12}$/);
                expect(lineageKeys(job), job.name).to.have.members([
                    "--lineage_transport",
                    "--lineage_url",
                    "--lineage_catalog",
                ]);
            }
            expect(datazoneGrants(recorder)).to.deep.equal({});
            const { recorder: plain } = await runProgram(readStackConfig("dev"), "dev");
            for (const job of plain.ofType("aws:glue/job:Job")) {
                expect(lineageKeys(job), job.name).to.deep.equal([]);
            }
            expect(datazoneGrants(plain)).to.deep.equal({});
        });

        it("with datazone, gives every job the domain and its role datazone:PostLineageEvent, and no other role", async () => {
            const { recorder } = await runProgram(
                { ...readStackConfig("dev"), "medallion-lake:etl": DATAZONE },
                "dev",
            );
            const jobs = recorder.ofType("aws:glue/job:Job");
            expect(jobs.length).to.equal(2 * bronzeToSilverJobs.length);
            for (const job of jobs) {
                const args = job.inputs.defaultArguments as Record<string, string>;
                expect(
                    [args["--lineage_transport"], args["--lineage_domain"], args["--lineage_url"]],
                    job.name,
                ).to.deep.equal(["datazone", "dzd_4p9n6b2xkzs3ah", undefined]);
            }
            const grant = [{ Effect: "Allow", Action: ["datazone:PostLineageEvent"], Resource: ["*"] }];
            expect(datazoneGrants(recorder)).to.deep.equal(
                Object.fromEntries(jobs.map((j) => [j.name.replace(/-job$/, "-role-policy"), grant])),
            );
        });
    });
});
