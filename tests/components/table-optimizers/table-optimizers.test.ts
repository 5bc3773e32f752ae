import * as path from "node:path";
import { expect } from "chai";
import { glueDataAccess, planGrants } from "../../../components/lake-formation-admin/grants";
import { LaterGrants } from "../../../components/lake-formation-admin/ordering";
import {
    type OptimizerLake,
    TABLE_OPTIMIZER_DEFAULTS,
    TableOptimizers,
    type TableOptimizersArgs,
} from "../../../components/table-optimizers/table-optimizers";
import { documentedDefaults } from "../../support/docs-defaults";
import { expectStarOnlyForStarActions, statementsOf } from "../../support/iam-statements";
import {
    REPO_ROOT,
    type Recorder,
    settle,
    setupPulumiMocks,
    TEST_ACCOUNT_ID,
    TEST_REGION,
} from "../../support/pulumi-harness";

const T = {
    optimizer: "aws:glue/catalogTableOptimizer:CatalogTableOptimizer",
    role: "aws:iam/role:Role",
    rolePolicy: "aws:iam/rolePolicy:RolePolicy",
};
const KEY = `arn:aws:kms:${TEST_REGION}:${TEST_ACCOUNT_ID}:key/lake-key`;
const LAKE: OptimizerLake = {
    naming: { project: "medallion-lake", stack: "test" },
    bucketNames: { bronze: "lake-bronze", silver: "lake-silver", gold: "lake-gold" },
    databaseNames: { bronze: "lake_bronze", silver: "lake_silver", gold: "lake_gold" },
    keyArn: KEY,
};
const ROLE_NAME = "medallion-lake-test-table-optimizers";
const ROLE_ARN = `arn:aws:iam::${TEST_ACCOUNT_ID}:role/${ROLE_NAME}`;
const glue = (resource: string) => `arn:aws:glue:${TEST_REGION}:${TEST_ACCOUNT_ID}:${resource}`;
const logs = (group: string) => `arn:aws:logs:${TEST_REGION}:${TEST_ACCOUNT_ID}:log-group:${group}:*`;

function baseArgs(overrides: Partial<TableOptimizersArgs> = {}): TableOptimizersArgs {
    return {
        lake: LAKE,
        accountId: TEST_ACCOUNT_ID,
        region: TEST_REGION,
        tables: [
            { zone: "silver", table: "flights" },
            { zone: "gold", table: "delays_by_month" },
        ],
        ...overrides,
    };
}

async function build(overrides: Partial<TableOptimizersArgs> = {}): Promise<Recorder> {
    const recorder = setupPulumiMocks({}, "test");
    new TableOptimizers("table-optimizers", baseArgs(overrides));
    await settle();
    return recorder;
}

describe("TableOptimizers and Lake Formation", () => {
    it("declares the role's optimize grants under the component's name, and waits for them with grantsReady", async () => {
        setupPulumiMocks({}, "test");
        const grantsReady = new LaterGrants();
        const optimizers = new TableOptimizers("table-optimizers", baseArgs({ grantsReady }));
        grantsReady.resolve(undefined);
        await settle();
        const grants = optimizers.dataAccess.map((g) => [g.grantee, g.zone, g.access]);
        expect(grants).to.deep.equal([
            ["table-optimizers", "silver", "optimize"],
            ["table-optimizers", "gold", "optimize"],
        ]);
        expect(() => grantsReady.waitFor("late")).to.throw(/already handed out/);
    });
});

