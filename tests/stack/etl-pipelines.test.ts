import * as path from "node:path";
import { expect } from "chai";
import { loadDatasetSpecs } from "../../spec/dataset-specs";
import { statementsOf } from "../support/iam-statements";
import {
    REPO_ROOT,
    type Recorder,
    readStackConfig,
    runProgram,
    TEST_ACCOUNT_ID,
    TEST_REGION,
    tryRunProgram,
} from "../support/pulumi-harness";

const PREFIX = "medallion-lake-dev";
const bucket = (zone: string) => `${PREFIX}-${zone}-${TEST_ACCOUNT_ID}-${TEST_REGION}`;
const role = (name: string) => `arn:aws:iam::${TEST_ACCOUNT_ID}:role/${PREFIX}-${name}`;
const SPECS = loadDatasetSpecs(path.join(REPO_ROOT, "datasets")).map((l) => l.spec);
/** What dev deploys: every spec but the PostgreSQL source's dataset, since that source is off in dev. */
const DATASETS = SPECS.filter((s) => s.name !== "transactions");
const jobInputs = (recorder: Recorder, name: string) =>
    recorder.named(`${name}-job`, "aws:glue/job:Job").inputs;
const policyOf = (recorder: Recorder, name: string) => statementsOf(recorder.named(`${name}-role-policy`));

