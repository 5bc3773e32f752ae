import * as path from "node:path";
import { expect } from "chai";
import { GlueSecurityConfiguration } from "../../components/glue-security-configuration/glue-security-configuration";
import { specsToDeploy, stackTags, toDataLakeArgs, toPipelineJobSettings } from "../../config/component-args";
import { SOURCES_CONFIG_DEFAULTS } from "../../config/sources";
import { parseStackConfig } from "../../config/stack-config";
import { flattenConfig, REPO_ROOT, settle, setupPulumiMocks } from "../support/pulumi-harness";

const BASE = { "aws:region": "eu-west-1", "aws:allowedAccountIds": ["123456789012"] };
const DATASETS = path.join(REPO_ROOT, "datasets");

function parse(values: Record<string, unknown> = {}) {
    return parseStackConfig(flattenConfig({ ...BASE, ...values }), "medallion-lake", "test");
}

const names = (values: Record<string, unknown>) =>
    specsToDeploy(parse(values), DATASETS).map((l) => l.spec.name);

describe("the stack config as component arguments (config/component-args.ts)", () => {
    describe("specsToDeploy", () => {
        it("leaves out the PostgreSQL source's dataset while that source is off (the default)", () => {
            expect(SOURCES_CONFIG_DEFAULTS.postgresDataset).to.equal("transactions");
            expect(names({})).to.deep.equal(["flights", "sales", "tweets"]);
        });

        it("deploys it with the source on, or when medallion-lake:datasets lists it", () => {
            expect(names({ "medallion-lake:sources": { postgres: { enabled: true } } })).to.deep.equal([
                "flights",
                "sales",
                "transactions",
                "tweets",
            ]);
            expect(names({ "medallion-lake:datasets": ["transactions", "sales"] })).to.deep.equal([
                "transactions",
                "sales",
            ]);
        });

        it("follows sources.postgres.dataset", () => {
            expect(names({ "medallion-lake:sources": { postgres: { dataset: "sales" } } })).to.deep.equal([
                "flights",
                "transactions",
                "tweets",
            ]);
        });

        it("refuses an unknown dataset under its key", () => {
            expect(() => names({ "medallion-lake:datasets": ["weather"] })).to.throw(
                'medallion-lake:datasets: unknown dataset "weather"',
            );
        });
    });

    it("maps the storage keys to DataLakeArgs, with the stack tag", () => {
        const config = parse({
            "medallion-lake:tags": { owner: "data" },
            "medallion-lake:athena": { bytesScannedCutoffPerQuery: 1073741824 },
        });
        const args = toDataLakeArgs(config);
        expect([args.accountId, args.region, args.naming]).to.deep.equal([
            "123456789012",
            "eu-west-1",
            { project: "medallion-lake", stack: "test" },
        ]);
        expect(args.athenaBytesScannedCutoffPerQuery).to.equal(1073741824);
        expect(args.tags).to.deep.equal({ owner: "data", "medallion-lake:stack": "test" });
        expect(stackTags(config)).to.deep.equal(args.tags);
    });

    it("maps the etl keys to the pipelines' job settings, lineage arguments included", async () => {
        setupPulumiMocks({}, "test");
        const security = new GlueSecurityConfiguration("glue-security", {
            naming: { project: "medallion-lake", stack: "test" },
            kmsKeyArn: "arn:aws:kms:eu-west-1:123456789012:key/k",
        });
        await settle();
        const jobs = toPipelineJobSettings(
            parse({
                "medallion-lake:etl": {
                    workerType: "G.2X",
                    numberOfWorkers: 3,
                    lineage: { transport: "http", url: "http://marquez:5000/api/v1/lineage" },
                },
                "medallion-lake:lakeFormation": { enabled: true, mode: "lakeformation" },
            }),
            security,
        );
        expect([jobs.workerType, jobs.numberOfWorkers, jobs.lakeFormationAccess]).to.deep.equal([
            "G.2X",
            3,
            true,
        ]);
        expect(jobs.securityConfiguration).to.equal(security);
        expect(jobs.extraArguments).to.deep.equal({
            "--lineage_transport": "http",
            "--lineage_url": "http://marquez:5000/api/v1/lineage",
            "--lineage_catalog": "arn:aws:glue:eu-west-1:123456789012",
        });
    });
});
