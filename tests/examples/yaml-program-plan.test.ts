/**
 * examples/yaml-program under Pulumi mocks: the MedallionLake it declares, built with the program's own
 * properties (config filled in), plans the lake, the sales dataset's jobs and the trigger, and its outputs
 * are the names the YAML program exports. Named `lake` (DEFAULT_LAKE_NAME), its buckets keep the plain
 * `<project>-<stack>-<zone>-...` names; its children are `lake-<role>`.
 */
import { readFileSync } from "node:fs";
import * as path from "node:path";
import { expect } from "chai";
import { parse } from "yaml";
import { MedallionLake, type MedallionLakeArgs } from "../../components/multi-language";
import { planStack } from "../../testing";
import { REPO_ROOT } from "./component-package";

const ACCOUNT = "210987654321";

/** The example's `lake` properties with `${accountId}` and `${region}` replaced by config values. */
function exampleArgs(): MedallionLakeArgs {
    const program = parse(
        readFileSync(path.join(REPO_ROOT, "examples", "yaml-program", "Pulumi.yaml"), "utf8"),
    );
    const config: Record<string, string> = { accountId: ACCOUNT, region: program.config.region.default };
    const text = JSON.stringify(program.resources.lake.properties).replace(
        /\$\{([A-Za-z0-9_]+)\}/g,
        (_, key: string) => config[key],
    );
    return JSON.parse(text);
}

describe("examples/yaml-program planned under mocks", function () {
    this.timeout(300_000);

    it("builds the lake, the sales jobs and the trigger with the program's properties", async () => {
        const plan = await planStack(
            () => {
                const lake = new MedallionLake("lake", exampleArgs());
                return {
                    bronzeBucket: lake.bronzeBucketName,
                    glueJobs: lake.jobNames,
                    datasets: lake.datasetNames,
                    alarmTopic: lake.alarmTopicArn,
                };
            },
            { project: "medallion-lake-yaml", stack: "dev", aws: { accountId: ACCOUNT } },
        );
        expect(plan.outputs.bronzeBucket).to.equal(`medallion-lake-yaml-dev-bronze-${ACCOUNT}-eu-west-1`);
        expect(plan.outputs.datasets).to.deep.equal(["sales"]);
        expect(plan.outputs.glueJobs).to.deep.equal([
            "medallion-lake-yaml-dev-lake-sales-bronze-to-silver",
            "medallion-lake-yaml-dev-lake-sales-silver-to-gold",
        ]);
        expect(plan.outputs.alarmTopic).to.equal(
            `arn:aws:sns:eu-west-1:${ACCOUNT}:medallion-lake-yaml-dev-lake-alarms`,
        );
        expect(plan.recorder.ofType("medallion-lake:index:MedallionLake")).to.have.length(1);
        expect(plan.recorder.ofType("medallion-lake:index:DatasetPipeline")).to.have.length(1);
        expect(plan.recorder.ofType("medallion-lake:index:TriggerLambda")).to.have.length(1);
        expect(
            plan.recorder.ofType("aws:sns/topicSubscription:TopicSubscription").map((r) => r.inputs.endpoint),
        ).to.deep.equal(["data-oncall@example.com"]);
    });

    it("a MedallionLake named other than lake puts its name in the bucket names, with no trigger", async () => {
        const plan = await planStack(
            () => {
                const lake = new MedallionLake("second", { ...exampleArgs(), trigger: false });
                return { bronzeBucket: lake.bronzeBucketName, alarmTopic: lake.alarmTopicArn };
            },
            { project: "medallion-lake-yaml", stack: "dev", aws: { accountId: ACCOUNT } },
        );
        expect(plan.outputs.bronzeBucket).to.equal(
            `medallion-lake-yaml-dev-second-bronze-${ACCOUNT}-eu-west-1`,
        );
        expect(plan.outputs.alarmTopic).to.equal(undefined);
        expect(plan.recorder.ofType("medallion-lake:index:TriggerLambda")).to.deep.equal([]);
    });

    it("an unknown dataset name is refused, naming datasets", () => {
        expect(() => new MedallionLake("lake", { ...exampleArgs(), datasets: ["nope"] })).to.throw(
            'datasets: unknown dataset "nope"; available: flights, sales, transactions, tweets',
        );
    });
});
