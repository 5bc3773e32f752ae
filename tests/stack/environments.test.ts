/**
 * The three stacks, each planned from its own `Pulumi.<stack>.yaml` under the mocks (with its own pinned
 * account as the caller's): what each keeps on `pulumi destroy`, who is alarmed, how long versions and logs
 * live, and that the policy pack passes every one of them.
 */
import { readFileSync } from "node:fs";
import * as path from "node:path";
import { expect } from "chai";
import { parse as parseYaml } from "yaml";
import { evaluatePolicies } from "../../policies/evaluate";
import {
    flattenConfig,
    REPO_ROOT,
    type Recorder,
    readStackConfig,
    runProgram,
} from "../support/pulumi-harness";

const STACKS = ["dev", "staging", "prod"] as const;
type Stack = (typeof STACKS)[number];

const ZONE_BUCKETS = ["lake-bronze", "lake-silver", "lake-gold"];
const BUCKET = "aws:s3/bucket:Bucket";

/** The one account a stack file pins (`aws:allowedAccountIds`). */
function pinnedAccount(raw: Record<string, string>): string {
    const [account] = JSON.parse(raw["aws:allowedAccountIds"]) as string[];
    return account;
}

/** Plans `stack` from its file, plus `extra` raw config, with the pinned account as the deploying one. */
async function plan(stack: Stack, extra: Record<string, string> = {}): Promise<Recorder> {
    const raw = { ...readStackConfig(stack), ...extra };
    const account = pinnedAccount(raw);
    const { recorder } = await runProgram(raw, stack, {
        accountId: account,
        callerArn: `arn:aws:sts::${account}:assumed-role/platform-deployer/ci-session`,
    });
    return recorder;
}

/**
 * The commented `medallion-lake:sources` block of a stack file, uncommented: the settings the file offers
 * for a source that is off today, as raw config.
 */
function commentedSources(stack: Stack): Record<string, string> {
    const lines = readFileSync(path.join(REPO_ROOT, `Pulumi.${stack}.yaml`), "utf8").split("\n");
    const start = lines.indexOf("  # medallion-lake:sources:");
    expect(start, `Pulumi.${stack}.yaml has a commented sources block`).to.be.greaterThan(0);
    const block: string[] = [];
    for (const line of lines.slice(start)) {
        const match = /^ {2}# ?(.*)$/.exec(line);
        if (match === null) break;
        block.push(`  ${match[1]}`);
    }
    const doc = parseYaml(`config:\n${block.join("\n")}`) as { config: Record<string, unknown> };
    return flattenConfig(doc.config);
}

