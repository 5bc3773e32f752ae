import { expect } from "chai";
import { ETL_JOB_DEFAULTS } from "../../../components/etl-job/etl-job";
import { TRIGGER_LAMBDA_DEFAULTS } from "../../../components/trigger-lambda/trigger-lambda";
import { DATASET_ROUTES_ENV } from "../../../lambdas/trigger/defaults";
import { resourceName } from "../../../lib/naming";
import { countByComponent } from "../../../scripts/demo/plan-step";
import { bronzeToSilverJobLogicalName, demoTargets, projectName } from "../../../scripts/demo/stack-targets";
import { type RecordedResource, Recorder, readStackConfig, runProgram } from "../../support/pulumi-harness";

const outputs = {
    bucketNames: { bronze: "medallion-lake-dev-bronze-123456789012-eu-west-1" },
    databaseNames: { bronze: "b", silver: "s", gold: "g" },
};

function resource(
    type: string,
    name: string,
    parent?: RecordedResource,
    inputs: Record<string, unknown> = {},
) {
    const r: RecordedResource = {
        type,
        name,
        inputs,
        urn: `urn:${type}:${name}`,
        parentUrn: parent?.urn,
        dependencies: [],
        propertyDependencies: {},
        outputs: {},
        options: { retainOnDelete: false, replaceOnChanges: [] },
        custom: !type.startsWith("medallion-lake:"),
    };
    return r;
}

describe("demo: names and settings from the offline plan", () => {
    it("reads every value from the dev plan when the program defines the trigger and the jobs", async () => {
        const config = readStackConfig("dev");
        const run = await runProgram(config, "dev");
        const targets = demoTargets(run.recorder, run.outputs, config, "dev", "flights");
        const naming = { project: "medallion-lake", stack: "dev" };
        expect(targets.region).to.equal("eu-west-1");
        expect(targets.route.origin).to.equal("plan");
        expect(targets.route.value).to.deep.equal({
            dataset: "flights",
            bucket: "medallion-lake-dev-bronze-123456789012-eu-west-1",
            prefix: "flights/",
            suffix: ".csv",
            jobName: resourceName(naming, bronzeToSilverJobLogicalName("flights")),
        });
        expect(targets.functionEnvironment.origin).to.equal("plan");
        expect(Object.keys(targets.functionEnvironment.value)).to.deep.equal([
            DATASET_ROUTES_ENV,
            "POWERTOOLS_SERVICE_NAME",
        ]);
        expect(targets.functionEnvironment.value.POWERTOOLS_SERVICE_NAME).to.equal(
            "medallion-lake-dev-bronze-trigger",
        );
        const plannedRoutes = JSON.parse(targets.functionEnvironment.value[DATASET_ROUTES_ENV] ?? "[]");
        expect(plannedRoutes).to.deep.include(targets.route.value);
        expect(targets.queues).to.deep.include({
            origin: "plan",
            value: {
                queue: "medallion-lake-dev-bronze-trigger",
                deadLetterQueue: "medallion-lake-dev-bronze-trigger-dlq",
            },
        });
        expect([targets.maxReceiveCount.origin, targets.maxReceiveCount.value]).to.deep.equal(["plan", 10]);
        expect(targets.eventSource).to.deep.include({
            origin: "plan",
            value: { batchSize: 100, maximumConcurrency: 2 },
        });
        expect([targets.maxConcurrentRuns.origin, targets.maxConcurrentRuns.value]).to.deep.equal([
            "plan",
            1,
        ]);
        expect(targets.databases.value).to.deep.equal(run.outputs.databaseNames);
        expect(targets.spec.silver.table).to.equal("flights");
    });

    it("derives names with lib/naming.ts and the components' defaults when the plan lacks them", () => {
        const recorder = new Recorder();
        recorder.resources.push(resource("medallion-lake:index:DataLake", "lake"));
        const targets = demoTargets(recorder, outputs, { "aws:region": "us-east-2" }, "qa", "flights");
        const naming = { project: projectName(), stack: "qa" };
        expect(targets.route).to.deep.equal({
            origin: "derived",
            how: "output bucketNames.bronze; job name from lib/naming.ts (no EtlJob in the plan yet)",
            value: {
                dataset: "flights",
                bucket: outputs.bucketNames.bronze,
                prefix: "flights/",
                suffix: ".csv",
                jobName: "medallion-lake-qa-flights-bronze-to-silver",
            },
        });
        expect(targets.functionEnvironment).to.deep.include({
            origin: "derived",
            value: {
                [DATASET_ROUTES_ENV]: JSON.stringify([targets.route.value]),
                POWERTOOLS_SERVICE_NAME: resourceName(naming, "bronze-trigger", 64),
            },
        });
        expect(targets.queues.value).to.deep.equal({
            queue: resourceName(naming, "bronze-trigger", 80),
            deadLetterQueue: resourceName(naming, "bronze-trigger-dlq", 80),
        });
        expect(targets.eventSource.value).to.deep.equal({
            batchSize: TRIGGER_LAMBDA_DEFAULTS.batchSize,
            maximumConcurrency: TRIGGER_LAMBDA_DEFAULTS.maximumConcurrency,
        });
        expect(targets.maxReceiveCount.value).to.equal(TRIGGER_LAMBDA_DEFAULTS.maxReceiveCount);
        expect(targets.maxConcurrentRuns.value).to.equal(ETL_JOB_DEFAULTS.maxConcurrentRuns);
    });

    it("refuses a plan without the bronze bucket output or a stack without a region", () => {
        const recorder = new Recorder();
        expect(() => demoTargets(recorder, {}, { "aws:region": "eu-west-1" }, "dev", "flights")).to.throw(
            "the dev plan has no bucketNames.bronze or databaseNames output",
        );
        expect(() => demoTargets(recorder, outputs, {}, "dev", "flights")).to.throw(
            "Pulumi.dev.yaml: aws:region is not set",
        );
    });

    it("counts provider resources under each top-level component", () => {
        const recorder = new Recorder();
        const lake = resource("medallion-lake:index:DataLake", "lake");
        const inner = resource("medallion-lake:index:Inner", "inner", lake);
        recorder.resources.push(
            lake,
            resource("aws:s3/bucket:Bucket", "a", lake),
            inner,
            resource("aws:s3/bucket:Bucket", "b", inner),
            resource("aws:kms/key:Key", "standalone"),
        );
        expect(countByComponent(recorder)).to.deep.equal([
            { component: "DataLake lake", resources: 2 },
            { component: "kms.Key standalone", resources: 1 },
        ]);
    });
});
