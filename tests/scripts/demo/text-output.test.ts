import { expect } from "chai";
import { DemoReporter, formatDuration, plural } from "../../../scripts/demo/reporter";
import { cellText, formatTable } from "../../../scripts/demo/text-table";

describe("demo terminal output", () => {
    it("aligns columns, numbers to the right with thousands separators", () => {
        expect(
            formatTable(
                ["reason", "rows"],
                [
                    ["failed_filter", 1234],
                    ["type_mismatch", 5],
                ],
            ),
        ).to.deep.equal([
            "reason          rows",
            "-------------  -----",
            "failed_filter  1,234",
            "type_mismatch      5",
        ]);
    });

    it("keeps integers of query results as they are (years, ids) and writes null as empty", () => {
        expect(formatTable(["year", "name"], [[2001, null]], { groupThousands: false })).to.deep.equal([
            "year  name",
            "----  ----",
            "2001",
        ]);
        expect(cellText(12.5)).to.equal("12.5");
        expect(cellText(undefined)).to.equal("");
    });

    it("refuses a row whose length differs from the header", () => {
        expect(() => formatTable(["a", "b"], [["x"]])).to.throw(
            "formatTable: row 0 has 1 cells for 2 columns",
        );
    });

    it("formats durations and counted nouns", () => {
        expect(formatDuration(12_340)).to.equal("12.3 s");
        expect(formatDuration(125_000)).to.equal("2:05");
        expect(plural(1, "job run")).to.equal("1 job run");
        expect(plural(1500, "row")).to.equal("1,500 rows");
        expect(plural(0, "query", "queries")).to.equal("0 queries");
    });

    it("numbers steps and prints each one's time and the running total", async () => {
        let text = "";
        let clock = 0;
        const reporter = new DemoReporter(
            2,
            (t) => {
                text += t;
            },
            () => clock,
        );
        const value = await reporter.step("First", async () => {
            reporter.detail("a\nb");
            clock += 1_500;
            return 42;
        });
        expect(value).to.equal(42);
        clock += 500;
        const failing = reporter.step("Second", async () => {
            clock += 70_000;
            throw new Error("boom");
        });
        let error: unknown;
        try {
            await failing;
        } catch (caught) {
            error = caught;
        }
        expect((error as Error).message).to.equal("boom");
        expect(text).to.equal(
            "\n[1/2] First\n      a\n      b\n      done in 1.5 s (total 1.5 s)\n" +
                "\n[2/2] Second\n      failed after 1:10\n",
        );
        expect(reporter.elapsed()).to.equal(72_000);
    });
});
