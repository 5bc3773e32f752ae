import * as aws from "@pulumi/aws";
import type * as pulumi from "@pulumi/pulumi";
import { expect } from "chai";
import { dataLakeAdmins } from "../../../components/lake-formation-admin/admins";
import { glueDataAccess, planGrants, zoneCatalogUse } from "../../../components/lake-formation-admin/grants";
import { LaterGrants, LaterResources } from "../../../components/lake-formation-admin/ordering";
import {
    DATA_ACCESS_LEVELS,
    DATA_ACCESS_PERMISSIONS,
    grantTargetProblem,
    IAM_ALLOWED_PRINCIPALS,
    lexical,
} from "../../../components/lake-formation-admin/permissions";
import { settle, setupPulumiMocks } from "../../support/pulumi-harness";

const role = (name: string) => `arn:aws:iam::123456789012:role/${name}`;

describe("Lake Formation rules", () => {
    describe("dataLakeAdmins", () => {
        it("unites deployer, configured and existing admins, sorted and without duplicates", () => {
            const admins = dataLakeAdmins({
                deployer: role("platform-deployer"),
                configured: [role("datalakeadmin")],
                existing: [role("zeta-admin"), role("datalakeadmin")],
                former: [],
            });
            expect(admins).to.deep.equal([
                role("datalakeadmin"),
                role("platform-deployer"),
                role("zeta-admin"),
            ]);
        });

        it("drops former admins from the existing ones", () => {
            const admins = dataLakeAdmins({
                deployer: role("platform-deployer"),
                configured: [],
                existing: [role("left-the-team"), role("platform-deployer")],
                former: [role("left-the-team")],
            });
            expect(admins).to.deep.equal([role("platform-deployer")]);
        });

        it("refuses the account root user as deployer, telling to deploy with a role", () => {
            expect(() =>
                dataLakeAdmins({
                    deployer: "arn:aws:iam::123456789012:root",
                    configured: [],
                    existing: [],
                    former: [],
                }),
            ).to.throw(/runs as the account root user.*Deploy with an IAM role/);
        });

        it("refuses a configured admin that is also former, naming the ARN", () => {
            expect(() =>
                dataLakeAdmins({
                    deployer: role("platform-deployer"),
                    configured: [role("datalakeadmin")],
                    existing: [],
                    former: [role("datalakeadmin")],
                }),
            ).to.throw(`${role("datalakeadmin")} is both in admins and in formerAdmins`);
        });

        it("refuses to remove the deploying principal", () => {
            expect(() =>
                dataLakeAdmins({
                    deployer: role("platform-deployer"),
                    configured: [],
                    existing: [],
                    former: [role("platform-deployer")],
                }),
            ).to.throw("is both the deploying principal and in formerAdmins");
        });
    });

    describe("grantTargetProblem", () => {
        it("refuses an admin, naming the field and the reason", () => {
            const problem = grantTargetProblem(
                role("boss"),
                [role("boss")],
                "lakeformation",
                "consumers[0].principalArn",
            );
            expect(problem).to.match(/^consumers\[0\]\.principalArn: .*boss is a Lake Formation admin/);
            expect(problem).to.include("`pulumi destroy` fail");
        });

        it("refuses IAM_ALLOWED_PRINCIPALS in Lake Formation mode and accepts it in hybrid mode", () => {
            expect(grantTargetProblem(IAM_ALLOWED_PRINCIPALS, [], "lakeformation", "f")).to.include(
                "cannot be granted permissions in Lake Formation mode",
            );
            expect(grantTargetProblem(IAM_ALLOWED_PRINCIPALS, [], "hybrid", "f")).to.equal(undefined);
        });

        it("accepts a role that is not an admin", () => {
            expect(grantTargetProblem(role("job"), [role("boss")], "lakeformation", "f")).to.equal(undefined);
        });
    });

    describe("permission sets", () => {
        it("keeps every list in lexical order, as the provider stores them", () => {
            for (const level of DATA_ACCESS_LEVELS) {
                const set = DATA_ACCESS_PERMISSIONS[level];
                for (const list of [set.dataLocation, set.database, set.table]) {
                    expect(list, level).to.deep.equal(lexical(list));
                }
            }
        });

        it("gives readers no data location access and no level DROP", () => {
            expect(DATA_ACCESS_PERMISSIONS.read.dataLocation).to.deep.equal([]);
            for (const level of DATA_ACCESS_LEVELS) {
                expect(DATA_ACCESS_PERMISSIONS[level].table).to.not.include("DROP");
            }
        });

        it("lexical sorts and de-duplicates", () => {
            expect(lexical(["SELECT", "DESCRIBE", "SELECT", "ALTER"])).to.deep.equal([
                "ALTER",
                "DESCRIBE",
                "SELECT",
            ]);
        });
    });

    describe("planGrants", () => {
        it("orders by grantee, zone and access; location, then database, then tables", () => {
            const plan = planGrants(
                [
                    {
                        grantee: "job-b",
                        principalArn: role("b"),
                        zone: "gold",
                        access: "write",
                        prefixes: ["sales/", "_quarantine/sales/"],
                    },
                    {
                        grantee: "job-a",
                        principalArn: role("a"),
                        zone: "silver",
                        access: "write",
                        tables: ["sales", "flights"],
                    },
                    { grantee: "job-a", principalArn: role("a"), zone: "bronze", access: "read" },
                ],
                [{ name: "analysts", principalArn: role("analysts"), zones: ["gold", "silver"] }],
                ["DESCRIBE", "SELECT"],
            );
            expect(plan.map((g) => [g.key, g.after ?? null])).to.deep.equal([
                ["job-a-bronze-read-database", null],
                ["job-a-bronze-read-tables", "job-a-bronze-read-database"],
                ["job-a-silver-write-location", null],
                ["job-a-silver-write-database", "job-a-silver-write-location"],
                ["job-a-silver-write-table-flights", "job-a-silver-write-database"],
                ["job-a-silver-write-table-sales", "job-a-silver-write-database"],
                ["job-b-gold-write-location-quarantine-sales", null],
                ["job-b-gold-write-location-sales", "job-b-gold-write-location-quarantine-sales"],
                ["job-b-gold-write-database", "job-b-gold-write-location-sales"],
                ["job-b-gold-write-tables", "job-b-gold-write-database"],
                ["analysts-tag-databases", null],
                ["analysts-tag-tables", "analysts-tag-databases"],
            ]);
            expect(plan[2].field).to.equal("dataAccess[1].principalArn");
            expect(plan[6].target).to.deep.equal({
                kind: "dataLocation",
                zone: "gold",
                prefix: "_quarantine/sales/",
            });
            expect(plan[6].permissions).to.deep.equal(["DATA_LOCATION_ACCESS"]);
            expect(plan.at(-1)?.target).to.deep.equal({ kind: "tagTables", zones: ["gold", "silver"] });
            expect(plan.at(-1)?.permissions).to.deep.equal(["DESCRIBE", "SELECT"]);
        });

        it("lists every problem with the field that has it", () => {
            expect(() =>
                planGrants(
                    [
                        { grantee: "Job_A", principalArn: role("a"), zone: "bronze", access: "read" },
                        {
                            grantee: "job-b",
                            principalArn: role("b"),
                            zone: "bronze",
                            access: "read",
                            prefixes: ["x/"],
                        },
                        {
                            grantee: "job-c",
                            principalArn: role("c"),
                            zone: "gold",
                            access: "write",
                            tables: [],
                            prefixes: ["/abs"],
                        },
                        { grantee: "job-c", principalArn: role("c"), zone: "gold", access: "write" },
                    ],
                    [
                        { name: "job-c", principalArn: role("x"), zones: [] },
                        { name: "bi", principalArn: role("bi"), zones: ["gold"], permissions: [] },
                    ],
                    ["DESCRIBE", "SELECT"],
                ),
            ).to.throw(
                [
                    'LakeFormationAdmin: dataAccess[0].grantee: got "Job_A"; use 1-40 lowercase letters, digits and hyphens, starting and ending alphanumeric',
                    "LakeFormationAdmin: dataAccess[1].prefixes: read access gets no data location grant, so prefixes mean nothing; remove them",
                    'LakeFormationAdmin: dataAccess[2].prefixes: got "/abs"; use a key prefix ending in "/", such as "sales/"',
                    "LakeFormationAdmin: dataAccess[2].tables: empty; list table names, or omit tables to grant on every table",
                    'LakeFormationAdmin: dataAccess[3]: grantee "job-c" already has write access to gold; merge the two entries',
                    "LakeFormationAdmin: consumers[0].zones: empty; list at least one zone",
                    "LakeFormationAdmin: consumers[1].permissions: empty; list permissions or omit for DESCRIBE and SELECT",
                    'LakeFormationAdmin: consumers[0].name: "job-c" is also a dataAccess grantee; use distinct labels',
                ].join("\n"),
            );
        });
    });

    describe("planGrants merging", () => {
        it("unites a grantee's levels on one zone: one grant per location, database and table", () => {
            const plan = planGrants(
                [
                    {
                        grantee: "job-a",
                        principalArn: role("a"),
                        zone: "silver",
                        access: "write",
                        prefixes: ["flights/"],
                        tables: ["flights"],
                    },
                    {
                        grantee: "job-a",
                        principalArn: role("a"),
                        zone: "silver",
                        access: "read",
                        tables: ["flights", "weather"],
                    },
                    {
                        grantee: "job-a",
                        principalArn: role("a"),
                        zone: "silver",
                        access: "crawl",
                        prefixes: ["flights/", "weather/"],
                    },
                ],
                [],
                ["DESCRIBE", "SELECT"],
            );
            expect(plan.map((g) => [g.key, g.permissions.join(","), g.after ?? null])).to.deep.equal([
                ["job-a-silver-write-location-flights", "DATA_LOCATION_ACCESS", null],
                [
                    "job-a-silver-crawl-location-weather",
                    "DATA_LOCATION_ACCESS",
                    "job-a-silver-write-location-flights",
                ],
                [
                    "job-a-silver-write-database",
                    "CREATE_TABLE,DESCRIBE",
                    "job-a-silver-crawl-location-weather",
                ],
                ["job-a-silver-crawl-tables", "ALTER,DESCRIBE,INSERT", "job-a-silver-write-database"],
                [
                    "job-a-silver-write-table-flights",
                    "ALTER,DELETE,DESCRIBE,INSERT,SELECT",
                    "job-a-silver-write-database",
                ],
                ["job-a-silver-read-table-weather", "DESCRIBE,SELECT", "job-a-silver-write-database"],
            ]);
            const targets = plan.map((g) => JSON.stringify(g.target));
            expect(new Set(targets).size).to.equal(targets.length);
        });

        it("adds DESCRIBE on named databases after the data access grants, before consumers", () => {
            const plan = planGrants(
                [{ grantee: "job-b", principalArn: role("b"), zone: "gold", access: "read" }],
                [{ name: "analysts", principalArn: role("analysts"), zones: ["gold"] }],
                ["DESCRIBE", "SELECT"],
                [
                    { grantee: "job-b", principalArn: role("b"), database: "default" },
                    { grantee: "job-a", principalArn: role("a"), database: "default" },
                ],
            );
            expect(plan.map((g) => g.key)).to.deep.equal([
                "job-b-gold-read-database",
                "job-b-gold-read-tables",
                "job-a-database-default",
                "job-b-database-default",
                "analysts-tag-databases",
                "analysts-tag-tables",
            ]);
            expect(plan[2]).to.deep.include({
                owner: "job-a",
                field: "databaseDescribes[1].principalArn",
                target: { kind: "namedDatabase", name: "default" },
                permissions: ["DESCRIBE"],
            });
        });

        it("refuses a label with two principals, a principal with two labels, and a bad database name", () => {
            expect(() =>
                planGrants(
                    [
                        { grantee: "job-a", principalArn: role("a"), zone: "gold", access: "read" },
                        { grantee: "job-a", principalArn: role("other"), zone: "silver", access: "read" },
                        { grantee: "job-z", principalArn: role("a"), zone: "bronze", access: "read" },
                    ],
                    [],
                    ["DESCRIBE", "SELECT"],
                    [
                        { grantee: "job-a", principalArn: role("a"), database: "Default" },
                        { grantee: "job-a", principalArn: role("a"), database: "Default" },
                    ],
                ),
            ).to.throw(
                [
                    'LakeFormationAdmin: databaseDescribes[0].database: got "Default"; Glue database names are lowercase letters, digits and underscores',
                    'LakeFormationAdmin: databaseDescribes[1].database: got "Default"; Glue database names are lowercase letters, digits and underscores',
                    'LakeFormationAdmin: databaseDescribes[1]: grantee "job-a" already describes "Default"; remove one',
                    `LakeFormationAdmin: dataAccess[1].principalArn: grantee "job-a" is ${role("a")} in dataAccess[0]; one label names one principal, so use another label for ${role("other")}`,
                    `LakeFormationAdmin: dataAccess[2].grantee: ${role("a")} is already grantee "job-a" in dataAccess[0]; give one principal one label`,
                ].join("\n"),
            );
        });
    });

    describe("glueDataAccess with a catalog scope", () => {
        const DATABASES = { bronze: "lake_bronze", silver: "lake_silver", gold: "lake_gold" };

        it("grants write on silver and gold tables it writes and read on those it reads as the table wildcard (the jobs create them), nothing on a zone read only in S3", () => {
            const catalog = zoneCatalogUse(DATABASES, {
                read: [{ database: "lake_silver", tables: ["sales"] }],
                write: [{ database: "lake_gold", tables: ["daily", "by_store"] }],
            });
            expect(catalog).to.deep.equal({
                read: [{ zone: "silver", tables: ["sales"] }],
                write: [{ zone: "gold", tables: ["daily", "by_store"] }],
            });
            expect(
                glueDataAccess("job-gold", role("g"), {
                    reads: [
                        { zone: "bronze", prefix: "sales/" },
                        { zone: "silver", prefix: "sales/" },
                    ],
                    writes: [
                        { zone: "gold", prefix: "daily/" },
                        { zone: "gold", prefix: "by_store/" },
                    ],
                    catalog,
                }),
            ).to.deep.equal([
                { grantee: "job-gold", principalArn: role("g"), zone: "silver", access: "read" },
                {
                    grantee: "job-gold",
                    principalArn: role("g"),
                    zone: "gold",
                    access: "write",
                    prefixes: ["by_store/", "daily/"],
                },
            ]);
            const plan = planGrants(
                glueDataAccess("job-gold", role("g"), {
                    writes: [{ zone: "gold", prefix: "daily/" }],
                    catalog,
                }),
                [],
                ["DESCRIBE", "SELECT"],
            );
            expect(plan.map((g) => [g.key, g.target])).to.deep.equal([
                ["job-gold-silver-read-database", { kind: "database", zone: "silver" }],
                ["job-gold-silver-read-tables", { kind: "table", zone: "silver", table: undefined }],
                [
                    "job-gold-gold-write-location-daily",
                    { kind: "dataLocation", zone: "gold", prefix: "daily/" },
                ],
                ["job-gold-gold-write-database", { kind: "database", zone: "gold" }],
                ["job-gold-gold-write-tables", { kind: "table", zone: "gold", table: undefined }],
            ]);
        });

        it("names bronze tables, keeps a wildcard where the catalog scope names no tables, and reads only what it does not write", () => {
            expect(
                glueDataAccess("job-x", role("x"), {
                    writes: [{ zone: "bronze", prefix: "a/" }],
                    catalog: {
                        write: [{ zone: "bronze", tables: ["a"] }],
                        read: [{ zone: "bronze", tables: ["a", "b"] }, { zone: "gold" }],
                    },
                }),
            ).to.deep.equal([
                {
                    grantee: "job-x",
                    principalArn: role("x"),
                    zone: "bronze",
                    access: "write",
                    prefixes: ["a/"],
                    tables: ["a"],
                },
                { grantee: "job-x", principalArn: role("x"), zone: "bronze", access: "read", tables: ["b"] },
                { grantee: "job-x", principalArn: role("x"), zone: "gold", access: "read" },
            ]);
        });

        it("merges a job's read and write of one silver table into the write wildcard (no second read grant)", () => {
            expect(
                glueDataAccess("job-x", role("x"), {
                    writes: [{ zone: "silver", prefix: "a/" }],
                    catalog: {
                        write: [{ zone: "silver", tables: ["a"] }],
                        read: [{ zone: "silver", tables: ["a", "b"] }],
                    },
                }),
            ).to.deep.equal([
                {
                    grantee: "job-x",
                    principalArn: role("x"),
                    zone: "silver",
                    access: "write",
                    prefixes: ["a/"],
                },
            ]);
        });

        it("refuses catalog writes in a zone it writes no prefix in, and a database outside the zones", () => {
            expect(() =>
                glueDataAccess("job-x", role("x"), { catalog: { write: [{ zone: "gold", tables: ["a"] }] } }),
            ).to.throw(
                'glueDataAccess job-x: catalog.write: got [{"zone":"gold","tables":["a"]}]; names gold tables, but writes lists no gold prefix; add the prefixes the tables live under to writes',
            );
            expect(() =>
                zoneCatalogUse(DATABASES, {
                    read: [{ database: "default" }],
                    write: [{ database: "lake_silver" }, { database: "x" }],
                }),
            ).to.throw(
                [
                    'zoneCatalogUse: catalog.read[0].database: got "default"; use one of the zone databases lake_bronze, lake_silver, lake_gold',
                    'zoneCatalogUse: catalog.write[1].database: got "x"; use one of the zone databases lake_bronze, lake_silver, lake_gold',
                ].join("\n"),
            );
        });
    });

    describe("glueDataAccess", () => {
        it("gives the table optimizers' role optimize on every silver and gold table: locations, DESCRIBE on the database, no CREATE_TABLE and no SELECT", () => {
            const grants = glueDataAccess("table-optimizers", role("opt"), {
                optimizes: [
                    { zone: "silver", prefix: "flights/" },
                    { zone: "gold", prefix: "delays_by_month/" },
                ],
            });
            expect(grants).to.deep.equal([
                {
                    grantee: "table-optimizers",
                    principalArn: role("opt"),
                    zone: "silver",
                    access: "optimize",
                    prefixes: ["flights/"],
                },
                {
                    grantee: "table-optimizers",
                    principalArn: role("opt"),
                    zone: "gold",
                    access: "optimize",
                    prefixes: ["delays_by_month/"],
                },
            ]);
            const plan = planGrants(grants, [], ["DESCRIBE", "SELECT"]);
            expect(plan.map((g) => [g.key, g.permissions])).to.deep.equal([
                ["table-optimizers-silver-optimize-location-flights", ["DATA_LOCATION_ACCESS"]],
                ["table-optimizers-silver-optimize-database", ["DESCRIBE"]],
                ["table-optimizers-silver-optimize-tables", ["ALTER", "DELETE", "DESCRIBE", "INSERT"]],
                ["table-optimizers-gold-optimize-location-delays-by-month", ["DATA_LOCATION_ACCESS"]],
                ["table-optimizers-gold-optimize-database", ["DESCRIBE"]],
                ["table-optimizers-gold-optimize-tables", ["ALTER", "DELETE", "DESCRIBE", "INSERT"]],
            ]);
            expect(plan[2].target).to.deep.equal({ kind: "table", zone: "silver", table: undefined });
        });

        it("writes the zones written (a location per prefix), reads the zones only read, crawls the zones crawled", () => {
            const grants = glueDataAccess("job-x", role("x"), {
                reads: [
                    { zone: "bronze", prefix: "flights/" },
                    { zone: "silver", prefix: "flights/" },
                ],
                writes: [
                    { zone: "silver", prefix: "flights/" },
                    { zone: "silver", prefix: "_quarantine/flights/" },
                ],
                crawls: [{ zone: "gold", prefix: "route_summary/" }],
            });
            expect(grants).to.deep.equal([
                { grantee: "job-x", principalArn: role("x"), zone: "bronze", access: "read" },
                {
                    grantee: "job-x",
                    principalArn: role("x"),
                    zone: "silver",
                    access: "write",
                    prefixes: ["_quarantine/flights/", "flights/"],
                },
                {
                    grantee: "job-x",
                    principalArn: role("x"),
                    zone: "gold",
                    access: "crawl",
                    prefixes: ["route_summary/"],
                },
            ]);
        });

        it("grants nothing for a principal that uses no zone", () => {
            expect(glueDataAccess("idle", role("idle"), {})).to.deep.equal([]);
        });
    });

    describe("LaterGrants", () => {
        it("releases each waiting grantee with its grants, and everything with nothing when Lake Formation is off", async () => {
            setupPulumiMocks();
            const on = new LaterGrants();
            on.waitFor("job-a");
            on.waitFor("job-b");
            expect(on.grantees).to.deep.equal(["job-a", "job-b"]);
            const asked: string[] = [];
            on.resolve({
                grantsFor: (grantee) => {
                    asked.push(grantee);
                    return [];
                },
            });
            expect(asked).to.deep.equal(["job-a", "job-b"]);
            const off = new LaterGrants();
            off.waitFor("job-a");
            expect(() => off.resolve(undefined)).to.not.throw();
            await settle();
        });

        it("refuses to gate a resource after the grants were handed out", () => {
            const gates = new LaterGrants();
            gates.resolve(undefined);
            expect(() => gates.waitFor("job-late")).to.throw(
                'LaterGrants.waitFor("job-late"): the grants were already handed out',
            );
        });

        it("lets a missing grantee fail loudly", () => {
            const gates = new LaterGrants();
            gates.waitFor("job-typo");
            expect(() =>
                gates.resolve({
                    grantsFor: (grantee) => {
                        throw new Error(`no grants for "${grantee}"`);
                    },
                }),
            ).to.throw('no grants for "job-typo"');
        });
    });

    describe("LaterResources", () => {
        it("makes matching resources wait for resources created later, keeping their own dependsOn", async () => {
            const recorder = setupPulumiMocks();
            const later = new LaterResources("test gate");
            const first = new aws.sqs.Queue("first", {});
            const db = new aws.glue.CatalogDatabase(
                "db",
                { name: "db" },
                {
                    dependsOn: [first],
                    transformations: [later.waitFor(["aws:glue/catalogDatabase:CatalogDatabase"])],
                },
            );
            const other = new aws.sqs.Queue(
                "other",
                {},
                { transformations: [later.waitFor(["aws:glue/catalogDatabase:CatalogDatabase"])] },
            );
            const gate = new aws.sqs.Queue("gate", {});
            later.resolve([gate]);
            await settle();
            const urnOf = async (r: pulumi.Resource) =>
                await (r.urn as unknown as { promise(): Promise<string> }).promise();
            expect(recorder.named("db").dependencies).to.have.members([
                await urnOf(first),
                await urnOf(gate),
            ]);
            expect(recorder.named("other").dependencies).to.deep.equal([]);
            expect(db).to.not.equal(undefined);
            expect(other).to.not.equal(undefined);
        });

        it("refuses a second resolve", () => {
            const later = new LaterResources("test gate");
            later.resolve([]);
            expect(() => later.resolve([])).to.throw("test gate: resolve() was already called; call it once");
        });
    });
});
