/**
 * Dashboards: the lake's gold tables in Amazon QuickSight.
 *
 * ```
 * QuickSight data source (ATHENA, the lake's workgroup, runs as athenaRoleArn)
 *   --> one data set per gold table (relational table AwsDataCatalog.<gold db>.<table>, DIRECT_QUERY)
 *   --> one dashboard, one sheet, one visual per table (AWS::QuickSight::Dashboard through Cloud Control)
 * Lake Formation (when lakeFormation): athenaRoleArn DESCRIBE on the gold database, DESCRIBE+SELECT per table
 * ```
 *
 * QuickSight is a subscription billed per user (docs/bi.md, docs/cost.md): the stack creates nothing here
 * unless `medallion-lake:dashboards.enabled` is set, and the account must already be subscribed (Enterprise
 * edition). The dashboard is registered as `aws.cloudcontrol.Resource` of type `AWS::QuickSight::Dashboard`
 * because `@pulumi/aws` omits the dashboard's `definition` input (pulumi/pulumi-aws#2852).
 * Follows https://docs.aws.amazon.com/quicksight/latest/user/create-a-data-set-athena.html
 */
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { partitionOf } from "../../lib/aws";
import { claimPhysicalNames, kebab, resourceName } from "../../lib/naming";
import { componentSubject } from "../../lib/problems";
import type { DashboardsArgs } from "./args";
import { dashboardDefinition, type GoldTableDashboard, inputColumns } from "./definition";
import { dashboardPermissions, dataSetPermissions, dataSourcePermissions } from "./permissions";
import {
    DASHBOARD_DATABASE_PERMISSIONS,
    DASHBOARD_TABLE_PERMISSIONS,
    DASHBOARDS_DEFAULTS,
    type DashboardsSettings,
    resolveDashboardsSettings,
} from "./settings";

export type { DashboardsArgs } from "./args";
export type { GoldTableDashboard, GoldTableVisual, InputColumnType, VisualMeasure } from "./definition";
export { GOLD_TABLE_DASHBOARDS, goldTableDashboards } from "./gold-tables";
export type { DashboardPrincipal, DashboardRole } from "./permissions";
export { DASHBOARD_ROLES } from "./permissions";
export { DASHBOARDS_DEFAULTS, IMPORT_MODES, type ImportMode } from "./settings";

/** CloudFormation type of the dashboard, registered through Cloud Control. */
export const DASHBOARD_TYPE_NAME = "AWS::QuickSight::Dashboard";

/**
 * An Athena data source on the lake's workgroup, a data set per gold table and a dashboard with one visual
 * per table, shared with the named QuickSight principals; Lake Formation grants for the Athena role.
 *
 * @throws ProblemsError from the constructor listing every bad principal, table definition, role or mode.
 */
export class Dashboards extends pulumi.ComponentResource {
    /** The Athena data source. */
    public readonly dataSource: aws.quicksight.DataSource;
    /** The data set of each gold table, by table name. */
    public readonly dataSets: Record<string, aws.quicksight.DataSet>;
    /** The dashboard (`AWS::QuickSight::Dashboard`). */
    public readonly dashboard: aws.cloudcontrol.Resource;
    /** Id of the dashboard. */
    public readonly dashboardId: string;
    /** ARN of the dashboard. */
    public readonly dashboardArn: string;
    /** The Lake Formation grants to the Athena role, in the order they are made (empty when off). */
    public readonly grants: aws.lakeformation.Permissions[] = [];
    /** The settings in effect (arguments over {@link DASHBOARDS_DEFAULTS}). */
    public readonly settings: DashboardsSettings;