describe("stacks per environment (index.ts with Pulumi.<stack>.yaml)", () => {
    const plans = {} as Record<Stack, Recorder>;

    before(async function () {
        this.timeout(600_000);
        for (const stack of STACKS) plans[stack] = await plan(stack);
    });

    it("pins a different account per stack and names every bucket after its stack and account", () => {
        const accounts = STACKS.map((stack) => pinnedAccount(readStackConfig(stack)));
        expect(new Set(accounts).size).to.equal(3);
        STACKS.forEach((stack, i) => {
            expect(plans[stack].named("lake-bronze", BUCKET).inputs.bucket).to.equal(
                `medallion-lake-${stack}-bronze-${accounts[i]}-eu-west-1`,
            );
            expect(plans[stack].named("lake-bronze", BUCKET).inputs.tags.environment).to.equal(stack);
        });
    });

    it("keeps the zone buckets, the key and the Glue databases on destroy in staging and prod, not in dev", () => {
        const kept = (stack: Stack) => {
            const r = plans[stack];
            return {
                zoneBuckets: ZONE_BUCKETS.map((name) => {
                    const bucket = r.named(name, BUCKET);
                    return [bucket.options.retainOnDelete, bucket.inputs.forceDestroy];
                }),
                key: r.named("lake-key", "aws:kms/key:Key").options.retainOnDelete,
                databases: r
                    .ofType("aws:glue/catalogDatabase:CatalogDatabase")
                    .map((d) => d.options.retainOnDelete),
            };
        };
        const retained = {
            zoneBuckets: ZONE_BUCKETS.map(() => [true, false]),
            key: true,
            databases: [true, true, true],
        };
        expect(kept("prod")).to.deep.equal(retained);
        expect(kept("staging")).to.deep.equal(retained);
        expect(kept("dev")).to.deep.equal({
            zoneBuckets: ZONE_BUCKETS.map(() => [false, true]),
            key: false,
            databases: [false, false, false],
        });
    });

    it("versions every bucket in every stack and keeps old versions 90 days in prod, 7 in staging", () => {
        for (const stack of STACKS) {
            const statuses = plans[stack]
                .ofType("aws:s3/bucketVersioning:BucketVersioning")
                .map((v) => v.inputs.versioningConfiguration.status);
            expect(statuses, stack).to.deep.equal(Array(6).fill("Enabled"));
        }
        const noncurrentDays = (stack: Stack) =>
            ZONE_BUCKETS.map((name) => {
                const rules = plans[stack].named(`${name}-lifecycle`).inputs.rules as Array<{
                    noncurrentVersionExpiration?: { noncurrentDays: number };
                }>;
                return rules.find((rule) => rule.noncurrentVersionExpiration)?.noncurrentVersionExpiration
                    ?.noncurrentDays;
            });
        expect(noncurrentDays("prod")).to.deep.equal([90, 90, 90]);
        expect(noncurrentDays("staging")).to.deep.equal([7, 7, 7]);
        expect(noncurrentDays("dev")).to.deep.equal([30, 30, 30]);
    });

    it("expires staging's bronze and silver objects after a year and never prod's", () => {
        const expiry = (stack: Stack) =>
            ZONE_BUCKETS.map((name) => {
                const rules = plans[stack].named(`${name}-lifecycle`).inputs.rules as Array<{
                    expiration?: { days: number };
                }>;
                return rules.find((rule) => rule.expiration)?.expiration?.days ?? null;
            });
        expect(expiry("staging")).to.deep.equal([365, 365, null]);
        expect(expiry("prod")).to.deep.equal([null, null, null]);
    });

    it("waits the full 30 days before a deleted prod key is destroyed", () => {
        expect(plans.prod.named("lake-key", "aws:kms/key:Key").inputs.deletionWindowInDays).to.equal(30);
    });

    it("runs staging and prod under Lake Formation with their own admins and the analysts grant", () => {
        for (const stack of ["staging", "prod"] as const) {
            const account = pinnedAccount(readStackConfig(stack));
            const settings = plans[stack].named(
                "lake-formation-settings",
                "aws:lakeformation/dataLakeSettings:DataLakeSettings",
            );
            expect(settings.inputs.admins, stack).to.deep.equal([
                `arn:aws:iam::${account}:role/datalakeadmin`,
                `arn:aws:iam::${account}:role/platform-deployer`,
            ]);
            expect(settings.inputs.createTableDefaultPermissions, stack).to.deep.equal([]);
            const grant = plans[stack].named("lake-formation-grant-analysts-tag-tables");
            expect(grant.inputs.principal, stack).to.equal(`arn:aws:iam::${account}:role/analysts`);
            expect(grant.inputs.permissions, stack).to.deep.equal(["DESCRIBE", "SELECT"]);
        }
    });

    it("emails the alarms to the on-call list in prod and the platform team in staging; dev sends none", () => {
        const subscriptions = (stack: Stack) =>
            plans[stack]
                .ofType("aws:sns/topicSubscription:TopicSubscription")
                .map((s) => [s.inputs.protocol, s.inputs.endpoint]);
        expect(subscriptions("prod")).to.deep.equal([
            ["email", "data-oncall@example.com"],
            ["email", "data-platform@example.com"],
        ]);
        expect(subscriptions("staging")).to.deep.equal([["email", "data-platform-staging@example.com"]]);
        expect(subscriptions("dev")).to.deep.equal([]);
    });

    it("sizes prod's Glue jobs for production and keeps its logs 90 days", () => {
        const jobs = plans.prod.ofType("aws:glue/job:Job");
        // bronze_to_silver and silver_to_gold of each dataset prod deploys (flights, sales, tweets: transactions
        // only with the PostgreSQL source on).
        expect(jobs.map((j) => j.name).sort()).to.deep.equal(
            ["flights", "sales", "tweets"].flatMap((d) => [
                `${d}-bronze-to-silver-job`,
                `${d}-silver-to-gold-job`,
            ]),
        );
        for (const job of jobs) {
            expect(
                [job.inputs.numberOfWorkers, job.inputs.timeout, job.inputs.maxRetries],
                job.name,
            ).to.deep.equal([4, 120, 1]);
        }
        const retention = plans.prod
            .ofType("aws:cloudwatch/logGroup:LogGroup")
            .map((g) => g.inputs.retentionInDays);
        expect(retention.length).to.be.greaterThan(10);
        expect(new Set(retention)).to.deep.equal(new Set([90]));
        expect(plans.staging.named("flights-bronze-to-silver-job").inputs.maxRetries).to.equal(1);
    });

    for (const stack of STACKS) {
        it(`passes the policy pack with no mandatory violation (${stack})`, async () => {
            const violations = await evaluatePolicies(plans[stack].resources);
            const mandatory = violations.filter((v) => v.enforcementLevel === "mandatory");
            expect(mandatory.map((v) => `${v.policyName}: ${v.message}`)).to.deep.equal([]);
        });
    }

    describe("prod's commented PostgreSQL source, switched on", () => {
        let prod: Recorder;
        let dev: Recorder;
        const database = (r: Recorder) => {
            const [instance] = r.ofType("aws:rds/instance:Instance");
            return instance.inputs;
        };

        before(async function () {
            this.timeout(600_000);
            prod = await plan("prod", commentedSources("prod"));
            dev = await plan("dev", commentedSources("prod"));
        });

        it("protects the prod database from deletion and takes a final snapshot; dev's may go", () => {
            expect(database(prod)).to.include({
                deletionProtection: true,
                skipFinalSnapshot: false,
                deleteAutomatedBackups: false,
            });
            expect(database(prod).finalSnapshotIdentifier).to.be.a("string");
            expect(database(dev)).to.include({ deletionProtection: false, skipFinalSnapshot: true });
        });

        it("gives the prod database a standby and two weeks of backups", () => {
            expect(database(prod)).to.include({
                multiAz: true,
                backupRetentionPeriod: 14,
                instanceClass: "db.t4g.small",
            });
        });

        it("passes the policy pack, RDS rules included", async () => {
            const violations = await evaluatePolicies(prod.resources);
            expect(
                violations
                    .filter((v) => v.enforcementLevel === "mandatory")
                    .map((v) => `${v.policyName}: ${v.message}`),
            ).to.deep.equal([]);
            const devViolations = await evaluatePolicies(dev.resources);
            expect(devViolations.map((v) => v.policyName)).not.to.include("rds-deletion-protection");
        });
    });
});
