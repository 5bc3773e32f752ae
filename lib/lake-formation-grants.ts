/**
 * Plans the Lake Formation grants of the lake, as plain data, before any resource is registered: which
 * principal gets which permissions on which zone location, database, tables or LF-tag expression, in a
 * deterministic order. The component turns the plan into `aws.lakeformation.Permissions` resources and
 * serializes them in this order (parallel grants fail with ConcurrentModificationException).
 * Follows https://docs.aws.amazon.com/lake-formation/latest/dg/granting-catalog-permissions.html
 */
import type * as pulumi from "@pulumi/pulumi";
import { ZONES, type Zone } from "../components/data-lake";
import {
    CONSUMER_DATABASE_PERMISSIONS,
    DATA_ACCESS_LEVELS,
    DATA_ACCESS_PERMISSIONS,
    type DataAccessLevel,
    lexical,
    TABLE_PERMISSIONS,
    type TablePermission,
} from "./lake-formation-permissions";
import { kebab } from "./naming";

/** Access of one Glue principal (an ETL job role, a crawler role) to one zone. */
export interface DataAccessGrant {
    /**
     * Kebab-case label of the principal, e.g. `job-bronze-to-silver` or `crawler-bronze`. It names the grant
     * resources and is what `LakeFormationAdmin.grantsFor` takes; one principal keeps one label.
     */
    grantee: string;
    /** ARN of the IAM role to grant to. */
    principalArn: pulumi.Input<string>;
    /** The zone whose location, database and tables the grant covers. */
    zone: Zone;
    /** What the principal does with the zone; see {@link DATA_ACCESS_PERMISSIONS}. */
    access: DataAccessLevel;
    /**
     * Key prefixes in the zone bucket the data location grants are limited to, one grant each, e.g.
     * `["flights/", "_quarantine/flights/"]` (`crawl` and `write` only). @default the whole bucket
     */
    prefixes?: string[];
    /** Names of the tables the table grant covers. @default every table of the zone database (wildcard) */
    tables?: string[];
}

/** A consumer (analysts, a BI tool role) granted through LF-tags: every database and table of the zones. */
export interface TagConsumer {
    /** Kebab-case label, e.g. `analysts`; names the grant resources. */
    name: string;
    /** ARN of the IAM role (or user) to grant to. */
    principalArn: pulumi.Input<string>;
    /** Zones whose `zone` LF-tag value the grant matches, e.g. `["gold"]`. */
    zones: Zone[];
    /** Permissions on the matched tables. @default `["DESCRIBE", "SELECT"]` (LAKE_FORMATION_DEFAULTS) */
    permissions?: TablePermission[];
}

/** The Lake Formation resource one planned grant targets. */
export type GrantTarget =
    | { kind: "dataLocation"; zone: Zone; prefix?: string }
    | { kind: "database"; zone: Zone }
    | { kind: "table"; zone: Zone; table?: string }
    | { kind: "tagDatabases"; zones: Zone[] }
    | { kind: "tagTables"; zones: Zone[] };

/** One grant of the plan. */
export interface PlannedGrant {
    /** Unique suffix of the resource name, e.g. `job-a-silver-write-database`. */
    key: string;
    /** The grantee label or consumer name the grant belongs to. */
    owner: string;
    /** Where the principal came from in the arguments, e.g. `dataAccess[2].principalArn`. */
    field: string;
    principal: pulumi.Input<string>;
    target: GrantTarget;
    /** Permissions, in lexical order. */
    permissions: string[];
    /** Key of the grant this one must follow (location, then database, then table). */
    after?: string;
}

const LABEL = /^[a-z0-9](?:[a-z0-9-]{0,38}[a-z0-9])?$/;
const LABEL_RULE = "use 1-40 lowercase letters, digits and hyphens, starting and ending alphanumeric";

/**
 * The ordered grant plan: data access grants sorted by grantee, zone (bronze, silver, gold) and access
 * level, each as location (crawl and write), then database, then tables; then tag-based consumer grants
 * sorted by name, each as databases, then tables.
 *
 * @param consumerDefaultPermissions Table permissions of a consumer that names none.
 * @throws Error listing every problem, each naming the field (`dataAccess[1].zone`) and the fix.
 */
