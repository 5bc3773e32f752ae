import { expect } from "chai";
import { type Recorder, readStackConfig, runProgram } from "../support/pulumi-harness";

describe("dev stack (index.ts with Pulumi.dev.yaml)", () => {
    let recorder: Recorder;
    let outputs: Record<string, unknown>;

    before(async () => {
        ({ recorder, outputs } = await runProgram(readStackConfig("dev"), "dev"));
    });

    it("registers the DataLake component with the medallion-lake type token", () => {
        const lake = recorder.named("lake", "medallion-lake:index:DataLake");
        expect(lake.custom).to.equal(false);
    });

    it("exports bucket names per zone that include account and region", () => {
        expect(outputs.bucketNames).to.deep.equal({
            bronze: "medallion-lake-dev-bronze-123456789012-eu-west-1",
            silver: "medallion-lake-dev-silver-123456789012-eu-west-1",
            gold: "medallion-lake-dev-gold-123456789012-eu-west-1",
        });
    });

    it("exports Athena-queryable database names and the workgroup", () => {
        expect(outputs.databaseNames).to.deep.equal({
            bronze: "medallion_lake_dev_bronze",
            silver: "medallion_lake_dev_silver",
            gold: "medallion_lake_dev_gold",
        });
        expect(outputs.athenaWorkgroup).to.equal("medallion-lake-dev-lake");
    });

    it("parents every resource under a component", () => {
        const orphans = recorder.resources.filter((r) => r.custom && r.parentUrn === undefined);
        expect(orphans.map((r) => r.name)).to.deep.equal([]);
    });

    it("registers the account's Data Catalog encryption settings unless medallion-lake:catalogEncryption is false", async () => {
        const type = "aws:glue/dataCatalogEncryptionSettings:DataCatalogEncryptionSettings";
        expect(recorder.ofType(type).map((r) => r.name)).to.deep.equal(["lake-catalog-encryption"]);
        const off = await runProgram(
            { ...readStackConfig("dev"), "medallion-lake:catalogEncryption": "false" },
            "dev",
        );
        expect(off.recorder.ofType(type)).to.deep.equal([]);
    });
});
