/**
 * The Lake Formation permission sets the lake grants, and the rules every grant follows.
 *
 * - Permission lists are kept in lexical order: the provider stores them sorted, so any other order shows a
 *   diff (and an update) on every `pulumi up`.
 * - No grant goes to a Lake Formation admin: admins hold every permission implicitly, and revoking an
 *   explicit grant from an admin fails, which makes `pulumi destroy` fail.
 * - No grant goes to `IAM_ALLOWED_PRINCIPALS` in Lake Formation mode: that principal is what turns Lake
 *   Formation permissions back into plain IAM permissions.
 *
 * Follows https://docs.aws.amazon.com/lake-formation/latest/dg/lf-permissions-reference.html and
 * https://docs.aws.amazon.com/lake-formation/latest/dg/change-settings.html
 */

/** The group principal that stands for "every IAM principal allowed by IAM policies" (IAM-only access). */
export const IAM_ALLOWED_PRINCIPALS = "IAM_ALLOWED_PRINCIPALS";

/** How the lake is governed: Lake Formation permissions only, or Lake Formation and IAM side by side. */
export const LAKE_FORMATION_MODES = ["lakeformation", "hybrid"] as const;
/** A governance mode; see {@link LAKE_FORMATION_MODES}. */
export type LakeFormationMode = (typeof LAKE_FORMATION_MODES)[number];

/** Permissions Lake Formation accepts on a table, and on tables matched by an LF-tag expression. */
export const TABLE_PERMISSIONS = ["ALTER", "DELETE", "DESCRIBE", "DROP", "INSERT", "SELECT"] as const;
/** One table permission; see {@link TABLE_PERMISSIONS}. */
export type TablePermission = (typeof TABLE_PERMISSIONS)[number];

/**
 * What a Glue principal does with a zone:
 * - `read`: queries the zone's tables (a job reading its source zone).
 * - `crawl`: creates and updates table definitions and partitions from the zone's S3 data (a crawler).
 * - `write`: writes data and tables into the zone (a job writing its target zone).
 * - `optimize`: rewrites the data and metadata files of existing tables and commits them, creating no table
 *   (the role of the Glue table optimizers: compaction, snapshot retention, orphan file deletion).
 */
export const DATA_ACCESS_LEVELS = ["read", "crawl", "write", "optimize"] as const;
/** One data access level; see {@link DATA_ACCESS_LEVELS}. */
export type DataAccessLevel = (typeof DATA_ACCESS_LEVELS)[number];

/** The permissions of one access level, per Lake Formation resource; every list is in lexical order. */
export interface AccessPermissions {
    /** On the zone's S3 location; empty when the level needs no data location access. */
    readonly dataLocation: readonly string[];
    /** On the zone's Glue database. */
    readonly database: readonly string[];
    /** On the zone's tables (all of them, or the ones named in the grant). */
    readonly table: readonly TablePermission[];
}

/**
 * Permissions per access level, the least each level needs:
 * - `DATA_LOCATION_ACCESS` lets a principal create tables whose data lives in the location; readers do not
 *   create tables, so they get none.
 * - `CREATE_TABLE` on the database lets crawlers and writers add tables; `DESCRIBE` lets anyone see it.
 * - On tables: `SELECT` reads data, `INSERT` adds data and partitions, `DELETE` removes data (overwrites),
 *   `ALTER` changes the schema and partitions (and commits a new Iceberg metadata file). No level gets
 *   `DROP` (tables outlive the jobs that fill them).
 * - `optimize` is what the Glue table optimizers' role needs on a registered location, as the AWS doc lists it
 *   (https://docs.aws.amazon.com/glue/latest/dg/optimization-prerequisites.html): data location access, and
 *   `ALTER`, `DELETE`, `DESCRIBE`, `INSERT` on the tables; `DESCRIBE` on the database to find them. It
 *   creates no table (no `CREATE_TABLE`) and answers no query (no `SELECT`).
 */
export const DATA_ACCESS_PERMISSIONS: Readonly<Record<DataAccessLevel, AccessPermissions>> = {
    read: { dataLocation: [], database: ["DESCRIBE"], table: ["DESCRIBE", "SELECT"] },
    crawl: {
        dataLocation: ["DATA_LOCATION_ACCESS"],
        database: ["CREATE_TABLE", "DESCRIBE"],
        table: ["ALTER", "DESCRIBE", "INSERT"],
    },
    write: {
        dataLocation: ["DATA_LOCATION_ACCESS"],
        database: ["CREATE_TABLE", "DESCRIBE"],
        table: ["ALTER", "DELETE", "DESCRIBE", "INSERT", "SELECT"],
    },
    optimize: {
        dataLocation: ["DATA_LOCATION_ACCESS"],
        database: ["DESCRIBE"],
        table: ["ALTER", "DELETE", "DESCRIBE", "INSERT"],
    },
};

/** What a tag-based consumer gets on the databases its LF-tag expression matches (to see them). */
export const CONSUMER_DATABASE_PERMISSIONS: readonly string[] = ["DESCRIBE"];

/** `values` de-duplicated and in lexical (code unit) order, the order the provider stores lists in. */
export function lexical<T extends string>(values: readonly T[]): T[] {
    return [...new Set(values)].sort();
}

/** An account root principal (`arn:<partition>:iam::<account>:root`), which Lake Formation refuses as admin. */
export const ROOT_PRINCIPAL_PATTERN = /^arn:[a-z-]+:iam::\d{12}:root$/;

/**
 * Why `principal` cannot be granted permissions, or undefined when it can.
 *
 * @param principal ARN (or `IAM_ALLOWED_PRINCIPALS`) the grant targets.
 * @param admins Lake Formation admin ARNs of the account.
 * @param mode Governance mode of the lake.
 * @param field Where the grant comes from, e.g. `consumers[0].principalArn`; named in the message.
 */
export function grantTargetProblem(
    principal: string,
    admins: readonly string[],
    mode: LakeFormationMode,
    field: string,
): string | undefined {
    if (principal === IAM_ALLOWED_PRINCIPALS && mode === "lakeformation") {
        return (
            `${field}: ${IAM_ALLOWED_PRINCIPALS} cannot be granted permissions in Lake Formation mode; it would ` +
            "hand access back to plain IAM policies. Grant the IAM role that needs access instead, or use mode " +
            '"hybrid".'
        );
    }
    if (admins.includes(principal)) {
        return (
            `${field}: ${principal} is a Lake Formation admin; admins hold every permission implicitly, and ` +
            "revoking an explicit grant from an admin fails, which makes `pulumi destroy` fail. Remove the grant, " +
            "or stop making that principal an admin."
        );
    }
    return undefined;
}
