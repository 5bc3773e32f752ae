/**
 * Plans the Lake Formation grants of the lake, as plain data, before any resource is registered: which
 * principal gets which permissions on which zone location, database, tables or LF-tag expression, in a
 * deterministic order. The component turns the plan into `aws.lakeformation.Permissions` resources and
 * serializes them in this order (parallel grants fail with ConcurrentModificationException).
 * Follows https://docs.aws.amazon.com/lake-formation/latest/dg/granting-catalog-permissions.html
 */
import type * as pulumi from "@pulumi/pulumi";
import { JOB_OWNED_ZONES, ZONES, type Zone } from "../../lib/lake-layout";
import { kebab } from "../../lib/naming";
import { type Problem, ProblemsError, problem, problemFromLine, throwIfProblems } from "../../lib/problems";
import {
    CONSUMER_DATABASE_PERMISSIONS,
    DATA_ACCESS_LEVELS,
    DATA_ACCESS_PERMISSIONS,
    type DataAccessLevel,
    lexical,
    TABLE_PERMISSIONS,
    type TablePermission,
} from "./permissions";

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
    /**
     * Names of the tables the table grant covers; each must exist when the grant is made, so tables the ETL
     * jobs create (silver, gold) take the wildcard ({@link glueDataAccess} leaves them out).
     * @default every table of the zone database, existing and future (the table wildcard)
     */
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

/**
 * DESCRIBE on one Glue database outside the lake's zones: Spark's `default` database, which a Glue job's
 * catalog client opens when its session starts (see `SPARK_DEFAULT_DATABASE` in components/etl-job/plan.ts).
 * The database must exist when the grant is made (Lake Formation refuses grants on a missing database).
 */
export interface DatabaseDescribeGrant {
    /** Kebab-case label of the principal; the same label as its `dataAccess` grants, e.g. `job-flights-bronze-to-silver`. */
    grantee: string;
    /** ARN of the IAM role to grant to. */
    principalArn: pulumi.Input<string>;
    /** Glue database name, e.g. `default`; never a zone database (grant those through `dataAccess`). */
    database: string;
}

/** The Lake Formation resource one planned grant targets. */
export type GrantTarget =
    | { kind: "dataLocation"; zone: Zone; prefix?: string }
    | { kind: "database"; zone: Zone }
    | { kind: "table"; zone: Zone; table?: string }
    | { kind: "namedDatabase"; name: string }
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
const GLUE_NAME = /^[a-z0-9_]{1,255}$/;

/**
 * The ordered grant plan: data access grants sorted by grantee and zone (bronze, silver, gold), each as
 * locations (crawl and write), then the database, then tables; then database DESCRIBE grants sorted by
 * grantee and database; then tag-based consumer grants sorted by name, each as databases, then tables.
 *
 * Each grantee gets exactly one grant per Lake Formation resource: the access levels it holds on a zone
 * (say `read` and `crawl`) are merged into one grant per location, database and table, with the union of
 * their permissions. The provider's `Permissions` resource reads back every permission the principal holds
 * on its resource and revokes what its state holds on delete, so two grants on one resource for one
 * principal would show diffs and revoke each other. A merged grant keeps the key of its highest access
 * level (`crawl` over `read`), so a grant that gains permissions keeps its resource name.
 *
 * @param consumerDefaultPermissions Table permissions of a consumer that names none.
 * @param databaseDescribes DESCRIBE grants on databases outside the zones. @default []
 * @throws ProblemsError listing every problem of {@link grantProblems} (subject `LakeFormationAdmin`).
 */
