import * as pulumi from "@pulumi/pulumi";
import { expect } from "chai";
import { DataLake, ZONES } from "../../../components/data-lake/data-lake";
import { glueDataAccess, zoneCatalogUse } from "../../../components/lake-formation-admin/grants";
import {
    LAKE_FORMATION_DEFAULTS,
    LakeFormationAdmin,
    type LakeFormationAdminArgs,
} from "../../../components/lake-formation-admin/lake-formation-admin";
import { IAM_ALLOWED_PRINCIPALS } from "../../../components/lake-formation-admin/permissions";
import { documentedDefaults } from "../../support/docs-defaults";
import {
    type MockAwsEnvironment,
    type RecordedResource,
    type Recorder,
    settle,
    setupPulumiMocks,
    TEST_ACCOUNT_ID,
    TEST_REGION,
} from "../../support/pulumi-harness";

const T = {
    settings: "aws:lakeformation/dataLakeSettings:DataLakeSettings",
    location: "aws:lakeformation/resource:Resource",
    tag: "aws:lakeformation/lfTag:LfTag",
    resourceTags: "aws:lakeformation/resourceLfTags:ResourceLfTags",
    grant: "aws:lakeformation/permissions:Permissions",
    role: "aws:iam/role:Role",
    rolePolicy: "aws:iam/rolePolicy:RolePolicy",
};
const role = (name: string) => `arn:aws:iam::${TEST_ACCOUNT_ID}:role/${name}`;
const DEPLOYER = role("platform-deployer");
const bucketArn = (zone: string) =>
    `arn:aws:s3:::medallion-lake-test-${zone}-${TEST_ACCOUNT_ID}-${TEST_REGION}`;
const database = (zone: string) => `medallion_lake_test_${zone}`;
const KEY_ARN = `arn:aws:kms:${TEST_REGION}:${TEST_ACCOUNT_ID}:key/lake-key-key-id`;

/** Glue roles as ETL jobs and crawlers expose them (Outputs of aws.iam.Role in a real program). */
const JOB_ROLE = role("medallion-lake-test-job-bronze-to-silver");
const CRAWLER_ROLE = role("medallion-lake-test-crawlers-bronze");
const ANALYSTS = role("analysts");

type Extra = Omit<LakeFormationAdminArgs, "lake" | "accountId" | "region">;

async function build(
    args: Extra = {},
    env: Partial<MockAwsEnvironment> = {},
): Promise<{ recorder: Recorder; lf: LakeFormationAdmin }> {
    const recorder = setupPulumiMocks(env, "test");
    const lake = new DataLake("lake", {
        accountId: TEST_ACCOUNT_ID,
        region: TEST_REGION,
        naming: { project: "medallion-lake", stack: "test" },
    });
    const lf = new LakeFormationAdmin("lf", {
        lake,
        accountId: TEST_ACCOUNT_ID,
        region: TEST_REGION,
        ...args,
    });
    await settle();
    return { recorder, lf };
}

const FULL: Extra = {
    admins: [role("datalakeadmin")],
    dataAccess: [
        {
            grantee: "job-bronze-to-silver",
            principalArn: pulumi.output(JOB_ROLE),
            zone: "silver",
            access: "write",
            prefixes: ["flights/", "_quarantine/flights/"],
        },
        {
            grantee: "job-bronze-to-silver",
            principalArn: pulumi.output(JOB_ROLE),
            zone: "bronze",
            access: "read",
        },
        {
            grantee: "crawler-bronze",
            principalArn: pulumi.output(CRAWLER_ROLE),
            zone: "bronze",
            access: "crawl",
        },
    ],
    consumers: [{ name: "analysts", principalArn: ANALYSTS, zones: ["gold"] }],
};

/** The rejection of an Output that failed at deployment (e.g. a refused grant). */
async function failureOf(output: pulumi.Output<unknown>): Promise<string> {
    try {
        await (output as unknown as { promise(): Promise<unknown> }).promise();
    } catch (error) {
        return String(error);
    }
    throw new Error("expected the output to fail");
}

