/**
 * Settings of the Dashboards component: every default ({@link DASHBOARDS_DEFAULTS}), the rules on principals
 * and table definitions, and {@link resolveDashboardsSettings}, which reports every problem at once. The
 * stack config schema reports {@link dashboardPrincipalProblems} and {@link athenaRoleArnProblem} too, so
 * config and component give the same messages.
 */
import { partitionOf } from "../../lib/aws";
import { componentSubject, type Problem, problem, throwIfProblems } from "../../lib/problems";
import {
    AGGREGATIONS,
    type GoldTableDashboard,
    INPUT_COLUMN_TYPES,
    NUMERIC_COLUMN_TYPES,
    VISUAL_KINDS,
} from "./definition";
import { DASHBOARD_ROLES, type DashboardPrincipal } from "./permissions";

/** How a data set reads its table: Athena on every view, or an import into SPICE. */
export const IMPORT_MODES = ["DIRECT_QUERY", "SPICE"] as const;
/** One of {@link IMPORT_MODES}. */
export type ImportMode = (typeof IMPORT_MODES)[number];

/**
 * Every default of the Dashboards component. Code, docs (`docs/bi.md`) and tests read these values.
 */
export const DASHBOARDS_DEFAULTS = {
    /**
     * Direct query: gold tables are small aggregates, so a view scans little (each query is bounded by the
     * workgroup's scan cut-off), shows the latest gold run without a refresh schedule, and uses no SPICE
     * capacity (billed per GB-month beyond the authors' allowance). See docs/bi.md.
     */
    importMode: "DIRECT_QUERY" as ImportMode,
    /**
     * The role QuickSight creates for its account (`aws-quicksight-service-role-v0`, under the
     * `service-role/` path); the data source runs its Athena queries as this role.
     */
    athenaRoleName: "service-role/aws-quicksight-service-role-v0",
    /** Lake Formation grants to the Athena role only when the caller says the lake is under Lake Formation. */
    lakeFormation: false,
    /** The Glue Data Catalog as Athena names it. */
    catalog: "AwsDataCatalog",
    /** Display name of the dashboard. */
    dashboardName: "Gold tables",
    /** Name of the dashboard's one sheet. */
    sheetName: "Gold",
} as const;

/** Lake Formation permissions of the Athena role: DESCRIBE on the gold database, these on each gold table. */
export const DASHBOARD_TABLE_PERMISSIONS = ["DESCRIBE", "SELECT"] as const;
/** Lake Formation permissions of the Athena role on the gold database. */
export const DASHBOARD_DATABASE_PERMISSIONS = ["DESCRIBE"] as const;

/** Most permissions QuickSight keeps on one resource (`Permissions`, maximum 64 items). */
export const MAX_RESOURCE_PERMISSIONS = 64;

const QUICKSIGHT_PRINCIPAL_ARN =
    /^arn:aws[a-z-]*:quicksight:[a-z0-9-]+:(\d{12}):(user|group)\/[A-Za-z0-9._@+=,-]{1,64}\/[^/\s]{1,256}$/;
const IAM_ROLE_ARN = /^arn:aws[a-z-]*:iam::(\d{12}):role\/[\w+=,.@/-]{1,512}$/;
const GLUE_TABLE_NAME = /^[a-z0-9_]{1,255}$/;

/** The QuickSight account-wide role's ARN in an account: `arn:<partition>:iam::<account>:role/<athenaRoleName>`. */
export function defaultAthenaRoleArn(accountId: string, region: string): string {
    return `arn:${partitionOf(region)}:iam::${accountId}:role/${DASHBOARDS_DEFAULTS.athenaRoleName}`;
}

/**
 * Problems of the principals: each a QuickSight user or group ARN (of `accountId` when given), listed once,
 * at least one, at most {@link MAX_RESOURCE_PERMISSIONS}. `field` prefixes each option.
 */
