/**
 * The arguments of {@link Dashboards}; every default is a field of {@link DASHBOARDS_DEFAULTS} (`settings.ts`).
 */
import type * as pulumi from "@pulumi/pulumi";
import type { NameContext } from "../../lib/naming";
import type { GoldTableDashboard } from "./definition";
import type { DashboardPrincipal } from "./permissions";
import type { ImportMode } from "./settings";

/** What a {@link Dashboards} is built from. */
export interface DashboardsArgs {
    /** 12-digit account id of the lake and of the QuickSight subscription. */
    accountId: string;
    /** Region of the lake, e.g. `eu-west-1`; the data source, data sets and dashboard live here. */
    region: string;
    /** Project and stack that prefix every id. @default `pulumi.getProject()`, `pulumi.getStack()` */
    naming?: NameContext;
    /** The lake's Athena workgroup (e.g. `lake.workgroup.name`): its result location, encryption and scan cut-off apply. */
    workgroupName: pulumi.Input<string>;
    /** The gold Glue database (e.g. `lake.databaseNames.gold`). */
    goldDatabaseName: pulumi.Input<string>;
    /** One data set and one visual per gold table; see `gold-tables.ts` for this repository's tables. */
    tables: readonly GoldTableDashboard[];
    /** QuickSight users or groups and their roles (authors use the data sets, readers view the dashboard). */
    principals: readonly DashboardPrincipal[];
    /**
     * The IAM role QuickSight runs the data source's Athena queries as (docs/bi.md lists the S3, KMS, Glue,
     * Athena and Lake Formation permissions it needs).
     * @default `arn:aws:iam::<accountId>:role/` + {@link DASHBOARDS_DEFAULTS.athenaRoleName}
     */
    athenaRoleArn?: string;
    /** How the data sets read their tables. @default {@link DASHBOARDS_DEFAULTS.importMode} */
    importMode?: ImportMode;
    /**
     * Grant the Athena role Lake Formation DESCRIBE on the gold database and DESCRIBE, SELECT on each table
     * (set it when the lake runs under Lake Formation). The tables must exist: run each silver_to_gold job
     * once before. @default {@link DASHBOARDS_DEFAULTS.lakeFormation}
     */
    lakeFormation?: boolean;
    /**
     * What the first Lake Formation grant waits for, e.g. the `LakeFormationAdmin` (its data lake settings
     * and grants: Lake Formation refuses concurrent permission changes). @default []
     */
    grantsAfter?: pulumi.Resource[];
    /** Display name of the dashboard. @default {@link DASHBOARDS_DEFAULTS.dashboardName} */
    dashboardName?: string;
    /** Tags on the data source, data sets and dashboard. @default {} */
    tags?: Record<string, string>;
}
