import { expect } from "chai";
import { loadTriggerConfig, TriggerConfigError } from "../../../lambdas/trigger/config";
import {
    DATASET_ROUTES_ENV,
    DEFAULT_ROUTE_PREFIX,
    DEFAULT_ROUTE_SUFFIX,
} from "../../../lambdas/trigger/defaults";
import { TEST_ROUTES } from "./fixtures";

function load(routes: unknown): ReturnType<typeof loadTriggerConfig> {
    return loadTriggerConfig({
        [DATASET_ROUTES_ENV]: typeof routes === "string" ? routes : JSON.stringify(routes),
    });
}

function configError(routes: unknown): string {
    try {
        load(routes);
    } catch (error) {
        expect(error).to.be.instanceOf(TriggerConfigError);
        return (error as Error).message;
    }
    throw new Error("expected a TriggerConfigError");
}

describe("trigger config (DATASET_ROUTES)", () => {
    it("reads the env var name DATASET_ROUTES", () => {
        expect(DATASET_ROUTES_ENV).to.equal("DATASET_ROUTES");
    });

    it("accepts valid routes and keeps their order", () => {
        const config = load(TEST_ROUTES);
        expect(config.routes).to.deep.equal(TEST_ROUTES);
    });

    it("defaults prefix and suffix to the empty string (match every key)", () => {
        expect(DEFAULT_ROUTE_PREFIX).to.equal("");
        expect(DEFAULT_ROUTE_SUFFIX).to.equal("");
        const config = load([{ dataset: "all", bucket: "lake-bronze", jobName: "all-silver" }]);
        expect(config.routes).to.deep.equal([
            { dataset: "all", bucket: "lake-bronze", prefix: "", suffix: "", jobName: "all-silver" },
        ]);
    });

    it("explains a missing variable with an example value", () => {
        expect(() => loadTriggerConfig({})).to.throw(
            TriggerConfigError,
            /DATASET_ROUTES is not set: set it to a JSON array/,
        );
        expect(() => loadTriggerConfig({ DATASET_ROUTES: "  " })).to.throw(TriggerConfigError, /is not set/);
    });

    it("explains a value that is not JSON", () => {
        expect(configError("[{dataset: flights}]")).to.match(
            /^DATASET_ROUTES is not valid JSON \(.+\); it must be a JSON array/,
        );
    });

    it("names the field of a bad bucket and how to fix it", () => {
        const message = configError([{ ...TEST_ROUTES[0], bucket: "s3://lake-bronze" }]);
        expect(message).to.contain("DATASET_ROUTES[0].bucket: bucket must be a bare S3 bucket name");
    });

    it("rejects a misspelt field instead of ignoring it", () => {
        const { jobName, ...rest } = TEST_ROUTES[0];
        const message = configError([{ ...rest, jobname: jobName }]);
        expect(message).to.contain('DATASET_ROUTES[0]: Unrecognized key: "jobname"');
        expect(message).to.contain(
            "DATASET_ROUTES[0].jobName: Invalid input: expected string, received undefined",
        );
    });

    it("rejects an empty job name and a name longer than Glue allows", () => {
        expect(configError([{ ...TEST_ROUTES[0], jobName: "" }])).to.contain(
            "DATASET_ROUTES[0].jobName: jobName must name the Glue job",
        );
        expect(configError([{ ...TEST_ROUTES[0], jobName: "j".repeat(256) }])).to.contain(
            "DATASET_ROUTES[0].jobName: jobName must be at most 255 characters",
        );
    });

    it("requires an array with at least one route", () => {
        expect(configError([])).to.contain("DATASET_ROUTES: add at least one route");
        expect(configError({ dataset: "flights" })).to.contain(
            "DATASET_ROUTES: Invalid input: expected array, received object",
        );
    });

    it("rejects two routes with the same dataset name", () => {
        const message = configError([TEST_ROUTES[0], { ...TEST_ROUTES[1], dataset: "flights" }]);
        expect(message).to.contain(
            'DATASET_ROUTES[1].dataset: dataset "flights" is already routed at index 0',
        );
    });

    it("rejects overlapping filters on the same bucket, as S3 does", () => {
        const message = configError([
            TEST_ROUTES[0],
            {
                dataset: "flights_2024",
                bucket: "lake-bronze",
                prefix: "flights/2024/",
                suffix: ".csv",
                jobName: "x",
            },
        ]);
        expect(message).to.contain(
            'DATASET_ROUTES[1]: route "flights_2024" overlaps route "flights" (index 0) on bucket "lake-bronze"',
        );
    });

    it("lists every problem, one per line", () => {
        const message = configError([
            { ...TEST_ROUTES[0], bucket: "UPPER" },
            { ...TEST_ROUTES[1], jobName: "" },
        ]);
        expect(message.split("\n")).to.have.length(3);
    });
});
