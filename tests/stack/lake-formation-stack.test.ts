import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import * as path from "node:path";
import { expect } from "chai";
import { DataLake, ZONES, type Zone } from "../../components/data-lake";
import { EtlJob, type EtlJobArgs } from "../../components/etl-job";
import { LAKE_FORMATION_DEFAULTS, LakeFormationAdmin } from "../../components/lake-formation-admin";
import { parseStackConfig, StackConfigError } from "../../config/stack-config";
import { glueDataAccess } from "../../lib/lake-formation-grants";
import { LaterGrants, LaterResources } from "../../lib/lake-formation-ordering";
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

/**
 * What each Glue role does with the zones, read from its IAM role policies (independently of the Lake
 * Formation wiring): S3 object statements with PutObject are writes, with GetObject only are reads; crawler
 * S3 targets are crawls. Keyed by role ARN.
 */
function glueRoleUsage(recorder: Recorder, zones: ReturnType<typeof zonesOf>) {
    const zoneOfBucket = new Map(ZONES.map((zone) => [zones[zone].bucketArn, zone]));
    const usage = new Map<string, { reads: Set<string>; writes: Set<string>; crawls: Set<string> }>();
    const entry = (arn: string) => {
        if (!usage.has(arn)) usage.set(arn, { reads: new Set(), writes: new Set(), crawls: new Set() });
        return usage.get(arn) as { reads: Set<string>; writes: Set<string>; crawls: Set<string> };
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
        const use = entry(arn);
        const policies = recorder
            .ofType(T.rolePolicy)
            .filter((p) => [glueRole.inputs.name, glueRole.outputs.id, arn].includes(p.inputs.role));
        for (const policy of policies) {
            for (const statement of JSON.parse(policy.inputs.policy).Statement) {
                const actions: string[] = statement.Action;
                for (const resource of statement.Resource as string[]) {
                    const match = /^(arn:aws:s3:::[^/]+)\/(.*)\*$/.exec(resource);
                    const zone = match && zoneOfBucket.get(match[1]);
                    if (!match || !zone) continue;
                    if (actions.includes("s3:PutObject")) use.writes.add(`${zone}|${match[2]}`);
                    else if (actions.includes("s3:GetObject")) use.reads.add(`${zone}|${match[2]}`);
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
 * The grants a Glue role needs, from first principles: on each zone it writes, data location access per
 * written prefix, CREATE_TABLE and DESCRIBE on the database, read/write on its tables; on each zone it only
 * reads, DESCRIBE on the database and DESCRIBE, SELECT on its tables; on each zone it crawls, data location
 * access per crawled prefix, CREATE_TABLE and DESCRIBE, and ALTER, DESCRIBE, INSERT on tables.
 */
function neededGrants(
    use: { reads: Set<string>; writes: Set<string>; crawls: Set<string> },
    zones: ReturnType<typeof zonesOf>,
): string[] {
    const byZone = (set: Set<string>, zone: Zone) =>
        [...set].filter((u) => u.startsWith(`${zone}|`)).map((u) => u.slice(zone.length + 1));
    const location = (zone: Zone, prefix: string) =>
        `location ${zones[zone].bucketArn}${prefix === "" ? "" : `/${prefix.replace(/\/$/, "")}`} DATA_LOCATION_ACCESS`;
    const lines: string[] = [];
    for (const zone of ZONES) {
        const db = zones[zone].database;
        const written = byZone(use.writes, zone);
        if (written.length > 0) {
            lines.push(...written.map((p) => location(zone, p)));
            lines.push(
                `database ${db} CREATE_TABLE,DESCRIBE`,
                `table ${db}.* ALTER,DELETE,DESCRIBE,INSERT,SELECT`,
            );
        } else if (byZone(use.reads, zone).length > 0) {
            lines.push(`database ${db} DESCRIBE`, `table ${db}.* DESCRIBE,SELECT`);
        }
        const crawled = byZone(use.crawls, zone);
        if (crawled.length > 0) {
            lines.push(...crawled.map((p) => location(zone, p)));
            lines.push(`database ${db} CREATE_TABLE,DESCRIBE`, `table ${db}.* ALTER,DESCRIBE,INSERT`);
        }
    }
    return lines.sort();
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

        it("gives every Glue role that reads or writes a zone the grants it needs, and no more", function () {
            const zones = zonesOf(recorder, "lake");
            const usage = glueRoleUsage(recorder, zones);
            if (usage.size === 0) {
                // index.ts wires no Glue job or crawler yet; the composed stack below covers real EtlJobs.
                this.skip();
            }
            for (const [arn, use] of usage)
                expect(grantsOf(recorder, arn), arn).to.deep.equal(neededGrants(use, zones));
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
                if (error instanceof StackConfigError) return error.problems;
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
            };
            const goldArgs: EtlJobArgs = {
                ...common,
                reads: [{ zone: "silver", prefix: "flights/" }],
                writes: [{ zone: "gold", prefix: "route_summary/" }],
            };
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
                    ...glueDataAccess("job-flights-silver", jobs.silver.roleArn, silverArgs),
                    ...glueDataAccess("job-flights-gold", jobs.gold.roleArn, goldArgs),
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
                expect(grantsOf(recorder, arn), arn).to.deep.equal(neededGrants(use, zones));
        });

        it("spells out the silver job's grants", () => {
            const bucket = (zone: string) =>
                `arn:aws:s3:::medallion-lake-test-${zone}-${TEST_ACCOUNT_ID}-${TEST_REGION}`;
            expect(grantsOf(recorder, role("medallion-lake-test-flights-silver"))).to.deep.equal([
                "database medallion_lake_test_bronze DESCRIBE",
                "database medallion_lake_test_silver CREATE_TABLE,DESCRIBE",
                `location ${bucket("silver")}/_quarantine/flights DATA_LOCATION_ACCESS`,
                `location ${bucket("silver")}/flights DATA_LOCATION_ACCESS`,
                "table medallion_lake_test_bronze.* DESCRIBE,SELECT",
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
                expect(grants.length, grantee).to.equal(zone === "silver" ? 6 : 5);
                for (const grant of grants)
                    expect(job.dependencies, grantee).to.include(await resolve(grant.urn));
                expect(job.dependencies, "keeps its own dependsOn").to.include(
                    await resolve(jobs[zone].logGroups.output.urn),
                );
            }
        });
    });
});