export function planGrants(
    dataAccess: readonly DataAccessGrant[],
    consumers: readonly TagConsumer[],
    consumerDefaultPermissions: readonly TablePermission[],
    databaseDescribes: readonly DatabaseDescribeGrant[] = [],
): PlannedGrant[] {
    throwIfProblems("LakeFormationAdmin", grantProblems(dataAccess, consumers, databaseDescribes));
    const groups = new Map<string, { grantee: string; zone: Zone; grants: IndexedGrant[] }>();
    dataAccess.forEach((grant, index) => {
        const id = `${grant.grantee}/${grant.zone}`;
        const group = groups.get(id) ?? { grantee: grant.grantee, zone: grant.zone, grants: [] };
        group.grants.push({ grant, field: `dataAccess[${index}]` });
        groups.set(id, group);
    });
    const ordered = [...groups.values()].sort((a, b) =>
        compareTuples([a.grantee, ZONES.indexOf(a.zone)], [b.grantee, ZONES.indexOf(b.zone)]),
    );
    const plan: PlannedGrant[] = [];
    for (const group of ordered) plan.push(...zoneAccessPlan(group.grants));
    const describes = databaseDescribes.map((grant, index) => ({ grant, index }));
    describes.sort((a, b) =>
        compareTuples([a.grant.grantee, a.grant.database], [b.grant.grantee, b.grant.database]),
    );
    for (const { grant, index } of describes) {
        plan.push({
            key: `${grant.grantee}-database-${kebab(grant.database)}`,
            owner: grant.grantee,
            field: `databaseDescribes[${index}].principalArn`,
            principal: grant.principalArn,
            target: { kind: "namedDatabase", name: grant.database },
            permissions: ["DESCRIBE"],
        });
    }
    const byName = consumers.map((consumer, index) => ({ consumer, index }));
    byName.sort((a, b) => compareTuples([a.consumer.name], [b.consumer.name]));
    for (const { consumer, index } of byName) {
        plan.push(...consumerPlan(consumer, `consumers[${index}]`, consumerDefaultPermissions));
    }
    const keys = new Set<string>();
    for (const grant of plan) {
        if (keys.has(grant.key)) {
            throwIfProblems("LakeFormationAdmin", [
                problem(
                    "grantee",
                    grant.owner,
                    `two grants would both be named "${grant.key}"; rename the grantee so its label is not a prefix of another's`,
                ),
            ]);
        }
        keys.add(grant.key);
    }
    return plan;
}

/**
 * Every problem of the grants, each naming the field (`dataAccess[1].zone`) and the fix: bad labels, zones,
 * levels, prefixes and tables, duplicates, and labels or principals used twice.
 */
export function grantProblems(
    dataAccess: readonly DataAccessGrant[],
    consumers: readonly TagConsumer[],
    databaseDescribes: readonly DatabaseDescribeGrant[] = [],
): Problem[] {
    return [
        ...dataAccessProblems(dataAccess),
        ...databaseDescribeProblems(databaseDescribes),
        ...consumerProblems(consumers),
        ...labelClashes(dataAccess, consumers, databaseDescribes),
        ...principalClashes(dataAccess, databaseDescribes),
    ].map(problemFromLine);
}
interface IndexedGrant {
    grant: DataAccessGrant;
    /** `dataAccess[<index>]`. */
    field: string;
}

/**
 * The grants of one grantee on one zone, every access level it holds there merged: one grant per location
 * prefix (or the whole bucket), one on the database, one per table (or the wildcard), each with the union
 * of the permissions of the levels that cover it, keyed by the highest of those levels.
 */
