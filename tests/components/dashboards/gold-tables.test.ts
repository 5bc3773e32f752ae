import { readFileSync } from "node:fs";
import * as path from "node:path";
import { expect } from "chai";
import { GOLD_TABLE_DASHBOARDS, goldTableDashboards } from "../../../components/dashboards/gold-tables";
import { dashboardTableProblems } from "../../../components/dashboards/settings";
import { loadDatasetSpecs } from "../../../spec/dataset-specs";
import { REPO_ROOT } from "../../support/pulumi-harness";

/** The output column names of a gold SELECT: each item's alias, or the column it names. */
function selectedColumns(sql: string): string[] {
    const body = sql
        .split("\n")
        .filter((line) => !line.trim().startsWith("--"))
        .join("\n");
    const select = /SELECT([\s\S]*?)\nFROM/i.exec(body);
    if (select === null) throw new Error("no SELECT ... FROM");
    const items: string[] = [];
    let depth = 0;
    let current = "";
    for (const ch of select[1]) {
        if (ch === "(") depth++;
        if (ch === ")") depth--;
        if (ch === "," && depth === 0) {
            items.push(current);
            current = "";
        } else current += ch;
    }
    items.push(current);
    return items.map((item) => {
        const alias = /\bAS\s+(\w+)\s*$/i.exec(item.trim());
        return alias ? alias[1] : (item.trim().split(".").pop() as string);
    });
}

describe("Dashboards: the repository's gold table definitions", () => {
    const specs = loadDatasetSpecs(path.join(REPO_ROOT, "datasets"), {});
    const goldTables = specs.flatMap(({ spec }) => (spec.gold?.tables ?? []).map((t) => t.name));

    it("has one definition per gold table of datasets/*.yaml, and no other", () => {
        expect(goldTables.length).to.be.greaterThan(3);
        expect(Object.keys(GOLD_TABLE_DASHBOARDS).sort()).to.deep.equal([...goldTables].sort());
        for (const [key, definition] of Object.entries(GOLD_TABLE_DASHBOARDS))
            expect(definition.table).to.equal(key);
    });

    it("declares exactly the columns each gold SQL selects, in order", () => {
        for (const table of goldTables) {
            const sql = readFileSync(path.join(REPO_ROOT, "glue", "sql", "gold", `${table}.sql`), "utf8");
            expect(Object.keys(GOLD_TABLE_DASHBOARDS[table].columns), table).to.deep.equal(
                selectedColumns(sql),
            );
        }
    });

    it("reads the SELECT list of a gold query", () => {
        expect(
            selectedColumns(
                "-- c\nSELECT\n  f.origin,\n  ROUND(AVG(f.delay), 2) AS avg_delay,\n  f.year\nFROM flights AS f",
            ),
        ).to.deep.equal(["origin", "avg_delay", "year"]);
    });

    it("passes the component's table rules", () => {
        expect(dashboardTableProblems(Object.values(GOLD_TABLE_DASHBOARDS))).to.deep.equal([]);
    });

    it("looks definitions up by table name, and names every table that has none", () => {
        expect(goldTableDashboards(["route_summary"]).map((t) => t.table)).to.deep.equal(["route_summary"]);
        expect(() => goldTableDashboards(["route_summary", "orders_per_hour", "refunds"])).to.throw(
            'Dashboards: tables: got "orders_per_hour"; add its columns and visual to GOLD_TABLE_DASHBOARDS in components/dashboards/gold-tables.ts (docs/bi.md#visuals)\nDashboards: tables: got "refunds"; add',
        );
    });
});
