/**
 * Two lakes in one stack (issue 17): the second DataLake's name becomes its naming.instance, so it and every
 * component built on it get physical names of their own; what would still collide is refused at plan time,
 * naming both components and the fix.
 */
import * as path from "node:path";
import { expect } from "chai";
import {
    DataLake,
    DatasetPipeline,
    DEFAULT_LAKE_NAME,
    EtlJob,
    GlueSecurityConfiguration,
    TriggerLambda,
} from "../../components";
import { REPO_ROOT, type RecordedResource, tryPlanStack } from "../support/pulumi-harness";

const ACCOUNT = { accountId: "210987654321", region: "eu-west-1" };
const SALES = path.join(REPO_ROOT, "datasets", "sales.yaml");
const STUB_CODE = { stub: true } as never;

/** A lake with the sales pipeline and its trigger; `pipelineName` must differ per lake (Pulumi URNs). */
function lakeWithSales(lakeName: string, pipelineName: string, catalogEncryption = true): DataLake {
    const lake = new DataLake(lakeName, { ...ACCOUNT, catalogEncryption });
    const securityConfiguration = new GlueSecurityConfiguration(`${lakeName}-glue-security`, {
        naming: lake.naming,
        kmsKeyArn: lake.keyArn,
    });
    const sales = new DatasetPipeline(pipelineName, { lake, spec: SALES, jobs: { securityConfiguration } });
    new TriggerLambda(`${lakeName}-trigger`, {
        ...ACCOUNT,
        naming: lake.naming,
        bronzeBucket: lake.buckets.bronze,
        kmsKeyArn: lake.keyArn,
        pipelines: [sales],
        code: STUB_CODE,
    });
    return lake;
}

/** Types whose `name`/`bucket` input names something inside another resource (an object, an inline policy). */
const SCOPED_TYPES = new Set(["aws:s3/bucketObjectv2:BucketObjectv2", "aws:iam/rolePolicy:RolePolicy"]);

/** The account-wide physical name of a resource that has one (bucket, job, role, queue, ...). */
const physical = (r: RecordedResource): string | undefined => {
    if (SCOPED_TYPES.has(r.type)) return undefined;
    const name = r.inputs.bucket ?? r.inputs.name ?? r.inputs.functionName;
    return typeof name === "string" ? `${r.type} ${name}` : undefined;
};

