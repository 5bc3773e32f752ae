import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import * as path from "node:path";
import { expect } from "chai";
import { DataLake, ZONES, type Zone } from "../../components/data-lake/data-lake";
import { EtlJob, type EtlJobArgs, OBJECT_LEDGER_PREFIX } from "../../components/etl-job/etl-job";
import { glueDataAccess, zoneCatalogUse } from "../../components/lake-formation-admin/grants";
import {
    LAKE_FORMATION_DEFAULTS,
    LakeFormationAdmin,
} from "../../components/lake-formation-admin/lake-formation-admin";
import { LaterGrants, LaterResources } from "../../components/lake-formation-admin/ordering";
import { parseStackConfig, StackConfigError } from "../../config/stack-config";
import { JOB_OWNED_ZONES } from "../../lib/lake-layout";
import { formatProblem } from "../../lib/problems";
import { allFeaturesStack } from "../policies/support/stacks";
import {
    flattenConfig,
    type RecordedResource,
    type Recorder,
    readStackConfig,
    resolve,
    runProgram,
    settle,
    setupPulumiMocks,
    TEST_ACCOUNT_ID,
    TEST_REGION,
    tryRunProgram,
} from "../support/pulumi-harness";

const T = {
    bucket: "aws:s3/bucket:Bucket",
    database: "aws:glue/catalogDatabase:CatalogDatabase",
    settings: "aws:lakeformation/dataLakeSettings:DataLakeSettings",
    location: "aws:lakeformation/resource:Resource",
    grant: "aws:lakeformation/permissions:Permissions",
    role: "aws:iam/role:Role",
    rolePolicy: "aws:iam/rolePolicy:RolePolicy",
    job: "aws:glue/job:Job",
    crawler: "aws:glue/crawler:Crawler",
};
const role = (name: string) => `arn:aws:iam::${TEST_ACCOUNT_ID}:role/${name}`;
const DEPLOYER = role("platform-deployer");

/** Zone bucket and database names as the lake registered them. */
function zonesOf(recorder: Recorder, lakeName: string) {
    const zones = {} as Record<Zone, { bucket: string; bucketArn: string; database: string }>;
    for (const zone of ZONES) {
        const bucket = recorder.named(`${lakeName}-${zone}`, T.bucket).inputs.bucket as string;
        const database = recorder.named(`${lakeName}-${zone}-db`, T.database).inputs.name as string;
        zones[zone] = { bucket, bucketArn: `arn:aws:s3:::${bucket}`, database };
    }
    return zones;
}

/** One Lake Formation grant as a comparable line: `<target> <permissions>`. */
function describeGrant(grant: RecordedResource): string {
    const i = grant.inputs;
    const target = i.dataLocation
        ? `location ${i.dataLocation.arn}`
        : i.database
          ? `database ${i.database.name}`
          : i.table
            ? `table ${i.table.databaseName}.${i.table.wildcard ? "*" : i.table.name}`
            : `tags ${i.lfTagPolicy.resourceType} ${JSON.stringify(i.lfTagPolicy.expressions)}`;
    return `${target} ${(i.permissions as string[]).join(",")}`;
}

/** What one Glue role does with the lake, read from its IAM role policy and (crawlers) its S3 targets. */
interface GlueRoleUsage {
    /** `<zone>|<prefix>` it reads, writes or crawls in S3. */
    reads: Set<string>;
    writes: Set<string>;
    crawls: Set<string>;
    /** `<zone>|<table>` (`*` for every table) its IAM catalog statements allow reading or writing. */
    catalogReads: Set<string>;
    catalogWrites: Set<string>;
    /** Databases outside the zones whose definition it may read (Spark's `default`). */
    describes: Set<string>;
    /** True for a crawler role. */
    crawler: boolean;
}

/**
 * What each Glue role does with the zones, read from its IAM role policies (independently of the Lake
 * Formation wiring): S3 object statements with PutObject are writes, with GetObject only are reads; crawler
 * S3 targets are crawls; Glue table ARNs with glue:CreateTable are catalog writes, with glue:GetTable only
 * catalog reads; a database ARN outside the zones with glue:GetDatabase alone is a describe. Keyed by role ARN.
 */
