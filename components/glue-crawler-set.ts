/**
 * GlueCrawlerSet: Glue crawlers that catalog lake prefixes (or JDBC paths) into one database, sharing one
 * least-privilege role: read-only on the crawled prefixes, catalog actions on the target database only (the
 * delete actions only when a crawler's deleteBehavior is DELETE_FROM_DATABASE), its
 * own encrypted log group. Each crawler gets its classifiers (CSV, JSON path, grok), schema change policy,
 * recrawl policy, table grouping level, optional AWS cron schedule, the security configuration, and Lake
 * Formation credentials when the lake is governed by Lake Formation.
 *
 * Follows https://docs.aws.amazon.com/glue/latest/dg/add-crawler.html,
 * https://docs.aws.amazon.com/glue/latest/dg/crawler-configuration.html and
 * https://docs.aws.amazon.com/glue/latest/dg/incremental-crawls.html
 */
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import type { CsvOptions, SourceFormat } from "../lib/dataset-specs";
import { validateAwsCron } from "../lib/glue-cron";
import {
    bucketArn,
    catalogAccess,
    glueLogGroupAccess,
    glueVpcNetworkInterfaces,
    lakeFormationDataAccess,
    readConnection,
} from "../lib/glue-iam";
import { createGlueRole } from "../lib/glue-role";
import { readPrefix, type Statement } from "../lib/iam";
import { logRetentionProblem } from "../lib/log-retention";
import { iamRoleName, NAME_LIMITS, type NameContext, resourceName } from "../lib/naming";
import { ZONES, type Zone } from "./data-lake";
import type { GlueSecurityConfiguration } from "./glue-security-configuration";

/** How a crawler revisits an S3 target after its first run. */
export type RecrawlBehavior = "CRAWL_EVERYTHING" | "CRAWL_NEW_FOLDERS_ONLY";

/** What a crawler does when a table's schema changed or its data disappeared. */
export interface SchemaChangePolicy {
    updateBehavior: "LOG" | "UPDATE_IN_DATABASE";
    deleteBehavior: "LOG" | "DELETE_FROM_DATABASE" | "DEPRECATE_IN_DATABASE";
}

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

/** Crawl prefixes of a lake zone. */
export interface ZoneCrawlTarget {
    kind: "zone";
    zone: Zone;
    /** Key prefixes ending in `/`, e.g. `["flights/"]`. */
    prefixes: readonly string[];
    /** Glob patterns to skip, e.g. `["**\/_SUCCESS"]`. */
    exclusions?: readonly string[];
    /** Files crawled per leaf folder (1-249). @default every file */
    sampleSize?: number;
}

/** Crawl a database through a Glue JDBC connection (the crawler runs in the connection's VPC). */
export interface JdbcCrawlTarget {
    kind: "jdbc";
    /** Name of an existing Glue connection. */
    connectionName: string;
    /** What to crawl, e.g. `sales/public/%`. */
    path: string;
    exclusions?: readonly string[];
}

/** A custom classifier. Custom classifiers are tried before Glue's built-in ones. */
export type ClassifierDefinition =
    | {
          kind: "csv";
          /** Unique within the crawler. */
          name: string;
          delimiter: string;
          /** Whether the first line holds column names. */
          header: boolean;
          /** @default Glue's (`"`) */
          quoteSymbol?: string;
      }
    | { kind: "json"; name: string /** e.g. `$.records[*]`. */; jsonPath: string }
    | {
          kind: "grok";
          name: string;
          /** The classification the tables get, e.g. `app-logs`. */
          classification: string;
          grokPattern: string;
          customPatterns?: string;
      };