function zoneAccessPlan(grants: readonly IndexedGrant[]): PlannedGrant[] {
    const byLevel = [...grants].sort(
        (a, b) => DATA_ACCESS_LEVELS.indexOf(a.grant.access) - DATA_ACCESS_LEVELS.indexOf(b.grant.access),
    );
    const first = byLevel[0];
    const { grantee, zone } = first.grant;
    const common = {
        owner: grantee,
        field: `${first.field}.principalArn`,
        principal: first.grant.principalArn,
    };
    /** Per target id: the target, its permissions so far, and the highest level covering it. */
    const merged = new Map<string, { target: GrantTarget; permissions: string[]; level: DataAccessLevel }>();
    const add = (target: GrantTarget, permissions: readonly string[], level: DataAccessLevel) => {
        if (permissions.length === 0) return;
        const id = JSON.stringify(target);
        const entry = merged.get(id);
        merged.set(id, {
            target,
            permissions: lexical([...(entry?.permissions ?? []), ...permissions]),
            level,
        });
    };
    for (const { grant } of byLevel) {
        const permissions = DATA_ACCESS_PERMISSIONS[grant.access];
        const prefixes = grant.prefixes === undefined ? [undefined] : grant.prefixes;
        for (const prefix of prefixes) {
            add({ kind: "dataLocation", zone, prefix }, permissions.dataLocation, grant.access);
        }
        add({ kind: "database", zone }, permissions.database, grant.access);
        const tables = grant.tables === undefined ? [undefined] : grant.tables;
        for (const table of tables) add({ kind: "table", zone, table }, permissions.table, grant.access);
    }
    const entries = [...merged.values()];
    const sortKey = (target: GrantTarget): string => {
        if (target.kind === "dataLocation") return target.prefix ?? "";
        if (target.kind === "table") return target.table ?? "";
        return "";
    };
    const ofKind = (kind: GrantTarget["kind"]) =>
        entries
            .filter((e) => e.target.kind === kind)
            .sort((a, b) => compareTuples([sortKey(a.target)], [sortKey(b.target)]));
    const plan: PlannedGrant[] = [];
    for (const { target, permissions, level } of ofKind("dataLocation")) {
        const prefix = target.kind === "dataLocation" ? target.prefix : undefined;
        const base = `${grantee}-${zone}-${level}`;
        plan.push({
            ...common,
            key: prefix === undefined ? `${base}-location` : `${base}-location-${kebab(prefix)}`,
            target,
            permissions,
            after: plan.at(-1)?.key,
        });
    }
    let databaseKey: string | undefined;
    for (const { target, permissions, level } of ofKind("database")) {
        databaseKey = `${grantee}-${zone}-${level}-database`;
        plan.push({ ...common, key: databaseKey, target, permissions, after: plan.at(-1)?.key });
    }
    for (const { target, permissions, level } of ofKind("table")) {
        const table = target.kind === "table" ? target.table : undefined;
        const base = `${grantee}-${zone}-${level}`;
        plan.push({
            ...common,
            key: table === undefined ? `${base}-tables` : `${base}-table-${kebab(table)}`,
            target,
            permissions,
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
                if (!GLUE_NAME.test(table)) {
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

function databaseDescribeProblems(describes: readonly DatabaseDescribeGrant[]): string[] {
    const problems: string[] = [];
    const seen = new Set<string>();
    describes.forEach((grant, i) => {
        const at = `databaseDescribes[${i}]`;
        if (!LABEL.test(grant.grantee)) problems.push(`${at}.grantee: got "${grant.grantee}"; ${LABEL_RULE}`);
        if (!GLUE_NAME.test(grant.database)) {
            problems.push(
                `${at}.database: got "${grant.database}"; Glue database names are lowercase letters, digits and underscores`,
            );
        }
        const id = `${grant.grantee}/${grant.database}`;
        if (seen.has(id)) {
            problems.push(
                `${at}: grantee "${grant.grantee}" already describes "${grant.database}"; remove one`,
            );
        }
        seen.add(id);
    });
    return problems;
}

function labelClashes(
    dataAccess: readonly DataAccessGrant[],
    consumers: readonly TagConsumer[],
    describes: readonly DatabaseDescribeGrant[],
): string[] {
    const grantees = new Set([...dataAccess, ...describes].map((g) => g.grantee));
    return consumers
        .map((c, i) => ({ name: c.name, i }))
        .filter(({ name }) => grantees.has(name))
        .map(
            ({ name, i }) =>
                `consumers[${i}].name: "${name}" is also a dataAccess grantee; use distinct labels`,
        );
}

/**
 * One label, one principal, as far as principals are known before deployment (plain strings): a label with
 * two principals, or a principal under two labels, would put two grants on one resource for one principal.
 */
function principalClashes(
    dataAccess: readonly DataAccessGrant[],
    describes: readonly DatabaseDescribeGrant[],
): string[] {
    const problems: string[] = [];
    const principalOf = new Map<string, { principal: string; at: string }>();
    const labelOf = new Map<string, { grantee: string; at: string }>();
    const entries = [
        ...dataAccess.map((g, i) => ({ grant: g, at: `dataAccess[${i}]` })),
        ...describes.map((g, i) => ({ grant: g, at: `databaseDescribes[${i}]` })),
    ];
    for (const { grant, at } of entries) {
        if (typeof grant.principalArn !== "string") continue;
        const known = principalOf.get(grant.grantee);
        if (known !== undefined && known.principal !== grant.principalArn) {
            problems.push(
                `${at}.principalArn: grantee "${grant.grantee}" is ${known.principal} in ${known.at}; one label names one principal, so use another label for ${grant.principalArn}`,
            );
        }
        principalOf.set(grant.grantee, known ?? { principal: grant.principalArn, at });
        const label = labelOf.get(grant.principalArn);
        if (label !== undefined && label.grantee !== grant.grantee) {
            problems.push(
                `${at}.grantee: ${grant.principalArn} is already grantee "${label.grantee}" in ${label.at}; give one principal one label`,
            );
        }
        labelOf.set(grant.principalArn, label ?? { grantee: grant.grantee, at });
    }
    return problems;
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

/** Tables of one zone a Glue principal uses through the Data Catalog. */
export interface ZoneCatalogUse {
    zone: Zone;
    /** Table names, e.g. `["flights"]`. @default every table of the zone database (wildcard) */
    tables?: readonly string[];
}

/** What one Glue principal does with the lake's zones. */
export interface GlueZoneUsage {
    /** Prefixes it reads (an ETL job's sources). */
    reads?: readonly ZonePrefixUse[];
    /** Prefixes it writes (an ETL job's target and quarantine); reading them is included. */
    writes?: readonly ZonePrefixUse[];
    /** Prefixes it crawls into table definitions (a crawler's S3 targets). */
    crawls?: readonly ZonePrefixUse[];
    /**
     * Prefixes of the tables it optimizes (the Glue table optimizers' role): `optimize` on every table of
     * each zone, a location grant per prefix.
     */
    optimizes?: readonly ZonePrefixUse[];
    /**
     * The tables it uses through the Data Catalog, as its IAM catalog scope names them (an ETL job's
     * `catalog`, mapped to zones with {@link zoneCatalogUse}). When given, the database and table grants
     * follow it instead of `reads` and `writes`: `write` on the tables of `catalog.write` (with a location
     * grant per prefix it writes in that zone), `read` on the tables of `catalog.read` (in silver and gold
     * the table wildcard: see {@link glueDataAccess}); a zone it only reads or writes in S3 gets nothing.
     * @default every table of each zone it reads or writes
     */
    catalog?: { read?: readonly ZoneCatalogUse[]; write?: readonly ZoneCatalogUse[] };
}

/**
 * The data access grants one Glue principal needs, from the prefixes and tables it uses:
 * - Without `catalog` (a crawler): `write` on each zone it writes (a location grant per written prefix),
 *   `read` on each zone it only reads, on every table of the zone.
 * - With `catalog` (an ETL job): `write` on the tables of each zone in `catalog.write` (a location grant per
 *   prefix it writes there), `read` on the tables of `catalog.read` it does not write. In silver and gold
 *   ({@link JOB_OWNED_ZONES}) the table grant is the database's table wildcard, whatever tables the scope
 *   names: the jobs create those Iceberg tables on their first run, after the grant, and Lake Formation
 *   refuses a grant on a table that does not exist. The job's IAM policy still names its tables, and an
 *   access needs both, so the job reaches only those.
 * - In both: `crawl` on each zone it crawls (a location grant per crawled prefix), and `optimize` on each
 *   zone it optimizes (a location grant per optimized prefix, every table of the zone).
 * Zones it does not touch get nothing.
 *
 * ```ts
 * glueDataAccess("job-bronze-to-silver", job.roleArn, {
 *     reads: jobArgs.reads, writes: jobArgs.writes, catalog: zoneCatalogUse(lake.databaseNames, jobArgs.catalog),
 * })
 * ```
 *
 * @throws ProblemsError (subject `glueDataAccess <grantee>`) when `catalog.write` names a zone the principal writes no prefix in (its tables would have
 *   no location to live in), naming the grantee and the zone.
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
        if (usage.catalog === undefined) {
            if (written.length > 0) {
                grants.push({ grantee, principalArn, zone, access: "write", prefixes: written });
            } else if (read.length > 0) {
                grants.push({ grantee, principalArn, zone, access: "read" });
            }
        } else {
            const writeTables = grantableTables(zone, tablesIn(usage.catalog.write, zone));
            const readTables = grantableTables(zone, tablesIn(usage.catalog.read, zone));
            if (writeTables !== null) {
                if (written.length === 0) {
                    throw new ProblemsError(`glueDataAccess ${grantee}`, [
                        problem(
                            "catalog.write",
                            usage.catalog.write,
                            `names ${zone} tables, but writes lists no ${zone} prefix; add the prefixes the tables live under to writes`,
                        ),
                    ]);
                }
                grants.push({
                    grantee,
                    principalArn,
                    zone,
                    access: "write",
                    prefixes: written,
                    ...(writeTables === undefined ? {} : { tables: writeTables }),
                });
            }
            const readOnly =
                readTables === null || writeTables === undefined
                    ? null
                    : readTables === undefined
                      ? undefined
                      : readTables.filter((t) => !(writeTables ?? []).includes(t));
            if (readOnly === undefined || (readOnly !== null && readOnly.length > 0)) {
                grants.push({
                    grantee,
                    principalArn,
                    zone,
                    access: "read",
                    ...(readOnly === undefined ? {} : { tables: readOnly }),
                });
            }
        }
        if (crawled.length > 0)
            grants.push({ grantee, principalArn, zone, access: "crawl", prefixes: crawled });
        const optimized = prefixesIn(usage.optimizes, zone);
        if (optimized.length > 0)
            grants.push({ grantee, principalArn, zone, access: "optimize", prefixes: optimized });
    }
    return grants;
}

/**
 * The tables a grant can name in `zone`: in a {@link JOB_OWNED_ZONES} zone none (the table wildcard), since
 * the jobs create those tables on their first run and Lake Formation refuses a grant on a table that does not
 * exist yet; the role's IAM catalog scope still names the tables, and both must allow an access.
 */
function grantableTables(zone: Zone, tables: string[] | undefined | null): string[] | undefined | null {
    const jobOwned: readonly Zone[] = JOB_OWNED_ZONES;
    return tables === null || !jobOwned.includes(zone) ? tables : undefined;
}

/** The tables `uses` names in `zone`: null when none names the zone, undefined when one means every table. */
function tablesIn(uses: readonly ZoneCatalogUse[] | undefined, zone: Zone): string[] | undefined | null {
    const inZone = (uses ?? []).filter((u) => u.zone === zone);
    if (inZone.length === 0) return null;
    if (inZone.some((u) => u.tables === undefined)) return undefined;
    return lexical(inZone.flatMap((u) => [...(u.tables ?? [])]));
}

/**
 * An ETL job's catalog scope (database names, as `EtlJobArgs.catalog` gives them) as zone catalog use for
 * {@link glueDataAccess}.
 *
 * @param databaseNames The zone database names of the lake (`DataLake.databaseNames`).
 * @throws ProblemsError listing every scope that names a database that is not a zone database (Lake Formation grants here cover
 *   the zone databases only), naming the field, e.g. `catalog.read[0].database`.
 */
export function zoneCatalogUse(
    databaseNames: Readonly<Record<Zone, string>>,
    catalog: { read?: readonly CatalogTables[]; write?: readonly CatalogTables[] } | undefined,
): { read: ZoneCatalogUse[]; write: ZoneCatalogUse[] } {
    const problems: Problem[] = [];
    const toZones = (scopes: readonly CatalogTables[] | undefined, field: string) =>
        (scopes ?? []).flatMap((scope, i): ZoneCatalogUse[] => {
            const zone = ZONES.find((z) => databaseNames[z] === scope.database);
            if (zone === undefined) {
                problems.push(
                    problem(
                        `catalog.${field}[${i}].database`,
                        scope.database,
                        `use one of the zone databases ${ZONES.map((z) => databaseNames[z]).join(", ")}`,
                    ),
                );
                return [];
            }
            return [scope.tables === undefined ? { zone } : { zone, tables: [...scope.tables] }];
        });
    const use = { read: toZones(catalog?.read, "read"), write: toZones(catalog?.write, "write") };
    throwIfProblems("zoneCatalogUse", problems);
    return use;
}

/** A catalog scope by database name (the shape of `CatalogScope` in components/etl-job/args.ts). */
export interface CatalogTables {
    database: string;
    /** @default every table of the database */
    tables?: readonly string[];
}
