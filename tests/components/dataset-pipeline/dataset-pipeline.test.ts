import { copyFileSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import * as path from "node:path";
import { expect } from "chai";
import { DataLake } from "../../../components/data-lake/data-lake";
import {
    DatasetPipeline,
    type DatasetPipelineArgs,
    PACKAGED_SPEC_SCHEMA,
    shippedPipelineCode,
} from "../../../components/dataset-pipeline/dataset-pipeline";
import { requirementPins } from "../../../components/etl-job/python-requirements";
import { GlueSecurityConfiguration } from "../../../components/glue-security-configuration/glue-security-configuration";
import { LaterGrants } from "../../../components/lake-formation-admin/ordering";
import { DatasetSpecError } from "../../../spec/dataset-specs";
import {
    REPO_ROOT,
    type Recorder,
    resolve,
    settle,
    setupPulumiMocks,
    TEST_ACCOUNT_ID,
    TEST_REGION,
} from "../../support/pulumi-harness";

const PREFIX = "medallion-lake-test";
const bucket = (role: string) => `${PREFIX}-${role}-${TEST_ACCOUNT_ID}-${TEST_REGION}`;
const DATASETS = path.join(REPO_ROOT, "datasets");

interface Built {
    recorder: Recorder;
    pipeline: DatasetPipeline;
}

async function build(
    spec: string,
    overrides: Partial<Omit<DatasetPipelineArgs, "lake" | "jobs">> = {},
    jobs: { lakeFormationAccess?: boolean } = {},
): Promise<Built> {
    const recorder = setupPulumiMocks({}, "test");
    const lake = new DataLake("lake", { accountId: TEST_ACCOUNT_ID, region: TEST_REGION });
    const securityConfiguration = new GlueSecurityConfiguration("glue-security", {
        naming: lake.naming,
        kmsKeyArn: lake.keyArn,
    });
    const pipeline = new DatasetPipeline(path.basename(spec, ".yaml"), {
        lake,
        spec,
        jobs: { securityConfiguration, ...jobs },
        ...overrides,
    });
    await settle();
    return { recorder, pipeline };
}

describe("DatasetPipeline", () => {
    describe("the sales spec, by path, with defaults", () => {
        let built: Built;
        before(async () => {
            built = await build(path.join(DATASETS, "sales.yaml"));
        });

        it("crawls the dataset's bronze prefix with its format's classifier, into the bronze database", () => {
            const crawler = built.recorder.named("sales-crawler-bronze", "aws:glue/crawler:Crawler").inputs;
            expect(crawler.name).to.equal(`${PREFIX}-sales-crawler-bronze`);
            expect(crawler.s3Targets).to.deep.equal([{ path: `s3://${bucket("bronze")}/sales/` }]);
            expect(crawler.databaseName).to.equal("medallion_lake_test_bronze");
            const csv = built.recorder.named("sales-crawler-bronze-csv", "aws:glue/classifier:Classifier");
            expect(csv.inputs.csvClassifier).to.deep.include({ delimiter: ";", containsHeader: "PRESENT" });
            expect(built.pipeline.crawlerName).to.equal(`${PREFIX}-sales-crawler-bronze`);
        });

        it("deploys bronze_to_silver with the shipped script, package (spec schema inside), pins and the contract arguments", async () => {
            const job = built.recorder.named("sales-bronze-to-silver-job", "aws:glue/job:Job").inputs;
            expect(job.name).to.equal(`${PREFIX}-sales-bronze-to-silver`);
            const args = job.defaultArguments as Record<string, string>;
            expect(args["--bronze_uri"]).to.equal(`s3://${bucket("bronze")}/sales/`);
            expect(args["--silver_uri"]).to.equal(`s3://${bucket("silver")}/`);
            expect(args["--quarantine_uri"]).to.equal(`s3://${bucket("silver")}/_quarantine/`);
            expect(args["--silver_database"]).to.equal("medallion_lake_test_silver");
            expect(args["--dataset_spec_uri"]).to.match(
                new RegExp(`^s3://${bucket("artifacts")}/.+/sales-[0-9a-f]+\\.yaml$`),
            );
            const pins = requirementPins(path.join(REPO_ROOT, "requirements.txt"), ["jsonschema", "pyyaml"]);
            expect(args["--additional-python-modules"]).to.equal(pins.join(","));
            expect(pins.map((p) => p.split("==")[0])).to.deep.equal(["jsonschema", "pyyaml"]);
            expect(job.executionProperty).to.deep.equal({ maxConcurrentRuns: 1 });
            // The object ledger (its own bookmark of listed objects): list, read and create under _ledger/sales/.
            const policy = JSON.parse(
                built.recorder.named("sales-bronze-to-silver-role-policy").inputs.policy as string,
            ) as { Statement: { Action: string[]; Resource: string[] }[] };
            const ledger = policy.Statement.filter((s) =>
                s.Resource.some((r) => r.includes("/_ledger/sales/")),
            ).flatMap((s) => s.Action);
            expect(ledger).to.include("s3:PutObject");
            expect(ledger).to.not.include("s3:DeleteObject");
            expect(job.jobRunQueuingEnabled).to.equal(false);
            const zip = built.recorder.named(
                "sales-bronze-to-silver-python-package",
                "aws:s3/bucketObjectv2:BucketObjectv2",
            );
            const archive = (await resolve(zip.inputs.source)) as { assets?: Record<string, unknown> };
            expect(Object.keys(archive.assets ?? {})).to.include(PACKAGED_SPEC_SCHEMA);
        });

        it("chains silver_to_gold after it, with the gold SQL of each gold table", () => {
            const gold = built.recorder.named("sales-silver-to-gold-job", "aws:glue/job:Job").inputs;
            expect(gold.defaultArguments["--gold_database"]).to.equal("medallion_lake_test_gold");
            expect(gold.defaultArguments["--gold_uri"]).to.equal(`s3://${bucket("gold")}/`);
            const after = built.recorder.named("sales-silver-to-gold-run-after", "aws:glue/trigger:Trigger");
            expect(after.inputs.predicate.conditions).to.deep.equal([
                {
                    jobName: `${PREFIX}-sales-bronze-to-silver`,
                    state: "SUCCEEDED",
                    logicalOperator: "EQUALS",
                },
            ]);
            expect(built.pipeline.goldTables).to.deep.equal(["ventas_diarias_por_tienda"]);
        });

        it("exposes its trigger route, its tables to optimize and its Lake Formation grants", async () => {
            const { route } = built.pipeline;
            expect([route.dataset, route.prefix, route.suffix]).to.deep.equal(["sales", "sales/", ".csv"]);
            expect(await resolve(route.jobName)).to.equal(`${PREFIX}-sales-bronze-to-silver`);
            expect(built.pipeline.optimizedTables).to.deep.equal([
                { zone: "silver", table: "sales" },
                { zone: "gold", table: "ventas_diarias_por_tienda" },
            ]);
            const grantees = [...new Set(built.pipeline.dataAccess.map((g) => g.grantee))].sort();
            expect(grantees).to.deep.equal([
                "crawler-sales",
                "job-sales-bronze-to-silver",
                "job-sales-silver-to-gold",
            ]);
            // Not in Lake Formation mode: no DESCRIBE on Spark's default database.
            expect(built.pipeline.databaseDescribes).to.deep.equal([]);
        });
    });

    it("in Lake Formation mode, crawls with Lake Formation credentials and declares DESCRIBE on default per job role", async () => {
        const { recorder, pipeline } = await build(
            path.join(DATASETS, "sales.yaml"),
            {},
            { lakeFormationAccess: true },
        );
        const crawler = recorder.named("sales-crawler-bronze", "aws:glue/crawler:Crawler").inputs;
        expect(crawler.lakeFormationConfiguration).to.deep.equal({ useLakeFormationCredentials: true });
        expect(pipeline.databaseDescribes.map((d) => [d.grantee, d.database])).to.deep.equal([
            ["job-sales-bronze-to-silver", "default"],
            ["job-sales-silver-to-gold", "default"],
        ]);
    });

    it("makes its crawler and jobs wait for their grants when given grantsReady", async () => {
        const recorder = setupPulumiMocks({}, "test");
        const lake = new DataLake("lake", { accountId: TEST_ACCOUNT_ID, region: TEST_REGION });
        const securityConfiguration = new GlueSecurityConfiguration("glue-security", {
            naming: lake.naming,
            kmsKeyArn: lake.keyArn,
        });
        const grantsReady = new LaterGrants();
        new DatasetPipeline("sales", {
            lake,
            spec: path.join(DATASETS, "sales.yaml"),
            jobs: { securityConfiguration },
            grantsReady,
        });
        // The jobs and crawler are held until the grants are handed out; a later waitFor is refused.
        grantsReady.resolve(undefined);
        await settle();
        expect(
            recorder
                .ofType("aws:glue/job:Job")
                .map((j) => j.name)
                .sort(),
        ).to.deep.equal(["sales-bronze-to-silver-job", "sales-silver-to-gold-job"]);
        expect(() => grantsReady.waitFor("late")).to.throw(/already handed out/);
    });

    it("creates no crawler with crawler: false", async () => {
        const { recorder, pipeline } = await build(path.join(DATASETS, "sales.yaml"), { crawler: false });
        expect(recorder.ofType("aws:glue/crawler:Crawler")).to.have.length(0);
        expect(pipeline.crawlerName).to.equal(undefined);
        expect(pipeline.dataAccess.some((g) => g.grantee === "crawler-sales")).to.equal(false);
    });

    it("deploys a consumer's spec from its own folder, validated against the shipped schema, with its dimension files", async () => {
        const dir = mkdtempSync(path.join(tmpdir(), "pipeline-spec-"));
        try {
            copyFileSync(path.join(DATASETS, "flights.yaml"), path.join(dir, "flights.yaml"));
            mkdirSync(path.join(dir, "dimensions"));
            copyFileSync(
                path.join(DATASETS, "dimensions", "airports.csv"),
                path.join(dir, "dimensions", "airports.csv"),
            );
            const { recorder } = await build(path.join(dir, "flights.yaml"));
            const gold = recorder.named("flights-silver-to-gold-job", "aws:glue/job:Job").inputs;
            expect(gold.defaultArguments["--dimensions_uri"]).to.match(
                new RegExp(`^s3://${bucket("artifacts")}/`),
            );
            expect(recorder.named("flights-silver-to-gold-job", "aws:glue/job:Job")).to.not.equal(undefined);
        } finally {
            rmSync(dir, { recursive: true, force: true });
        }
    });

    it("refuses a spec file that is not valid, naming the file and field, before registering anything", async () => {
        const dir = mkdtempSync(path.join(tmpdir(), "pipeline-spec-"));
        try {
            writeFileSync(path.join(dir, "broken.yaml"), "spec_version: 1\nname: broken\n");
            setupPulumiMocks({}, "test");
            const lake = new DataLake("lake", { accountId: TEST_ACCOUNT_ID, region: TEST_REGION });
            const securityConfiguration = new GlueSecurityConfiguration("glue-security", {
                naming: lake.naming,
                kmsKeyArn: lake.keyArn,
            });
            const create = () =>
                new DatasetPipeline("broken", {
                    lake,
                    spec: path.join(dir, "broken.yaml"),
                    jobs: { securityConfiguration },
                });
            expect(create).to.throw(DatasetSpecError, /broken\.yaml: bronze: /);
        } finally {
            rmSync(dir, { recursive: true, force: true });
        }
    });

    it("refuses a gold table without its SQL file, naming gold.tables[0].name", async () => {
        const dir = mkdtempSync(path.join(tmpdir(), "pipeline-sql-"));
        try {
            const run = build(path.join(DATASETS, "sales.yaml"), { code: { goldSqlDir: dir } });
            let error: unknown;
            await run.catch((e: unknown) => {
                error = e;
            });
            expect(error).to.be.instanceOf(DatasetSpecError);
            expect(String(error)).to.include("sales.yaml: gold.tables[0].name: no SQL file");
            expect(String(error)).to.include("ventas_diarias_por_tienda.sql");
        } finally {
            rmSync(dir, { recursive: true, force: true });
        }
    });

    it("deploys the spec's quality rules once monitorQuality names the alarm topic, and only once", async () => {
        const { recorder, pipeline } = await build(path.join(DATASETS, "flights.yaml"));
        const quality = pipeline.monitorQuality("arn:aws:sns:eu-west-1:123456789012:alarms");
        await settle();
        expect(quality.ruleset).to.not.equal(undefined);
        const alarm = recorder.named(
            "flights-quality-failed",
            "aws:cloudwatch/metricAlarm:MetricAlarm",
        ).inputs;
        expect(alarm.alarmActions).to.deep.equal(["arn:aws:sns:eu-west-1:123456789012:alarms"]);
        expect(() => pipeline.monitorQuality("arn:aws:sns:eu-west-1:123456789012:alarms")).to.throw(
            /monitorQuality was already called/,
        );
    });

    it("ships its default code in the package: every path of shippedPipelineCode exists", () => {
        const code = shippedPipelineCode();
        expect(code.bronzeToSilverScript).to.equal(
            path.join(REPO_ROOT, "glue", "jobs", "bronze_to_silver.py"),
        );
        expect(code.specSchemaFile).to.equal(
            path.join(REPO_ROOT, "datasets", "schema", "dataset-spec.schema.json"),
        );
        expect(code.requirementsFile).to.equal(path.join(REPO_ROOT, "requirements.txt"));
    });
});
