import { expect } from "chai";
import {
    DASHBOARD_TYPE_NAME,
    Dashboards,
    type DashboardsArgs,
} from "../../../components/dashboards/dashboards";
import type { GoldTableDashboard } from "../../../components/dashboards/definition";
import {
    DASHBOARD_VIEW_ACTIONS,
    DATA_SET_USE_ACTIONS,
    DATA_SOURCE_USE_ACTIONS,
} from "../../../components/dashboards/permissions";
import { DASHBOARDS_DEFAULTS } from "../../../components/dashboards/settings";
import { documentedDefaults } from "../../support/docs-defaults";
import {
    REPO_ROOT,
    type Recorder,
    settle,
    setupPulumiMocks,
    TEST_ACCOUNT_ID,
    TEST_REGION,
} from "../../support/pulumi-harness";

const ACCOUNT = TEST_ACCOUNT_ID;
const ANA = `arn:aws:quicksight:us-east-1:${ACCOUNT}:user/default/ana`;
const ANALYSTS = `arn:aws:quicksight:us-east-1:${ACCOUNT}:group/default/analysts`;
const ROLE = `arn:aws:iam::${ACCOUNT}:role/quicksight-athena`;
const GOLD_DB = "medallion_lake_test_gold";
const WORKGROUP = "medallion-lake-test";

const ROUTES: GoldTableDashboard = {
    table: "route_summary",
    columns: { origin: "STRING", destination: "STRING", flights: "INTEGER", avg_delay_minutes: "DECIMAL" },
    visual: {
        kind: "table",
        title: "Routes",
        dimensions: ["origin", "destination"],
        measures: [
            { column: "flights", aggregation: "SUM" },
            { column: "avg_delay_minutes", aggregation: "AVERAGE" },
        ],
    },
};
const TWEETS: GoldTableDashboard = {
    table: "tweets_per_user_day",
    columns: { screen_name: "STRING", day: "DATETIME", tweets: "INTEGER" },
    visual: {
        kind: "line",
        title: "Tweets per day",
        dimensions: ["day"],
        measures: [{ column: "tweets", aggregation: "SUM" }],
    },
};
const SALES: GoldTableDashboard = {
    table: "ventas_diarias_por_tienda",
    columns: { tienda: "STRING", importe: "DECIMAL", year: "INTEGER" },
    visual: {
        kind: "bar",
        title: "Revenue per store",
        dimensions: ["tienda"],
        measures: [{ column: "importe", aggregation: "SUM" }],
    },
};

function baseArgs(): DashboardsArgs {
    return {
        accountId: ACCOUNT,
        region: TEST_REGION,
        naming: { project: "medallion-lake", stack: "test" },
        workgroupName: WORKGROUP,
        goldDatabaseName: GOLD_DB,
        tables: [ROUTES, TWEETS],
        principals: [
            { arn: ANA, role: "author" },
            { arn: ANALYSTS, role: "reader" },
        ],
        athenaRoleArn: ROLE,
        lakeFormation: true,
        tags: { team: "data" },
    };
}

async function build(
    args: Partial<DashboardsArgs> = {},
): Promise<{ recorder: Recorder; dashboards: Dashboards }> {
    const recorder = setupPulumiMocks({}, "test");
    const dashboards = new Dashboards("bi", { ...baseArgs(), ...args });
    await settle();
    return { recorder, dashboards };
}

function errorOf(args: Partial<DashboardsArgs>): string {
    setupPulumiMocks({}, "test");
    try {
        new Dashboards("bad", { ...baseArgs(), ...args });
    } catch (error) {
        return (error as Error).message;
    }
    throw new Error("expected the constructor to throw");
}

const dataSourceArn = `arn:aws:quicksight:${TEST_REGION}:${ACCOUNT}:datasource/medallion-lake-test-gold-athena`;
const dataSetArn = (table: string) =>
    `arn:aws:quicksight:${TEST_REGION}:${ACCOUNT}:dataset/medallion-lake-test-gold-${table.replace(/_/g, "-")}`;

