import { expect } from "chai";
import { readStackConfig, tryRunProgram } from "../support/pulumi-harness";

const URL = "http://marquez.internal:5000/api/v1/lineage";

/** The DefaultArguments of the dev stack's jdbc_to_bronze job (the PostgreSQL source on) under `etl`. */
async function ingestionArguments(etl?: Record<string, unknown>): Promise<Record<string, string>> {
    const config = {
        ...readStackConfig("dev"),
        "medallion-lake:sources": JSON.stringify({ postgres: { enabled: true } }),
        ...(etl === undefined ? {} : { "medallion-lake:etl": JSON.stringify(etl) }),
    };
    const run = await tryRunProgram(config, "dev");
    expect(run.error).to.equal(undefined);
    const jobs = run.recorder
        .ofType("aws:glue/job:Job")
        .filter((j) => /\/jdbc_to_bronze-[^/]+\.py$/.test(String(j.inputs.command.scriptLocation)));
    expect(jobs).to.have.length(1);
    return jobs[0].inputs.defaultArguments as Record<string, string>;
}

const lineageOf = (args: Record<string, string>) =>
    Object.fromEntries(Object.entries(args).filter(([key]) => key.startsWith("--lineage_")));

describe("the program passes etl.lineage to PostgresSource's jdbc_to_bronze job", () => {
    it("sets the job's --lineage_* arguments as it does for the other jobs", async () => {
        const args = await ingestionArguments({ lineage: { transport: "http", url: URL } });
        expect(lineageOf(args)).to.deep.equal({
            "--lineage_transport": "http",
            "--lineage_url": URL,
            "--lineage_catalog": "arn:aws:glue:eu-west-1:123456789012",
        });
    });

    it("sets none without etl.lineage", async () => {
        expect(lineageOf(await ingestionArguments())).to.deep.equal({});
    });
});
