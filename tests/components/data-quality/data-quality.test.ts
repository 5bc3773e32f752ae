import * as path from "node:path";
import { expect } from "chai";
import {
    DataQuality,
    QUALITY_ALARM_DEFAULTS,
    QUALITY_FAILED_METRIC,
    QUALITY_RULE_FAILED_METRIC,
    qualityJobArguments,
} from "../../../components/data-quality/data-quality";
import { compileDqdl } from "../../../components/data-quality/dqdl";
import { ETL_METRICS_NAMESPACE } from "../../../lib/glue-job-contract";
import { loadDatasetSpecFile } from "../../../spec/dataset-specs";
import { REPO_ROOT, type Recorder, settle, setupPulumiMocks } from "../../support/pulumi-harness";

const SCHEMA = path.join(REPO_ROOT, "datasets", "schema", "dataset-spec.schema.json");
const flights = loadDatasetSpecFile(path.join(REPO_ROOT, "datasets", "flights.yaml"), SCHEMA).spec;
const sales = loadDatasetSpecFile(path.join(REPO_ROOT, "datasets", "sales.yaml"), SCHEMA).spec;
const naming = { project: "medallion-lake", stack: "test" };
const TOPIC = "arn:aws:sns:eu-west-1:123456789012:medallion-lake-test-alarms";

async function build(spec: typeof flights): Promise<Recorder> {
    const recorder = setupPulumiMocks({}, "test");
    new DataQuality(`${spec.name}-quality`, {
        naming,
        spec,
        silverDatabase: "medallion_lake_test_silver",
        alarmTopicArn: TOPIC,
        tags: { team: "data" },
    });
    await settle();
    return recorder;
}

describe("DataQuality (components/data-quality/data-quality.ts)", () => {
    it("puts the catalog DQDL ruleset on the silver table of the silver database", async () => {
        const recorder = await build(flights);
        const ruleset = recorder.named(
            "flights-quality-ruleset",
            "aws:glue/dataQualityRuleset:DataQualityRuleset",
        );
        expect(ruleset.inputs.name).to.equal("medallion-lake-test-flights-silver-quality");
        expect(ruleset.inputs.ruleset).to.equal(compileDqdl(flights, "catalog"));
        expect(ruleset.inputs.targetTable).to.deep.equal({
            databaseName: "medallion_lake_test_silver",
            tableName: "flights",
        });
        expect(ruleset.inputs.tags).to.deep.equal({ team: "data" });
        expect(
            recorder
                .childrenOf(recorder.named("flights-quality"))
                .map((r) => r.type)
                .sort(),
        ).to.deep.equal([
            "aws:cloudwatch/metricAlarm:MetricAlarm",
            "aws:glue/dataQualityRuleset:DataQualityRuleset",
        ]);
    });

    it("alarms into the lake's topic when a run publishes QualityFailed = 1 for the dataset", async () => {
        const recorder = await build(flights);
        const alarm = recorder.named(
            "flights-quality-failed",
            "aws:cloudwatch/metricAlarm:MetricAlarm",
        ).inputs;
        expect(alarm.name).to.equal("medallion-lake-test-flights-quality-failed");
        expect(alarm.namespace).to.equal(ETL_METRICS_NAMESPACE);
        expect(alarm.namespace).to.equal("MedallionLake/ETL");
        expect(alarm.metricName).to.equal("QualityFailed");
        expect(alarm.dimensions).to.deep.equal({ Dataset: "flights" });
        expect(alarm.statistic).to.equal("Maximum");
        expect(alarm.comparisonOperator).to.equal("GreaterThanOrEqualToThreshold");
        expect(alarm.threshold).to.equal(1);
        expect(alarm.period).to.equal(300);
        expect(alarm.evaluationPeriods).to.equal(1);
        expect(alarm.treatMissingData).to.equal("notBreaching");
        expect(alarm.alarmActions).to.deep.equal([TOPIC]);
        expect(QUALITY_ALARM_DEFAULTS).to.deep.include({ statistic: "Maximum", threshold: 1, period: 300 });
    });

    it("names its metrics as the Glue package publishes them (shared_constants.json)", () => {
        expect(QUALITY_FAILED_METRIC).to.equal("QualityFailed");
        expect(QUALITY_RULE_FAILED_METRIC).to.equal("QualityRuleFailed");
    });

    it("creates nothing for a spec without quality rules, and no alarm when every rule only warns", async () => {
        expect((await build(sales)).ofType("aws:glue/dataQualityRuleset:DataQualityRuleset")).to.have.length(
            0,
        );
        const warnOnly = {
            ...flights,
            quality: { completeness: [{ column: "delay", action: "warn" as const }] },
        };
        const recorder = await build(warnOnly);
        expect(recorder.ofType("aws:glue/dataQualityRuleset:DataQualityRuleset")).to.have.length(1);
        expect(recorder.ofType("aws:cloudwatch/metricAlarm:MetricAlarm")).to.have.length(0);
    });

    it("hands bronze_to_silver the job's DQDL as --quality_ruleset, or nothing", () => {
        expect(qualityJobArguments(flights)).to.deep.equal({
            "--quality_ruleset": compileDqdl(flights, "job"),
        });
        expect(qualityJobArguments(sales)).to.deep.equal({});
    });
});