/** One crawler of the set. */
export interface CrawlerDefinition {
    target: ZoneCrawlTarget | JdbcCrawlTarget;
    description?: string;
    classifiers?: readonly ClassifierDefinition[];
    /** AWS cron schedule (UTC), e.g. `cron(0 * * * ? *)`. @default none (run on demand) */
    schedule?: string;
    /** @default from {@link GLUE_CRAWLER_DEFAULTS.recrawlBehavior} by zone (`CRAWL_NEW_FOLDERS_ONLY` on bronze) */
    recrawlBehavior?: RecrawlBehavior;
    /** @default from {@link GLUE_CRAWLER_DEFAULTS.schemaChangePolicy} by recrawl behavior */
    schemaChangePolicy?: SchemaChangePolicy;
    /**
     * Path depth of the table folders, the bucket being level 1 (`s3://bucket/flights/` -> 2). S3 targets
     * only. @default 1 + the folder depth of the prefixes (they must all have the same depth)
     */
    tableGroupingLevel?: number;
    /** Prefix of the table names the crawler creates. @default none */
    tablePrefix?: string;
}

/** What GlueCrawlerSet needs from the lake; a {@link DataLake} satisfies it. */
export interface CrawlerLake {
    naming: NameContext;
    bucketNames: Readonly<Record<Zone, string>>;
    /** The lake key: crawled objects are encrypted with it, and so is the crawlers' log group. */
    keyArn: pulumi.Input<string>;
    /** The zone databases by zone, with their names: crawlers writing to one are created after it. */
    databases?: Readonly<Record<Zone, aws.glue.CatalogDatabase>>;
    databaseNames?: Readonly<Record<Zone, string>>;
}

export interface GlueCrawlerSetArgs {
    lake: CrawlerLake;
    /** 12-digit account id; part of catalog and log group ARNs. */
    accountId: string;
    /** Region, e.g. `eu-west-1`. */
    region: string;
    /** The Glue database every crawler of the set writes tables to. */
    databaseName: string;
    /**
     * The security configuration the crawlers run with (it encrypts their logs), from this stack (the
     * crawlers are created after it). Give this or `securityConfigurationName`.
     */
    securityConfiguration?: GlueSecurityConfiguration;
    /** Name of a security configuration that already exists outside this stack. */
    securityConfigurationName?: string;
    /** The crawlers, by short name (the physical name is `<project>-<stack>-<set name>-<short name>`). */
    crawlers: Readonly<Record<string, CrawlerDefinition>>;
    /** Crawl with Lake Formation credentials (the lake is in Lake Formation mode). S3 and catalog targets only. @default false */
    useLakeFormationCredentials?: boolean;
    /** Days the crawlers' log group keeps events. @default 30 */
    logRetentionDays?: number;
    /** Tags on every taggable resource. @default {} */
    tags?: Record<string, string>;
}

/**
 * A set of Glue crawlers writing to one database, with one shared least-privilege role.
 *
 * @throws Error from the constructor when a schedule is not AWS cron, an incremental crawl is combined with a
 *   schema change policy other than LOG/LOG or with a JDBC target, Lake Formation credentials are asked for
 *   on a JDBC target, prefixes of different depths need an explicit `tableGroupingLevel`, or a number is
 *   out of range; the message names the crawler, the option and the fix.
 */
export class GlueCrawlerSet extends pulumi.ComponentResource {
    /** Physical crawler names by short name, known before deployment. */
    public readonly crawlerNames: Record<string, string>;
    /** The crawlers by short name. */
    public readonly crawlers: Record<string, aws.glue.Crawler>;
    /** The custom classifiers by `<crawler>/<classifier>`. */
    public readonly classifiers: Record<string, aws.glue.Classifier>;
    /** The role every crawler of the set runs as. */
    public readonly role: aws.iam.Role;
    /** The encrypted log group the crawlers write to. */
    public readonly logGroup: aws.cloudwatch.LogGroup;
    /** The role ARN. */
    public readonly roleArn: pulumi.Output<string>;