function glueRoleUsage(recorder: Recorder, zones: ReturnType<typeof zonesOf>) {
    const zoneOfBucket = new Map(ZONES.map((zone) => [zones[zone].bucketArn, zone]));
    const zoneOfDatabase = new Map(ZONES.map((zone) => [zones[zone].database, zone]));
    const usage = new Map<string, GlueRoleUsage>();
    const entry = (arn: string, crawler: boolean) => {
        const use = usage.get(arn) ?? {
            reads: new Set<string>(),
            writes: new Set<string>(),
            crawls: new Set<string>(),
            catalogReads: new Set<string>(),
            catalogWrites: new Set<string>(),
            describes: new Set<string>(),
            crawler,
        };
        usage.set(arn, use);
        return use;
    };
    const roleByRef = (ref: string) =>
        recorder
            .ofType(T.role)
            .find(
                (r) => r.outputs.arn === ref || r.inputs.name === ref || r.outputs.id === ref,
            ) as RecordedResource;
    const runners = [
        ...recorder.ofType(T.job).map((j) => ({ ref: j.inputs.roleArn as string, crawler: undefined })),
        ...recorder.ofType(T.crawler).map((c) => ({ ref: c.inputs.role as string, crawler: c })),
    ];
    for (const runner of runners) {
        const glueRole = roleByRef(runner.ref);
        const arn = glueRole.outputs.arn as string;
        const use = entry(arn, runner.crawler !== undefined);
        const policies = recorder
            .ofType(T.rolePolicy)
            .filter((p) => [glueRole.inputs.name, glueRole.outputs.id, arn].includes(p.inputs.role));
        for (const policy of policies) {
            for (const statement of JSON.parse(policy.inputs.policy).Statement) {
                const actions: string[] = statement.Action;
                for (const resource of statement.Resource as string[]) {
                    const s3 = /^(arn:aws:s3:::[^/]+)\/(.*)\*$/.exec(resource);
                    const bucketZone = s3 && zoneOfBucket.get(s3[1]);
                    // The object ledger is plain S3 objects, never a catalog table: its IAM grant needs no
                    // Lake Formation data location (docs/etl.md, The object ledger).
                    const ledger = s3?.[2].startsWith(OBJECT_LEDGER_PREFIX) ?? false;
                    if (s3 && bucketZone && !ledger) {
                        if (actions.includes("s3:PutObject")) use.writes.add(`${bucketZone}|${s3[2]}`);
                        else if (actions.includes("s3:GetObject")) use.reads.add(`${bucketZone}|${s3[2]}`);
                    }
                    const table = /^arn:aws:glue:[^:]+:\d+:table\/([^/]+)\/(.+)$/.exec(resource);
                    const tableZone = table && zoneOfDatabase.get(table[1]);
                    if (table && tableZone) {
                        if (actions.includes("glue:CreateTable"))
                            use.catalogWrites.add(`${tableZone}|${table[2]}`);
                        else if (actions.includes("glue:GetTable"))
                            use.catalogReads.add(`${tableZone}|${table[2]}`);
                    }
                    const database = /^arn:aws:glue:[^:]+:\d+:database\/(.+)$/.exec(resource);
                    if (
                        database &&
                        !zoneOfDatabase.has(database[1]) &&
                        actions.join() === "glue:GetDatabase"
                    ) {
                        use.describes.add(database[1]);
                    }
                }
            }
        }
        for (const target of runner.crawler?.inputs.s3Targets ?? []) {
            const match = /^s3:\/\/([^/]+)\/(.*)$/.exec(target.path);
            const zone = match && zoneOfBucket.get(`arn:aws:s3:::${match[1]}`);
            if (match && zone) use.crawls.add(`${zone}|${match[2]}`);
        }
    }
    return usage;
}

