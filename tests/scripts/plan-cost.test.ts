import { readFileSync } from "node:fs";
import * as path from "node:path";
import { expect } from "chai";
import { idleMonthlyCost } from "../../policies/rules/cost/idle";
import { pricesFor } from "../../policies/rules/cost/prices";
import type { CostedResource } from "../../policies/rules/cost/resources";
import { jobWorstCases } from "../../policies/rules/cost/worst-case";
import { renderCostEstimate } from "../../scripts/plan";
import { REPO_ROOT, type Recorder, readStackConfig, runProgram } from "../support/pulumi-harness";

const DEV = readStackConfig("dev");
const REGION = DEV["aws:region"];
const PRICES = pricesFor(REGION);

/** What the plan prices: every registered resource with its inputs. */
const costed = (recorder: Recorder): CostedResource[] =>
    recorder.resources.map((r) => ({ type: r.type, name: r.name, props: r.inputs }));

/** Item -> monthly USD, for items of the given kinds. */
function amounts(resources: CostedResource[], kinds: string[]): Record<string, number> {
    const idle = idleMonthlyCost(resources, REGION);
    return Object.fromEntries(
        idle.items
            .filter((i) => kinds.includes(i.item))
            .map((i) => [`${i.item}: ${i.resource}`, i.monthlyUsd]),
    );
}

