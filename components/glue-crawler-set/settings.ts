/**
 * The defaults of GlueCrawlerSet ({@link GLUE_CRAWLER_DEFAULTS}) and the resolvers that apply them to the set
 * and to each crawler, reporting every problem at once.
 */
import { awsCronScheduleProblem } from "../../lib/glue-cron";
import { JOB_OWNED_ZONES, type Zone } from "../../lib/lake-layout";
import { logRetentionProblem } from "../../lib/log-retention";
import { componentSubject, type Problem, problem, throwIfProblems } from "../../lib/problems";
import type { CrawlerDefinition, GlueCrawlerSetArgs, RecrawlBehavior, SchemaChangePolicy } from "./args";

/** Every default of the GlueCrawlerSet component. Docs and tests read these values; the component reads nothing else. */
export const GLUE_CRAWLER_DEFAULTS = {
    /** Recrawl behavior per target kind: bronze only gains new folders; a JDBC source is read again whole. */
    recrawlBehavior: {
        bronze: "CRAWL_NEW_FOLDERS_ONLY",
        jdbc: "CRAWL_EVERYTHING",
    } satisfies Record<CrawlableZone | "jdbc", RecrawlBehavior>,
    /** Schema change policy per recrawl behavior (incremental crawls only accept LOG for both). */
    schemaChangePolicy: {
        CRAWL_NEW_FOLDERS_ONLY: { updateBehavior: "LOG", deleteBehavior: "LOG" },
        CRAWL_EVERYTHING: { updateBehavior: "UPDATE_IN_DATABASE", deleteBehavior: "DEPRECATE_IN_DATABASE" },
    } satisfies Record<RecrawlBehavior, SchemaChangePolicy>,
    /** Table grouping policy: files with compatible schemas under one table folder make one table. */
    tableGroupingPolicy: "CombineCompatibleSchemas",
    /** Partitions take the table's schema (no per-partition schemas). */
    partitionsAddOrUpdateBehavior: "InheritFromTable",
    /** Use Lake Formation credentials instead of the role's IAM permissions for S3 and catalog access. */
    useLakeFormationCredentials: false,
    /** Retention of the crawlers' CloudWatch log group, in days. */
    logRetentionDays: 30,
} as const;

/**
 * A zone a crawler may target: every zone but {@link JOB_OWNED_ZONES}. A crawler there would register a
 * second, Hive-style table over the Iceberg data and metadata files, and `UPDATE_IN_DATABASE` would
 * overwrite the schema the jobs commit.
 */
export type CrawlableZone = Exclude<Zone, (typeof JOB_OWNED_ZONES)[number]>;

/** Recrawl behaviors that require both schema change behaviors to be LOG. */
const INCREMENTAL_RECRAWL: RecrawlBehavior = "CRAWL_NEW_FOLDERS_ONLY";

/** A crawler's options after defaults. */
export interface CrawlerSettings {
    recrawlBehavior: RecrawlBehavior;
    schemaChangePolicy: SchemaChangePolicy;
    /** Undefined for JDBC targets. */
    tableGroupingLevel?: number;
}

/**
 * Applies {@link GLUE_CRAWLER_DEFAULTS} to one crawler and checks the combination.
 * @param field - how problems name the crawler, e.g. `crawlers.flights`.
 * @returns the settings and every problem found, each option prefixed with `<field>.`.
 */
export function resolveCrawlerSettings(
    field: string,
    crawler: CrawlerDefinition,
    useLakeFormationCredentials: boolean,
): { settings: CrawlerSettings; problems: Problem[] } {
    const d = GLUE_CRAWLER_DEFAULTS;
    const t = crawler.target;
    const problems: Problem[] = [];
    const fail = (option: string, value: unknown, fix: string) => {
        const at = `${field}.${option}`;
        problems.push(value === undefined ? { option: at, fix } : problem(at, value, fix));
    };
    const scheduleProblem =
        crawler.schedule === undefined
            ? undefined
            : awsCronScheduleProblem(`${field}.schedule`, crawler.schedule);
    if (scheduleProblem !== undefined) problems.push(scheduleProblem);
    // Silver and gold targets are refused by jobOwnedTargetProblems; bronze is the one crawlable zone.
    const recrawlBehavior =
        crawler.recrawlBehavior ?? d.recrawlBehavior[t.kind === "zone" ? "bronze" : "jdbc"];
    if (t.kind === "jdbc" && recrawlBehavior === INCREMENTAL_RECRAWL) {
        fail(
            "recrawlBehavior",
            recrawlBehavior,
            `${INCREMENTAL_RECRAWL} only applies to S3 targets; use CRAWL_EVERYTHING for a JDBC target`,
        );
    }
    const schemaChangePolicy = crawler.schemaChangePolicy ?? d.schemaChangePolicy[recrawlBehavior];
    if (
        recrawlBehavior === INCREMENTAL_RECRAWL &&
        (schemaChangePolicy.updateBehavior !== "LOG" || schemaChangePolicy.deleteBehavior !== "LOG")
    ) {
        fail(
            "schemaChangePolicy",
            schemaChangePolicy,
            `${INCREMENTAL_RECRAWL} crawls accept only LOG for updateBehavior and deleteBehavior; set both to LOG or use recrawlBehavior CRAWL_EVERYTHING`,
        );
    }
    if (t.kind === "jdbc") {
        if (useLakeFormationCredentials) {
            fail(
                "target.kind",
                t.kind,
                "Lake Formation credentials apply to S3 and catalog targets only; crawl this JDBC path in another set",
            );
        }
        if (crawler.tableGroupingLevel !== undefined)
            fail("tableGroupingLevel", crawler.tableGroupingLevel, "applies to S3 targets only; remove it");
        return { settings: { recrawlBehavior, schemaChangePolicy }, problems };
    }
    if (t.prefixes.length === 0) fail("target.prefixes", [], 'list at least one prefix such as "flights/"');
    t.prefixes.forEach((prefix, i) => {
        if (!/^[^/].*\/$/.test(prefix)) {
            fail(
                `target.prefixes[${i}]`,
                prefix,
                `use a folder such as "flights/" (no leading slash, ending in /)`,
            );
        }
    });
    if (
        t.sampleSize !== undefined &&
        (!Number.isInteger(t.sampleSize) || t.sampleSize < 1 || t.sampleSize > 249)
    ) {
        fail("target.sampleSize", t.sampleSize, `use a whole number from 1 to 249`);
    }
    const names = (crawler.classifiers ?? []).map((c) => c.name);
    const duplicate = names.find((n, i) => names.indexOf(n) !== i);
    if (duplicate !== undefined)
        fail("classifiers", duplicate, "is defined twice; give each classifier its own name");
    let tableGroupingLevel = crawler.tableGroupingLevel;
    if (tableGroupingLevel === undefined) {
        const depths = new Set(t.prefixes.map((p) => 1 + p.split("/").filter(Boolean).length));
        if (depths.size > 1) {
            fail(
                "tableGroupingLevel",
                undefined,
                `prefixes ${t.prefixes.join(", ")} have different depths; set the level explicitly`,
            );
        }
        tableGroupingLevel = [...depths][0];
    } else if (!Number.isInteger(tableGroupingLevel) || tableGroupingLevel < 1 || tableGroupingLevel > 10) {
        fail("tableGroupingLevel", tableGroupingLevel, `use a whole number from 1 (the bucket) to 10`);
    }
    return { settings: { recrawlBehavior, schemaChangePolicy, tableGroupingLevel }, problems };
}

