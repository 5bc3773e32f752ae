import { readFileSync } from "node:fs";
import * as path from "node:path";
import { expect } from "chai";
import { parse as parseYaml } from "yaml";
import { type ProgramRun, REPO_ROOT, readStackConfig, tryRunProgram } from "../support/pulumi-harness";

const SOURCE_TYPES = ["medallion-lake:index:EventStreamSource", "medallion-lake:index:PostgresSource"];

/** The dev stack's config with `medallion-lake:sources` set. */
const devWithSources = (sources: unknown) => ({
    ...readStackConfig("dev"),
    "medallion-lake:sources": JSON.stringify(sources),
});

describe("sources in the program (index.ts)", () => {
    it("creates neither source on the dev stack, and exports none", async () => {
        const run = await tryRunProgram(readStackConfig("dev"), "dev");
        expect(run.error).to.equal(undefined);
        expect(run.recorder.resources.filter((r) => SOURCE_TYPES.includes(r.type))).to.deep.equal([]);
        expect([run.outputs.eventStreamSource, run.outputs.postgresSource]).to.deep.equal([
            undefined,
            undefined,
        ]);
    });

    describe("with sources.postgres enabled", () => {
        let run: ProgramRun;
        before(async () => {
            run = await tryRunProgram(
                devWithSources({ postgres: { enabled: true, simulator: { rowsPerRun: 25 } } }),
                "dev",
            );
        });

        it("builds the PostgresSource with the config's settings", () => {
            expect(run.error).to.equal(undefined);
            run.recorder.named("transactional", "medallion-lake:index:PostgresSource");
            const fn = run.recorder.named("transactional-simulator", "aws:lambda/function:Function");
            expect(fn.inputs.environment.variables.ROWS_PER_RUN).to.equal("25");
        });

        it("lets dev's retainDataOnDestroy: false delete the database without a snapshot", () => {
            expect(
                run.recorder.named("transactional-db", "aws:rds/instance:Instance").inputs,
            ).to.deep.include({
                deletionProtection: false,
                skipFinalSnapshot: true,
            });
        });

        it("exports the names a user needs", () => {
            expect(run.outputs.postgresSource).to.deep.include({
                connectionName: "medallion-lake-dev-transactional-postgres",
                ingestionJobName: "medallion-lake-dev-transactional-jdbc-to-bronze",
                simulatorFunctionName: "medallion-lake-dev-transactional-simulator",
                bronzeUri: "s3://medallion-lake-dev-bronze-123456789012-eu-west-1/transactional/",
                vpcId: "vpc-transactional-vpc",
            });
        });
    });

    describe("with sources.eventStream enabled", () => {
        const spec = parseYaml(readFileSync(path.join(REPO_ROOT, "datasets", "tweets.yaml"), "utf8"));
        let run: ProgramRun;
        before(async () => {
            run = await tryRunProgram(
                devWithSources({ eventStream: { enabled: true, bufferingIntervalSeconds: 60 } }),
                "dev",
            );
        });

        it("delivers to the tweets spec's bronze prefix, with its suffix and the compression the suffix declares", () => {
            expect(run.error).to.equal(undefined);
            const s3 = run.recorder.named("event-stream-stream").inputs.extendedS3Configuration;
            const suffix = String(spec.bronze.suffix);
            expect(s3.prefix.startsWith(spec.bronze.prefix)).to.equal(true);
            expect([s3.fileExtension, s3.compressionFormat, s3.bufferingInterval]).to.deep.equal([
                suffix,
                suffix.endsWith(".gz") ? "GZIP" : "UNCOMPRESSED",
                60,
            ]);
            expect(run.outputs.eventStreamSource).to.deep.include({
                deliveryStreamName: "medallion-lake-dev-tweets-events",
                bronzeUri: `s3://medallion-lake-dev-bronze-123456789012-eu-west-1/${spec.bronze.prefix}`,
            });
        });
    });

    it("names the config key when the event stream's dataset has no spec", async () => {
        const run = await tryRunProgram(
            devWithSources({ eventStream: { enabled: true, dataset: "clicks" } }),
            "dev",
        );
        expect(String(run.error)).to.include("medallion-lake:sources.eventStream.dataset");
        expect(String(run.error)).to.include("clicks");
    });
});