/**
 * The grants a Glue role needs, from first principles, on exactly the tables its IAM catalog statements
 * name (`*` only where IAM allows every table), except in silver and gold (`JOB_OWNED_ZONES`): the jobs
 * create those tables on their first run, after the grants, and Lake Formation refuses a grant on a table
 * that does not exist, so a job's table grant there is the database's table wildcard:
 * - a job, per zone: for each table it may write, ALTER, DELETE, DESCRIBE, INSERT, SELECT, with CREATE_TABLE
 *   and DESCRIBE on the database and data location access per prefix it writes there; for each table it may
 *   only read, DESCRIBE and SELECT, with DESCRIBE on the database; DESCRIBE on each outside database it
 *   opens (Spark's `default`, Lake Formation mode only). A zone it touches only in S3 gets nothing.
 * - a crawler, per zone it crawls: data location access per crawled prefix, CREATE_TABLE and DESCRIBE on the
 *   database, and on its tables ALTER, DESCRIBE, INSERT plus DESCRIBE, SELECT where it reads the objects.
 * Every principal has one grant per resource, so permissions on one resource are united.
 */
function neededGrants(
    use: GlueRoleUsage,
    zones: ReturnType<typeof zonesOf>,
    mode: "lakeformation" | "hybrid",
): string[] {
    const inZone = (set: Set<string>, zone: Zone) =>
        [...set].filter((u) => u.startsWith(`${zone}|`)).map((u) => u.slice(zone.length + 1));
    const location = (zone: Zone, prefix: string) =>
        `location ${zones[zone].bucketArn}${prefix === "" ? "" : `/${prefix.replace(/\/$/, "")}`} DATA_LOCATION_ACCESS`;
    const grants = new Map<string, Set<string>>();
    const grant = (target: string, permissions: string[]) => {
        const held = grants.get(target) ?? new Set<string>();
        for (const p of permissions) held.add(p);
        grants.set(target, held);
    };
    const lines: string[] = [];
    for (const zone of ZONES) {
        const db = zones[zone].database;
        if (use.crawler) {
            const crawled = inZone(use.crawls, zone);
            if (crawled.length === 0) continue;
            lines.push(...crawled.map((p) => location(zone, p)));
            grant(`database ${db}`, ["CREATE_TABLE", "DESCRIBE"]);
            const reads = inZone(use.reads, zone).length > 0;
            for (const table of inZone(use.catalogWrites, zone)) {
                grant(`table ${db}.${table}`, ["ALTER", "DESCRIBE", "INSERT", ...(reads ? ["SELECT"] : [])]);
            }
            continue;
        }
        const jobOwned = (JOB_OWNED_ZONES as readonly Zone[]).includes(zone);
        const grantable = (tables: string[]) => (jobOwned && tables.length > 0 ? ["*"] : tables);
        const named = inZone(use.catalogWrites, zone);
        const writable = grantable(named);
        if (writable.length > 0) {
            lines.push(...inZone(use.writes, zone).map((p) => location(zone, p)));
            grant(`database ${db}`, ["CREATE_TABLE", "DESCRIBE"]);
            for (const table of writable) {
                grant(`table ${db}.${table}`, ["ALTER", "DELETE", "DESCRIBE", "INSERT", "SELECT"]);
            }
        }
        const readable = grantable(inZone(use.catalogReads, zone).filter((t) => !named.includes(t)));
        if (readable.length > 0 && !writable.includes("*")) {
            grant(`database ${db}`, ["DESCRIBE"]);
            for (const table of readable) grant(`table ${db}.${table}`, ["DESCRIBE", "SELECT"]);
        }
    }
    if (mode === "lakeformation" && !use.crawler) {
        for (const database of use.describes) grant(`database ${database}`, ["DESCRIBE"]);
    }
    for (const [target, permissions] of grants) lines.push(`${target} ${[...permissions].sort().join(",")}`);
    return lines.sort();
}

/** Grants that share a principal and a target, as `<principal> <target>` (the provider would churn them). */
function sharedTargets(recorder: Recorder): string[] {
    const seen = new Set<string>();
    const shared: string[] = [];
    for (const grant of recorder.ofType(T.grant)) {
        const line = describeGrant(grant);
        const id = `${grant.inputs.principal} ${line.slice(0, line.lastIndexOf(" "))}`;
        if (seen.has(id)) shared.push(id);
        seen.add(id);
    }
    return shared;
}