describe("ETL pipelines of the dev stack (index.ts)", () => {
    let recorder: Recorder;
    let outputs: Record<string, unknown>;
    before(async () => {
        ({ recorder, outputs } = await runProgram(readStackConfig("dev"), "dev"));
    });

    it("creates a bronze crawler, a bronze_to_silver job and a silver_to_gold job per dataset spec", () => {
        expect(SPECS.map((s) => s.name)).to.deep.equal(["flights", "sales", "transactions", "tweets"]);
        expect(DATASETS.map((s) => s.name)).to.deep.equal(["flights", "sales", "tweets"]);
        expect(outputs.etlPipelines).to.deep.equal(
            Object.fromEntries(
                DATASETS.map((s) => [
                    s.name,
                    {
                        crawler: `${PREFIX}-${s.name}-crawler-bronze`,
                        bronzeToSilverJob: `${PREFIX}-${s.name}-bronze-to-silver`,
                        silverToGoldJob: `${PREFIX}-${s.name}-silver-to-gold`,
                    },
                ]),
            ),
        );
        expect(outputs.glueSecurityConfiguration).to.equal(`${PREFIX}-glue-security`);
    });

    it("crawls each dataset's bronze prefix into the bronze database, with its format's classifier", () => {
        const flights = recorder.named("flights-crawler-bronze", "aws:glue/crawler:Crawler").inputs;
        expect(flights.s3Targets).to.deep.equal([{ path: `s3://${bucket("bronze")}/flights/` }]);
        expect(flights.databaseName).to.equal("medallion_lake_dev_bronze");
        expect(flights.securityConfiguration).to.equal(`${PREFIX}-glue-security`);
        const crawler = recorder.named("flights-crawler-bronze", "aws:glue/crawler:Crawler");
        expect(recorder.dependsOn(crawler, recorder.named("lake-bronze-db"))).to.equal(true);
        expect(recorder.dependsOn(crawler, recorder.named("glue-security-config"))).to.equal(true);
        const sales = recorder.named("sales-crawler-bronze-csv", "aws:glue/classifier:Classifier").inputs;
        expect(sales.csvClassifier).to.deep.equal({
            delimiter: ";",
            containsHeader: "PRESENT",
            quoteSymbol: '"',
        });
        expect(
            recorder.named("tweets-crawler-bronze", "aws:glue/crawler:Crawler").inputs.classifiers,
        ).to.deep.equal([]);
    });

    it("passes bronze_to_silver its contract arguments, and never --source_keys", () => {
        const args = jobInputs(recorder, "flights-bronze-to-silver").defaultArguments;
        expect(args["--bronze_uri"]).to.equal(`s3://${bucket("bronze")}/flights/`);
        expect(args["--silver_uri"]).to.equal(`s3://${bucket("silver")}/`);
        expect(args["--quarantine_uri"]).to.equal(`s3://${bucket("silver")}/_quarantine/`);
        expect(args["--silver_database"]).to.equal("medallion_lake_dev_silver");
        expect(args["--dataset_spec_uri"]).to.match(
            new RegExp(
                `^s3://${bucket("artifacts")}/glue/jobs/${PREFIX}-flights-bronze-to-silver/args/dataset_spec_uri/flights-[0-9a-f]{16}\\.yaml$`,
            ),
        );
        expect(args["--extra-py-files"]).to.match(/\/lib\/medallion_glue-[0-9a-f]{16}\.zip$/);
        expect(args["--additional-python-modules"]).to.match(/^jsonschema==[\d.]+,pyyaml==[\d.]+$/);
        expect(args).to.not.have.property("--source_keys");
    });

    it("passes silver_to_gold its SQL, dimensions and databases, and chains it after bronze_to_silver", () => {
        const args = jobInputs(recorder, "flights-silver-to-gold").defaultArguments;
        expect(args["--gold_sql_uri"]).to.match(/\/args\/gold_sql_uri-[0-9a-f]{16}\/$/);
        expect(args["--dimensions_uri"]).to.match(/\/args\/dimensions_uri-[0-9a-f]{16}\/$/);
        expect(args["--gold_uri"]).to.equal(`s3://${bucket("gold")}/`);
        expect([args["--silver_database"], args["--gold_database"]]).to.deep.equal([
            "medallion_lake_dev_silver",
            "medallion_lake_dev_gold",
        ]);
        const sqlKeys = recorder
            .ofType("aws:s3/bucketObjectv2:BucketObjectv2")
            .map((o) => o.inputs.key as string)
            .filter((k) => k.includes("flights-silver-to-gold/args/gold_sql_uri-"))
            .map((k) => k.split("/").pop());
        expect(sqlKeys).to.have.members(["flight_delays_by_origin_month.sql", "route_summary.sql"]);
        expect(jobInputs(recorder, "tweets-silver-to-gold").defaultArguments).to.not.have.property(
            "--dimensions_uri",
        );
        const trigger = recorder.named("flights-silver-to-gold-run-after", "aws:glue/trigger:Trigger").inputs;
        expect(trigger.predicate.conditions).to.deep.equal([
            { jobName: `${PREFIX}-flights-bronze-to-silver`, state: "SUCCEEDED", logicalOperator: "EQUALS" },
        ]);
    });

    it("scopes each job to its dataset: bronze_to_silver writes its table and quarantine, gold its tables", () => {
        const written = (name: string) =>
            policyOf(recorder, name)
                .filter((s) => s.Action.includes("s3:PutObject"))
                .flatMap((s) => s.Resource as string[])
                .filter((r) => !r.includes("artifacts"));
        expect(written("sales-bronze-to-silver")).to.deep.equal([
            `arn:aws:s3:::${bucket("silver")}/sales`,
            `arn:aws:s3:::${bucket("silver")}/sales/*`,
            `arn:aws:s3:::${bucket("silver")}/_quarantine/sales`,
            `arn:aws:s3:::${bucket("silver")}/_quarantine/sales/*`,
            // its object ledger (create only, never delete)
            `arn:aws:s3:::${bucket("silver")}/_ledger/sales/*`,
        ]);
        expect(written("sales-silver-to-gold")).to.deep.equal([
            `arn:aws:s3:::${bucket("gold")}/ventas_diarias_por_tienda`,
            `arn:aws:s3:::${bucket("gold")}/ventas_diarias_por_tienda/*`,
        ]);
    });

    it("uses the job defaults on the dev stack (no etl config)", () => {
        const job = jobInputs(recorder, "tweets-bronze-to-silver");
        expect([job.glueVersion, job.workerType, job.numberOfWorkers, job.timeout]).to.deep.equal([
            "5.1",
            "G.1X",
            2,
            60,
        ]);
        const scheduled = recorder
            .ofType("aws:glue/trigger:Trigger")
            .filter((t) => t.inputs.type === "SCHEDULED");
        expect(scheduled).to.have.length(0);
    });

    it("runs crawlers with Lake Formation credentials and lets jobs ask for data access (dev is in lakeformation mode)", () => {
        const crawler = recorder.named("flights-crawler-bronze", "aws:glue/crawler:Crawler").inputs;
        expect(crawler.lakeFormationConfiguration).to.deep.equal({ useLakeFormationCredentials: true });
        const lf = policyOf(recorder, "flights-bronze-to-silver").filter((s) =>
            s.Action.includes("lakeformation:GetDataAccess"),
        );
        expect(lf).to.have.length(1);
    });

    it("grants every job and crawler role its Lake Formation data access, and makes them wait for it", () => {
        const principals = new Set(
            recorder
                .ofType("aws:lakeformation/permissions:Permissions")
                .map((p) => p.inputs.principal as string),
        );
        for (const name of ["flights-crawler", "flights-bronze-to-silver", "flights-silver-to-gold"]) {
            expect(principals, name).to.include(role(name));
        }
        const grantUrns = recorder
            .ofType("aws:lakeformation/permissions:Permissions")
            .filter((p) => p.inputs.principal === role("flights-bronze-to-silver"))
            .map((p) => p.urn);
        const job = recorder.named("flights-bronze-to-silver-job", "aws:glue/job:Job");
        expect(grantUrns.length).to.be.greaterThan(0);
        for (const urn of grantUrns) expect(job.dependencies).to.include(urn);
    });

    describe("with config", () => {
        it("deploys only the datasets listed, without crawlers, with the configured size and schedule", async () => {
            const { recorder: r, outputs: o } = await runProgram(
                {
                    ...readStackConfig("dev"),
                    "medallion-lake:datasets": JSON.stringify(["sales"]),
                    "medallion-lake:crawlers": JSON.stringify({ enabled: false }),
                    "medallion-lake:etl": JSON.stringify({
                        workerType: "G.2X",
                        numberOfWorkers: 4,
                        flex: true,
                        schedule: "cron(0 4 * * ? *)",
                    }),
                },
                "dev",
            );
            expect(o.etlPipelines).to.deep.equal({
                sales: {
                    bronzeToSilverJob: `${PREFIX}-sales-bronze-to-silver`,
                    silverToGoldJob: `${PREFIX}-sales-silver-to-gold`,
                },
            });
            expect(r.ofType("aws:glue/crawler:Crawler")).to.have.length(0);
            const job = jobInputs(r, "sales-bronze-to-silver");
            expect([job.workerType, job.numberOfWorkers, job.executionClass]).to.deep.equal([
                "G.2X",
                4,
                "FLEX",
            ]);
            expect(r.named("sales-bronze-to-silver-schedule").inputs.schedule).to.equal("cron(0 4 * * ? *)");
        });

        it("refuses an unknown dataset, an invalid schedule and Flex on G.4X, naming the keys", async () => {
            const run = await tryRunProgram(
                { ...readStackConfig("dev"), "medallion-lake:datasets": JSON.stringify(["weather"]) },
                "dev",
            );
            expect(String(run.error)).to.include(
                'medallion-lake:datasets: unknown dataset "weather"; available: flights, sales, transactions, tweets',
            );
            const bad = await tryRunProgram(
                {
                    ...readStackConfig("dev"),
                    "medallion-lake:etl": JSON.stringify({ workerType: "G.4X", flex: true }),
                    "medallion-lake:crawlers": JSON.stringify({ schedule: "cron(0 4 * * * *)" }),
                },
                "dev",
            );
            const message = String(bad.error);
            expect(message).to.include(
                'medallion-lake:crawlers.schedule: got "cron(0 4 * * * *)"; put ? in exactly one of day-of-month and day-of-week',
            );
            expect(message).to.include(
                "medallion-lake:etl.flex: got true; Flex runs only on G.1X or G.2X workers, not G.4X",
            );
        });
    });
});