describe("TableOptimizers", () => {
    it("documents every default in docs/components.md and docs/iceberg.md, with the values of TABLE_OPTIMIZER_DEFAULTS", () => {
        expect(documentedDefaults("TABLE_OPTIMIZER_DEFAULTS")).to.deep.equal(TABLE_OPTIMIZER_DEFAULTS);
        const iceberg = path.join(REPO_ROOT, "docs", "iceberg.md");
        expect(documentedDefaults("TABLE_OPTIMIZER_DEFAULTS", iceberg)).to.deep.equal(
            TABLE_OPTIMIZER_DEFAULTS,
        );
    });

    describe("a silver and a gold table with defaults", () => {
        let recorder: Recorder;
        before(async () => {
            recorder = await build();
        });

        it("creates a compaction, a retention and an orphan file deletion optimizer per table, named by zone, table and type", () => {
            expect(
                recorder
                    .ofType(T.optimizer)
                    .map((o) => o.name)
                    .sort(),
            ).to.deep.equal([
                "table-optimizers-gold-delays-by-month-compaction",
                "table-optimizers-gold-delays-by-month-orphan-file-deletion",
                "table-optimizers-gold-delays-by-month-retention",
                "table-optimizers-silver-flights-compaction",
                "table-optimizers-silver-flights-orphan-file-deletion",
                "table-optimizers-silver-flights-retention",
            ]);
        });

        it("compacts with binpack once a partition holds 100 files, as the role", () => {
            expect(
                recorder.named("table-optimizers-silver-flights-compaction", T.optimizer).inputs,
            ).to.deep.equal({
                catalogId: TEST_ACCOUNT_ID,
                databaseName: "lake_silver",
                tableName: "flights",
                type: "compaction",
                configuration: {
                    roleArn: ROLE_ARN,
                    enabled: true,
                    compactionConfiguration: {
                        icebergConfiguration: {
                            strategy: "binpack",
                            minInputFiles: 100,
                            deleteFileThreshold: 1,
                        },
                    },
                },
            });
        });

        it("keeps a week and at least 5 snapshots, deletes the files of expired ones, every 24 hours", () => {
            expect(
                recorder.named("table-optimizers-gold-delays-by-month-retention", T.optimizer).inputs,
            ).to.deep.equal({
                catalogId: TEST_ACCOUNT_ID,
                databaseName: "lake_gold",
                tableName: "delays_by_month",
                type: "retention",
                configuration: {
                    roleArn: ROLE_ARN,
                    enabled: true,
                    retentionConfiguration: {
                        icebergConfiguration: {
                            snapshotRetentionPeriodInDays: 7,
                            numberOfSnapshotsToRetain: 5,
                            cleanExpiredFiles: true,
                            runRateInHours: 24,
                        },
                    },
                },
            });
        });

        it("deletes files unreferenced for 3 days under the table location, every 24 hours", () => {
            expect(
                recorder.named("table-optimizers-silver-flights-orphan-file-deletion", T.optimizer).inputs,
            ).to.deep.equal({
                catalogId: TEST_ACCOUNT_ID,
                databaseName: "lake_silver",
                tableName: "flights",
                type: "orphan_file_deletion",
                configuration: {
                    roleArn: ROLE_ARN,
                    enabled: true,
                    orphanFileDeletionConfiguration: {
                        icebergConfiguration: { orphanFileRetentionPeriodInDays: 3, runRateInHours: 24 },
                    },
                },
            });
        });

        it("runs as one role the Glue service assumes, created with its policy before every optimizer", () => {
            const role = recorder.named("table-optimizers-role", T.role);
            expect(role.inputs.name).to.equal(ROLE_NAME);
            expect(JSON.parse(role.inputs.assumeRolePolicy).Statement).to.deep.equal([
                {
                    Effect: "Allow",
                    Principal: { Service: ["glue.amazonaws.com"] },
                    Action: ["sts:AssumeRole"],
                },
            ]);
            const policy = recorder.named("table-optimizers-role-policy", T.rolePolicy);
            for (const optimizer of recorder.ofType(T.optimizer)) {
                expect(recorder.dependsOn(optimizer, policy), optimizer.name).to.equal(true);
            }
        });

        it("grants exactly: S3 on the table prefixes, the lake key through S3, GetTable/UpdateTable on the tables, the optimizers' log groups", () => {
            const statements = statementsOf(recorder.named("table-optimizers-role-policy", T.rolePolicy));
            expect(statements).to.deep.equal([
                { Effect: "Allow", Action: ["s3:GetBucketLocation"], Resource: ["arn:aws:s3:::lake-silver"] },
                {
                    Effect: "Allow",
                    Action: ["s3:ListBucket"],
                    Resource: ["arn:aws:s3:::lake-silver"],
                    Condition: { StringLike: { "s3:prefix": ["flights", "flights/*"] } },
                },
                {
                    Effect: "Allow",
                    Action: ["s3:DeleteObject", "s3:GetObject", "s3:PutObject"],
                    Resource: ["arn:aws:s3:::lake-silver/flights/*"],
                },
                { Effect: "Allow", Action: ["s3:GetBucketLocation"], Resource: ["arn:aws:s3:::lake-gold"] },
                {
                    Effect: "Allow",
                    Action: ["s3:ListBucket"],
                    Resource: ["arn:aws:s3:::lake-gold"],
                    Condition: { StringLike: { "s3:prefix": ["delays_by_month", "delays_by_month/*"] } },
                },
                {
                    Effect: "Allow",
                    Action: ["s3:DeleteObject", "s3:GetObject", "s3:PutObject"],
                    Resource: ["arn:aws:s3:::lake-gold/delays_by_month/*"],
                },
                {
                    Effect: "Allow",
                    Action: ["kms:Decrypt", "kms:GenerateDataKey"],
                    Resource: [KEY],
                    Condition: { StringEquals: { "kms:ViaService": `s3.${TEST_REGION}.amazonaws.com` } },
                },
                {
                    Effect: "Allow",
                    Action: ["glue:GetTable", "glue:UpdateTable"],
                    Resource: [
                        glue("catalog"),
                        glue("database/lake_silver"),
                        glue("database/lake_gold"),
                        glue("table/lake_silver/flights"),
                        glue("table/lake_gold/delays_by_month"),
                    ],
                },
                {
                    Effect: "Allow",
                    Action: ["logs:CreateLogGroup", "logs:CreateLogStream", "logs:PutLogEvents"],
                    Resource: [
                        logs("/aws-glue/iceberg-compaction/logs"),
                        logs("/aws-glue/iceberg-retention/logs"),
                        logs("/aws-glue/iceberg-orphan-file-deletion/logs"),
                    ],
                },
            ]);
            expectStarOnlyForStarActions(statements);
        });
    });

    describe("with options", () => {
        let recorder: Recorder;
        before(async () => {
            recorder = await build({
                tables: [{ zone: "silver", table: "sales", prefix: "warehouse/sales/" }],
                compaction: { enabled: false },
                retention: { snapshotRetentionPeriodInDays: 30, runRateInHours: 168 },
                orphanFileDeletion: { orphanFileRetentionPeriodInDays: 7, runRateInHours: 3 },
                lakeFormationAccess: true,
            });
        });

        it("creates no optimizer of a disabled type, and keeps the defaults an option does not set", () => {
            expect(
                recorder
                    .ofType(T.optimizer)
                    .map((o) => o.inputs.type)
                    .sort(),
            ).to.deep.equal(["orphan_file_deletion", "retention"]);
            expect(
                recorder.named("table-optimizers-silver-sales-retention", T.optimizer).inputs.configuration
                    .retentionConfiguration.icebergConfiguration,
            ).to.deep.equal({
                snapshotRetentionPeriodInDays: 30,
                numberOfSnapshotsToRetain: 5,
                cleanExpiredFiles: true,
                runRateInHours: 168,
            });
            expect(
                recorder.named("table-optimizers-silver-sales-orphan-file-deletion", T.optimizer).inputs
                    .configuration.orphanFileDeletionConfiguration.icebergConfiguration,
            ).to.deep.equal({ orphanFileRetentionPeriodInDays: 7, runRateInHours: 3 });
        });

        it("scopes S3 to the given prefix, writes only the enabled types' log groups, and may ask Lake Formation for data access", () => {
            const statements = statementsOf(recorder.named("table-optimizers-role-policy", T.rolePolicy));
            expect(statements.find((s) => s.Action.includes("s3:PutObject"))?.Resource).to.deep.equal([
                "arn:aws:s3:::lake-silver/warehouse/sales/*",
            ]);
            expect(statements.find((s) => s.Action.includes("logs:PutLogEvents"))?.Resource).to.deep.equal([
                logs("/aws-glue/iceberg-retention/logs"),
                logs("/aws-glue/iceberg-orphan-file-deletion/logs"),
            ]);
            expect(statements.at(-1)).to.deep.equal({
                Effect: "Allow",
                Action: ["lakeformation:GetDataAccess"],
                Resource: ["*"],
            });
            expectStarOnlyForStarActions(statements);
        });
    });

    it("hands glueDataAccess the prefixes for the Lake Formation optimize grants", async () => {
        setupPulumiMocks({}, "test");
        const optimizers = new TableOptimizers("table-optimizers", baseArgs());
        expect(optimizers.prefixes).to.deep.equal([
            { zone: "silver", prefix: "flights/" },
            { zone: "gold", prefix: "delays_by_month/" },
        ]);
        const plan = planGrants(
            glueDataAccess("table-optimizers", ROLE_ARN, { optimizes: optimizers.prefixes }),
            [],
            ["DESCRIBE", "SELECT"],
        );
        expect(plan.map((g) => [g.key, g.permissions])).to.deep.equal([
            ["table-optimizers-silver-optimize-location-flights", ["DATA_LOCATION_ACCESS"]],
            ["table-optimizers-silver-optimize-database", ["DESCRIBE"]],
            ["table-optimizers-silver-optimize-tables", ["ALTER", "DELETE", "DESCRIBE", "INSERT"]],
            ["table-optimizers-gold-optimize-location-delays-by-month", ["DATA_LOCATION_ACCESS"]],
            ["table-optimizers-gold-optimize-database", ["DESCRIBE"]],
            ["table-optimizers-gold-optimize-tables", ["ALTER", "DELETE", "DESCRIBE", "INSERT"]],
        ]);
        await settle();
    });

    describe("refuses", () => {
        const fails = (overrides: Partial<TableOptimizersArgs>) => () => {
            setupPulumiMocks({}, "test");
            new TableOptimizers("table-optimizers", baseArgs(overrides));
        };

        it("options out of AWS's ranges, every problem at once, naming the option and the fix", () => {
            expect(
                fails({
                    compaction: { strategy: "random" as never, minInputFiles: 0 },
                    retention: { runRateInHours: 2, numberOfSnapshotsToRetain: 1.5 },
                    orphanFileDeletion: { runRateInHours: 169, orphanFileRetentionPeriodInDays: 0 },
                }),
            ).to.throw(
                [
                    'TableOptimizers table-optimizers: compaction.strategy: got "random"; use binpack, sort, z-order',
                    "TableOptimizers table-optimizers: compaction.minInputFiles: got 0; use a whole number of files, at least 1",
                    "TableOptimizers table-optimizers: retention.numberOfSnapshotsToRetain: got 1.5; use a whole number of snapshots, at least 1",
                    "TableOptimizers table-optimizers: retention.runRateInHours: got 2; use a whole number of hours from 3 to 168 (7 days), as Glue allows",
                    "TableOptimizers table-optimizers: orphanFileDeletion.orphanFileRetentionPeriodInDays: got 0; use a whole number of days, at least 1",
                    "TableOptimizers table-optimizers: orphanFileDeletion.runRateInHours: got 169; use a whole number of hours from 3 to 168 (7 days), as Glue allows",
                ].join("\n"),
            );
        });

        it("a bronze table, a bad name or prefix, a table listed twice", () => {
            expect(
                fails({
                    tables: [
                        { zone: "bronze" as never, table: "flights" },
                        { zone: "silver", table: "Flights", prefix: "/flights" },
                        { zone: "gold", table: "daily" },
                        { zone: "gold", table: "daily" },
                    ],
                }),
            ).to.throw(
                [
                    'TableOptimizers table-optimizers: tables[0].zone: got "bronze"; use silver or gold: the optimizers work on Iceberg tables, and only the jobs\' silver and gold tables are Iceberg',
                    'TableOptimizers table-optimizers: tables[1].table: got "Flights"; Glue table names are lowercase letters, digits and underscores',
                    'TableOptimizers table-optimizers: tables[1].prefix: got "/flights"; use a key prefix ending in "/", such as "flights/"',
                    'TableOptimizers table-optimizers: tables[3]: got "gold.daily"; the table is listed twice; list it once',
                ].join("\n"),
            );
        });

        it("no table, and every type disabled", () => {
            expect(
                fails({
                    tables: [],
                    compaction: { enabled: false },
                    retention: { enabled: false },
                    orphanFileDeletion: { enabled: false },
                }),
            ).to.throw(
                [
                    "TableOptimizers table-optimizers: enabled: got false; compaction, retention and orphanFileDeletion are all disabled; enable one, or do not create the optimizers",
                    "TableOptimizers table-optimizers: tables: got []; list at least one silver or gold Iceberg table",
                ].join("\n"),
            );
        });
    });
});