describe("LakeFormationAdmin", () => {
    it("documents every default in docs/components.md, with the values of LAKE_FORMATION_DEFAULTS", () => {
        expect(documentedDefaults("LAKE_FORMATION_DEFAULTS")).to.deep.equal(LAKE_FORMATION_DEFAULTS);
    });

    describe("with ETL, crawler and consumer grants", () => {
        let recorder: Recorder;
        let lf: LakeFormationAdmin;
        let grants: RecordedResource[];
        const existing = [role("zeta-existing-admin"), role("datalakeadmin")];
        before(async () => {
            ({ recorder, lf } = await build(FULL, { existingLakeFormationAdmins: existing }));
            grants = recorder.ofType(T.grant);
        });

        it("registers under the medallion-lake:index:LakeFormationAdmin type token and parents its children", () => {
            const component = recorder.named("lf");
            expect(component.type).to.equal("medallion-lake:index:LakeFormationAdmin");
            const children = recorder.resources.filter((r) => r.name.startsWith("lf-"));
            expect(children.length).to.be.greaterThan(10);
            for (const child of children) expect(child.parentUrn, child.name).to.equal(component.urn);
        });

        describe("data lake settings", () => {
            it("sets admins = deploying role + configured + existing, sorted and de-duplicated", () => {
                const settings = recorder.named("lf-settings", T.settings);
                expect(settings.inputs.admins).to.deep.equal([
                    role("datalakeadmin"),
                    DEPLOYER,
                    role("zeta-existing-admin"),
                ]);
            });

            it("resolves the assumed-role session to its role ARN, not the session ARN", () => {
                const session = recorder.invokes.find(
                    (i) => i.token === "aws:iam/getSessionContext:getSessionContext",
                );
                expect(session?.inputs.arn).to.equal(
                    `arn:aws:sts::${TEST_ACCOUNT_ID}:assumed-role/platform-deployer/ci-session`,
                );
                expect(recorder.named("lf-settings").inputs.admins).to.include(DEPLOYER);
            });

            it("empties the default database and table permissions in Lake Formation mode", () => {
                const settings = recorder.named("lf-settings", T.settings);
                expect(settings.inputs.createDatabaseDefaultPermissions).to.deep.equal([]);
                expect(settings.inputs.createTableDefaultPermissions).to.deep.equal([]);
            });

            it("keeps the read-only admins already present", () => {
                expect(recorder.named("lf-settings").inputs.readOnlyAdmins).to.deep.equal([]);
            });

            it("is retained on destroy and replaced when the default permissions change", () => {
                expect(recorder.named("lf-settings").options).to.deep.equal({
                    retainOnDelete: true,
                    replaceOnChanges: ["createDatabaseDefaultPermissions", "createTableDefaultPermissions"],
                });
            });
        });

        describe("registered locations", () => {
            for (const zone of ZONES) {
                it(`registers the ${zone} bucket with the registration role, hybrid access off`, () => {
                    const location = recorder.named(`lf-${zone}-location`, T.location);
                    expect(location.inputs).to.deep.equal({
                        arn: bucketArn(zone),
                        roleArn: role("medallion-lake-test-lf-registration"),
                        useServiceLinkedRole: false,
                        hybridAccessEnabled: false,
                    });
                    expect(recorder.dependsOn(location, recorder.named("lf-settings"))).to.equal(true);
                    expect(recorder.dependsOn(location, recorder.named("lf-registration-access"))).to.equal(
                        true,
                    );
                });
            }

            it("gives the registration role a trust in lakeformation.amazonaws.com only", () => {
                const trust = JSON.parse(
                    recorder.named("lf-registration-role", T.role).inputs.assumeRolePolicy,
                );
                expect(trust.Statement).to.deep.equal([
                    {
                        Sid: "LakeFormationAssumesToVendCredentials",
                        Effect: "Allow",
                        Principal: { Service: ["lakeformation.amazonaws.com"] },
                        Action: ["sts:AssumeRole"],
                    },
                ]);
            });

            it("scopes the registration role to the zone buckets and the lake key", () => {
                const policy = JSON.parse(
                    recorder.named("lf-registration-access", T.rolePolicy).inputs.policy,
                );
                const resources = new Set<string>(
                    policy.Statement.flatMap((s: { Resource: string[] }) => s.Resource),
                );
                expect([...resources].sort()).to.deep.equal(
                    [...ZONES.flatMap((z) => [bucketArn(z), `${bucketArn(z)}/*`]), KEY_ARN].sort(),
                );
                const actions = new Set<string>(
                    policy.Statement.flatMap((s: { Action: string[] }) => s.Action),
                );
                expect([...actions].sort()).to.deep.equal([
                    "kms:Decrypt",
                    "kms:DescribeKey",
                    "kms:Encrypt",
                    "kms:GenerateDataKey",
                    "kms:ReEncrypt*",
                    "s3:AbortMultipartUpload",
                    "s3:DeleteObject",
                    "s3:GetBucketLocation",
                    "s3:GetObject",
                    "s3:GetObjectVersion",
                    "s3:ListBucket",
                    "s3:PutObject",
                ]);
            });
        });

        describe("LF-tags", () => {
            it("defines the zone tag with the zone values in lexical order", () => {
                expect(recorder.named("lf-zone-tag", T.tag).inputs).to.deep.equal({
                    key: LAKE_FORMATION_DEFAULTS.zoneTagKey,
                    values: ["bronze", "gold", "silver"],
                });
            });

            it("tags each zone database with its zone, one at a time", () => {
                let previous = recorder.named("lf-zone-tag");
                for (const zone of ZONES) {
                    const tags = recorder.named(`lf-${zone}-db-tags`, T.resourceTags);
                    expect(tags.inputs).to.deep.equal({
                        database: { name: database(zone) },
                        lfTags: [{ key: "zone", value: zone }],
                    });
                    expect(recorder.dependsOn(tags, previous), zone).to.equal(true);
                    previous = tags;
                }
            });
        });

        describe("grants", () => {
            it("grants in a deterministic order: crawler, then job (by label), then consumers", () => {
                expect(grants.map((g) => g.name)).to.deep.equal([
                    "lf-grant-crawler-bronze-bronze-crawl-location",
                    "lf-grant-crawler-bronze-bronze-crawl-database",
                    "lf-grant-crawler-bronze-bronze-crawl-tables",
                    "lf-grant-job-bronze-to-silver-bronze-read-database",
                    "lf-grant-job-bronze-to-silver-bronze-read-tables",
                    "lf-grant-job-bronze-to-silver-silver-write-location-quarantine-flights",
                    "lf-grant-job-bronze-to-silver-silver-write-location-flights",
                    "lf-grant-job-bronze-to-silver-silver-write-database",
                    "lf-grant-job-bronze-to-silver-silver-write-tables",
                    "lf-grant-analysts-tag-databases",
                    "lf-grant-analysts-tag-tables",
                ]);
            });

            it("gives the crawler data location access, CREATE_TABLE on the database and ALTER/INSERT on tables", () => {
                const [location, db, tables] = grants;
                expect(location.inputs).to.deep.equal({
                    principal: CRAWLER_ROLE,
                    permissions: ["DATA_LOCATION_ACCESS"],
                    dataLocation: { arn: bucketArn("bronze") },
                });
                expect(db.inputs).to.deep.equal({
                    principal: CRAWLER_ROLE,
                    permissions: ["CREATE_TABLE", "DESCRIBE"],
                    database: { name: database("bronze") },
                });
                expect(tables.inputs).to.deep.equal({
                    principal: CRAWLER_ROLE,
                    permissions: ["ALTER", "DESCRIBE", "INSERT"],
                    table: { databaseName: database("bronze"), wildcard: true },
                });
            });

            it("gives the job read on bronze (no location) and write on its silver prefixes", () => {
                const named = (suffix: string) =>
                    recorder.named(`lf-grant-job-bronze-to-silver-${suffix}`, T.grant);
                expect(named("bronze-read-database").inputs.permissions).to.deep.equal(["DESCRIBE"]);
                expect(named("bronze-read-tables").inputs.permissions).to.deep.equal(["DESCRIBE", "SELECT"]);
                expect(named("silver-write-location-flights").inputs.dataLocation).to.deep.equal({
                    arn: `${bucketArn("silver")}/flights`,
                });
                expect(named("silver-write-location-quarantine-flights").inputs.dataLocation).to.deep.equal({
                    arn: `${bucketArn("silver")}/_quarantine/flights`,
                });
                expect(named("silver-write-database").inputs.permissions).to.deep.equal([
                    "CREATE_TABLE",
                    "DESCRIBE",
                ]);
                expect(named("silver-write-tables").inputs).to.deep.equal({
                    principal: JOB_ROLE,
                    permissions: ["ALTER", "DELETE", "DESCRIBE", "INSERT", "SELECT"],
                    table: { databaseName: database("silver"), wildcard: true },
                });
            });

            it("grants consumers DESCRIBE on zone=gold databases and DESCRIBE, SELECT on zone=gold tables", () => {
                expect(recorder.named("lf-grant-analysts-tag-databases").inputs).to.deep.equal({
                    principal: ANALYSTS,
                    permissions: ["DESCRIBE"],
                    lfTagPolicy: {
                        resourceType: "DATABASE",
                        expressions: [{ key: "zone", values: ["gold"] }],
                    },
                });
                expect(recorder.named("lf-grant-analysts-tag-tables").inputs).to.deep.equal({
                    principal: ANALYSTS,
                    permissions: ["DESCRIBE", "SELECT"],
                    lfTagPolicy: { resourceType: "TABLE", expressions: [{ key: "zone", values: ["gold"] }] },
                });
            });

            it("keeps every permission list in lexical order", () => {
                for (const grant of grants) {
                    expect(grant.inputs.permissions, grant.name).to.deep.equal(
                        [...grant.inputs.permissions].sort(),
                    );
                }
            });

            it("serializes the grants: each depends on the one before it and on the settings", () => {
                const settings = recorder.named("lf-settings");
                grants.forEach((grant, i) => {
                    expect(recorder.dependsOn(grant, settings), grant.name).to.equal(true);
                    if (i > 0) expect(recorder.dependsOn(grant, grants[i - 1]), grant.name).to.equal(true);
                });
            });

            it("starts the grants after every registration and every database tag", () => {
                const first = grants[0];
                for (const zone of ZONES) {
                    expect(recorder.dependsOn(first, recorder.named(`lf-${zone}-location`)), zone).to.equal(
                        true,
                    );
                }
                expect(recorder.dependsOn(first, recorder.named("lf-gold-db-tags"))).to.equal(true);
            });

            it("chains each grant: location, then database, then tables", () => {
                const named = (suffix: string) => recorder.named(`lf-grant-${suffix}`, T.grant);
                const chain = [
                    ["crawler-bronze-bronze-crawl-database", "crawler-bronze-bronze-crawl-location"],
                    ["crawler-bronze-bronze-crawl-tables", "crawler-bronze-bronze-crawl-database"],
                    [
                        "job-bronze-to-silver-silver-write-database",
                        "job-bronze-to-silver-silver-write-location-flights",
                    ],
                    [
                        "job-bronze-to-silver-silver-write-tables",
                        "job-bronze-to-silver-silver-write-database",
                    ],
                    ["analysts-tag-tables", "analysts-tag-databases"],
                ];
                for (const [grant, before] of chain) {
                    expect(
                        recorder.dependsOn(named(grant), named(before)),
                        `${grant} after ${before}`,
                    ).to.equal(true);
                }
                const location = named("job-bronze-to-silver-silver-write-location-flights");
                expect(recorder.dependsOn(location, recorder.named("lf-silver-location"))).to.equal(true);
                expect(
                    recorder.dependsOn(named("analysts-tag-tables"), recorder.named("lf-gold-db-tags")),
                ).to.equal(true);
            });

            it("grants nothing to an admin or to IAM_ALLOWED_PRINCIPALS", () => {
                const admins = recorder.named("lf-settings").inputs.admins as string[];
                for (const grant of grants) {
                    expect(admins, grant.name).to.not.include(grant.inputs.principal);
                    expect(grant.inputs.principal, grant.name).to.not.equal(IAM_ALLOWED_PRINCIPALS);
                }
            });

            it("hands out each grantee's grants for dependsOn, and names the known ones otherwise", () => {
                expect(lf.grantsFor("crawler-bronze")).to.have.length(3);
                expect(lf.grantsFor("job-bronze-to-silver")).to.have.length(6);
                expect(lf.grantsFor("analysts")).to.have.length(2);
                expect(() => lf.grantsFor("job-unknown")).to.throw(
                    'no grants for "job-unknown"; known grantees: crawler-bronze, job-bronze-to-silver, analysts',
                );
            });
        });

        describe("workflow role", () => {
            it("is trusted by the Glue service only", () => {
                const trust = JSON.parse(recorder.named("lf-workflow-role", T.role).inputs.assumeRolePolicy);
                expect(trust.Statement).to.deep.equal([
                    {
                        Effect: "Allow",
                        Principal: { Service: ["glue.amazonaws.com"] },
                        Action: ["sts:AssumeRole"],
                    },
                ]);
            });

            it("may call lakeformation:GetDataAccess and pass only itself, only to Glue", () => {
                const policy = JSON.parse(recorder.named("lf-workflow-access", T.rolePolicy).inputs.policy);
                expect(policy.Statement).to.deep.equal([
                    {
                        Sid: "LakeFormationCredentialVending",
                        Effect: "Allow",
                        Action: ["lakeformation:GetDataAccess"],
                        Resource: ["*"],
                    },
                    {
                        Sid: "PassOnlyItselfToGlue",
                        Effect: "Allow",
                        Action: ["iam:PassRole"],
                        Resource: [role("medallion-lake-test-lf-workflow")],
                        Condition: { StringEquals: { "iam:PassedToService": "glue.amazonaws.com" } },
                    },
                ]);
            });
        });
    });

    describe("in hybrid mode", () => {
        let recorder: Recorder;
        before(async () => {
            ({ recorder } = await build({
                mode: "hybrid",
                consumers: [{ name: "legacy", principalArn: IAM_ALLOWED_PRINCIPALS, zones: ["bronze"] }],
            }));
        });

        it("keeps IAM_ALLOWED_PRINCIPALS ALL as default database and table permissions", () => {
            const settings = recorder.named("lf-settings", T.settings);
            const kept = [{ principal: IAM_ALLOWED_PRINCIPALS, permissions: ["ALL"] }];
            expect(settings.inputs.createDatabaseDefaultPermissions).to.deep.equal(kept);
            expect(settings.inputs.createTableDefaultPermissions).to.deep.equal(kept);
        });

        it("turns hybrid access on for every registered location", () => {
            for (const zone of ZONES) {
                expect(recorder.named(`lf-${zone}-location`).inputs.hybridAccessEnabled, zone).to.equal(true);
            }
        });

        it("accepts a grant to IAM_ALLOWED_PRINCIPALS", () => {
            expect(recorder.named("lf-grant-legacy-tag-tables").inputs.principal).to.equal(
                IAM_ALLOWED_PRINCIPALS,
            );
        });
    });

    describe("options", () => {
        it("turns hybrid access off in hybrid mode when asked", async () => {
            const { recorder } = await build({ mode: "hybrid", hybridAccess: false });
            expect(recorder.named("lf-gold-location").inputs.hybridAccessEnabled).to.equal(false);
        });

        it("creates no workflow role when workflowRole is false", async () => {
            const { recorder, lf } = await build({ workflowRole: false });
            expect(lf.workflowRole).to.equal(undefined);
            expect(recorder.ofType(T.role).map((r) => r.name)).to.deep.equal(["lf-registration-role"]);
        });

        it("removes former admins from the existing ones", async () => {
            const { recorder } = await build(
                { formerAdmins: [role("left-the-team")] },
                { existingLakeFormationAdmins: [role("left-the-team"), role("stays")] },
            );
            expect(recorder.named("lf-settings").inputs.admins).to.deep.equal([DEPLOYER, role("stays")]);
        });

        it("grants a named table list one grant per table", async () => {
            const { recorder } = await build({
                dataAccess: [
                    {
                        grantee: "job-gold",
                        principalArn: JOB_ROLE,
                        zone: "gold",
                        access: "read",
                        tables: ["sales_daily"],
                    },
                ],
            });
            expect(
                recorder.named("lf-grant-job-gold-gold-read-table-sales-daily").inputs.table,
            ).to.deep.equal({
                databaseName: database("gold"),
                name: "sales_daily",
            });
        });
    });

    describe("Iceberg tables the jobs create (silver, gold)", () => {
        const SILVER_JOB = role("medallion-lake-test-flights-bronze-to-silver");
        const GOLD_JOB = role("medallion-lake-test-flights-silver-to-gold");
        let recorder: Recorder;
        before(async () => {
            const databases = {
                bronze: database("bronze"),
                silver: database("silver"),
                gold: database("gold"),
            };
            ({ recorder } = await build({
                dataAccess: [
                    ...glueDataAccess("job-flights-bronze-to-silver", SILVER_JOB, {
                        reads: [{ zone: "bronze", prefix: "flights/" }],
                        writes: [{ zone: "silver", prefix: "flights/" }],
                        catalog: zoneCatalogUse(databases, {
                            write: [{ database: database("silver"), tables: ["flights"] }],
                        }),
                    }),
                    ...glueDataAccess("job-flights-silver-to-gold", GOLD_JOB, {
                        reads: [{ zone: "silver", prefix: "flights/" }],
                        writes: [{ zone: "gold", prefix: "delays_by_month/" }],
                        catalog: zoneCatalogUse(databases, {
                            read: [{ database: database("silver"), tables: ["flights"] }],
                            write: [{ database: database("gold"), tables: ["delays_by_month"] }],
                        }),
                    }),
                ],
                consumers: [{ name: "analysts", principalArn: ANALYSTS, zones: ["silver", "gold"] }],
            }));
        });

        it("grants the writing job CREATE_TABLE and the table wildcard on silver, not the table that does not exist yet", () => {
            const grant = (suffix: string) =>
                recorder.named(`lf-grant-job-flights-bronze-to-silver-${suffix}`, T.grant).inputs;
            expect(grant("silver-write-database")).to.deep.equal({
                principal: SILVER_JOB,
                permissions: ["CREATE_TABLE", "DESCRIBE"],
                database: { name: database("silver") },
            });
            expect(grant("silver-write-tables")).to.deep.equal({
                principal: SILVER_JOB,
                permissions: ["ALTER", "DELETE", "DESCRIBE", "INSERT", "SELECT"],
                table: { databaseName: database("silver"), wildcard: true },
            });
            expect(grant("silver-write-location-flights")).to.deep.equal({
                principal: SILVER_JOB,
                permissions: ["DATA_LOCATION_ACCESS"],
                dataLocation: { arn: `${bucketArn("silver")}/flights` },
            });
        });

        it("grants the gold job SELECT on the silver table wildcard and write on the gold table wildcard", () => {
            const grant = (suffix: string) =>
                recorder.named(`lf-grant-job-flights-silver-to-gold-${suffix}`, T.grant).inputs;
            expect(grant("silver-read-tables")).to.deep.equal({
                principal: GOLD_JOB,
                permissions: ["DESCRIBE", "SELECT"],
                table: { databaseName: database("silver"), wildcard: true },
            });
            expect(grant("gold-write-tables").table).to.deep.equal({
                databaseName: database("gold"),
                wildcard: true,
            });
            const named = recorder.ofType(T.grant).filter((g) => g.inputs.table?.name !== undefined);
            expect(named.map((g) => g.name)).to.deep.equal([]);
        });

        it("lets consumers DESCRIBE and SELECT every silver and gold table through the zone LF-tag the tables inherit from their database", () => {
            expect(recorder.named("lf-grant-analysts-tag-tables").inputs).to.deep.equal({
                principal: ANALYSTS,
                permissions: ["DESCRIBE", "SELECT"],
                lfTagPolicy: {
                    resourceType: "TABLE",
                    expressions: [{ key: "zone", values: ["gold", "silver"] }],
                },
            });
            for (const zone of ["silver", "gold"]) {
                expect(recorder.named(`lf-${zone}-db-tags`, T.resourceTags).inputs.lfTags).to.deep.equal([
                    { key: "zone", value: zone },
                ]);
            }
        });
    });

    describe("one grant per principal and resource", () => {
        let recorder: Recorder;
        const replaceOptions = new Map<string, boolean | undefined>();
        before(async () => {
            recorder = setupPulumiMocks({}, "test");
            const lake = new DataLake("lake", {
                accountId: TEST_ACCOUNT_ID,
                region: TEST_REGION,
                naming: { project: "medallion-lake", stack: "test" },
            });
            new LakeFormationAdmin(
                "lf",
                {
                    lake,
                    accountId: TEST_ACCOUNT_ID,
                    region: TEST_REGION,
                    dataAccess: [
                        {
                            grantee: "crawler-bronze",
                            principalArn: CRAWLER_ROLE,
                            zone: "bronze",
                            access: "read",
                        },
                        {
                            grantee: "crawler-bronze",
                            principalArn: CRAWLER_ROLE,
                            zone: "bronze",
                            access: "crawl",
                            prefixes: ["flights/"],
                        },
                    ],
                    databaseDescribes: [{ grantee: "job-a", principalArn: JOB_ROLE, database: "default" }],
                },
                {
                    transformations: [
                        (args) => {
                            if (args.type === T.grant)
                                replaceOptions.set(
                                    args.name,
                                    (args.opts as pulumi.CustomResourceOptions).deleteBeforeReplace,
                                );
                            return undefined;
                        },
                    ],
                },
            );
            await settle();
        });

        it("merges a crawler's read and crawl access into one grant per resource, keyed by crawl", () => {
            expect(recorder.ofType(T.grant).map((g) => [g.name, g.inputs.permissions])).to.deep.equal([
                ["lf-grant-crawler-bronze-bronze-crawl-location-flights", ["DATA_LOCATION_ACCESS"]],
                ["lf-grant-crawler-bronze-bronze-crawl-database", ["CREATE_TABLE", "DESCRIBE"]],
                ["lf-grant-crawler-bronze-bronze-crawl-tables", ["ALTER", "DESCRIBE", "INSERT", "SELECT"]],
                ["lf-grant-job-a-database-default", ["DESCRIBE"]],
            ]);
        });

        it("grants DESCRIBE on a database outside the zones by name", () => {
            expect(recorder.named("lf-grant-job-a-database-default", T.grant).inputs).to.deep.equal({
                principal: JOB_ROLE,
                permissions: ["DESCRIBE"],
                database: { name: "default" },
            });
        });

        it("replaces a grant by deleting it first, so the revoke cannot take back the new grant", () => {
            expect([...replaceOptions.values()]).to.have.length(4);
            for (const [name, deleteBeforeReplace] of replaceOptions)
                expect(deleteBeforeReplace, name).to.equal(true);
        });
    });

    describe("refusals", () => {
        it("refuses, before registering anything, a grant to a configured admin", async () => {
            setupPulumiMocks();
            const lake = new DataLake("lake", { accountId: TEST_ACCOUNT_ID, region: TEST_REGION });
            expect(
                () =>
                    new LakeFormationAdmin("lf", {
                        lake,
                        accountId: TEST_ACCOUNT_ID,
                        region: TEST_REGION,
                        admins: [role("datalakeadmin")],
                        consumers: [{ name: "boss", principalArn: role("datalakeadmin"), zones: ["gold"] }],
                    }),
            ).to.throw(
                /^LakeFormationAdmin lf: consumers\[0\]\.principalArn: .*datalakeadmin is a Lake Formation admin/,
            );
            await settle();
        });

        it("refuses IAM_ALLOWED_PRINCIPALS in Lake Formation mode, naming the field", async () => {
            setupPulumiMocks();
            const lake = new DataLake("lake", { accountId: TEST_ACCOUNT_ID, region: TEST_REGION });
            expect(
                () =>
                    new LakeFormationAdmin("lf", {
                        lake,
                        accountId: TEST_ACCOUNT_ID,
                        region: TEST_REGION,
                        dataAccess: [
                            {
                                grantee: "everyone",
                                principalArn: IAM_ALLOWED_PRINCIPALS,
                                zone: "gold",
                                access: "read",
                            },
                        ],
                    }),
            ).to.throw(
                "dataAccess[0].principalArn: IAM_ALLOWED_PRINCIPALS cannot be granted permissions in Lake Formation mode",
            );
            await settle();
        });

        it("refuses an unknown mode", async () => {
            setupPulumiMocks();
            const lake = new DataLake("lake", { accountId: TEST_ACCOUNT_ID, region: TEST_REGION });
            expect(
                () =>
                    new LakeFormationAdmin("lf", {
                        lake,
                        accountId: TEST_ACCOUNT_ID,
                        region: TEST_REGION,
                        mode: "iam" as never,
                    }),
            ).to.throw('LakeFormationAdmin lf: mode: got "iam"; use lakeformation or hybrid');
            await settle();
        });

        it("fails the deployment when a role known only at deployment is an admin (the deploying role)", async () => {
            const { lf } = await build({
                dataAccess: [
                    { grantee: "job-x", principalArn: pulumi.output(DEPLOYER), zone: "gold", access: "read" },
                ],
            });
            expect(await failureOf(lf.grants[0].urn)).to.include(
                `dataAccess[0].principalArn: ${DEPLOYER} is a Lake Formation admin`,
            );
        });

        it("fails the deployment when the deploying principal is the account root user", async () => {
            const { lf } = await build({}, { callerArn: `arn:aws:iam::${TEST_ACCOUNT_ID}:root` });
            expect(await failureOf(lf.admins)).to.include("does not accept root as a data lake admin");
        });
    });
});
