import { expect } from "chai";
import { Dashboards } from "../../../components/dashboards/dashboards";
import { GOLD_TABLE_DASHBOARDS } from "../../../components/dashboards/gold-tables";
import { idleMonthlyCost } from "../../../policies/rules/cost/idle";
import { pricesFor } from "../../../policies/rules/cost/prices";
import { settle, setupPulumiMocks, TEST_ACCOUNT_ID, TEST_REGION } from "../../support/pulumi-harness";

const user = (name: string) => `arn:aws:quicksight:us-east-1:${TEST_ACCOUNT_ID}:user/default/${name}`;
const GROUP = `arn:aws:quicksight:us-east-1:${TEST_ACCOUNT_ID}:group/default/analysts`;

async function idleOf(principals: { arn: string; role: "author" | "reader" }[], importMode?: "SPICE") {
    const recorder = setupPulumiMocks({}, "test");
    new Dashboards("bi", {
        accountId: TEST_ACCOUNT_ID,
        region: TEST_REGION,
        naming: { project: "medallion-lake", stack: "test" },
        workgroupName: "medallion-lake-test",
        goldDatabaseName: "medallion_lake_test_gold",
        tables: [GOLD_TABLE_DASHBOARDS.route_summary, GOLD_TABLE_DASHBOARDS.flight_delays_by_origin_month],
        principals,
        importMode,
    });
    await settle();
    const resources = recorder.resources.map((r) => ({ type: r.type, name: r.name, props: r.inputs }));
    return idleMonthlyCost(resources, "eu-west-1");
}

describe("Dashboards: the idle cost estimate", () => {
    it("prices QuickSight Enterprise at $24 per author and $3 per reader a month", () => {
        expect(pricesFor("eu-west-1")).to.include({ quicksightAuthorMonth: 24, quicksightReaderMonth: 3 });
        expect(pricesFor("us-east-1")).to.include({ quicksightAuthorMonth: 24, quicksightReaderMonth: 3 });
    });

    it("bills each author once (data source and data sets name them) and each dashboard-only reader once", async () => {
        const idle = await idleOf([
            { arn: user("ana"), role: "author" },
            { arn: user("bo"), role: "reader" },
            { arn: user("cy"), role: "reader" },
        ]);
        const seats = idle.items.filter((i) => i.item.startsWith("QuickSight"));
        expect(seats).to.deep.equal([
            {
                item: "QuickSight Author seat",
                resource: "bi-athena",
                formula: `1 author (${user("ana")}) x $24.00/user-month`,
                monthlyUsd: 24,
            },
            {
                item: "QuickSight Reader seat",
                resource: "bi-dashboard",
                formula: `1 reader (${user("bo")}) x $3.00/user-month`,
                monthlyUsd: 3,
            },
            {
                item: "QuickSight Reader seat",
                resource: "bi-dashboard",
                formula: `1 reader (${user("cy")}) x $3.00/user-month`,
                monthlyUsd: 3,
            },
        ]);
        expect(idle.totalUsd).to.equal(30);
        expect(idle.unpriced).to.deep.equal([]);
    });

    it("cannot price a group (its members are unknown) and notes SPICE data sets", async () => {
        const idle = await idleOf([{ arn: GROUP, role: "reader" }], "SPICE");
        expect(idle.items).to.deep.equal([]);
        expect(idle.unpriced).to.deep.equal([
            `bi-dashboard: QuickSight group ${GROUP} bills each member ($24.00 per author, $3.00 per reader a month); the stack does not know its members`,
        ]);
        expect(idle.notes).to.deep.equal([
            "bi-route-summary: SPICE data set, capacity beyond the authors' allowance billed per GB-month, not estimated",
            "bi-flight-delays-by-origin-month: SPICE data set, capacity beyond the authors' allowance billed per GB-month, not estimated",
        ]);
    });
});