    constructor(name: string, args: GlueCrawlerSetArgs, opts?: pulumi.ComponentResourceOptions) {
        super("medallion-lake:index:GlueCrawlerSet", name, {}, opts);
        const d = GLUE_CRAWLER_DEFAULTS;
        const { lake } = args;
        const tags = { ...args.tags };
        const target = { accountId: args.accountId, region: args.region };
        const useLakeFormation = args.useLakeFormationCredentials ?? d.useLakeFormationCredentials;
        const logRetentionDays = args.logRetentionDays ?? d.logRetentionDays;
        const retentionProblem = logRetentionProblem(logRetentionDays);
        if (retentionProblem !== undefined) {
            throw new Error(
                `GlueCrawlerSet ${name} logRetentionDays: got ${logRetentionDays}; ${retentionProblem}`,
            );
        }
        if (Object.keys(args.crawlers).length === 0) {
            throw new Error(`GlueCrawlerSet ${name} crawlers: is empty; define at least one crawler`);
        }
        const resolved = Object.entries(args.crawlers).map(([key, crawler]) => ({
            key,
            crawler,
            settings: resolveCrawlerSettings(
                `GlueCrawlerSet ${name} crawlers.${key}`,
                crawler,
                useLakeFormation,
            ),
        }));

        const securityConfigurationName = args.securityConfiguration?.name ?? args.securityConfigurationName;
        if (
            securityConfigurationName === undefined ||
            (args.securityConfiguration && args.securityConfigurationName)
        ) {
            throw new Error(
                `GlueCrawlerSet ${name} securityConfiguration: give exactly one of securityConfiguration (of this stack) and securityConfigurationName (an existing one)`,
            );
        }
        const securityConfigurationInput =
            args.securityConfiguration?.configuration.name ?? securityConfigurationName;
        const roleName = iamRoleName(lake.naming, name);
        const targetZone = ZONES.find((zone) => lake.databaseNames?.[zone] === args.databaseName);
        const targetDatabase =
            targetZone === undefined || !lake.databases ? [] : [lake.databases[targetZone]];
        this.logGroup = new aws.cloudwatch.LogGroup(
            `${name}-logs`,
            {
                name: glueCrawlerLogGroupName(roleName, securityConfigurationName),
                retentionInDays: logRetentionDays,
                kmsKeyId: lake.keyArn,
                tags,
            },
            { parent: this },
        );

        const statements: Statement[] = [];
        for (const { crawler } of resolved) {
            if (crawler.target.kind === "zone") {
                const bucket = bucketArn(args.region, lake.bucketNames[crawler.target.zone]);
                for (const prefix of crawler.target.prefixes) statements.push(...readPrefix(bucket, prefix));
            } else {
                statements.push(readConnection(target, crawler.target.connectionName));
            }
        }
        if (resolved.some((r) => r.crawler.target.kind === "jdbc"))
            statements.push(...glueVpcNetworkInterfaces(target));
        statements.push(
            { Effect: "Allow", Action: ["kms:Decrypt", "kms:DescribeKey"], Resource: [lake.keyArn] },
            // Delete actions only for a crawler that deletes what disappeared (the defaults LOG or deprecate).
            catalogAccess(target, args.databaseName, "write", undefined, {
                deletes: resolved.some(
                    (r) => r.settings.schemaChangePolicy.deleteBehavior === "DELETE_FROM_DATABASE",
                ),
            }),
            glueLogGroupAccess(this.logGroup.arn),
        );
        if (useLakeFormation) statements.push(lakeFormationDataAccess());

        const { role, policy: rolePolicy } = createGlueRole(
            name,
            {
                roleName,
                description: `Glue crawlers of ${resourceName(lake.naming, name)} (read-only)`,
                ...target,
                statements,
                tags,
            },
            this,
        );
        this.role = role;
        this.roleArn = this.role.arn;

        this.crawlerNames = {};
        this.crawlers = {};
        this.classifiers = {};
        for (const { key, crawler, settings } of resolved) {
            const crawlerName = resourceName(lake.naming, `${name}-${key}`, NAME_LIMITS.glueMax);
            this.crawlerNames[key] = crawlerName;
            const classifierNames: pulumi.Output<string>[] = [];
            for (const classifier of crawler.classifiers ?? []) {
                const resource = new aws.glue.Classifier(
                    `${name}-${key}-${classifier.name}`,
                    {
                        name: resourceName(lake.naming, `${name}-${key}-${classifier.name}`),
                        ...classifierInputs(classifier),
                    },
                    { parent: this },
                );
                this.classifiers[`${key}/${classifier.name}`] = resource;
                classifierNames.push(resource.name);
            }
            const t = crawler.target;
            this.crawlers[key] = new aws.glue.Crawler(
                `${name}-${key}`,
                {
                    name: crawlerName,
                    description: crawler.description,
                    databaseName: args.databaseName,
                    role: this.role.arn,
                    securityConfiguration: securityConfigurationInput,
                    classifiers: classifierNames,
                    schedule: crawler.schedule,
                    tablePrefix: crawler.tablePrefix,
                    recrawlPolicy: { recrawlBehavior: settings.recrawlBehavior },
                    schemaChangePolicy: settings.schemaChangePolicy,
                    configuration: JSON.stringify(crawlerConfiguration(settings.tableGroupingLevel)),
                    lakeFormationConfiguration: { useLakeFormationCredentials: useLakeFormation },
                    s3Targets:
                        t.kind === "zone"
                            ? t.prefixes.map((prefix) => ({
                                  path: `s3://${lake.bucketNames[t.zone]}/${prefix}`,
                                  exclusions: t.exclusions === undefined ? undefined : [...t.exclusions],
                                  sampleSize: t.sampleSize,
                              }))
                            : undefined,
                    jdbcTargets:
                        t.kind === "jdbc"
                            ? [
                                  {
                                      connectionName: t.connectionName,
                                      path: t.path,
                                      exclusions: t.exclusions === undefined ? undefined : [...t.exclusions],
                                  },
                              ]
                            : undefined,
                    tags,
                },
                { parent: this, dependsOn: [rolePolicy, this.logGroup, ...targetDatabase] },
            );
        }

        this.registerOutputs({ crawlerNames: this.crawlerNames, roleArn: this.roleArn });
    }
}

