import { expect } from "chai";
import {
    type DatasetRoute,
    findOverlappingRoutes,
    findRoute,
    routeMatches,
} from "../../../lambdas/trigger/routes";
import { BRONZE_BUCKET, TEST_ROUTES } from "./fixtures";

function route(prefix: string, suffix: string, bucket = BRONZE_BUCKET): DatasetRoute {
    return { dataset: `${prefix}*${suffix}`, bucket, prefix, suffix, jobName: "job" };
}

describe("dataset routes", () => {
    it("matches bucket, prefix and suffix", () => {
        const flights = TEST_ROUTES[0];
        expect(routeMatches(flights, BRONZE_BUCKET, "flights/2024/01/a.csv")).to.equal(true);
        expect(routeMatches(flights, "other-bucket", "flights/2024/01/a.csv")).to.equal(false);
        expect(routeMatches(flights, BRONZE_BUCKET, "sales/2024/01/a.csv")).to.equal(false);
        expect(routeMatches(flights, BRONZE_BUCKET, "flights/2024/01/a.csv.tmp")).to.equal(false);
    });

    it("tests prefix and suffix independently, like S3 filters", () => {
        expect(routeMatches(route("a", "a.csv"), BRONZE_BUCKET, "a.csv")).to.equal(true);
    });

    it("finds the route of an object or none", () => {
        expect(findRoute(TEST_ROUTES, BRONZE_BUCKET, "sales/x.json")?.jobName).to.equal("sales-silver");
        expect(findRoute(TEST_ROUTES, BRONZE_BUCKET, "sales/x.csv")).to.equal(undefined);
    });

    it("reports nested prefixes with nested suffixes as overlapping", () => {
        expect(
            findOverlappingRoutes([route("flights/", ".csv"), route("flights/2024/", ".csv")]),
        ).to.deep.equal([[0, 1]]);
        expect(
            findOverlappingRoutes([route("", ""), route("x/", ".csv"), route("y/", ".json")]),
        ).to.deep.equal([
            [0, 1],
            [0, 2],
        ]);
        expect(findOverlappingRoutes([route("data/", "csv"), route("data/", ".csv")])).to.deep.equal([
            [0, 1],
        ]);
    });

    it("accepts disjoint prefixes, disjoint suffixes, or different buckets", () => {
        expect(findOverlappingRoutes(TEST_ROUTES)).to.deep.equal([]);
        expect(findOverlappingRoutes([route("data/", ".csv"), route("data/", ".json")])).to.deep.equal([]);
        expect(
            findOverlappingRoutes([route("a/", ".csv"), route("a/", ".csv", "other-bucket")]),
        ).to.deep.equal([]);
    });
});