    constructor(name: string, args: DashboardsArgs, opts?: pulumi.ComponentResourceOptions) {
        super("medallion-lake:index:Dashboards", name, {}, opts);
        this.settings = resolveDashboardsSettings(name, args);
        const settings = this.settings;
        const naming = args.naming ?? { project: pulumi.getProject(), stack: pulumi.getStack() };
        const tags = { ...args.tags };
        const child = { parent: this };

        // Lake Formation grants are serialized: parallel grants fail with ConcurrentModificationException.
        if (settings.lakeFormation) {
            let previous: aws.lakeformation.Permissions = new aws.lakeformation.Permissions(
                `${name}-grant-gold-database`,
                {
                    principal: settings.athenaRoleArn,
                    permissions: [...DASHBOARD_DATABASE_PERMISSIONS],
                    database: { name: args.goldDatabaseName },
                },
                { parent: this, dependsOn: args.grantsAfter ?? [] },
            );
            this.grants.push(previous);
            for (const t of args.tables) {
                previous = new aws.lakeformation.Permissions(
                    `${name}-grant-${kebab(t.table)}`,
                    {
                        principal: settings.athenaRoleArn,
                        permissions: [...DASHBOARD_TABLE_PERMISSIONS],
                        table: { databaseName: args.goldDatabaseName, name: t.table },
                    },
                    { parent: this, dependsOn: [previous] },
                );
                this.grants.push(previous);
            }
        }

        this.dataSource = new aws.quicksight.DataSource(
            `${name}-athena`,
            {
                awsAccountId: args.accountId,
                dataSourceId: resourceName(naming, "gold-athena"),
                name: `${naming.project} ${naming.stack} gold (Athena)`,
                type: "ATHENA",
                parameters: { athena: { workGroup: args.workgroupName, roleArn: settings.athenaRoleArn } },
                sslProperties: { disableSsl: false },
                permissions: dataSourcePermissions(args.principals),
                tags,
            },
            { parent: this, dependsOn: this.grants },
        );

        this.dataSets = {};
        for (const t of args.tables) {
            this.dataSets[t.table] = this.dataSet(name, naming, args, t, tags);
        }

        this.dashboardId = resourceName(naming, "gold-dashboard");
        claimPhysicalNames(componentSubject("Dashboards", name), [
            { kind: "QuickSight dashboard", name: this.dashboardId },
        ]);
        this.dashboardArn = `arn:${partitionOf(args.region)}:quicksight:${args.region}:${args.accountId}:dashboard/${this.dashboardId}`;
        const dataSetArns = pulumi.all(
            Object.fromEntries(Object.entries(this.dataSets).map(([table, ds]) => [table, ds.arn])),
        );
        this.dashboard = new aws.cloudcontrol.Resource(
            `${name}-dashboard`,
            {
                typeName: DASHBOARD_TYPE_NAME,
                desiredState: pulumi.jsonStringify({
                    AwsAccountId: args.accountId,
                    DashboardId: this.dashboardId,
                    Name: settings.dashboardName,
                    VersionDescription: `${args.tables.length} gold tables: ${args.tables.map((t) => t.table).join(", ")}`,
                    Definition: dataSetArns.apply((arns) =>
                        dashboardDefinition(args.tables, arns, DASHBOARDS_DEFAULTS.sheetName),
                    ),
                    Permissions: dashboardPermissions(args.principals),
                    Tags: Object.entries(tags).map(([Key, Value]) => ({ Key, Value })),
                }),
            },
            child,
        );

        this.registerOutputs({
            dataSourceArn: this.dataSource.arn,
            dataSetArns,
            dashboardArn: this.dashboardArn,
        });
    }

    private dataSet(
        name: string,
        naming: { project: string; stack: string },
        args: DashboardsArgs,
        t: GoldTableDashboard,
        tags: Record<string, string>,
    ): aws.quicksight.DataSet {
        return new aws.quicksight.DataSet(
            `${name}-${kebab(t.table)}`,
            {
                awsAccountId: args.accountId,
                dataSetId: resourceName(naming, `gold-${t.table}`),
                name: t.table,
                importMode: this.settings.importMode,
                physicalTableMaps: [
                    {
                        physicalTableMapId: kebab(t.table),
                        relationalTable: {
                            dataSourceArn: this.dataSource.arn,
                            catalog: DASHBOARDS_DEFAULTS.catalog,
                            schema: args.goldDatabaseName,
                            name: t.table,
                            inputColumns: inputColumns(t),
                        },
                    },
                ],
                permissions: dataSetPermissions(args.principals),
                tags,
            },
            { parent: this, dependsOn: this.grants },
        );
    }
}