function grantsOf(recorder: Recorder, principal: string): string[] {
    return recorder
        .ofType(T.grant)
        .filter((g) => g.inputs.principal === principal)
        .map(describeGrant)
        .sort();
}

/** Checks the rules every Lake Formation stack must follow, whatever it holds. */
function expectLakeFormationRules(recorder: Recorder, lakeName: string, settingsName: string): void {
    const zones = zonesOf(recorder, lakeName);
    const settings = recorder.named(settingsName, T.settings);

    for (const zone of ZONES) {
        const registered = recorder.ofType(T.location).filter((l) => l.inputs.arn === zones[zone].bucketArn);
        expect(registered, `${zone} registrations`).to.have.length(1);
        expect(registered[0].inputs.roleArn, zone).to.match(/:role\/.*lf-registration$/);
        const database = recorder.named(`${lakeName}-${zone}-db`, T.database);
        expect(recorder.dependsOn(database, settings), `${zone} database after the settings`).to.equal(true);
    }

    const grants = recorder.ofType(T.grant);
    const admins = settings.inputs.admins as string[];
    grants.forEach((grant, i) => {
        expect(admins, grant.name).to.not.include(grant.inputs.principal);
        expect(grant.inputs.permissions, grant.name).to.deep.equal([...grant.inputs.permissions].sort());
        if (i > 0)
            expect(recorder.dependsOn(grant, grants[i - 1]), `${grant.name} serialized`).to.equal(true);
    });
}

