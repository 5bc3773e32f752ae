import { expect } from "chai";
import { evaluatePolicies } from "../../policies/evaluate";
import { type Recorder, readStackConfig, runProgram, TEST_ACCOUNT_ID } from "../support/pulumi-harness";

const T = {
    optimizer: "aws:glue/catalogTableOptimizer:CatalogTableOptimizer",
    grant: "aws:lakeformation/permissions:Permissions",
};
const ROLE_ARN = `arn:aws:iam::${TEST_ACCOUNT_ID}:role/medallion-lake-dev-table-optimizers`;
const withOptimizers = (tableOptimizers: Record<string, unknown>) => ({
    ...readStackConfig("dev"),
    "medallion-lake:iceberg": JSON.stringify({ tableOptimizers }),
});

/** `<database>.<table> <type>` of each optimizer, sorted. */
function optimizerLines(recorder: Recorder): string[] {
    return recorder
        .ofType(T.optimizer)
        .map((o) => `${o.inputs.databaseName}.${o.inputs.tableName} ${o.inputs.type}`)
        .sort();
}

describe("Iceberg table optimizers in the stack", () => {
    it("creates none by default (medallion-lake:iceberg.tableOptimizers.enabled is false)", async () => {
        const { recorder, outputs } = await runProgram(readStackConfig("dev"), "dev");
        expect(recorder.ofType(T.optimizer)).to.deep.equal([]);
        expect(outputs.tableOptimizersRoleArn).to.equal(undefined);
    });

    describe("dev stack with tableOptimizers.enabled", () => {
        let recorder: Recorder;
        let outputs: Record<string, unknown>;
        before(async () => {
            ({ recorder, outputs } = await runProgram(withOptimizers({ enabled: true }), "dev"));
        });

        it("optimizes every silver table and every gold table of the deployed datasets, three types each", () => {
            const tables = [
                "medallion_lake_dev_gold.flight_delays_by_origin_month",
                "medallion_lake_dev_gold.route_summary",
                "medallion_lake_dev_gold.tweets_per_user_day",
                "medallion_lake_dev_gold.ventas_diarias_por_tienda",
                "medallion_lake_dev_silver.flights",
                "medallion_lake_dev_silver.sales",
                "medallion_lake_dev_silver.tweets",
            ];
            expect(optimizerLines(recorder)).to.deep.equal(
                tables.flatMap((t) => [`${t} compaction`, `${t} orphan_file_deletion`, `${t} retention`]),
            );
            for (const optimizer of recorder.ofType(T.optimizer)) {
                expect(optimizer.inputs.catalogId, optimizer.name).to.equal(TEST_ACCOUNT_ID);
                expect(optimizer.inputs.configuration.roleArn, optimizer.name).to.equal(ROLE_ARN);
                expect(optimizer.inputs.configuration.enabled, optimizer.name).to.equal(true);
            }
            expect(outputs.tableOptimizersRoleArn).to.equal(ROLE_ARN);
        });

        it("grants the role optimize on silver and gold under Lake Formation, and creates the optimizers after those grants", () => {
            const grants = recorder
                .ofType(T.grant)
                .filter((g) => g.inputs.principal === ROLE_ARN)
                .map((g) => g.name)
                .sort();
            expect(grants).to.deep.equal([
                "lake-formation-grant-table-optimizers-gold-optimize-database",
                "lake-formation-grant-table-optimizers-gold-optimize-location-flight-delays-by-origin-month",
                "lake-formation-grant-table-optimizers-gold-optimize-location-route-summary",
                "lake-formation-grant-table-optimizers-gold-optimize-location-tweets-per-user-day",
                "lake-formation-grant-table-optimizers-gold-optimize-location-ventas-diarias-por-tienda",
                "lake-formation-grant-table-optimizers-gold-optimize-tables",
                "lake-formation-grant-table-optimizers-silver-optimize-database",
                "lake-formation-grant-table-optimizers-silver-optimize-location-flights",
                "lake-formation-grant-table-optimizers-silver-optimize-location-sales",
                "lake-formation-grant-table-optimizers-silver-optimize-location-tweets",
                "lake-formation-grant-table-optimizers-silver-optimize-tables",
            ]);
            const tablesGrant = recorder.named(
                "lake-formation-grant-table-optimizers-silver-optimize-tables",
                T.grant,
            );
            expect(tablesGrant.inputs.permissions).to.deep.equal(["ALTER", "DELETE", "DESCRIBE", "INSERT"]);
            expect(tablesGrant.inputs.table).to.deep.equal({
                databaseName: "medallion_lake_dev_silver",
                wildcard: true,
            });
            const optimizerGrants = recorder.ofType(T.grant).filter((g) => g.inputs.principal === ROLE_ARN);
            for (const optimizer of recorder.ofType(T.optimizer)) {
                for (const grant of optimizerGrants) {
                    expect(
                        recorder.dependsOn(optimizer, grant),
                        `${optimizer.name} after ${grant.name}`,
                    ).to.equal(true);
                }
            }
        });

        it("passes the policy pack with no mandatory violation", async () => {
            const violations = await evaluatePolicies(recorder.resources);
            const mandatory = violations.filter((v) => v.enforcementLevel === "mandatory");
            expect(mandatory.map((v) => `${v.policyName}: ${v.message}`)).to.deep.equal([]);
        });
    });

    it("passes the config's options to every optimizer, and leaves out a disabled type", async () => {
        const { recorder } = await runProgram(
            withOptimizers({
                enabled: true,
                compaction: { enabled: false },
                retention: { snapshotRetentionPeriodInDays: 14 },
            }),
            "dev",
        );
        const types = new Set(recorder.ofType(T.optimizer).map((o) => o.inputs.type));
        expect([...types].sort()).to.deep.equal(["orphan_file_deletion", "retention"]);
        const retention = recorder
            .ofType(T.optimizer)
            .filter((o) => o.inputs.type === "retention")
            .map((o) => o.inputs.configuration.retentionConfiguration.icebergConfiguration);
        // One silver and one gold table per deployed dev dataset: flights (2 gold), sales, tweets.
        expect(retention).to.have.length(7);
        for (const config of retention) {
            expect(config).to.deep.equal({
                snapshotRetentionPeriodInDays: 14,
                numberOfSnapshotsToRetain: 5,
                cleanExpiredFiles: true,
                runRateInHours: 24,
            });
        }
    });
});
