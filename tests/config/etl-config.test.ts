import { expect } from "chai";
import { ETL_JOB_DEFAULTS } from "../../components/etl-job/etl-job";
import { GLUE_CRAWLER_DEFAULTS } from "../../components/glue-crawler-set/glue-crawler-set";
import { ETL_CONFIG_DEFAULTS } from "../../config/etl";
import { parseStackConfig, StackConfigError } from "../../config/stack-config";
import { formatProblem } from "../../lib/problems";

const BASE = { "aws:region": "eu-west-1", "aws:allowedAccountIds": '["123456789012"]' };
const parse = (raw: Record<string, string>) => parseStackConfig({ ...BASE, ...raw }, "medallion-lake", "dev");
const problemsOf = (raw: Record<string, string>): string[] => {
    try {
        parse(raw);
    } catch (error) {
        expect(error).to.be.instanceOf(StackConfigError);
        return (error as StackConfigError).problems.map(formatProblem);
    }
    return expect.fail("expected a StackConfigError");
};

describe("ETL config keys (config/etl.ts)", () => {
    it("defaults every key from the components' defaults constants", () => {
        const config = parse({});
        expect(config.datasets).to.equal(undefined);
        expect(config.crawlers).to.deep.equal({
            enabled: ETL_CONFIG_DEFAULTS.bronzeCrawlers,
            logRetentionDays: GLUE_CRAWLER_DEFAULTS.logRetentionDays,
        });
        expect(ETL_CONFIG_DEFAULTS.bronzeCrawlers).to.equal(true);
        expect(config.etl).to.deep.equal({
            workerType: ETL_JOB_DEFAULTS.workerType,
            numberOfWorkers: ETL_JOB_DEFAULTS.numberOfWorkers,
            timeoutMinutes: ETL_JOB_DEFAULTS.timeoutMinutes,
            maxRetries: ETL_JOB_DEFAULTS.maxRetries,
            flex: ETL_JOB_DEFAULTS.flex,
            autoScaling: ETL_JOB_DEFAULTS.autoScaling,
            sparkUi: ETL_JOB_DEFAULTS.sparkUi,
            logRetentionDays: ETL_JOB_DEFAULTS.logRetentionDays,
        });
    });

    it("reads datasets, crawler and job settings", () => {
        const config = parse({
            "medallion-lake:datasets": '["flights","tweets"]',
            "medallion-lake:crawlers": '{"enabled":false,"schedule":"cron(0 * * * ? *)"}',
            "medallion-lake:etl": '{"workerType":"G.2X","flex":true,"timeoutMinutes":240}',
        });
        expect(config.datasets).to.deep.equal(["flights", "tweets"]);
        expect(config.crawlers.schedule).to.equal("cron(0 * * * ? *)");
        expect([config.etl.workerType, config.etl.flex, config.etl.timeoutMinutes]).to.deep.equal([
            "G.2X",
            true,
            240,
        ]);
    });

    it("names the key of each problem", () => {
        expect(
            problemsOf({
                "medallion-lake:datasets": '["Flights"]',
                "medallion-lake:crawlers": '{"schedule":"cron(0 * * * *)"}',
                "medallion-lake:etl": '{"timeoutMinutes":10081,"logRetentionDays":45,"size":2}',
            }),
        ).to.deep.equal([
            'medallion-lake:datasets.0: got "Flights"; must be a dataset name such as flights (lower snake_case)',
            'medallion-lake:crawlers.schedule: got "cron(0 * * * *)"; expected 6 fields (minutes hours day-of-month month day-of-week year), got 5; for example cron(15 2 * * ? *)',
            "medallion-lake:etl.timeoutMinutes: got 10081; Too big: expected number to be <=10080",
            "medallion-lake:etl.logRetentionDays: got 45; CloudWatch Logs accepts only 1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653 days; use 30 or 60",
            "medallion-lake:etl.size: unknown key; remove it or fix its spelling (see the configuration reference in README.md)",
        ]);
        expect(problemsOf({ "medallion-lake:etl": '{"workerType":"G.4X","flex":true}' })).to.deep.equal([
            "medallion-lake:etl.flex: got true; Flex runs only on G.1X or G.2X workers, not G.4X; set workerType to G.1X or G.2X, or turn flex off",
        ]);
    });
});