describe("Lake Formation in the stack", () => {
    describe("dev stack (index.ts with Pulumi.dev.yaml)", () => {
        let recorder: Recorder;
        let outputs: Record<string, unknown>;
        before(async () => {
            ({ recorder, outputs } = await runProgram(readStackConfig("dev"), "dev"));
        });

        it("registers every zone location, creates the zone databases after the settings, serializes grants", () => {
            expectLakeFormationRules(recorder, "lake", "lake-formation-settings");
        });

        it("makes the deploying role and datalakeadmin the admins, and empties the default permissions", () => {
            const settings = recorder.named("lake-formation-settings", T.settings);
            expect(settings.inputs.admins).to.deep.equal([role("datalakeadmin"), DEPLOYER]);
            expect(settings.inputs.createDatabaseDefaultPermissions).to.deep.equal([]);
            expect(settings.inputs.createTableDefaultPermissions).to.deep.equal([]);
            expect(outputs.lakeFormationAdmins).to.deep.equal([role("datalakeadmin"), DEPLOYER]);
        });

        it("lets analysts see and read gold only, through the zone LF-tag", () => {
            expect(grantsOf(recorder, role("analysts"))).to.deep.equal([
                'tags DATABASE [{"key":"zone","values":["gold"]}] DESCRIBE',
                'tags TABLE [{"key":"zone","values":["gold"]}] DESCRIBE,SELECT',
            ]);
        });

        it("exports the workflow role", () => {
            expect(outputs.lakeFormationWorkflowRoleArn).to.equal(role("medallion-lake-dev-lf-workflow"));
        });

        it("gives every Glue role that reads or writes a zone the grants it needs, and no more", () => {
            const zones = zonesOf(recorder, "lake");
            const usage = glueRoleUsage(recorder, zones);
            // A bronze crawler role, a bronze_to_silver and a silver_to_gold job role per dataset dev deploys
            // (flights, sales, tweets: transactions only with the PostgreSQL source on).
            expect(usage.size).to.equal(9);
            for (const [arn, use] of usage)
                expect(grantsOf(recorder, arn), arn).to.deep.equal(neededGrants(use, zones, "lakeformation"));
        });

        it("gives each principal one grant per resource (the provider would churn overlapping ones)", () => {
            expect(recorder.ofType(T.grant).length).to.be.greaterThan(0);
            expect(sharedTargets(recorder)).to.deep.equal([]);
        });

        it("spells out the grants of the sales crawler and the sales jobs: the table wildcard in silver and gold, where the jobs create their tables", () => {
            const bucket = (zone: string) =>
                `arn:aws:s3:::medallion-lake-dev-${zone}-${TEST_ACCOUNT_ID}-${TEST_REGION}`;
            expect(grantsOf(recorder, role("medallion-lake-dev-sales-crawler"))).to.deep.equal([
                "database medallion_lake_dev_bronze CREATE_TABLE,DESCRIBE",
                `location ${bucket("bronze")}/sales DATA_LOCATION_ACCESS`,
                "table medallion_lake_dev_bronze.* ALTER,DESCRIBE,INSERT,SELECT",
            ]);
            expect(grantsOf(recorder, role("medallion-lake-dev-sales-bronze-to-silver"))).to.deep.equal([
                "database default DESCRIBE",
                "database medallion_lake_dev_silver CREATE_TABLE,DESCRIBE",
                `location ${bucket("silver")}/_quarantine/sales DATA_LOCATION_ACCESS`,
                `location ${bucket("silver")}/sales DATA_LOCATION_ACCESS`,
                "table medallion_lake_dev_silver.* ALTER,DELETE,DESCRIBE,INSERT,SELECT",
            ]);
            expect(grantsOf(recorder, role("medallion-lake-dev-sales-silver-to-gold"))).to.deep.equal([
                "database default DESCRIBE",
                "database medallion_lake_dev_gold CREATE_TABLE,DESCRIBE",
                "database medallion_lake_dev_silver DESCRIBE",
                `location ${bucket("gold")}/ventas_diarias_por_tienda DATA_LOCATION_ACCESS`,
                "table medallion_lake_dev_gold.* ALTER,DELETE,DESCRIBE,INSERT,SELECT",
                "table medallion_lake_dev_silver.* DESCRIBE,SELECT",
            ]);
        });
    });

    describe("the dev stack with every optional feature on", () => {
        it("gives each principal one grant per resource", async () => {
            const { recorder: all, applied } = await allFeaturesStack();
            expect(applied.map((f) => f.key)).to.include("lakeFormation");
            expect(all.ofType(T.grant).length).to.be.greaterThan(0);
            expect(sharedTargets(all)).to.deep.equal([]);
        });
    });

    describe("a stack without Lake Formation", () => {
        it("registers no Lake Formation resource and still creates the zone databases", async () => {
            const raw = readStackConfig("dev");
            raw["medallion-lake:lakeFormation"] = JSON.stringify({ enabled: false });
            const { recorder, outputs } = await runProgram(raw, "dev");
            expect(recorder.resources.filter((r) => r.type.startsWith("aws:lakeformation/"))).to.deep.equal(
                [],
            );
            expect(recorder.ofType(T.database).map((d) => d.inputs.name)).to.have.members([
                "medallion_lake_dev_bronze",
                "medallion_lake_dev_silver",
                "medallion_lake_dev_gold",
            ]);
            expect(outputs.lakeFormationAdmins).to.equal(undefined);
        });
    });

    describe("config errors", () => {
        const BASE = flattenConfig({ "aws:region": TEST_REGION, "aws:allowedAccountIds": [TEST_ACCOUNT_ID] });
        const problemsOf = (lakeFormation: unknown): string[] => {
            try {
                parseStackConfig(
                    { ...BASE, "medallion-lake:lakeFormation": JSON.stringify(lakeFormation) },
                    "p",
                    "s",
                );
            } catch (error) {
                if (error instanceof StackConfigError) return error.problems.map(formatProblem);
                throw error;
            }
            throw new Error("expected a StackConfigError");
        };

        it("defaults to off, Lake Formation mode, no admins or consumers, and a workflow role", () => {
            const config = parseStackConfig(BASE, "p", "s");
            expect(config.lakeFormation).to.deep.equal({
                enabled: LAKE_FORMATION_DEFAULTS.enabled,
                mode: LAKE_FORMATION_DEFAULTS.mode,
                admins: [],
                formerAdmins: [],
                consumers: [],
                workflowRole: { enabled: LAKE_FORMATION_DEFAULTS.workflowRole },
            });
            expect(config.lakeFormation.enabled).to.equal(false);
        });

        it("fills a consumer's permissions with DESCRIBE and SELECT", () => {
            const config = parseStackConfig(
                {
                    ...BASE,
                    "medallion-lake:lakeFormation": JSON.stringify({
                        consumers: [{ name: "bi", principalArn: role("bi"), zones: ["gold"] }],
                    }),
                },
                "p",
                "s",
            );
            expect(config.lakeFormation.consumers[0].permissions).to.deep.equal(["DESCRIBE", "SELECT"]);
        });

        it("refuses a consumer that is also an admin, naming the key", () => {
            expect(
                problemsOf({
                    enabled: true,
                    admins: [role("datalakeadmin")],
                    consumers: [{ name: "boss", principalArn: role("datalakeadmin"), zones: ["gold"] }],
                }),
            ).to.deep.equal([
                `medallion-lake:lakeFormation.consumers.0.principalArn: got "${role("datalakeadmin")}"; is also in lakeFormation.admins; admins hold every permission already, and a grant to an admin makes \`pulumi destroy\` fail. Remove the consumer or the admin`,
            ]);
        });

        it("refuses a root admin, an unknown zone, a repeated consumer name and a former admin still listed", () => {
            expect(
                problemsOf({
                    admins: [`arn:aws:iam::${TEST_ACCOUNT_ID}:root`, role("a")],
                    formerAdmins: [role("a")],
                    consumers: [
                        { name: "bi", principalArn: role("bi"), zones: ["platinum"] },
                        { name: "bi", principalArn: role("bi2"), zones: ["gold"], permissions: ["SELECT"] },
                    ],
                }),
            ).to.deep.equal([
                `medallion-lake:lakeFormation.admins.0: got "arn:aws:iam::${TEST_ACCOUNT_ID}:root"; must be an IAM role ARN (arn:aws:iam::<account>:role/<name>)`,
                'medallion-lake:lakeFormation.consumers.0.zones.0: got "platinum"; Invalid option: expected one of "bronze"|"silver"|"gold"',
            ]);
            expect(
                problemsOf({
                    admins: [role("a")],
                    formerAdmins: [role("a")],
                    consumers: [
                        { name: "bi", principalArn: role("bi"), zones: ["gold"] },
                        { name: "bi", principalArn: role("bi2"), zones: ["gold"] },
                    ],
                }),
            ).to.deep.equal([
                'medallion-lake:lakeFormation.consumers.1.name: got "bi"; "bi" is used by two consumers; rename one',
                `medallion-lake:lakeFormation.formerAdmins.0: got "${role("a")}"; is also in lakeFormation.admins; remove it from one of the two lists`,
            ]);
        });

        it("fails the program before any resource is registered", async () => {
            const run = await tryRunProgram(
                { ...BASE, "medallion-lake:lakeFormation": JSON.stringify({ mode: "iam" }) },
                "dev",
            );
            expect(run.error).to.have.property("name", "StackConfigError");
            expect(String(run.error)).to.contain('medallion-lake:lakeFormation.mode: got "iam"');
            expect(run.recorder.resources).to.deep.equal([]);
        });
    });

    describe("composed with ETL jobs (the wiring index.ts uses for Glue roles)", () => {
        let recorder: Recorder;
        let lf: LakeFormationAdmin;
        let jobs: Record<"silver" | "gold", EtlJob>;
        before(async () => {
            recorder = setupPulumiMocks({}, "test");
            const dir = mkdtempSync(path.join(tmpdir(), "lf-stack-"));
            const script = path.join(dir, "job.py");
            writeFileSync(script, "print('job')\n");
            const settingsReady = new LaterResources("settings");
            const grantsReady = new LaterGrants();
            const lake = new DataLake(
                "lake",
                {
                    accountId: TEST_ACCOUNT_ID,
                    region: TEST_REGION,
                    naming: { project: "medallion-lake", stack: "test" },
                },
                { transformations: [settingsReady.waitFor([T.database])] },
            );
            const common = { lake, accountId: TEST_ACCOUNT_ID, region: TEST_REGION, script };
            const silverArgs: EtlJobArgs = {
                ...common,
                reads: [{ zone: "bronze", prefix: "flights/" }],
                writes: [
                    { zone: "silver", prefix: "flights/" },
                    { zone: "silver", prefix: "_quarantine/flights/" },
                ],
                catalog: { write: [{ database: lake.databaseNames.silver, tables: ["flights"] }] },
            };
            const goldArgs: EtlJobArgs = {
                ...common,
                reads: [{ zone: "silver", prefix: "flights/" }],
                writes: [{ zone: "gold", prefix: "route_summary/" }],
                catalog: {
                    read: [{ database: lake.databaseNames.silver, tables: ["flights"] }],
                    write: [{ database: lake.databaseNames.gold, tables: ["route_summary"] }],
                },
            };
            const usage = (args: EtlJobArgs) => ({
                reads: args.reads,
                writes: args.writes,
                catalog: zoneCatalogUse(lake.databaseNames, args.catalog),
            });
            jobs = {
                silver: new EtlJob("flights-silver", silverArgs, {
                    transformations: [grantsReady.waitFor("job-flights-silver")],
                }),
                gold: new EtlJob("flights-gold", goldArgs, {
                    transformations: [grantsReady.waitFor("job-flights-gold")],
                }),
            };
            lf = new LakeFormationAdmin("lake-formation", {
                lake,
                accountId: TEST_ACCOUNT_ID,
                region: TEST_REGION,
                admins: [role("datalakeadmin")],
                dataAccess: [
                    ...glueDataAccess("job-flights-silver", jobs.silver.roleArn, usage(silverArgs)),
                    ...glueDataAccess("job-flights-gold", jobs.gold.roleArn, usage(goldArgs)),
                ],
                databaseDescribes: [
                    { grantee: "job-flights-silver", principalArn: jobs.silver.roleArn, database: "default" },
                    { grantee: "job-flights-gold", principalArn: jobs.gold.roleArn, database: "default" },
                ],
                consumers: [{ name: "analysts", principalArn: role("analysts"), zones: ["gold"] }],
            });
            settingsReady.resolve([lf.settings]);
            grantsReady.resolve(lf);
            await settle();
        });

        it("follows the Lake Formation rules", () => {
            expectLakeFormationRules(recorder, "lake", "lake-formation-settings");
        });

        it("gives every Glue role that reads or writes a zone the grants it needs, and no more", () => {
            const zones = zonesOf(recorder, "lake");
            const usage = glueRoleUsage(recorder, zones);
            expect([...usage.keys()].sort()).to.deep.equal([
                role("medallion-lake-test-flights-gold"),
                role("medallion-lake-test-flights-silver"),
            ]);
            for (const [arn, use] of usage)
                expect(grantsOf(recorder, arn), arn).to.deep.equal(neededGrants(use, zones, "lakeformation"));
            expect(sharedTargets(recorder)).to.deep.equal([]);
        });

        it("spells out the silver job's grants", () => {
            const bucket = (zone: string) =>
                `arn:aws:s3:::medallion-lake-test-${zone}-${TEST_ACCOUNT_ID}-${TEST_REGION}`;
            expect(grantsOf(recorder, role("medallion-lake-test-flights-silver"))).to.deep.equal([
                "database default DESCRIBE",
                "database medallion_lake_test_silver CREATE_TABLE,DESCRIBE",
                `location ${bucket("silver")}/_quarantine/flights DATA_LOCATION_ACCESS`,
                `location ${bucket("silver")}/flights DATA_LOCATION_ACCESS`,
                "table medallion_lake_test_silver.* ALTER,DELETE,DESCRIBE,INSERT,SELECT",
            ]);
        });

        it("creates each Glue job after every grant of its role", async () => {
            for (const [zone, grantee] of [
                ["silver", "job-flights-silver"],
                ["gold", "job-flights-gold"],
            ] as const) {
                const job = recorder.named(`flights-${zone}-job`, T.job);
                const grants = lf.grantsFor(grantee);
                expect(grants.length, grantee).to.equal(zone === "silver" ? 5 : 6);
                for (const grant of grants)
                    expect(job.dependencies, grantee).to.include(await resolve(grant.urn));
                expect(job.dependencies, "keeps its own dependsOn").to.include(
                    await resolve(jobs[zone].logGroups.output.urn),
                );
            }
        });
    });
});