describe("two lakes in one stack", () => {
    it("plans both, every physical name once; the second lake's names carry its name", async () => {
        const plan = await tryPlanStack(
            () => {
                lakeWithSales(DEFAULT_LAKE_NAME, "sales");
                lakeWithSales("archive", "archive-sales", false);
            },
            { project: "shop", stack: "dev", aws: ACCOUNT },
        );
        expect(plan.error).to.equal(undefined);
        const names = plan.resources.flatMap((r) => physical(r) ?? []);
        const repeated = names.filter((n, i) => names.indexOf(n) !== i);
        expect(repeated).to.deep.equal([]);
        const of = (type: string) =>
            plan.recorder
                .ofType(type)
                .map((r) => r.inputs.bucket ?? r.inputs.name)
                .sort();
        expect(of("aws:glue/catalogDatabase:CatalogDatabase")).to.deep.equal([
            "shop_dev_archive_bronze",
            "shop_dev_archive_gold",
            "shop_dev_archive_silver",
            "shop_dev_bronze",
            "shop_dev_gold",
            "shop_dev_silver",
        ]);
        expect(of("aws:glue/job:Job")).to.deep.equal([
            "shop-dev-archive-archive-sales-bronze-to-silver",
            "shop-dev-archive-archive-sales-silver-to-gold",
            "shop-dev-sales-bronze-to-silver",
            "shop-dev-sales-silver-to-gold",
        ]);
        expect(of("aws:sqs/queue:Queue")).to.deep.equal([
            "shop-dev-archive-bronze-trigger",
            "shop-dev-archive-bronze-trigger-dlq",
            "shop-dev-bronze-trigger",
            "shop-dev-bronze-trigger-dlq",
        ]);
        expect(of("aws:s3/bucket:Bucket")).to.include.members([
            "shop-dev-bronze-210987654321-eu-west-1",
            "shop-dev-archive-bronze-210987654321-eu-west-1",
        ]);
        expect(
            plan.recorder.ofType("aws:glue/dataCatalogEncryptionSettings:DataCatalogEncryptionSettings"),
        ).to.have.length(1);
    });

    it("refuses the account's Glue Data Catalog encryption settings twice, naming both lakes and the fix", async () => {
        const { error } = await tryPlanStack(
            () => {
                new DataLake("lake", ACCOUNT);
                new DataLake("archive", ACCOUNT);
            },
            { aws: ACCOUNT },
        );
        expect(String(error)).to.include(
            'DataLake archive: Glue Data Catalog encryption settings of account and region name: got "210987654321 eu-west-1"; DataLake lake in this stack already plans this name; the catalog has one encryption setting per account and region: set catalogEncryption: false on every lake but one',
        );
    });

    it("refuses a second TriggerLambda on one lake, naming the first", async () => {
        const { error } = await tryPlanStack(
            () => {
                const lake = lakeWithSales("lake", "sales");
                new TriggerLambda("second-trigger", {
                    ...ACCOUNT,
                    naming: lake.naming,
                    bronzeBucket: lake.buckets.bronze,
                    kmsKeyArn: lake.keyArn,
                    routes: [{ dataset: "x", prefix: "x/", suffix: ".csv", jobName: "x", jobArn: "arn:x" }],
                    code: STUB_CODE,
                });
            },
            { aws: ACCOUNT },
        );
        expect(String(error)).to.match(
            /TriggerLambda second-trigger: Lambda function name: got "medallion-lake-test-bronze-trigger"; TriggerLambda lake-trigger in this stack already plans this name; a lake has one TriggerLambda/,
        );
    });

    it("refuses two EtlJobs given one jobName", async () => {
        const { error } = await tryPlanStack(
            () => {
                const lake = new DataLake("lake", ACCOUNT);
                const job = (name: string) =>
                    new EtlJob(name, {
                        ...ACCOUNT,
                        lake,
                        jobName: "shared-job",
                        script: path.join(REPO_ROOT, "glue", "jobs", "bronze_to_silver.py"),
                        reads: [{ zone: "bronze", prefix: `${name}/` }],
                        writes: [{ zone: "silver", prefix: `${name}/` }],
                    });
                job("orders");
                job("returns");
            },
            { aws: ACCOUNT },
        );
        expect(String(error)).to.include(
            'EtlJob returns: Glue job name: got "shared-job"; EtlJob orders in this stack already plans this name; give one of them another component name or jobName',
        );
    });

    it("lets a component built on the lake take its account and region from the lake, or name what is missing", async () => {
        const plan = await tryPlanStack(
            () => {
                const lake = new DataLake("lake", ACCOUNT);
                new EtlJob("orders", {
                    lake,
                    script: path.join(REPO_ROOT, "glue", "jobs", "bronze_to_silver.py"),
                    reads: [{ zone: "bronze", prefix: "orders/" }],
                    writes: [{ zone: "silver", prefix: "orders/" }],
                });
            },
            { project: "shop", stack: "dev", aws: ACCOUNT },
        );
        expect(plan.error).to.equal(undefined);
        const role = plan.recorder.named("orders-role-policy").inputs.policy as string;
        expect(role).to.include("arn:aws:glue:eu-west-1:210987654321:catalog");
        const { error } = await tryPlanStack(
            () => {
                const lake = new DataLake("lake", ACCOUNT);
                new EtlJob("orders", {
                    lake: { ...lake, naming: lake.naming, accountId: undefined, region: undefined } as never,
                    script: path.join(REPO_ROOT, "glue", "jobs", "bronze_to_silver.py"),
                    reads: [{ zone: "bronze", prefix: "orders/" }],
                    writes: [{ zone: "silver", prefix: "orders/" }],
                });
            },
            { aws: ACCOUNT },
        );
        expect(String(error)).to.include(
            "EtlJob orders: accountId: got nothing; pass the DataLake as lake (it carries accountId and region), or set it",
        );
        expect(String(error)).to.include("EtlJob orders: region: got nothing;");
    });
});
