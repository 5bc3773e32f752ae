/**
 * The QuickSight resource permissions a Dashboards component grants to its principals, by role. Pulumi owns
 * the data source, data sets and dashboard, so nobody is granted update, delete or permission changes:
 * those go through code. Authors may use the data source and data sets (to build their own analyses) and
 * view the dashboard; readers view the dashboard only (QuickSight does not share data sets with readers).
 * Follows https://docs.aws.amazon.com/quicksight/latest/user/sharing-data-sets.html and
 * https://docs.aws.amazon.com/quicksight/latest/APIReference/API_ResourcePermission.html
 */

/** The roles a principal takes: `author` (uses the data, views the dashboard) or `reader` (views it). */
export const DASHBOARD_ROLES = ["author", "reader"] as const;
/** One of {@link DASHBOARD_ROLES}. */
export type DashboardRole = (typeof DASHBOARD_ROLES)[number];

/** A QuickSight user or group and the role it gets. */
export interface DashboardPrincipal {
    /**
     * ARN of a QuickSight user or group, `arn:aws:quicksight:<identity region>:<account>:user/<namespace>/<name>`
     * or `...:group/<namespace>/<name>`, in the stack's account.
     */
    arn: string;
    role: DashboardRole;
}

/** Actions of an author on the data source: read it and pass it to data sets. */
export const DATA_SOURCE_USE_ACTIONS = [
    "quicksight:DescribeDataSource",
    "quicksight:DescribeDataSourcePermissions",
    "quicksight:PassDataSource",
] as const;

/** Actions of an author on a data set: read it and pass it to analyses. */
export const DATA_SET_USE_ACTIONS = [
    "quicksight:DescribeDataSet",
    "quicksight:DescribeDataSetPermissions",
    "quicksight:PassDataSet",
] as const;

/** Actions of an author or reader on the dashboard: the viewer set of the QuickSight console. */
export const DASHBOARD_VIEW_ACTIONS = [
    "quicksight:DescribeDashboard",
    "quicksight:ListDashboardVersions",
    "quicksight:QueryDashboard",
] as const;

/** A resource permission as `aws.quicksight.*` takes it. */
export interface ResourcePermission {
    principal: string;
    actions: string[];
}

/** Permissions on the data source (authors only). */
export function dataSourcePermissions(principals: readonly DashboardPrincipal[]): ResourcePermission[] {
    return principals
        .filter((p) => p.role === "author")
        .map((p) => ({ principal: p.arn, actions: [...DATA_SOURCE_USE_ACTIONS] }));
}

/** Permissions on each data set (authors only). */
export function dataSetPermissions(principals: readonly DashboardPrincipal[]): ResourcePermission[] {
    return principals
        .filter((p) => p.role === "author")
        .map((p) => ({ principal: p.arn, actions: [...DATA_SET_USE_ACTIONS] }));
}

/** Permissions on the dashboard (every principal), as `Principal`/`Actions` for CloudFormation. */
export function dashboardPermissions(
    principals: readonly DashboardPrincipal[],
): { Principal: string; Actions: string[] }[] {
    return principals.map((p) => ({ Principal: p.arn, Actions: [...DASHBOARD_VIEW_ACTIONS] }));
}
