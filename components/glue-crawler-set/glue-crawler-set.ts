/**
 * GlueCrawlerSet: Glue crawlers that catalog bronze prefixes (or JDBC paths) into one database, sharing one
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
import { withLakeTarget } from "../../lib/aws";
import { createGlueRole } from "../../lib/glue-role";
import { ZONES } from "../../lib/lake-layout";
import { claimPhysicalNames, iamRoleName, NAME_LIMITS, resourceName } from "../../lib/naming";
import { componentSubject } from "../../lib/problems";
import type { GlueCrawlerSetArgs } from "./args";
import {
    classifierInputs,
    crawlerConfiguration,
    crawlerRoleStatements,
    crawlerTargets,
    glueCrawlerLogGroupName,
} from "./plan";
import { resolveCrawlerSetSettings } from "./settings";

export { JOB_OWNED_ZONES } from "../../lib/lake-layout";
export type {
    ClassifierDefinition,
    CrawlerDefinition,
    CrawlerLake,
    GlueCrawlerSetArgs,
    JdbcCrawlTarget,
    RecrawlBehavior,
    SchemaChangePolicy,
    ZoneCrawlTarget,
} from "./args";
export { classifierForFormat, crawlerConfiguration, glueCrawlerLogGroupName } from "./plan";
export {
    type CrawlerSetSettings,
    type CrawlerSettings,
    GLUE_CRAWLER_DEFAULTS,
    jobOwnedTargetProblems,
    resolveCrawlerSetSettings,
    resolveCrawlerSettings,
} from "./settings";

/**
 * A set of Glue crawlers writing to one database, with one shared least-privilege role.
 *
 * @throws ProblemsError from the constructor, listing every problem, when a crawler targets silver or gold (the
 *   ETL jobs create and own those Iceberg tables; the message names the crawler and its `s3://` path) or
 *   writes to the silver or gold database, a schedule is not AWS cron, an incremental crawl is combined with a
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

    constructor(name: string, input: GlueCrawlerSetArgs, opts?: pulumi.ComponentResourceOptions) {
        const args = withLakeTarget(componentSubject("GlueCrawlerSet", name), input);
        super("medallion-lake:index:GlueCrawlerSet", name, {}, opts);
        const settings = resolveCrawlerSetSettings(name, args);
        const { lake } = args;
        const tags = { ...args.tags };
        const target = { accountId: args.accountId, region: args.region };
        const securityConfigurationInput =
            args.securityConfiguration?.configuration.name ?? settings.securityConfigurationName;
        const roleName = iamRoleName(lake.naming, name);
        claimPhysicalNames(componentSubject("GlueCrawlerSet", name), [
            { kind: "IAM role", name: roleName },
            ...Object.keys(args.crawlers).map((key) => ({
                kind: "Glue crawler",
                name: resourceName(lake.naming, `${name}-${key}`, NAME_LIMITS.glueMax),
            })),
        ]);
        const targetZone = ZONES.find((zone) => lake.databaseNames?.[zone] === args.databaseName);
        const targetDatabase =
            targetZone === undefined || !lake.databases ? [] : [lake.databases[targetZone]];
        this.logGroup = new aws.cloudwatch.LogGroup(
            `${name}-logs`,
            {
                name: glueCrawlerLogGroupName(roleName, settings.securityConfigurationName),
                retentionInDays: settings.logRetentionDays,
                kmsKeyId: lake.keyArn,
                tags,
            },
            { parent: this },
        );

        const { role, policy: rolePolicy } = createGlueRole(
            name,
            {
                roleName,
                description: `Glue crawlers of ${resourceName(lake.naming, name)} (read-only)`,
                ...target,
                statements: crawlerRoleStatements(args, settings, this.logGroup.arn),
                tags,
            },
            this,
        );
        this.role = role;
        this.roleArn = this.role.arn;

        this.crawlerNames = {};
        this.crawlers = {};
        this.classifiers = {};
        for (const { key, crawler, settings: crawlerSettings } of settings.crawlers) {
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
                    recrawlPolicy: { recrawlBehavior: crawlerSettings.recrawlBehavior },
                    schemaChangePolicy: crawlerSettings.schemaChangePolicy,
                    configuration: JSON.stringify(crawlerConfiguration(crawlerSettings.tableGroupingLevel)),
                    lakeFormationConfiguration: {
                        useLakeFormationCredentials: settings.useLakeFormationCredentials,
                    },
                    ...crawlerTargets(crawler.target, lake.bucketNames),
                    tags,
                },
                { parent: this, dependsOn: [rolePolicy, this.logGroup, ...targetDatabase] },
            );
        }

        this.registerOutputs({ crawlerNames: this.crawlerNames, roleArn: this.roleArn });
    }
}
