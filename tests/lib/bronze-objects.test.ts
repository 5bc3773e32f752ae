import { readFileSync } from "node:fs";
import * as path from "node:path";
import { expect } from "chai";
import { findOverlappingRoutes, routeMatches, routeObjectFilter } from "../../lambdas/trigger/routes";
import {
    bronzeFiltersOverlap,
    bronzeObjectMatches,
    NO_EXTENSION,
    s3NotificationFilter,
} from "../../lib/bronze-objects";

const tweets = { prefix: "tweets/", suffixes: [".json.gz", ".json", NO_EXTENSION] };

describe("which bronze objects belong to a dataset (lib/bronze-objects.ts)", () => {
    it("takes keys under the prefix ending in a suffix; NO_EXTENSION is a file name without '.' or '_'", () => {
        const keys = [
            "tweets/2024/01/a.json.gz",
            "tweets/2024/01/a.json",
            "tweets/2024/01/raw-firehose-output",
            "tweets/2024/01/_SUCCESS",
            "tweets/2024/01/a.csv",
            "tweets/2024/01/",
            "other/a.json",
        ];
        expect(keys.filter((k) => bronzeObjectMatches(tweets, k))).to.deep.equal([
            "tweets/2024/01/a.json.gz",
            "tweets/2024/01/a.json",
            "tweets/2024/01/raw-firehose-output",
        ]);
    });

    it("reads an absent suffix list as no suffix filter: every key under the prefix", () => {
        expect(bronzeObjectMatches({ prefix: "t/" }, "t/a.csv")).to.equal(true);
        expect(bronzeObjectMatches({ prefix: "t/" }, "u/a.csv")).to.equal(false);
    });

    it("keeps 'no extension' (a spec's legacy '') apart from 'any key' (a route's '')", () => {
        const legacyNoExtension = { prefix: "t/", suffixes: [NO_EXTENSION] };
        const routeWithoutSuffix = routeObjectFilter({ prefix: "t/", suffix: "" });
        expect(bronzeObjectMatches(legacyNoExtension, "t/a.csv")).to.equal(false);
        expect(bronzeObjectMatches(routeWithoutSuffix, "t/a.csv")).to.equal(true);
        const csv = { prefix: "t/", suffixes: [".csv"] };
        expect(bronzeFiltersOverlap(legacyNoExtension, csv)).to.equal(false);
        expect(bronzeFiltersOverlap(routeWithoutSuffix, csv)).to.equal(true);
        expect(
            routeMatches(
                { dataset: "t", bucket: "b", prefix: "t/", suffix: "", jobName: "j" },
                "b",
                "t/x.csv",
            ),
        ).to.equal(true);
    });

    it("overlaps when prefixes nest and suffixes nest, as S3 judges notification filters", () => {
        const f = (prefix: string, ...suffixes: string[]) => ({ prefix, suffixes });
        expect(bronzeFiltersOverlap(f("a/", ".csv"), f("a/archive/", ".csv"))).to.equal(true);
        expect(bronzeFiltersOverlap(f("a/", ".csv"), f("a/", ".old.csv"))).to.equal(true);
        expect(bronzeFiltersOverlap(f("a/", ".csv"), f("a/", ".json"))).to.equal(false);
        expect(bronzeFiltersOverlap(f("a/", ".csv"), f("b/", ".csv"))).to.equal(false);
        expect(bronzeFiltersOverlap(f("a/", NO_EXTENSION), f("a/", NO_EXTENSION))).to.equal(true);
        // a name without extension can end with a suffix that has no '.'
        expect(bronzeFiltersOverlap(f("a/", NO_EXTENSION), f("a/", "csv"))).to.equal(true);
        expect(bronzeFiltersOverlap(f("a/", NO_EXTENSION), f("a/", "x/_y"))).to.equal(false);
        const routes = [
            { dataset: "a", bucket: "b", prefix: "a/", suffix: "", jobName: "j" },
            { dataset: "c", bucket: "b", prefix: "a/x/", suffix: ".csv", jobName: "k" },
            { dataset: "d", bucket: "other", prefix: "a/", suffix: ".csv", jobName: "l" },
        ];
        expect(findOverlappingRoutes(routes)).to.deep.equal([[0, 1]]);
    });

    it("turns a filter into an S3 notification filter, refusing what S3 cannot express", () => {
        expect(s3NotificationFilter({ prefix: "flights/", suffixes: [".csv"] })).to.deep.equal({
            filterPrefix: "flights/",
            filterSuffix: ".csv",
        });
        expect(s3NotificationFilter({ prefix: "" })).to.deep.equal({});
        expect(() => s3NotificationFilter({ prefix: "t/", suffixes: [NO_EXTENSION] })).to.throw(
            /one non-empty suffix or none/,
        );
        expect(() => s3NotificationFilter(tweets)).to.throw(/one non-empty suffix or none/);
    });
});

describe("the shared bronze object cases (tests/fixtures/bronze-objects/cases.json)", () => {
    const table: { cases: { suffixes: string[]; key: string; belongs: boolean }[] } = JSON.parse(
        readFileSync(path.join(__dirname, "..", "fixtures", "bronze-objects", "cases.json"), "utf8"),
    );

    it("holds cases of both answers", () => {
        expect(table.cases.filter((c) => c.belongs).length).to.be.greaterThan(3);
        expect(table.cases.filter((c) => !c.belongs).length).to.be.greaterThan(3);
    });

    it("answers every case as the table says (the Glue job's pytest runs the same table)", () => {
        const wrong = table.cases.filter(
            (c) => bronzeObjectMatches({ prefix: "", suffixes: c.suffixes }, c.key) !== c.belongs,
        );
        expect(wrong).to.deep.equal([]);
    });
});