export function dashboardPrincipalProblems(
    principals: readonly DashboardPrincipal[],
    accountId?: string,
    field = "principals",
): Problem[] {
    const problems: Problem[] = [];
    if (principals.length === 0) {
        problems.push({
            option: field,
            got: "[]",
            fix: "list at least one QuickSight user or group ARN with its role (author or reader); nobody could open the dashboard",
        });
    }
    if (principals.length > MAX_RESOURCE_PERMISSIONS) {
        problems.push({
            option: field,
            got: `${principals.length} principals`,
            fix: `QuickSight keeps at most ${MAX_RESOURCE_PERMISSIONS} permissions per resource; grant a group instead of its users`,
        });
    }
    principals.forEach((p, i) => {
        const match = QUICKSIGHT_PRINCIPAL_ARN.exec(p.arn);
        if (match === null) {
            problems.push(
                problem(
                    `${field}[${i}].arn`,
                    p.arn,
                    "use a QuickSight user or group ARN, arn:aws:quicksight:<identity region>:<account>:user/default/<name> or ...:group/default/<name>",
                ),
            );
        } else if (accountId !== undefined && match[1] !== accountId) {
            problems.push(
                problem(
                    `${field}[${i}].arn`,
                    p.arn,
                    `the principal is in account ${match[1]}; QuickSight shares resources only within the stack's account ${accountId}`,
                ),
            );
        }
        if (!(DASHBOARD_ROLES as readonly string[]).includes(p.role)) {
            problems.push(problem(`${field}[${i}].role`, p.role, `use one of ${DASHBOARD_ROLES.join(", ")}`));
        }
        if (principals.findIndex((other) => other.arn === p.arn) !== i) {
            problems.push(problem(`${field}[${i}].arn`, p.arn, "is listed twice; list each principal once"));
        }
    });
    return problems;
}

/** The problem with an Athena role ARN (an IAM role, in `accountId` when given), or undefined. */
export function athenaRoleArnProblem(
    arn: string,
    accountId?: string,
    field = "athenaRoleArn",
): Problem | undefined {
    const match = IAM_ROLE_ARN.exec(arn);
    if (match === null)
        return problem(field, arn, "use an IAM role ARN, arn:aws:iam::<account>:role/<path/name>");
    if (accountId !== undefined && match[1] !== accountId) {
        return problem(field, arn, `use a role of the stack's account ${accountId}`);
    }
    return undefined;
}

/** Problems of one table definition: its name, column types, and the visual's columns, kind and aggregations. */
function tableProblems(t: GoldTableDashboard, field: string): Problem[] {
    const problems: Problem[] = [];
    if (!GLUE_TABLE_NAME.test(t.table)) {
        problems.push(
            problem(`${field}.table`, t.table, "use a Glue table name: lowercase letters, digits and _"),
        );
    }
    const columns = Object.entries(t.columns);
    if (columns.length === 0) problems.push(problem(`${field}.columns`, {}, "declare the table's columns"));
    for (const [column, type] of columns) {
        if (!(INPUT_COLUMN_TYPES as readonly string[]).includes(type)) {
            problems.push(
                problem(`${field}.columns.${column}`, type, `use one of ${INPUT_COLUMN_TYPES.join(", ")}`),
            );
        }
    }
    const { visual } = t;
    if (!(VISUAL_KINDS as readonly string[]).includes(visual.kind)) {
        problems.push(problem(`${field}.visual.kind`, visual.kind, `use one of ${VISUAL_KINDS.join(", ")}`));
    }
    if (visual.title.trim() === "")
        problems.push(problem(`${field}.visual.title`, visual.title, "give a title"));
    if (visual.dimensions.length === 0) {
        problems.push(problem(`${field}.visual.dimensions`, [], "list at least one column"));
    }
    if (visual.kind === "line" && visual.dimensions.length > 1) {
        problems.push(
            problem(`${field}.visual.dimensions`, visual.dimensions, "a line chart has one x-axis column"),
        );
    }
    visual.dimensions.forEach((column, i) => {
        if (!(column in t.columns)) {
            problems.push(
                problem(
                    `${field}.visual.dimensions[${i}]`,
                    column,
                    `use a declared column: ${Object.keys(t.columns).join(", ")}`,
                ),
            );
        }
    });
    if (visual.measures.length === 0) {
        problems.push(
            problem(`${field}.visual.measures`, [], "list at least one numeric column to aggregate"),
        );
    }
    visual.measures.forEach((m, i) => {
        const type = t.columns[m.column];
        if (type === undefined || !NUMERIC_COLUMN_TYPES.includes(type)) {
            const numeric = columns.filter(([, ty]) => NUMERIC_COLUMN_TYPES.includes(ty)).map(([c]) => c);
            problems.push(
                problem(
                    `${field}.visual.measures[${i}].column`,
                    m.column,
                    `use a declared INTEGER or DECIMAL column: ${numeric.join(", ") || "none declared"}`,
                ),
            );
        }
        if (!(AGGREGATIONS as readonly string[]).includes(m.aggregation)) {
            problems.push(
                problem(
                    `${field}.visual.measures[${i}].aggregation`,
                    m.aggregation,
                    `use one of ${AGGREGATIONS.join(", ")}`,
                ),
            );
        }
    });
    return problems;
}

