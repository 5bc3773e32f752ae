/**
 * The defaults of GlueCrawlerSet ({@link GLUE_CRAWLER_DEFAULTS}) and the resolvers that apply them to the set
 * and to each crawler, reporting every problem at once.
 */
import { awsCronScheduleProblem } from "../../lib/glue-cron";
import type { Zone } from "../../lib/lake-layout";
import { logRetentionProblem } from "../../lib/log-retention";
import { componentSubject, type Problem, problem, throwIfProblems } from "../../lib/problems";
import type { CrawlerDefinition, GlueCrawlerSetArgs, RecrawlBehavior, SchemaChangePolicy } from "./args";

/** Every default of the GlueCrawlerSet component. Docs and tests read these values; the component reads nothing else. */
export const GLUE_CRAWLER_DEFAULTS = {
    /** Recrawl behavior per target kind: bronze only gains new folders; the other zones are rewritten. */
    recrawlBehavior: {
        bronze: "CRAWL_NEW_FOLDERS_ONLY",
        silver: "CRAWL_EVERYTHING",
        gold: "CRAWL_EVERYTHING",
        jdbc: "CRAWL_EVERYTHING",
    } satisfies Record<Zone | "jdbc", RecrawlBehavior>,
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
    const recrawlBehavior = crawler.recrawlBehavior ?? d.recrawlBehavior[t.kind === "zone" ? t.zone : "jdbc"];
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
