import * as path from "node:path";
import * as aws from "@pulumi/aws";
import { expect } from "chai";
import {
    type CrawlerLake,
    classifierForFormat,
    GLUE_CRAWLER_DEFAULTS,
    GlueCrawlerSet,
    type GlueCrawlerSetArgs,
} from "../../../components/glue-crawler-set/glue-crawler-set";
import { GlueSecurityConfiguration } from "../../../components/glue-security-configuration/glue-security-configuration";
import { GLUE_CATALOG_DELETE_ACTIONS, GLUE_CATALOG_WRITE_ACTIONS } from "../../../lib/glue-iam";
import { csvFormatDefaults, DATASET_SCHEMA_FILE } from "../../../spec/dataset-specs";
import { documentedDefaults } from "../../support/docs-defaults";
import {
    expectStarOnlyForStarActions,
    type PolicyStatement,
    statementsOf,
} from "../../support/iam-statements";
import {
    REPO_ROOT,
    type Recorder,
    resolve,
    settle,
    setupPulumiMocks,
    TEST_ACCOUNT_ID,
    TEST_REGION,
} from "../../support/pulumi-harness";

const LAKE: CrawlerLake = {
    naming: { project: "medallion-lake", stack: "test" },
    bucketNames: { bronze: "lake-bronze", silver: "lake-silver", gold: "lake-gold" },
    keyArn: `arn:aws:kms:${TEST_REGION}:${TEST_ACCOUNT_ID}:key/lake-key`,
};
const ROLE_NAME = "medallion-lake-test-bronze-crawler";
const SECURITY = "medallion-lake-test-glue";
const glue = (resource: string) => `arn:aws:glue:${TEST_REGION}:${TEST_ACCOUNT_ID}:${resource}`;

function baseArgs(overrides: Partial<GlueCrawlerSetArgs> = {}): GlueCrawlerSetArgs {
    return {
        lake: LAKE,
        accountId: TEST_ACCOUNT_ID,
        region: TEST_REGION,
        databaseName: "lake_bronze",
        securityConfigurationName: SECURITY,
        crawlers: {
            flights: {
                target: { kind: "zone", zone: "bronze", prefixes: ["flights/"] },
                classifiers: [{ kind: "csv", name: "csv", delimiter: ",", header: true }],
            },
            tweets: { target: { kind: "zone", zone: "bronze", prefixes: ["tweets/"] } },
        },
        ...overrides,
    };
}

async function build(
    overrides: Partial<GlueCrawlerSetArgs> = {},
): Promise<{ recorder: Recorder; set: GlueCrawlerSet }> {
    const recorder = setupPulumiMocks({}, "test");
    const set = new GlueCrawlerSet("bronze-crawler", baseArgs(overrides));
    await settle();
    return { recorder, set };
}

const policyOf = (recorder: Recorder): PolicyStatement[] =>
    statementsOf(recorder.named("bronze-crawler-role-policy"));