describe("cost estimate of the program's stacks (npm run plan)", () => {
    it("prices the dev stack's region", () => {
        expect(REGION).to.equal("eu-west-1");
        expect(PRICES).to.not.equal(undefined);
    });

    describe("the dev stack", () => {
        let resources: CostedResource[];
        before(async () => {
            resources = costed((await runProgram(DEV, "dev")).recorder);
        });

        it("idles at $2 a month or less: one KMS key, four trigger alarms and one Reconciled alarm per deployed dataset (not transactions: its PostgreSQL source is off), one quarantine-guard alarm, one objects-quarantined alarm, one QualityFailed alarm (flights), $2.00", () => {
            const idle = idleMonthlyCost(resources, REGION);
            expect(idle.items.map((i) => [i.item, i.resource, i.monthlyUsd])).to.deep.equal([
                ["KMS key", "lake-key", 1],
                ["CloudWatch alarm", "bronze-trigger-quarantine-guard", 0.1],
                ["CloudWatch alarm", "bronze-trigger-objects-quarantined", 0.1],
                ["CloudWatch alarm", "bronze-trigger-flights-not-reconciled", 0.1],
                ["CloudWatch alarm", "bronze-trigger-sales-not-reconciled", 0.1],
                ["CloudWatch alarm", "bronze-trigger-tweets-not-reconciled", 0.1],
                ["CloudWatch alarm", "flights-quality-failed", 0.1],
                ["CloudWatch alarm", "bronze-trigger-dlq-not-empty", 0.1],
                ["CloudWatch alarm", "bronze-trigger-queue-age", 0.1],
                ["CloudWatch alarm", "bronze-trigger-function-errors", 0.1],
                ["CloudWatch alarm", "bronze-trigger-pending-run-age", 0.1],
            ]);
            expect(idle.totalUsd).to.equal(2);
            expect(idle.totalUsd).to.be.at.most(2);
            expect(idle.unpriced).to.deep.equal([]);
        });

        it("is the figure docs/cost.md and the README's Offline plan section give", () => {
            const total = `$${idleMonthlyCost(resources, REGION).totalUsd.toFixed(2)}`;
            const read = (...parts: string[]) => readFileSync(path.join(REPO_ROOT, ...parts), "utf8");
            expect(read("docs", "cost.md")).to.include(`The dev stack idles at **${total} a month**`);
            expect(read("README.md")).to.include(`dev stack idles at ${total})`);
        });

        it("gives each Glue job its worst case per run, on demand (no schedule)", () => {
            const cases = jobWorstCases(resources, REGION);
            expect(cases).to.have.length(6);
            for (const job of cases) {
                expect(job).to.deep.include({ dpus: 2, timeoutHours: 1, dpuHourUsd: 0.44, perRunUsd: 0.88 });
                expect(job.perMonthUsd).to.equal(undefined);
            }
        });

        it("prints the idle total, its items, the jobs' worst case and Athena's cut-off", () => {
            const text = renderCostEstimate(resources, REGION);
            expect(text[0]).to.equal(
                "Idle monthly cost in eu-west-1: $2.00 (price table of 2026-12-03, policies/rules/cost/prices.ts; see docs/cost.md)",
            );
            expect(text).to.include("      $1.00  KMS key lake-key: 1 key x $1.00/key-month");
            expect(text).to.include(
                "  flights-bronze-to-silver-job: 2 DPU x 1 h x $0.44/DPU-hour = $0.88/run; started on demand, no monthly figure",
            );
            expect(text).to.include(
                "  lake-workgroup: $0.004883/query (1073741824 bytes / 2^40 x $5.00/TB = $0.0049/query)",
            );
        });

        it("says a region has no prices rather than guessing", () => {
            expect(renderCostEstimate(resources, "ap-south-2")).to.deep.equal([
                "Cost estimate: no prices for ap-south-2 in the price table of 2026-12-03, policies/rules/cost/prices.ts (it has us-east-1, eu-west-1); nothing estimated.",
            ]);
        });
    });

    describe("with sources.postgres enabled", () => {
        let resources: CostedResource[];
        before(async () => {
            const config = {
                ...DEV,
                "medallion-lake:sources": JSON.stringify({ postgres: { enabled: true } }),
            };
            resources = costed((await runProgram(config, "dev")).recorder);
        });

        it("shows the database's instance, storage and managed secret", () => {
            const p = PRICES as NonNullable<typeof PRICES>;
            expect(
                amounts(resources, [
                    "RDS instance",
                    "RDS storage",
                    "Secrets Manager secret (RDS-managed master password)",
                ]),
            ).to.deep.equal({
                "RDS instance: transactional-db": 13.14,
                "RDS storage: transactional-db": 2.54,
                "Secrets Manager secret (RDS-managed master password): transactional-db": 0.4,
            });
            expect(13.14).to.be.closeTo(730 * p.rdsPostgresInstanceHour["db.t4g.micro"], 1e-9);
            expect(2.54).to.be.closeTo(20 * p.rdsStorageGbMonth.gp3, 1e-9);
        });

        it("shows five interface endpoints in two AZs each, and no NAT gateway", () => {
            const endpoints = amounts(resources, ["VPC interface endpoint"]);
            expect(endpoints).to.deep.equal(
                Object.fromEntries(
                    ["glue", "monitoring", "kms", "logs", "secretsmanager"].map((service) => [
                        `VPC interface endpoint: transactional-${service}-endpoint`,
                        16.06,
                    ]),
                ),
            );
            expect(16.06).to.be.closeTo(2 * 730 * (PRICES?.interfaceEndpointAzHour ?? 0), 1e-9);
            const idle = idleMonthlyCost(resources, REGION);
            expect(idle.notes).to.include.members([
                "transactional-s3-endpoint: Gateway endpoint, no hourly charge",
                "transactional-vpc: no NAT gateway",
            ]);
        });

        it("prices the hourly ingestion job: at its minimum while idle, to its timeout at worst", () => {
            expect(amounts(resources, ["Scheduled Glue job run at its minimum billed length"])).to.deep.equal(
                {
                    "Scheduled Glue job run at its minimum billed length: transactional-ingestion-job": 10.706667,
                },
            );
            const ingestion = jobWorstCases(resources, REGION).find(
                (j) => j.resource === "transactional-ingestion-job",
            );
            expect(ingestion).to.deep.include({ runsPerMonth: 730, perRunUsd: 0.88, perMonthUsd: 642.4 });
        });

        it("adds up to the KMS key, $0.10 per alarm (the transactions dataset's among them) and what the source bills while idle", () => {
            const idle = idleMonthlyCost(resources, REGION);
            const source = 13.14 + 2.54 + 0.4 + 5 * 16.06 + 10.706667;
            const extraAlarms = idle.items.filter((i) => i.item === "CloudWatch alarm").length - 10;
            expect(idle.totalUsd).to.be.closeTo(2 + source + extraAlarms * 0.1, 1e-6);
        });
    });
});