/** Problems of the table definitions: at least one, each table once, each definition valid. */
export function dashboardTableProblems(tables: readonly GoldTableDashboard[]): Problem[] {
    const problems: Problem[] = [];
    if (tables.length === 0)
        problems.push(
            problem("tables", [], "list at least one gold table; the dashboard shows one visual per table"),
        );
    tables.forEach((t, i) => {
        problems.push(...tableProblems(t, `tables[${i}]`));
        if (tables.findIndex((other) => other.table === t.table) !== i) {
            problems.push(problem(`tables[${i}].table`, t.table, "is listed twice; list each table once"));
        }
    });
    return problems;
}

/** The options {@link resolveDashboardsSettings} reads (a `DashboardsArgs` satisfies it). */
export interface DashboardsSettingsArgs {
    accountId: string;
    region: string;
    principals: readonly DashboardPrincipal[];
    tables: readonly GoldTableDashboard[];
    athenaRoleArn?: string;
    importMode?: ImportMode;
    lakeFormation?: boolean;
    dashboardName?: string;
}

/** The settings in effect. */
export interface DashboardsSettings {
    importMode: ImportMode;
    athenaRoleArn: string;
    lakeFormation: boolean;
    dashboardName: string;
}

/**
 * Applies {@link DASHBOARDS_DEFAULTS} and checks principals, tables, the Athena role and the import mode.
 * @throws ProblemsError listing every problem (`Dashboards <name>: <option>: got X; <fix>`).
 */
export function resolveDashboardsSettings(name: string, args: DashboardsSettingsArgs): DashboardsSettings {
    const d = DASHBOARDS_DEFAULTS;
    const settings: DashboardsSettings = {
        importMode: args.importMode ?? d.importMode,
        athenaRoleArn: args.athenaRoleArn ?? defaultAthenaRoleArn(args.accountId, args.region),
        lakeFormation: args.lakeFormation ?? d.lakeFormation,
        dashboardName: args.dashboardName ?? d.dashboardName,
    };
    const problems = [
        ...dashboardPrincipalProblems(args.principals, args.accountId),
        ...dashboardTableProblems(args.tables),
    ];
    const role = athenaRoleArnProblem(settings.athenaRoleArn, args.accountId);
    if (role !== undefined) problems.push(role);
    if (!(IMPORT_MODES as readonly string[]).includes(settings.importMode)) {
        problems.push(problem("importMode", settings.importMode, `use one of ${IMPORT_MODES.join(", ")}`));
    }
    if (settings.dashboardName.length < 1 || settings.dashboardName.length > 2048) {
        problems.push(problem("dashboardName", settings.dashboardName, "use 1 to 2048 characters"));
    }
    throwIfProblems(componentSubject("Dashboards", name), problems);
    return settings;
}