export function planGrants(
    dataAccess: readonly DataAccessGrant[],
    consumers: readonly TagConsumer[],
    consumerDefaultPermissions: readonly TablePermission[],
): PlannedGrant[] {
    const problems = [
        ...dataAccessProblems(dataAccess),
        ...consumerProblems(consumers),
        ...labelClashes(dataAccess, consumers),
    ];
    if (problems.length > 0) {
        throw new Error(`LakeFormationAdmin: invalid grants:\n  - ${problems.join("\n  - ")}`);
    }
    const order = (g: DataAccessGrant) =>
        [g.grantee, ZONES.indexOf(g.zone), DATA_ACCESS_LEVELS.indexOf(g.access)] as const;
    const indexed = dataAccess.map((grant, index) => ({ grant, index }));
    indexed.sort((a, b) => compareTuples(order(a.grant), order(b.grant)));
    const plan: PlannedGrant[] = [];
    for (const { grant, index } of indexed) plan.push(...dataAccessPlan(grant, `dataAccess[${index}]`));
    const byName = consumers.map((consumer, index) => ({ consumer, index }));
    byName.sort((a, b) => compareTuples([a.consumer.name], [b.consumer.name]));
    for (const { consumer, index } of byName) {
        plan.push(...consumerPlan(consumer, `consumers[${index}]`, consumerDefaultPermissions));
    }
    return plan;
}

function dataAccessPlan(grant: DataAccessGrant, field: string): PlannedGrant[] {
    const permissions = DATA_ACCESS_PERMISSIONS[grant.access];
    const base = `${grant.grantee}-${grant.zone}-${grant.access}`;
    const common = { owner: grant.grantee, field: `${field}.principalArn`, principal: grant.principalArn };
    const plan: PlannedGrant[] = [];
    if (permissions.dataLocation.length > 0) {
        const prefixes = grant.prefixes === undefined ? [undefined] : lexical(grant.prefixes);
        for (const prefix of prefixes) {
            plan.push({
                ...common,
                key: prefix === undefined ? `${base}-location` : `${base}-location-${kebab(prefix)}`,
                target: { kind: "dataLocation", zone: grant.zone, prefix },
                permissions: lexical(permissions.dataLocation),
                after: plan.at(-1)?.key,
            });
        }
    }
    plan.push({
        ...common,
        key: `${base}-database`,
        target: { kind: "database", zone: grant.zone },
        permissions: lexical(permissions.database),
        after: plan.at(-1)?.key,
    });
    const databaseKey = `${base}-database`;
    const tables = grant.tables === undefined ? [undefined] : lexical(grant.tables);
    for (const table of tables) {
        plan.push({
            ...common,
            key: table === undefined ? `${base}-tables` : `${base}-table-${kebab(table)}`,
            target: { kind: "table", zone: grant.zone, table },
            permissions: lexical(permissions.table),
            after: databaseKey,
        });
    }
    return plan;
}

function consumerPlan(
    consumer: TagConsumer,
    field: string,
    defaults: readonly TablePermission[],
): PlannedGrant[] {
    const zones = lexical(consumer.zones);
    const common = { owner: consumer.name, field: `${field}.principalArn`, principal: consumer.principalArn };
    const databasesKey = `${consumer.name}-tag-databases`;
    return [
        {
            ...common,
            key: databasesKey,
            target: { kind: "tagDatabases", zones },
            permissions: lexical(CONSUMER_DATABASE_PERMISSIONS),
        },
        {
            ...common,
            key: `${consumer.name}-tag-tables`,
            target: { kind: "tagTables", zones },
            permissions: lexical(consumer.permissions ?? defaults),
            after: databasesKey,
        },
    ];
}

function dataAccessProblems(dataAccess: readonly DataAccessGrant[]): string[] {
    const problems: string[] = [];
    const seen = new Set<string>();
    dataAccess.forEach((grant, i) => {
        const at = `dataAccess[${i}]`;
        if (!LABEL.test(grant.grantee)) problems.push(`${at}.grantee: got "${grant.grantee}"; ${LABEL_RULE}`);
        if (!ZONES.includes(grant.zone)) {
            problems.push(`${at}.zone: got "${grant.zone}"; use one of ${ZONES.join(", ")}`);
        }
        if (!DATA_ACCESS_LEVELS.includes(grant.access)) {
            problems.push(`${at}.access: got "${grant.access}"; use one of ${DATA_ACCESS_LEVELS.join(", ")}`);
        }
        const id = `${grant.grantee}/${grant.zone}/${grant.access}`;
        if (seen.has(id)) {
            problems.push(
                `${at}: grantee "${grant.grantee}" already has ${grant.access} access to ${grant.zone}; merge the two entries`,
            );
        }
        seen.add(id);
        if (grant.prefixes !== undefined) {
            if (grant.access === "read") {
                problems.push(
                    `${at}.prefixes: read access gets no data location grant, so prefixes mean nothing; remove them`,
                );
            } else if (grant.prefixes.length === 0) {
                problems.push(
                    `${at}.prefixes: empty; list key prefixes, or omit prefixes for the whole bucket`,
                );
            }
            for (const prefix of grant.prefixes) {
                if (!/^[^/].*\/$/.test(prefix)) {
                    problems.push(
                        `${at}.prefixes: got "${prefix}"; use a key prefix ending in "/", such as "sales/"`,
                    );
                }
            }
        }
        if (grant.tables !== undefined) {
            if (grant.tables.length === 0) {
                problems.push(
                    `${at}.tables: empty; list table names, or omit tables to grant on every table`,
                );
            }
            for (const table of grant.tables) {
                if (!/^[a-z0-9_]{1,255}$/.test(table)) {
                    problems.push(
                        `${at}.tables: got "${table}"; Glue table names are lowercase letters, digits and underscores`,
                    );
                }
            }
        }
    });
    return problems;
}