/** The options of a GlueCrawlerSet after defaults, with each crawler's settings. */
export interface CrawlerSetSettings {
    useLakeFormationCredentials: boolean;
    logRetentionDays: number;
    securityConfigurationName: string;
    crawlers: { key: string; crawler: CrawlerDefinition; settings: CrawlerSettings }[];
}

/**
 * Applies {@link GLUE_CRAWLER_DEFAULTS} to the set and every crawler.
 * @throws ProblemsError listing every problem, each `GlueCrawlerSet <name>: <option>: got X; <fix>`.
 */
export function resolveCrawlerSetSettings(name: string, args: GlueCrawlerSetArgs): CrawlerSetSettings {
    const d = GLUE_CRAWLER_DEFAULTS;
    const problems: Problem[] = [];
    const useLakeFormationCredentials = args.useLakeFormationCredentials ?? d.useLakeFormationCredentials;
    const logRetentionDays = args.logRetentionDays ?? d.logRetentionDays;
    const retentionProblem = logRetentionProblem(logRetentionDays);
    if (retentionProblem !== undefined)
        problems.push(problem("logRetentionDays", logRetentionDays, retentionProblem));
    if (Object.keys(args.crawlers).length === 0) {
        problems.push(problem("crawlers", {}, "define at least one crawler"));
    }
    const crawlers = Object.entries(args.crawlers).map(([key, crawler]) => {
        const resolved = resolveCrawlerSettings(`crawlers.${key}`, crawler, useLakeFormationCredentials);
        problems.push(...resolved.problems);
        return { key, crawler, settings: resolved.settings };
    });
    problems.push(...jobOwnedTargetProblems(args));
    const securityConfigurationName = args.securityConfiguration?.name ?? args.securityConfigurationName;
    if (
        securityConfigurationName === undefined ||
        (args.securityConfiguration && args.securityConfigurationName)
    ) {
        problems.push({
            option: "securityConfiguration",
            fix: "give exactly one of securityConfiguration (of this stack) and securityConfigurationName (an existing one)",
        });
    }
    throwIfProblems(componentSubject("GlueCrawlerSet", name), problems);
    return {
        useLakeFormationCredentials,
        logRetentionDays,
        securityConfigurationName: securityConfigurationName as string,
        crawlers,
    };
}

/**
 * Crawlers that would catalog what the ETL jobs own: an S3 target in a {@link JOB_OWNED_ZONES} zone (each
 * named with its crawler and `s3://` path), and a target database that is the lake's silver or gold database
 * (when `lake.databaseNames` is given). The jobs create those Iceberg tables on their first run.
 */
export function jobOwnedTargetProblems(args: GlueCrawlerSetArgs): Problem[] {
    const owned: readonly Zone[] = JOB_OWNED_ZONES;
    const problems: Problem[] = [];
    for (const [key, crawler] of Object.entries(args.crawlers)) {
        const t = crawler.target;
        if (t.kind !== "zone" || !owned.includes(t.zone)) continue;
        const paths = t.prefixes.map((prefix) => `s3://${args.lake.bucketNames[t.zone]}/${prefix}`);
        problems.push(
            problem(
                `crawlers.${key}.target.zone`,
                t.zone,
                `crawler "${key}" would crawl ${paths.join(", ") || `the ${t.zone} bucket`}, where the ETL jobs ` +
                    `create and own the ${t.zone} Iceberg tables (a crawler would catalog their data and metadata files ` +
                    `as a second table); remove the crawler and query the job's table, or crawl a bronze prefix`,
            ),
        );
    }
    const zone = owned.find((z) => args.lake.databaseNames?.[z] === args.databaseName);
    if (zone !== undefined) {
        problems.push(
            problem(
                "databaseName",
                args.databaseName,
                `is the ${zone} database, whose tables the ETL jobs create and own as Iceberg tables; ` +
                    `write the crawlers' tables to the bronze database (${args.lake.databaseNames?.bronze})`,
            ),
        );
    }
    return problems;
}