/**
 * The log group Glue crawlers write to when their security configuration encrypts CloudWatch logs:
 * `/aws-glue/crawlers-role/<role name>-<security configuration>`.
 * https://docs.aws.amazon.com/glue/latest/dg/encryption-security-configuration.html
 */
export function glueCrawlerLogGroupName(roleName: string, securityConfigurationName: string): string {
    return `/aws-glue/crawlers-role/${roleName}-${securityConfigurationName}`;
}

/** The crawler `configuration` JSON: table grouping, table level and partition behavior. */
export function crawlerConfiguration(tableGroupingLevel: number | undefined): Record<string, unknown> {
    const d = GLUE_CRAWLER_DEFAULTS;
    const grouping: Record<string, unknown> = { TableGroupingPolicy: d.tableGroupingPolicy };
    if (tableGroupingLevel !== undefined) grouping.TableLevelConfiguration = tableGroupingLevel;
    return {
        Version: 1.0,
        Grouping: grouping,
        CrawlerOutput: { Partitions: { AddOrUpdateBehavior: d.partitionsAddOrUpdateBehavior } },
    };
}

/** A crawler's options after defaults. */
export interface CrawlerSettings {
    recrawlBehavior: RecrawlBehavior;
    schemaChangePolicy: SchemaChangePolicy;
    /** Undefined for JDBC targets. */
    tableGroupingLevel?: number;
}

/**
 * Applies {@link GLUE_CRAWLER_DEFAULTS} to one crawler and checks the combination.
 * @param field - how errors name the crawler, e.g. `GlueCrawlerSet bronze crawlers.flights`.
 * @throws Error `<field>.<option>: <problem>; <fix>`.
 */