function consumerProblems(consumers: readonly TagConsumer[]): string[] {
    const problems: string[] = [];
    const seen = new Set<string>();
    consumers.forEach((consumer, i) => {
        const at = `consumers[${i}]`;
        if (!LABEL.test(consumer.name)) problems.push(`${at}.name: got "${consumer.name}"; ${LABEL_RULE}`);
        if (seen.has(consumer.name))
            problems.push(`${at}.name: "${consumer.name}" is used twice; rename one`);
        seen.add(consumer.name);
        if (consumer.zones.length === 0) problems.push(`${at}.zones: empty; list at least one zone`);
        for (const zone of consumer.zones) {
            if (!ZONES.includes(zone)) problems.push(`${at}.zones: got "${zone}"; use ${ZONES.join(", ")}`);
        }
        if (consumer.permissions !== undefined) {
            if (consumer.permissions.length === 0) {
                problems.push(`${at}.permissions: empty; list permissions or omit for DESCRIBE and SELECT`);
            }
            for (const permission of consumer.permissions) {
                if (!TABLE_PERMISSIONS.includes(permission)) {
                    problems.push(
                        `${at}.permissions: got "${permission}"; use ${TABLE_PERMISSIONS.join(", ")}`,
                    );
                }
            }
        }
    });
    return problems;
}

function labelClashes(dataAccess: readonly DataAccessGrant[], consumers: readonly TagConsumer[]): string[] {
    const grantees = new Set(dataAccess.map((g) => g.grantee));
    return consumers
        .map((c, i) => ({ name: c.name, i }))
        .filter(({ name }) => grantees.has(name))
        .map(
            ({ name, i }) =>
                `consumers[${i}].name: "${name}" is also a dataAccess grantee; use distinct labels`,
        );
}

function compareTuples(a: readonly (string | number)[], b: readonly (string | number)[]): number {
    for (let i = 0; i < a.length; i++) {
        if (a[i] < b[i]) return -1;
        if (a[i] > b[i]) return 1;
    }
    return 0;
}

/** A key prefix of a zone, as EtlJob (`reads`, `writes`) and GlueCrawlerSet targets declare them. */
export interface ZonePrefixUse {
    zone: Zone;
    /** Key prefix ending in `/`, e.g. `flights/`. */
    prefix: string;
}

/** What one Glue principal does with the lake's zones. */
export interface GlueZoneUsage {
    /** Prefixes it reads (an ETL job's sources). */
    reads?: readonly ZonePrefixUse[];
    /** Prefixes it writes (an ETL job's target and quarantine); reading them is included. */
    writes?: readonly ZonePrefixUse[];
    /** Prefixes it crawls into table definitions (a crawler's S3 targets). */
    crawls?: readonly ZonePrefixUse[];
}

/**
 * The data access grants one Glue principal needs, from the prefixes it uses: `write` on each zone it
 * writes (a location grant per written prefix), `read` on each zone it only reads, `crawl` on each zone it
 * crawls (a location grant per crawled prefix). Zones it does not touch get nothing.
 *
 * ```ts
 * glueDataAccess("job-bronze-to-silver", job.roleArn, { reads: jobArgs.reads, writes: jobArgs.writes })
 * ```
 */
export function glueDataAccess(
    grantee: string,
    principalArn: pulumi.Input<string>,
    usage: GlueZoneUsage,
): DataAccessGrant[] {
    const prefixesIn = (uses: readonly ZonePrefixUse[] | undefined, zone: Zone) =>
        lexical((uses ?? []).filter((u) => u.zone === zone).map((u) => u.prefix));
    const grants: DataAccessGrant[] = [];
    for (const zone of ZONES) {
        const written = prefixesIn(usage.writes, zone);
        const read = prefixesIn(usage.reads, zone);
        const crawled = prefixesIn(usage.crawls, zone);
        if (written.length > 0) {
            grants.push({ grantee, principalArn, zone, access: "write", prefixes: written });
        } else if (read.length > 0) {
            grants.push({ grantee, principalArn, zone, access: "read" });
        }
        if (crawled.length > 0)
            grants.push({ grantee, principalArn, zone, access: "crawl", prefixes: crawled });
    }
    return grants;
}
