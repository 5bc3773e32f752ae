/** The arguments of {@link GlueCrawlerSet}: the crawl targets, classifiers and crawler options. */
import type * as aws from "@pulumi/aws";
import type * as pulumi from "@pulumi/pulumi";
import type { Zone } from "../../lib/lake-layout";
import type { NameContext } from "../../lib/naming";
import type { GlueSecurityConfiguration } from "../glue-security-configuration/glue-security-configuration";

/** How a crawler revisits an S3 target after its first run. */
export type RecrawlBehavior = "CRAWL_EVERYTHING" | "CRAWL_NEW_FOLDERS_ONLY";

/** What a crawler does when a table's schema changed or its data disappeared. */
export interface SchemaChangePolicy {
    updateBehavior: "LOG" | "UPDATE_IN_DATABASE";
    deleteBehavior: "LOG" | "DELETE_FROM_DATABASE" | "DEPRECATE_IN_DATABASE";
}

/** Crawl prefixes of a lake zone. */
export interface ZoneCrawlTarget {
    kind: "zone";
    /**
     * `bronze`. Silver and gold are refused with an error: the ETL jobs create and own their Iceberg tables
     * (see `JOB_OWNED_ZONES`).
     */
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
    /** @default from {@link GLUE_CRAWLER_DEFAULTS.recrawlBehavior} by target (`CRAWL_NEW_FOLDERS_ONLY` on bronze) */
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
    /** The lake's account id (a `DataLake` has it): the set's when `accountId` is not given. */
    accountId?: string;
    /** The lake's region (a `DataLake` has it): the set's when `region` is not given. */
    region?: string;
}

export interface GlueCrawlerSetArgs {
    lake: CrawlerLake;
    /** 12-digit account id; part of catalog and log group ARNs. @default `lake.accountId` */
    accountId?: string;
    /** Region, e.g. `eu-west-1`. @default `lake.region` */
    region?: string;
    /** The Glue database every crawler of the set writes tables to; never the lake's silver or gold database. */
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