describe("Dashboards", () => {
    it("documents every default in docs/bi.md, with the values of DASHBOARDS_DEFAULTS", () => {
        expect(documentedDefaults("DASHBOARDS_DEFAULTS", `${REPO_ROOT}/docs/bi.md`)).to.deep.equal(
            DASHBOARDS_DEFAULTS,
        );
        expect(DASHBOARDS_DEFAULTS).to.deep.equal({
            importMode: "DIRECT_QUERY",
            athenaRoleName: "service-role/aws-quicksight-service-role-v0",
            lakeFormation: false,
            catalog: "AwsDataCatalog",
            dashboardName: "Gold tables",
            sheetName: "Gold",
        });
    });

    it("grants the Athena role DESCRIBE on the gold database, then DESCRIBE and SELECT on each table, one after another", async () => {
        const { recorder, dashboards } = await build();
        const database = recorder.named(
            "bi-grant-gold-database",
            "aws:lakeformation/permissions:Permissions",
        );
        expect(database.inputs).to.deep.equal({
            principal: ROLE,
            permissions: ["DESCRIBE"],
            database: { name: GOLD_DB },
        });
        const routes = recorder.named("bi-grant-route-summary", "aws:lakeformation/permissions:Permissions");
        expect(routes.inputs).to.deep.equal({
            principal: ROLE,
            permissions: ["DESCRIBE", "SELECT"],
            table: { databaseName: GOLD_DB, name: "route_summary" },
        });
        const tweets = recorder.named(
            "bi-grant-tweets-per-user-day",
            "aws:lakeformation/permissions:Permissions",
        );
        expect(tweets.inputs).to.deep.equal({
            principal: ROLE,
            permissions: ["DESCRIBE", "SELECT"],
            table: { databaseName: GOLD_DB, name: "tweets_per_user_day" },
        });
        expect(recorder.dependsOn(routes, database)).to.equal(true);
        expect(recorder.dependsOn(tweets, routes)).to.equal(true);
        expect(dashboards.grants).to.have.length(3);
    });

    it("registers an Athena data source on the lake's workgroup, run as the Athena role, usable by authors only", async () => {
        const { recorder } = await build();
        const source = recorder.named("bi-athena", "aws:quicksight/dataSource:DataSource");
        expect(source.inputs).to.deep.equal({
            awsAccountId: ACCOUNT,
            dataSourceId: "medallion-lake-test-gold-athena",
            name: "medallion-lake test gold (Athena)",
            type: "ATHENA",
            parameters: { athena: { workGroup: WORKGROUP, roleArn: ROLE } },
            sslProperties: { disableSsl: false },
            permissions: [{ principal: ANA, actions: [...DATA_SOURCE_USE_ACTIONS] }],
            tags: { team: "data" },
        });
        expect(DATA_SOURCE_USE_ACTIONS).to.deep.equal([
            "quicksight:DescribeDataSource",
            "quicksight:DescribeDataSourcePermissions",
            "quicksight:PassDataSource",
        ]);
        const lastGrant = recorder.named(
            "bi-grant-tweets-per-user-day",
            "aws:lakeformation/permissions:Permissions",
        );
        expect(recorder.dependsOn(source, lastGrant)).to.equal(true);
        expect(source.outputs.arn).to.equal(dataSourceArn);
    });

    it("registers a direct-query data set per gold table, mapped to the gold database's table with its columns", async () => {
        const { recorder, dashboards } = await build();
        const routes = recorder.named("bi-route-summary", "aws:quicksight/dataSet:DataSet");
        expect(routes.inputs).to.deep.equal({
            awsAccountId: ACCOUNT,
            dataSetId: "medallion-lake-test-gold-route-summary",
            name: "route_summary",
            importMode: "DIRECT_QUERY",
            physicalTableMaps: [
                {
                    physicalTableMapId: "route-summary",
                    relationalTable: {
                        dataSourceArn,
                        catalog: "AwsDataCatalog",
                        schema: GOLD_DB,
                        name: "route_summary",
                        inputColumns: [
                            { name: "origin", type: "STRING" },
                            { name: "destination", type: "STRING" },
                            { name: "flights", type: "INTEGER" },
                            { name: "avg_delay_minutes", type: "DECIMAL" },
                        ],
                    },
                },
            ],
            permissions: [{ principal: ANA, actions: [...DATA_SET_USE_ACTIONS] }],
            tags: { team: "data" },
        });
        expect(DATA_SET_USE_ACTIONS).to.deep.equal([
            "quicksight:DescribeDataSet",
            "quicksight:DescribeDataSetPermissions",
            "quicksight:PassDataSet",
        ]);
        const tweets = recorder.named("bi-tweets-per-user-day", "aws:quicksight/dataSet:DataSet");
        expect(tweets.inputs.physicalTableMaps[0].relationalTable.inputColumns).to.deep.equal([
            { name: "screen_name", type: "STRING" },
            { name: "day", type: "DATETIME" },
            { name: "tweets", type: "INTEGER" },
        ]);
        expect(Object.keys(dashboards.dataSets)).to.deep.equal(["route_summary", "tweets_per_user_day"]);
        expect(recorder.ofType("aws:quicksight/dataSet:DataSet")).to.have.length(2);
    });

    it("registers the dashboard through Cloud Control with one visual per table and view permissions for every principal", async () => {
        const { recorder, dashboards } = await build({ tables: [ROUTES, TWEETS, SALES] });
        const dashboard = recorder.named("bi-dashboard", "aws:cloudcontrol/resource:Resource");
        expect(dashboard.inputs.typeName).to.equal(DASHBOARD_TYPE_NAME);
        expect(DASHBOARD_TYPE_NAME).to.equal("AWS::QuickSight::Dashboard");
        expect(Object.keys(dashboard.inputs)).to.have.members(["typeName", "desiredState"]);
        const column = (table: string, name: string) => ({ DataSetIdentifier: table, ColumnName: name });
        expect(JSON.parse(dashboard.inputs.desiredState)).to.deep.equal({
            AwsAccountId: ACCOUNT,
            DashboardId: "medallion-lake-test-gold-dashboard",
            Name: "Gold tables",
            VersionDescription:
                "3 gold tables: route_summary, tweets_per_user_day, ventas_diarias_por_tienda",
            Definition: {
                DataSetIdentifierDeclarations: [
                    { Identifier: "route_summary", DataSetArn: dataSetArn("route_summary") },
                    { Identifier: "tweets_per_user_day", DataSetArn: dataSetArn("tweets_per_user_day") },
                    {
                        Identifier: "ventas_diarias_por_tienda",
                        DataSetArn: dataSetArn("ventas_diarias_por_tienda"),
                    },
                ],
                Sheets: [
                    {
                        SheetId: "gold",
                        Name: "Gold",
                        Visuals: [
                            {
                                TableVisual: {
                                    VisualId: "route_summary-table",
                                    Title: { Visibility: "VISIBLE", FormatText: { PlainText: "Routes" } },
                                    ChartConfiguration: {
                                        FieldWells: {
                                            TableAggregatedFieldWells: {
                                                GroupBy: [
                                                    {
                                                        CategoricalDimensionField: {
                                                            FieldId: "route_summary.origin",
                                                            Column: column("route_summary", "origin"),
                                                        },
                                                    },
                                                    {
                                                        CategoricalDimensionField: {
                                                            FieldId: "route_summary.destination",
                                                            Column: column("route_summary", "destination"),
                                                        },
                                                    },
                                                ],
                                                Values: [
                                                    {
                                                        NumericalMeasureField: {
                                                            FieldId: "route_summary.flights.sum",
                                                            Column: column("route_summary", "flights"),
                                                            AggregationFunction: {
                                                                SimpleNumericalAggregation: "SUM",
                                                            },
                                                        },
                                                    },
                                                    {
                                                        NumericalMeasureField: {
                                                            FieldId:
                                                                "route_summary.avg_delay_minutes.average",
                                                            Column: column(
                                                                "route_summary",
                                                                "avg_delay_minutes",
                                                            ),
                                                            AggregationFunction: {
                                                                SimpleNumericalAggregation: "AVERAGE",
                                                            },
                                                        },
                                                    },
                                                ],
                                            },
                                        },
                                    },
                                },
                            },
                            {
                                LineChartVisual: {
                                    VisualId: "tweets_per_user_day-line",
                                    Title: {
                                        Visibility: "VISIBLE",
                                        FormatText: { PlainText: "Tweets per day" },
                                    },
                                    ChartConfiguration: {
                                        FieldWells: {
                                            LineChartAggregatedFieldWells: {
                                                Category: [
                                                    {
                                                        DateDimensionField: {
                                                            FieldId: "tweets_per_user_day.day",
                                                            Column: column("tweets_per_user_day", "day"),
                                                            DateGranularity: "DAY",
                                                        },
                                                    },
                                                ],
                                                Values: [
                                                    {
                                                        NumericalMeasureField: {
                                                            FieldId: "tweets_per_user_day.tweets.sum",
                                                            Column: column("tweets_per_user_day", "tweets"),
                                                            AggregationFunction: {
                                                                SimpleNumericalAggregation: "SUM",
                                                            },
                                                        },
                                                    },
                                                ],
                                            },
                                        },
                                        Type: "LINE",
                                    },
                                },
                            },
                            {
                                BarChartVisual: {
                                    VisualId: "ventas_diarias_por_tienda-bar",
                                    Title: {
                                        Visibility: "VISIBLE",
                                        FormatText: { PlainText: "Revenue per store" },
                                    },
                                    ChartConfiguration: {
                                        FieldWells: {
                                            BarChartAggregatedFieldWells: {
                                                Category: [
                                                    {
                                                        CategoricalDimensionField: {
                                                            FieldId: "ventas_diarias_por_tienda.tienda",
                                                            Column: column(
                                                                "ventas_diarias_por_tienda",
                                                                "tienda",
                                                            ),
                                                        },
                                                    },
                                                ],
                                                Values: [
                                                    {
                                                        NumericalMeasureField: {
                                                            FieldId: "ventas_diarias_por_tienda.importe.sum",
                                                            Column: column(
                                                                "ventas_diarias_por_tienda",
                                                                "importe",
                                                            ),
                                                            AggregationFunction: {
                                                                SimpleNumericalAggregation: "SUM",
                                                            },
                                                        },
                                                    },
                                                ],
                                            },
                                        },
                                        Orientation: "HORIZONTAL",
                                    },
                                },
                            },
                        ],
                    },
                ],
            },
            Permissions: [
                { Principal: ANA, Actions: [...DASHBOARD_VIEW_ACTIONS] },
                { Principal: ANALYSTS, Actions: [...DASHBOARD_VIEW_ACTIONS] },
            ],
            Tags: [{ Key: "team", Value: "data" }],
        });
        expect(DASHBOARD_VIEW_ACTIONS).to.deep.equal([
            "quicksight:DescribeDashboard",
            "quicksight:ListDashboardVersions",
            "quicksight:QueryDashboard",
        ]);
        expect(dashboards.dashboardArn).to.equal(
            `arn:aws:quicksight:${TEST_REGION}:${ACCOUNT}:dashboard/medallion-lake-test-gold-dashboard`,
        );
    });

    it("parents every child and prefixes its name", async () => {
        const { recorder } = await build();
        const component = recorder.named("bi", "medallion-lake:index:Dashboards");
        const children = recorder.childrenOf(component);
        expect(children.map((c) => c.name).sort()).to.deep.equal([
            "bi-athena",
            "bi-dashboard",
            "bi-grant-gold-database",
            "bi-grant-route-summary",
            "bi-grant-tweets-per-user-day",
            "bi-route-summary",
            "bi-tweets-per-user-day",
        ]);
    });

    it("defaults to the account's QuickSight service role, direct query and no Lake Formation grants", async () => {
        const { recorder, dashboards } = await build({
            athenaRoleArn: undefined,
            lakeFormation: undefined,
            tags: undefined,
        });
        const role = `arn:aws:iam::${ACCOUNT}:role/service-role/aws-quicksight-service-role-v0`;
        expect(dashboards.settings).to.deep.equal({
            importMode: "DIRECT_QUERY",
            athenaRoleArn: role,
            lakeFormation: false,
            dashboardName: "Gold tables",
        });
        expect(recorder.ofType("aws:lakeformation/permissions:Permissions")).to.deep.equal([]);
        const source = recorder.named("bi-athena", "aws:quicksight/dataSource:DataSource");
        expect(source.inputs.parameters.athena.roleArn).to.equal(role);
        expect(source.inputs.tags).to.deep.equal({});
    });

    it("imports into SPICE when asked", async () => {
        const { recorder } = await build({ importMode: "SPICE" });
        const routes = recorder.named("bi-route-summary", "aws:quicksight/dataSet:DataSet");
        expect(routes.inputs.importMode).to.equal("SPICE");
    });

    it("reports every bad principal, table definition and role at once, naming the option and the fix", () => {
        const message = errorOf({
            principals: [
                { arn: "arn:aws:quicksight:us-east-1:210987654321:user/default/bob", role: "reader" },
                { arn: ANA, role: "author" },
                { arn: ANA, role: "reader" },
            ],
            tables: [
                {
                    ...ROUTES,
                    visual: {
                        ...ROUTES.visual,
                        dimensions: ["origin", "dest"],
                        measures: [{ column: "origin", aggregation: "SUM" }],
                    },
                },
                { ...TWEETS, visual: { ...TWEETS.visual, dimensions: ["day", "screen_name"] } },
                TWEETS,
            ],
            athenaRoleArn: "arn:aws:iam::210987654321:role/quicksight",
        });
        expect(message.split("\n")).to.deep.equal([
            'Dashboards bad: principals[0].arn: got "arn:aws:quicksight:us-east-1:210987654321:user/default/bob"; the principal is in account 210987654321; QuickSight shares resources only within the stack\'s account 123456789012',
            `Dashboards bad: principals[2].arn: got "${ANA}"; is listed twice; list each principal once`,
            'Dashboards bad: tables[0].visual.dimensions[1]: got "dest"; use a declared column: origin, destination, flights, avg_delay_minutes',
            'Dashboards bad: tables[0].visual.measures[0].column: got "origin"; use a declared INTEGER or DECIMAL column: flights, avg_delay_minutes',
            'Dashboards bad: tables[1].visual.dimensions: got ["day","screen_name"]; a line chart has one x-axis column',
            'Dashboards bad: tables[2].table: got "tweets_per_user_day"; is listed twice; list each table once',
            'Dashboards bad: athenaRoleArn: got "arn:aws:iam::210987654321:role/quicksight"; use a role of the stack\'s account 123456789012',
        ]);
    });

    it("refuses no principals and no tables", () => {
        expect(errorOf({ principals: [], tables: [] }).split("\n")).to.deep.equal([
            "Dashboards bad: principals: got []; list at least one QuickSight user or group ARN with its role (author or reader); nobody could open the dashboard",
            "Dashboards bad: tables: got []; list at least one gold table; the dashboard shows one visual per table",
        ]);
    });
});
