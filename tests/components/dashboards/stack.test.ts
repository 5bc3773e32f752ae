import { expect } from "chai";
import { evaluatePolicies } from "../../../policies/evaluate";
import { idleMonthlyCost } from "../../../policies/rules/cost/idle";
import { evaluatedResources } from "../../policies/support/stacks";
import { type Recorder, readStackConfig, runProgram } from "../../support/pulumi-harness";

const ANA = "arn:aws:quicksight:eu-west-1:123456789012:user/default/ana";
const GRANT = "aws:lakeformation/permissions:Permissions";

describe("Dashboards in the program (index.ts with Pulumi.dev.yaml)", () => {
    it("registers no QuickSight resource unless medallion-lake:dashboards.enabled", async () => {
        const { recorder, outputs } = await runProgram(readStackConfig("dev"), "dev");
        const quickSight = recorder.resources.filter(
            (r) => r.type.startsWith("aws:quicksight/") || r.type === "aws:cloudcontrol/resource:Resource",
        );
        expect(quickSight).to.deep.equal([]);
        expect(outputs.quickSightDashboard).to.equal(undefined);
    });

    describe("enabled", () => {
        let recorder: Recorder;
        let outputs: Record<string, unknown>;
        before(async () => {
            const raw = readStackConfig("dev");
            raw["medallion-lake:dashboards"] = JSON.stringify({
                enabled: true,
                principals: [{ arn: ANA, role: "author" }],
            });
            ({ recorder, outputs } = await runProgram(raw, "dev"));
        });

        it("registers a data set per gold table of the deployed datasets and one dashboard on the lake's workgroup", () => {
            const dataSets = recorder.ofType("aws:quicksight/dataSet:DataSet");
            expect(dataSets.map((d) => d.inputs.name).sort()).to.deep.equal([
                "flight_delays_by_origin_month",
                "route_summary",
                "tweets_per_user_day",
                "ventas_diarias_por_tienda",
            ]);
            for (const d of dataSets) {
                expect(d.inputs.physicalTableMaps[0].relationalTable.schema).to.equal(
                    "medallion_lake_dev_gold",
                );
            }
            const source = recorder.named("dashboards-athena", "aws:quicksight/dataSource:DataSource");
            expect(source.inputs.parameters.athena).to.deep.equal({
                workGroup: "medallion-lake-dev-lake",
                roleArn: "arn:aws:iam::123456789012:role/service-role/aws-quicksight-service-role-v0",
            });
            expect(outputs.quickSightDashboard).to.deep.equal({
                dashboardId: "medallion-lake-dev-gold-dashboard",
                dashboardArn:
                    "arn:aws:quicksight:eu-west-1:123456789012:dashboard/medallion-lake-dev-gold-dashboard",
                dataSourceArn:
                    "arn:aws:quicksight:eu-west-1:123456789012:datasource/medallion-lake-dev-gold-athena",
            });
        });

        it("grants the QuickSight role on the gold tables after the lake's Lake Formation admin", () => {
            const first = recorder.named("dashboards-grant-gold-database", GRANT);
            // dependsOn a component waits for its resources: the data lake settings and every lake grant.
            const settings = recorder.named(
                "lake-formation-settings",
                "aws:lakeformation/dataLakeSettings:DataLakeSettings",
            );
            expect(recorder.dependsOn(first, settings)).to.equal(true);
            const lakeGrants = recorder
                .ofType(GRANT)
                .filter((g) => g.name.startsWith("lake-formation-grant-"));
            expect(lakeGrants.length).to.be.greaterThan(0);
            for (const g of lakeGrants) expect(recorder.dependsOn(first, g), g.name).to.equal(true);
            const grants = recorder.ofType(GRANT).filter((g) => g.name.startsWith("dashboards-"));
            // the gold database and each of the four gold tables of dev (transactions only with its source on)
            expect(grants).to.have.length(5);
        });

        it("adds the author's seat to the idle estimate", () => {
            const resources = recorder.resources.map((r) => ({
                type: r.type,
                name: r.name,
                props: r.inputs,
            }));
            const seats = idleMonthlyCost(resources, "eu-west-1").items.filter((i) =>
                i.item.startsWith("QuickSight"),
            );
            expect(seats.map((s) => [s.item, s.monthlyUsd])).to.deep.equal([["QuickSight Author seat", 24]]);
        });

        it("passes the policy pack (no violation on its resources or the stack)", async () => {
            const violations = await evaluatePolicies(evaluatedResources(recorder));
            const ours = violations.filter((v) => v.urn === undefined || v.urn.includes("dashboards"));
            expect(ours.map((v) => `${v.policyName}: ${v.message}`)).to.deep.equal([]);
        });
    });
});
