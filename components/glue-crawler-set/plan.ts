/**
 * Pure planning of a GlueCrawlerSet: the log group name Glue writes to, each crawler's configuration,
 * targets and classifiers, and the statements of the shared role. No resource is created here.
 */
import type * as aws from "@pulumi/aws";
import type * as pulumi from "@pulumi/pulumi";
import type { WithTarget } from "../../lib/aws";
import {
    bucketArn,
    catalogAccess,
    glueLogGroupAccess,
    glueVpcNetworkInterfaces,
    lakeFormationDataAccess,
    readConnection,
} from "../../lib/glue-iam";
import { readPrefix, type Statement } from "../../lib/iam";
import type { Zone } from "../../lib/lake-layout";
import type { CsvOptions, SourceFormat } from "../../spec/dataset-specs";
import type { ClassifierDefinition, CrawlerDefinition, GlueCrawlerSetArgs } from "./args";
import { type CrawlerSetSettings, GLUE_CRAWLER_DEFAULTS } from "./settings";

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

/** The `aws.glue.Classifier` inputs of a classifier definition. */
export function classifierInputs(classifier: ClassifierDefinition): Omit<aws.glue.ClassifierArgs, "name"> {
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
 * @param csvDefaults - the spec schema's CSV defaults (see `csvFormatDefaults` in spec/dataset-specs.ts),
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

/**
 * The statements of the set's shared role: read the crawled prefixes (or the JDBC connections and the VPC
 * network interfaces Glue creates), decrypt with the lake key, write the target database (deletes only when
 * a crawler deletes what disappeared), write the log group, and Lake Formation data access when asked.
 */
export function crawlerRoleStatements(
    args: WithTarget<GlueCrawlerSetArgs>,
    settings: CrawlerSetSettings,
    logGroupArn: pulumi.Input<string>,
): Statement[] {
    const target = { accountId: args.accountId, region: args.region };
    const statements: Statement[] = [];
    for (const { crawler } of settings.crawlers) {
        if (crawler.target.kind === "zone") {
            const bucket = bucketArn(args.region, args.lake.bucketNames[crawler.target.zone]);
            for (const prefix of crawler.target.prefixes) statements.push(...readPrefix(bucket, prefix));
        } else {
            statements.push(readConnection(target, crawler.target.connectionName));
        }
    }
    if (settings.crawlers.some((r) => r.crawler.target.kind === "jdbc"))
        statements.push(...glueVpcNetworkInterfaces(target));
    statements.push(
        { Effect: "Allow", Action: ["kms:Decrypt", "kms:DescribeKey"], Resource: [args.lake.keyArn] },
        // Delete actions only for a crawler that deletes what disappeared (the defaults LOG or deprecate).
        catalogAccess(target, args.databaseName, "write", undefined, {
            deletes: settings.crawlers.some(
                (r) => r.settings.schemaChangePolicy.deleteBehavior === "DELETE_FROM_DATABASE",
            ),
        }),
        glueLogGroupAccess(logGroupArn),
    );
    if (settings.useLakeFormationCredentials) statements.push(lakeFormationDataAccess());
    return statements;
}

/** The `s3Targets` and `jdbcTargets` inputs of a crawler. */
export function crawlerTargets(
    t: CrawlerDefinition["target"],
    bucketNames: Readonly<Record<Zone, string>>,
): Pick<aws.glue.CrawlerArgs, "s3Targets" | "jdbcTargets"> {
    const exclusions = t.exclusions === undefined ? undefined : [...t.exclusions];
    if (t.kind === "zone") {
        return {
            s3Targets: t.prefixes.map((prefix) => ({
                path: `s3://${bucketNames[t.zone]}/${prefix}`,
                exclusions,
                sampleSize: t.sampleSize,
            })),
        };
    }
    return { jdbcTargets: [{ connectionName: t.connectionName, path: t.path, exclusions }] };
}