export function resolveCrawlerSettings(
    field: string,
    crawler: CrawlerDefinition,
    useLakeFormationCredentials: boolean,
): CrawlerSettings {
    const d = GLUE_CRAWLER_DEFAULTS;
    const t = crawler.target;
    const fail = (option: string, problem: string): never => {
        throw new Error(`${field}.${option}: ${problem}`);
    };
    if (crawler.schedule !== undefined) validateAwsCron(crawler.schedule, `${field}.schedule`);
    const recrawlBehavior = crawler.recrawlBehavior ?? d.recrawlBehavior[t.kind === "zone" ? t.zone : "jdbc"];
    if (t.kind === "jdbc" && recrawlBehavior === INCREMENTAL_RECRAWL) {
        fail(
            "recrawlBehavior",
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
            `${INCREMENTAL_RECRAWL} crawls accept only LOG for updateBehavior and deleteBehavior; set both to LOG or use recrawlBehavior CRAWL_EVERYTHING`,
        );
    }
    if (t.kind === "jdbc") {
        if (useLakeFormationCredentials) {
            fail(
                "target",
                "Lake Formation credentials apply to S3 and catalog targets only; crawl this JDBC path in another set",
            );
        }
        if (crawler.tableGroupingLevel !== undefined)
            fail("tableGroupingLevel", "applies to S3 targets only; remove it");
        return { recrawlBehavior, schemaChangePolicy };
    }
    if (t.prefixes.length === 0)
        fail("target.prefixes", 'is empty; list at least one prefix such as "flights/"');
    t.prefixes.forEach((prefix, i) => {
        if (!/^[^/].*\/$/.test(prefix)) {
            fail(
                `target.prefixes[${i}]`,
                `got ${JSON.stringify(prefix)}; use a folder such as "flights/" (no leading slash, ending in /)`,
            );
        }
    });
    if (
        t.sampleSize !== undefined &&
        (!Number.isInteger(t.sampleSize) || t.sampleSize < 1 || t.sampleSize > 249)
    ) {
        fail("target.sampleSize", `got ${t.sampleSize}; use a whole number from 1 to 249`);
    }
    const names = (crawler.classifiers ?? []).map((c) => c.name);
    const duplicate = names.find((n, i) => names.indexOf(n) !== i);
    if (duplicate !== undefined)
        fail("classifiers", `"${duplicate}" is defined twice; give each classifier its own name`);
    let tableGroupingLevel = crawler.tableGroupingLevel;
    if (tableGroupingLevel === undefined) {
        const depths = new Set(t.prefixes.map((p) => 1 + p.split("/").filter(Boolean).length));
        if (depths.size > 1) {
            fail(
                "tableGroupingLevel",
                `prefixes ${t.prefixes.join(", ")} have different depths; set the level explicitly`,
            );
        }
        tableGroupingLevel = [...depths][0];
    } else if (!Number.isInteger(tableGroupingLevel) || tableGroupingLevel < 1 || tableGroupingLevel > 10) {
        fail("tableGroupingLevel", `got ${tableGroupingLevel}; use a whole number from 1 (the bucket) to 10`);
    }
    return { recrawlBehavior, schemaChangePolicy, tableGroupingLevel };
}

/** The `aws.glue.Classifier` inputs of a classifier definition. */
function classifierInputs(classifier: ClassifierDefinition): Omit<aws.glue.ClassifierArgs, "name"> {
    switch (classifier.kind) {
        case "csv":
            return {
                csvClassifier: {
                    delimiter: classifier.delimiter,
                    containsHeader: classifier.header ? "PRESENT" : "ABSENT",
                    quoteSymbol: classifier.quoteSymbol,
                },
            };
        case "json":
            return { jsonClassifier: { jsonPath: classifier.jsonPath } };
        case "grok":
            return {
                grokClassifier: {
                    classification: classifier.classification,
                    grokPattern: classifier.grokPattern,
                    customPatterns: classifier.customPatterns,
                },
            };
    }
}

/**
 * The custom classifier a bronze format needs, or undefined when Glue's built-in classifiers read it
 * (JSON lines, Firehose JSON, JSON arrays, Parquet).
 *
 * @param format - a dataset spec's `bronze.format`.
 * @param csvDefaults - the spec schema's CSV defaults (see `csvFormatDefaults` in lib/dataset-specs.ts),
 *   used for CSV options the spec leaves out.
 */
export function classifierForFormat(
    name: string,
    format: SourceFormat,
    csvDefaults: CsvOptions,
): ClassifierDefinition | undefined {
    switch (format.type) {
        case "csv":
            return {
                kind: "csv",
                name,
                delimiter: format.delimiter ?? csvDefaults.delimiter,
                header: format.header ?? csvDefaults.header,
                quoteSymbol: format.quote ?? csvDefaults.quote,
            };
        case "json_path":
            return { kind: "json", name, jsonPath: format.path };
        default:
            return undefined;
    }
}