describe("GlueCrawlerSet", () => {
    it("documents every default in docs/components.md, with the values of GLUE_CRAWLER_DEFAULTS", () => {
        expect(documentedDefaults("GLUE_CRAWLER_DEFAULTS")).to.deep.equal(GLUE_CRAWLER_DEFAULTS);
    });

    describe("bronze crawlers with defaults", () => {
        let recorder: Recorder;
        let set: GlueCrawlerSet;
        let flights: Record<string, any>;
        before(async () => {
            ({ recorder, set } = await build());
            flights = recorder.named("bronze-crawler-flights", "aws:glue/crawler:Crawler").inputs;
        });

        it("registers under medallion-lake:index:GlueCrawlerSet with one crawler per definition", () => {
            expect(recorder.named("bronze-crawler").type).to.equal("medallion-lake:index:GlueCrawlerSet");
            expect(recorder.ofType("aws:glue/crawler:Crawler").map((c) => c.inputs.name)).to.have.members([
                "medallion-lake-test-bronze-crawler-flights",
                "medallion-lake-test-bronze-crawler-tweets",
            ]);
            expect(set.crawlerNames).to.deep.equal({
                flights: "medallion-lake-test-bronze-crawler-flights",
                tweets: "medallion-lake-test-bronze-crawler-tweets",
            });
        });

        it("crawls the prefix of its zone into the target database with the security configuration", () => {
            expect(flights.s3Targets).to.deep.equal([{ path: "s3://lake-bronze/flights/" }]);
            expect(flights.databaseName).to.equal("lake_bronze");
            expect(flights.securityConfiguration).to.equal(SECURITY);
        });

        it("crawls only new folders on bronze, which requires LOG schema change behaviors", () => {
            expect(GLUE_CRAWLER_DEFAULTS.recrawlBehavior.bronze).to.equal("CRAWL_NEW_FOLDERS_ONLY");
            expect(flights.recrawlPolicy).to.deep.equal({ recrawlBehavior: "CRAWL_NEW_FOLDERS_ONLY" });
            expect(flights.schemaChangePolicy).to.deep.equal({
                updateBehavior: "LOG",
                deleteBehavior: "LOG",
            });
        });

        it("groups compatible schemas into one table per prefix folder (table level 2) inheriting partitions", () => {
            expect(JSON.parse(flights.configuration)).to.deep.equal({
                Version: 1,
                Grouping: { TableGroupingPolicy: "CombineCompatibleSchemas", TableLevelConfiguration: 2 },
                CrawlerOutput: { Partitions: { AddOrUpdateBehavior: "InheritFromTable" } },
            });
        });

        it("uses IAM credentials (no Lake Formation) and runs on demand only", () => {
            expect(GLUE_CRAWLER_DEFAULTS.useLakeFormationCredentials).to.equal(false);
            expect(flights.lakeFormationConfiguration).to.deep.equal({ useLakeFormationCredentials: false });
            expect(flights.schedule).to.equal(undefined);
        });

        it("attaches a CSV classifier with header and delimiter", () => {
            const classifier = recorder.named("bronze-crawler-flights-csv", "aws:glue/classifier:Classifier");
            expect(classifier.inputs).to.deep.include({
                name: "medallion-lake-test-bronze-crawler-flights-csv",
                csvClassifier: { delimiter: ",", containsHeader: "PRESENT" },
            });
            expect(flights.classifiers).to.deep.equal(["medallion-lake-test-bronze-crawler-flights-csv"]);
            const tweets = recorder.named("bronze-crawler-tweets", "aws:glue/crawler:Crawler").inputs;
            expect(tweets.classifiers).to.deep.equal([]);
        });

        it("logs to its encrypted log group, named by role and security configuration, kept 30 days", () => {
            const group = recorder.named("bronze-crawler-logs", "aws:cloudwatch/logGroup:LogGroup").inputs;
            expect(group.name).to.equal(`/aws-glue/crawlers-role/${ROLE_NAME}-${SECURITY}`);
            expect(group.retentionInDays).to.equal(30).and.to.equal(GLUE_CRAWLER_DEFAULTS.logRetentionDays);
            expect(group.kmsKeyId).to.equal(LAKE.keyArn);
        });

        it("runs as one role the Glue service of this account assumes", async () => {
            const role = recorder.named("bronze-crawler-role", "aws:iam/role:Role").inputs;
            expect(role.name).to.equal(ROLE_NAME);
            expect(JSON.parse(role.assumeRolePolicy).Statement[0].Principal).to.deep.equal({
                Service: ["glue.amazonaws.com"],
            });
            for (const c of recorder.ofType("aws:glue/crawler:Crawler")) {
                expect(c.inputs.role).to.equal(`arn:aws:iam::${TEST_ACCOUNT_ID}:role/${ROLE_NAME}`);
            }
            expect(await resolve(set.roleArn)).to.equal(`arn:aws:iam::${TEST_ACCOUNT_ID}:role/${ROLE_NAME}`);
        });

        it("grants exactly: read-only on its prefixes, decrypt with the lake key, its database, its log group", () => {
            const logGroup = `arn:aws:logs:${TEST_REGION}:${TEST_ACCOUNT_ID}:log-group:/aws-glue/crawlers-role/${ROLE_NAME}-${SECURITY}`;
            const readPrefix = (prefix: string) => [
                { Effect: "Allow", Action: ["s3:GetBucketLocation"], Resource: ["arn:aws:s3:::lake-bronze"] },
                {
                    Effect: "Allow",
                    Action: ["s3:ListBucket"],
                    Resource: ["arn:aws:s3:::lake-bronze"],
                    Condition: { StringLike: { "s3:prefix": [`${prefix}*`, prefix] } },
                },
                {
                    Effect: "Allow",
                    Action: ["s3:GetObject", "s3:GetObjectVersion"],
                    Resource: [`arn:aws:s3:::lake-bronze/${prefix}*`],
                },
            ];
            expect(policyOf(recorder)).to.deep.equal([
                ...readPrefix("flights/"),
                ...readPrefix("tweets/"),
                { Effect: "Allow", Action: ["kms:Decrypt", "kms:DescribeKey"], Resource: [LAKE.keyArn] },
                {
                    Effect: "Allow",
                    Action: [
                        "glue:BatchGetPartition",
                        "glue:GetDatabase",
                        "glue:GetPartition",
                        "glue:GetPartitions",
                        "glue:GetTable",
                        "glue:GetTables",
                        "glue:BatchCreatePartition",
                        "glue:BatchUpdatePartition",
                        "glue:CreatePartition",
                        "glue:CreateTable",
                        "glue:UpdatePartition",
                        "glue:UpdateTable",
                    ],
                    Resource: [glue("catalog"), glue("database/lake_bronze"), glue("table/lake_bronze/*")],
                },
                {
                    Effect: "Allow",
                    Action: [
                        "logs:AssociateKmsKey",
                        "logs:CreateLogGroup",
                        "logs:CreateLogStream",
                        "logs:PutLogEvents",
                    ],
                    Resource: [logGroup, `${logGroup}:*`],
                },
            ]);
        });

        it("may delete no table or partition: the default schema change policies log or deprecate", () => {
            const actions = policyOf(recorder).flatMap((s) => s.Action);
            for (const action of GLUE_CATALOG_DELETE_ACTIONS) expect(actions).to.not.include(action);
        });

        it("may delete tables and partitions once a crawler's deleteBehavior is DELETE_FROM_DATABASE", async () => {
            const { recorder: r } = await build({
                crawlers: {
                    flights: { target: { kind: "zone", zone: "bronze", prefixes: ["flights/"] } },
                    sales: {
                        target: { kind: "zone", zone: "bronze", prefixes: ["sales/"] },
                        recrawlBehavior: "CRAWL_EVERYTHING",
                        schemaChangePolicy: {
                            updateBehavior: "UPDATE_IN_DATABASE",
                            deleteBehavior: "DELETE_FROM_DATABASE",
                        },
                    },
                },
            });
            const catalog = policyOf(r).filter((s) => s.Action.includes("glue:CreateTable"));
            expect(catalog).to.deep.equal([
                {
                    Effect: "Allow",
                    Action: [...GLUE_CATALOG_WRITE_ACTIONS],
                    Resource: [glue("catalog"), glue("database/lake_bronze"), glue("table/lake_bronze/*")],
                },
            ]);
            expect(catalog[0].Action).to.include.members([
                "glue:BatchDeletePartition",
                "glue:DeletePartition",
                "glue:DeleteTable",
            ]);
        });

        it("creates crawlers after the role policy and log group", () => {
            const crawler = recorder.named("bronze-crawler-flights", "aws:glue/crawler:Crawler");
            expect(recorder.dependsOn(crawler, recorder.named("bronze-crawler-role-policy"))).to.equal(true);
            expect(recorder.dependsOn(crawler, recorder.named("bronze-crawler-logs"))).to.equal(true);
        });
    });

    describe("with options", () => {
        let recorder: Recorder;
        before(async () => {
            ({ recorder } = await build({
                useLakeFormationCredentials: true,
                crawlers: {
                    events: {
                        recrawlBehavior: "CRAWL_EVERYTHING",
                        target: {
                            kind: "zone",
                            zone: "bronze",
                            prefixes: ["app/events/", "app/audit/"],
                            exclusions: ["**/_SUCCESS"],
                        },
                        schedule: "cron(0 * * * ? *)",
                        tablePrefix: "app_",
                        classifiers: [
                            { kind: "json", name: "records", jsonPath: "$.records[*]" },
                            {
                                kind: "grok",
                                name: "access",
                                classification: "access-log",
                                grokPattern: "%{IP:client} %{WORD:method}",
                            },
                        ],
                    },
                },
            }));
        });

        it("crawls everything again when asked, updating the catalog and deprecating vanished tables", () => {
            const crawler = recorder.named("bronze-crawler-events").inputs;
            expect(crawler.recrawlPolicy).to.deep.equal({ recrawlBehavior: "CRAWL_EVERYTHING" });
            expect(crawler.schemaChangePolicy).to.deep.equal({
                updateBehavior: "UPDATE_IN_DATABASE",
                deleteBehavior: "DEPRECATE_IN_DATABASE",
            });
        });

        it("derives table level 3 from two-folder prefixes, and passes schedule, prefix and exclusions", () => {
            const crawler = recorder.named("bronze-crawler-events").inputs;
            expect(JSON.parse(crawler.configuration).Grouping.TableLevelConfiguration).to.equal(3);
            expect(crawler.schedule).to.equal("cron(0 * * * ? *)");
            expect(crawler.tablePrefix).to.equal("app_");
            expect(crawler.s3Targets).to.deep.equal([
                { path: "s3://lake-bronze/app/events/", exclusions: ["**/_SUCCESS"] },
                { path: "s3://lake-bronze/app/audit/", exclusions: ["**/_SUCCESS"] },
            ]);
        });

        it("creates JSON path and grok classifiers", () => {
            expect(recorder.named("bronze-crawler-events-records").inputs.jsonClassifier).to.deep.equal({
                jsonPath: "$.records[*]",
            });
            expect(recorder.named("bronze-crawler-events-access").inputs.grokClassifier).to.deep.equal({
                classification: "access-log",
                grokPattern: "%{IP:client} %{WORD:method}",
            });
        });

        it("uses Lake Formation credentials and may ask Lake Formation for data access", () => {
            expect(recorder.named("bronze-crawler-events").inputs.lakeFormationConfiguration).to.deep.equal({
                useLakeFormationCredentials: true,
            });
            const lf = policyOf(recorder).filter((s) => s.Action.includes("lakeformation:GetDataAccess"));
            expect(lf).to.deep.equal([
                { Effect: "Allow", Action: ["lakeformation:GetDataAccess"], Resource: ["*"] },
            ]);
        });
    });

    describe("with a security configuration of the stack", () => {
        it("names the log group after it and creates the crawlers after it", async () => {
            const recorder = setupPulumiMocks({}, "test");
            const security = new GlueSecurityConfiguration("glue-security", {
                naming: LAKE.naming,
                kmsKeyArn: LAKE.keyArn,
            });
            new GlueCrawlerSet(
                "bronze-crawler",
                baseArgs({ securityConfigurationName: undefined, securityConfiguration: security }),
            );
            await settle();
            const crawler = recorder.named("bronze-crawler-flights", "aws:glue/crawler:Crawler");
            expect(crawler.inputs.securityConfiguration).to.equal("medallion-lake-test-glue-security");
            expect(recorder.dependsOn(crawler, recorder.named("glue-security-config"))).to.equal(true);
            expect(recorder.named("bronze-crawler-logs").inputs.name).to.equal(
                `/aws-glue/crawlers-role/${ROLE_NAME}-medallion-lake-test-glue-security`,
            );
        });
    });

    describe("on a lake's zone database", () => {
        it("creates the crawlers after the database they write to", async () => {
            const recorder = setupPulumiMocks({}, "test");
            const bronze = new aws.glue.CatalogDatabase("bronze-db", { name: "lake_bronze" });
            const silver = new aws.glue.CatalogDatabase("silver-db", { name: "lake_silver" });
            const gold = new aws.glue.CatalogDatabase("gold-db", { name: "lake_gold" });
            const lake: CrawlerLake = {
                ...LAKE,
                databases: { bronze, silver, gold },
                databaseNames: { bronze: "lake_bronze", silver: "lake_silver", gold: "lake_gold" },
            };
            new GlueCrawlerSet("bronze-crawler", baseArgs({ lake }));
            await settle();
            const crawler = recorder.named("bronze-crawler-flights", "aws:glue/crawler:Crawler");
            expect(recorder.dependsOn(crawler, recorder.named("bronze-db"))).to.equal(true);
            expect(recorder.dependsOn(crawler, recorder.named("silver-db"))).to.equal(false);
        });
    });

    describe("a JDBC target", () => {
        let recorder: Recorder;
        before(async () => {
            ({ recorder } = await build({
                crawlers: {
                    sales: { target: { kind: "jdbc", connectionName: "sales-db", path: "sales/public/%" } },
                },
            }));
        });

        it("crawls the path through the connection, crawling everything with no table level", () => {
            const crawler = recorder.named("bronze-crawler-sales").inputs;
            expect(crawler.jdbcTargets).to.deep.equal([
                { connectionName: "sales-db", path: "sales/public/%" },
            ]);
            expect(crawler.s3Targets).to.equal(undefined);
            expect(crawler.recrawlPolicy).to.deep.equal({ recrawlBehavior: "CRAWL_EVERYTHING" });
            expect(JSON.parse(crawler.configuration).Grouping).to.deep.equal({
                TableGroupingPolicy: "CombineCompatibleSchemas",
            });
        });

        it("reads only its connection, and manages only Glue-tagged network interfaces of this account", () => {
            const statements = policyOf(recorder);
            expect(statements.filter((s) => s.Action.includes("glue:GetConnection"))).to.deep.equal([
                {
                    Effect: "Allow",
                    Action: ["glue:GetConnection"],
                    Resource: [glue("catalog"), glue("connection/sales-db")],
                },
            ]);
            const ec2 = `arn:aws:ec2:${TEST_REGION}:${TEST_ACCOUNT_ID}`;
            expect(
                statements.filter((s) => s.Action.includes("ec2:CreateNetworkInterface"))[0].Resource,
            ).to.deep.equal([`${ec2}:network-interface/*`, `${ec2}:security-group/*`, `${ec2}:subnet/*`]);
            expect(statements.filter((s) => s.Action.includes("ec2:DescribeVpcAttribute"))).to.deep.equal([
                { Effect: "Allow", Action: ["ec2:DescribeVpcAttribute"], Resource: [`${ec2}:vpc/*`] },
            ]);
            expect(statements.filter((s) => s.Action.includes("ec2:CreateTags"))[0].Condition).to.deep.equal({
                "ForAllValues:StringEquals": { "aws:TagKeys": ["aws-glue-service-resource"] },
            });
            expect(statements.some((s) => s.Action.some((a) => a.startsWith("s3:")))).to.equal(false);
        });

        it("grants Resource * only for actions AWS authorizes on * alone", () => {
            expectStarOnlyForStarActions(policyOf(recorder));
        });
    });

    describe("refuses", () => {
        const refuse = (overrides: Partial<GlueCrawlerSetArgs>, message: string | RegExp) => {
            setupPulumiMocks({}, "test");
            expect(() => new GlueCrawlerSet("bronze-crawler", baseArgs(overrides))).to.throw(message);
        };
        const bronze = { kind: "zone" as const, zone: "bronze" as const, prefixes: ["flights/"] };

        it("a silver or gold target, naming the crawler, its s3:// paths and the fix (the jobs own those Iceberg tables)", () => {
            refuse(
                {
                    crawlers: {
                        flights: { target: { kind: "zone", zone: "silver", prefixes: ["flights/"] } },
                    },
                },
                'GlueCrawlerSet bronze-crawler: crawlers.flights.target.zone: got "silver"; crawler "flights" would crawl s3://lake-silver/flights/, where the ETL jobs create and own the silver Iceberg tables (a crawler would catalog their data and metadata files as a second table); remove the crawler and query the job\'s table, or crawl a bronze prefix',
            );
            refuse(
                {
                    crawlers: {
                        kpis: { target: { kind: "zone", zone: "gold", prefixes: ["daily/", "monthly/"] } },
                    },
                },
                /^GlueCrawlerSet bronze-crawler: crawlers\.kpis\.target\.zone: got "gold"; crawler "kpis" would crawl s3:\/\/lake-gold\/daily\/, s3:\/\/lake-gold\/monthly\/, where the ETL jobs create and own the gold Iceberg tables/,
            );
        });

        it("every job-owned target at once, and the silver database as the crawlers' database", () => {
            setupPulumiMocks({}, "test");
            const lake: CrawlerLake = {
                ...LAKE,
                databaseNames: { bronze: "lake_bronze", silver: "lake_silver", gold: "lake_gold" },
            };
            const args = baseArgs({
                lake,
                databaseName: "lake_silver",
                crawlers: {
                    flights: { target: { kind: "zone", zone: "bronze", prefixes: ["flights/"] } },
                    sales: { target: { kind: "zone", zone: "silver", prefixes: ["sales/"] } },
                    kpis: { target: { kind: "zone", zone: "gold", prefixes: ["kpis/"] } },
                },
            });
            let error: Error | undefined;
            try {
                new GlueCrawlerSet("bronze-crawler", args);
            } catch (e) {
                error = e as Error;
            }
            const lines = (error?.message ?? "").split("\n").map((l) => l.split(";")[0]);
            expect(lines).to.deep.equal([
                'GlueCrawlerSet bronze-crawler: crawlers.sales.target.zone: got "silver"',
                'GlueCrawlerSet bronze-crawler: crawlers.kpis.target.zone: got "gold"',
                'GlueCrawlerSet bronze-crawler: databaseName: got "lake_silver"',
            ]);
            expect(error?.message).to.include(
                "is the silver database, whose tables the ETL jobs create and own as Iceberg tables; write the crawlers' tables to the bronze database (lake_bronze)",
            );
        });

        it("an invalid cron schedule, naming the crawler and field", () => {
            refuse(
                { crawlers: { flights: { target: bronze, schedule: "cron(0 25 * * ? *)" } } },
                /^GlueCrawlerSet bronze-crawler: crawlers\.flights\.schedule: got "cron\(0 25 \* \* \? \*\)"; not a valid AWS cron schedule: hours field "25": Constraint error, got value 25 expected range 0-23\. Example: cron\(15 2 \* \* \? \*\)$/,
            );
        });

        it("an incremental crawl with a schema change policy other than LOG", () => {
            refuse(
                {
                    crawlers: {
                        flights: {
                            target: bronze,
                            schemaChangePolicy: {
                                updateBehavior: "UPDATE_IN_DATABASE",
                                deleteBehavior: "LOG",
                            },
                        },
                    },
                },
                'GlueCrawlerSet bronze-crawler: crawlers.flights.schemaChangePolicy: got {"updateBehavior":"UPDATE_IN_DATABASE","deleteBehavior":"LOG"}; CRAWL_NEW_FOLDERS_ONLY crawls accept only LOG for updateBehavior and deleteBehavior; set both to LOG or use recrawlBehavior CRAWL_EVERYTHING',
            );
        });

        it("an incremental crawl or Lake Formation credentials on a JDBC target", () => {
            const jdbc = { kind: "jdbc" as const, connectionName: "db", path: "db/%" };
            refuse(
                { crawlers: { db: { target: jdbc, recrawlBehavior: "CRAWL_NEW_FOLDERS_ONLY" } } },
                /crawlers\.db\.recrawlBehavior: got "CRAWL_NEW_FOLDERS_ONLY"; CRAWL_NEW_FOLDERS_ONLY only applies to S3 targets/,
            );
            refuse(
                { useLakeFormationCredentials: true, crawlers: { db: { target: jdbc } } },
                /crawlers\.db\.target\.kind: got "jdbc"; Lake Formation credentials apply to S3 and catalog targets only/,
            );
        });

        it("prefixes of different depths without an explicit table level, and bad prefixes", () => {
            refuse(
                { crawlers: { mixed: { target: { ...bronze, prefixes: ["a/", "b/c/"] } } } },
                /crawlers\.mixed\.tableGroupingLevel: prefixes a\/, b\/c\/ have different depths; set the level explicitly/,
            );
            refuse(
                { crawlers: { x: { target: { ...bronze, prefixes: ["/flights/"] } } } },
                /crawlers\.x\.target\.prefixes\[0\]: got "\/flights\/"; use a folder/,
            );
        });

        it("no security configuration, or both a configuration and a name", () => {
            const message =
                "GlueCrawlerSet bronze-crawler: securityConfiguration: give exactly one of securityConfiguration (of this stack) and securityConfigurationName (an existing one)";
            refuse({ securityConfigurationName: undefined }, message);
            const security = new GlueSecurityConfiguration("glue-security", {
                naming: LAKE.naming,
                kmsKeyArn: LAKE.keyArn,
            });
            refuse({ securityConfiguration: security }, message);
        });

        it("an empty set, duplicate classifier names and a bad log retention", () => {
            refuse(
                { crawlers: {} },
                "GlueCrawlerSet bronze-crawler: crawlers: got {}; define at least one crawler",
            );
            const csv = { kind: "csv" as const, name: "c", delimiter: ",", header: true };
            refuse(
                { crawlers: { f: { target: bronze, classifiers: [csv, csv] } } },
                /classifiers: got "c"; is defined twice/,
            );
            refuse(
                { logRetentionDays: 2 },
                /logRetentionDays: got 2; CloudWatch Logs accepts only 1, 3, 5, .*; use 1 or 3$/,
            );
        });
    });

    describe("classifierForFormat", () => {
        const defaults = csvFormatDefaults(path.join(REPO_ROOT, "datasets", DATASET_SCHEMA_FILE));

        it("reads the CSV defaults from the dataset spec schema", () => {
            expect(defaults).to.deep.equal({
                header: true,
                delimiter: ",",
                quote: '"',
                escape: '"',
                encoding: "UTF-8",
            });
        });

        it("maps CSV options (with schema defaults) and JSON paths; built-in classifiers cover the rest", () => {
            expect(classifierForFormat("sales", { type: "csv", delimiter: ";" }, defaults)).to.deep.equal({
                kind: "csv",
                name: "sales",
                delimiter: ";",
                header: true,
                quoteSymbol: '"',
            });
            expect(
                classifierForFormat("api", { type: "json_path", path: "$.data.items" }, defaults),
            ).to.deep.equal({
                kind: "json",
                name: "api",
                jsonPath: "$.data.items",
            });
            for (const type of ["json_lines", "json_array", "firehose_json", "parquet"] as const) {
                expect(classifierForFormat("x", { type }, defaults), type).to.equal(undefined);
            }
        });
    });
});
