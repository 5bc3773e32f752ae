import { expect } from "chai";
import { readStackConfig, tryRunProgram } from "../support/pulumi-harness";

/** The crawler names the dev stack's crawler-failed rule matches, with the PostgreSQL source on or off. */
async function alarmedCrawlers(postgres: boolean): Promise<{ alarmed: string[]; crawlers: string[] }> {
    const config = {
        ...readStackConfig("dev"),
        "medallion-lake:sources": JSON.stringify({ postgres: { enabled: postgres } }),
    };
    const run = await tryRunProgram(config, "dev");
    expect(run.error).to.equal(undefined);
    const rule = run.recorder.named(
        "bronze-trigger-glue-crawler-failed",
        "aws:cloudwatch/eventRule:EventRule",
    );
    const alarmed = (JSON.parse(rule.inputs.eventPattern).detail.crawlerName as string[]).slice().sort();
    const crawlers = run.recorder
        .ofType("aws:glue/crawler:Crawler")
        .map((c) => String(c.inputs.name))
        .sort();
    return { alarmed, crawlers };
}

describe("the crawler-failed alarm covers every crawler of the stack", () => {
    it("with the PostgreSQL source on, its JDBC crawler too", async () => {
        const { alarmed, crawlers } = await alarmedCrawlers(true);
        expect(crawlers.some((c) => c.includes("transactional"))).to.equal(true);
        expect(alarmed).to.deep.equal(crawlers);
    });

    it("with it off, the bronze crawlers", async () => {
        const { alarmed, crawlers } = await alarmedCrawlers(false);
        expect(crawlers).to.have.length(3);
        expect(alarmed).to.deep.equal(crawlers);
    });
});
