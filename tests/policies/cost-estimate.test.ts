import { readFileSync } from "node:fs";
import * as path from "node:path";
import { expect } from "chai";
import { idleMonthlyCost } from "../../policies/rules/cost/idle";
import { BILLING_RULES, PRICE_TABLE, pricesFor } from "../../policies/rules/cost/prices";
import type { CostedResource } from "../../policies/rules/cost/resources";
import { cronParserExpression, runsPerMonth } from "../../policies/rules/cost/schedule";
import { athenaWorstCases, jobWorstCases } from "../../policies/rules/cost/worst-case";
import { REPO_ROOT } from "../support/pulumi-harness";

const EU = pricesFor("eu-west-1");

function job(name: string, props: Record<string, unknown>): CostedResource {
    return { type: "aws:glue/job:Job", name, props: { name: `lake-${name}`, ...props } };
}

function scheduledTrigger(jobName: string, schedule: string): CostedResource {
    return {
        type: "aws:glue/trigger:Trigger",
        name: `${jobName}-schedule`,
        props: { type: "SCHEDULED", schedule, actions: [{ jobName }] },
    };
}

describe("cost estimate: price table", () => {
    it("pins us-east-1 and eu-west-1 with their sources, the day read and what is unconfirmed", () => {
        expect(Object.keys(PRICE_TABLE.regions).sort()).to.deep.equal(["eu-west-1", "us-east-1"]);
        expect(PRICE_TABLE.readOn).to.match(/^\d{4}-\d{2}-\d{2}$/);
        expect(PRICE_TABLE.hoursPerMonth).to.equal(730);
        expect(PRICE_TABLE.sources).to.include("https://aws.amazon.com/glue/pricing/");
        expect(PRICE_TABLE.unconfirmed.length).to.be.greaterThan(0);
        expect(pricesFor("us-east-1")?.glueDpuHour).to.equal(0.44);
        expect(pricesFor("ap-south-2")).to.equal(undefined);
    });
});

describe("cost estimate: Glue job worst case", () => {
    it("is DPU per worker x workers x timeout hours x price per DPU-hour, for each worker type and Flex", () => {
        const resources = [
            job("g1x", { workerType: "G.1X", numberOfWorkers: 2, timeout: 60 }),
            job("g2x", { workerType: "G.2X", numberOfWorkers: 5, timeout: 90 }),
            job("g025x", { workerType: "G.025X", numberOfWorkers: 2, timeout: 30 }),
            job("flex", { workerType: "G.1X", numberOfWorkers: 10, timeout: 120, executionClass: "FLEX" }),
        ];
        const cases = new Map(jobWorstCases(resources, "eu-west-1").map((c) => [c.resource, c]));
        expect(cases.get("g1x")?.perRunUsd).to.be.closeTo(1 * 2 * 1 * 0.44, 1e-9);
        expect(cases.get("g2x")?.perRunUsd).to.be.closeTo(2 * 5 * 1.5 * 0.44, 1e-9);
        expect(cases.get("g025x")?.perRunUsd).to.be.closeTo(0.25 * 2 * 0.5 * 0.44, 1e-9);
        expect(cases.get("flex")?.perRunUsd).to.be.closeTo(1 * 10 * 2 * 0.29, 1e-9);
        expect(cases.get("g2x")).to.deep.include({ dpus: 10, timeoutHours: 1.5, dpuHourUsd: 0.44 });
        expect(cases.get("g1x")?.perMonthUsd).to.equal(undefined);
        expect(cases.get("g1x")?.formula).to.equal(
            "2 DPU x 1 h x $0.44/DPU-hour = $0.88/run; started on demand, no monthly figure",
        );
    });

    it("multiplies by the runs a scheduled trigger makes per month (hourly: 730)", () => {
        const resources = [
            job("ingest", { workerType: "G.1X", numberOfWorkers: 2, timeout: 60 }),
            scheduledTrigger("lake-ingest", "cron(0 * * * ? *)"),
        ];
        const [ingest] = jobWorstCases(resources, "eu-west-1");
        expect(ingest).to.deep.include({ runsPerMonth: 730, schedule: "cron(0 * * * ? *)" });
        expect(ingest.perMonthUsd).to.be.closeTo(0.88 * 730, 1e-6);
    });

    it("takes Glue's 2-day default when a job sets no timeout", () => {
        const [open] = jobWorstCases([job("open", { workerType: "G.1X", numberOfWorkers: 2 })], "eu-west-1");
        expect(open.timeoutHours).to.equal(BILLING_RULES.glueDefaultTimeoutMinutes / 60);
        expect(open.perRunUsd).to.be.closeTo(2 * 48 * 0.44, 1e-9);
        expect(open.formula).to.contain("no timeout: Glue's 2-day default");
    });

    it("prices nothing in a region the table does not have", () => {
        const resources = [job("g1x", { workerType: "G.1X", numberOfWorkers: 2, timeout: 60 })];
        expect(jobWorstCases(resources, "ap-south-2")).to.deep.equal([]);
        const idle = idleMonthlyCost(resources, "ap-south-2");
        expect(idle).to.deep.include({ priced: false, totalUsd: 0, items: [] });
    });
});

describe("cost estimate: schedules", () => {
    it("counts cron runs per month with cron-parser, AWS day-of-week numbers counted from Sunday = 1", () => {
        expect(runsPerMonth("cron(0 * * * ? *)", 730)).to.equal(730);
        expect(runsPerMonth("cron(15 2 * * ? *)", 730)).to.be.closeTo(365 / 12, 1e-9);
        expect(runsPerMonth("cron(0 3 ? * MON-FRI *)", 730)).to.be.closeTo(261 / 12, 1e-9);
        expect(runsPerMonth("cron(0 3 ? * 2-6 *)", 730)).to.be.closeTo(261 / 12, 1e-9);
        expect(runsPerMonth("cron(0 0 1 * ? *)", 730)).to.equal(1);
        expect(runsPerMonth("cron(0/15 8-17 ? * MON-FRI *)", 730)).to.be.closeTo((40 * 261) / 12, 1e-9);
        expect(runsPerMonth("cron(* * * * ? *)", 730)).to.equal(43_800);
        expect(runsPerMonth("cron(0 12 L * ? *)", 730)).to.equal(1);
        expect(runsPerMonth("rate(2 minutes)", 730)).to.equal(21_900);
        expect(cronParserExpression("cron(0 3 ? * 1,7 *)")).to.equal("0 3 * * 0,6");
        expect(() => runsPerMonth("cron(0 3 * *)", 730)).to.throw("write it as cron(");
        expect(() => runsPerMonth("every day", 730)).to.throw("expected cron(...) or rate(<n> <unit>)");
    });
});

describe("cost estimate: idle items", () => {
    it("prices keys, alarms (per metric), interface endpoints per AZ, NAT, RDS, secrets and scheduled crawls", () => {
        const resources: CostedResource[] = [
            { type: "aws:kms/key:Key", name: "key", props: {} },
            { type: "aws:cloudwatch/metricAlarm:MetricAlarm", name: "errors", props: { period: 300 } },
            {
                type: "aws:cloudwatch/metricAlarm:MetricAlarm",
                name: "ratio",
                props: { metricQueries: [{ metric: {} }, { metric: {} }, { expression: "m1/m2" }] },
            },
            { type: "aws:cloudwatch/metricAlarm:MetricAlarm", name: "fast", props: { period: 10 } },
            {
                type: "aws:ec2/vpcEndpoint:VpcEndpoint",
                name: "kms-endpoint",
                props: { vpcEndpointType: "Interface", subnetIds: ["a", "b", "c"] },
            },
            {
                type: "aws:ec2/vpcEndpoint:VpcEndpoint",
                name: "s3-endpoint",
                props: { vpcEndpointType: "Gateway" },
            },
            {
                type: "awsx:ec2:Vpc",
                name: "vpc",
                props: { natGateways: { strategy: "Single" }, numberOfAvailabilityZones: 2 },
            },
            {
                type: "aws:rds/instance:Instance",
                name: "db",
                props: {
                    instanceClass: "db.t4g.micro",
                    allocatedStorage: 20,
                    storageType: "gp3",
                    multiAz: true,
                },
            },
            { type: "aws:secretsmanager/secret:Secret", name: "token", props: {} },
            {
                type: "aws:glue/crawler:Crawler",
                name: "nightly",
                props: { schedule: "cron(15 2 * * ? *)" },
            },
            { type: "aws:glue/crawler:Crawler", name: "manual", props: {} },
            { type: "aws:kinesis/firehoseDeliveryStream:FirehoseDeliveryStream", name: "stream", props: {} },
        ];
        const idle = idleMonthlyCost(resources, "eu-west-1");
        const amounts = Object.fromEntries(idle.items.map((i) => [`${i.item}/${i.resource}`, i.monthlyUsd]));
        expect(amounts).to.deep.equal({
            "KMS key/key": 1,
            "CloudWatch alarm/errors": 0.1,
            "CloudWatch alarm/ratio": 0.2,
            "CloudWatch alarm/fast": 0.3,
            "VPC interface endpoint/kms-endpoint": 24.09,
            "NAT gateway and its public IPv4 address/vpc": 38.69,
            "RDS instance/db": 26.28,
            "RDS storage/db": 5.08,
            "Secrets Manager secret/token": 0.4,
            "Scheduled crawl/nightly": Math.round((365 / 12) * (10 / 60) * 2 * 0.44 * 1e6) / 1e6,
        });
        expect(idle.totalUsd).to.be.closeTo(
            Object.values(amounts).reduce((a, b) => a + b, 0),
            1e-6,
        );
        expect(idle.notes).to.include.members([
            "s3-endpoint: Gateway endpoint, no hourly charge",
            "manual: crawler without a schedule, runs on demand",
            "stream: Firehose has no idle cost (billed per GB ingested)",
        ]);
        expect(idle.unpriced).to.deep.equal([]);
        expect(EU?.interfaceEndpointAzHour).to.equal(0.011);
    });

    it("lists Glue table optimizers as not priced, with how often each runs, and adds nothing to the total", () => {
        const optimizer = (name: string, type: string, configuration: Record<string, unknown>) => ({
            type: "aws:glue/catalogTableOptimizer:CatalogTableOptimizer",
            name,
            props: {
                type,
                configuration: { enabled: true, roleArn: "arn:aws:iam::1:role/o", ...configuration },
            },
        });
        const idle = idleMonthlyCost(
            [
                optimizer("flights-compaction", "compaction", {
                    compactionConfiguration: { icebergConfiguration: { strategy: "binpack" } },
                }),
                optimizer("flights-retention", "retention", {
                    retentionConfiguration: { icebergConfiguration: { runRateInHours: 24 } },
                }),
                optimizer("flights-orphans", "orphan_file_deletion", {
                    orphanFileDeletionConfiguration: { icebergConfiguration: { runRateInHours: 12 } },
                }),
            ],
            "eu-west-1",
        );
        expect(idle.items).to.deep.equal([]);
        expect(idle.totalUsd).to.equal(0);
        expect(idle.unpriced).to.deep.equal([
            "flights-compaction: Glue table optimizer (compaction), runs when the table passes its compaction thresholds, each billed per DPU-hour; AWS publishes no DPU count or minimum to price it by",
            `flights-retention: Glue table optimizer (retention), ${Math.round((730 / 24) * 100) / 100} runs a month (every 24 h), each billed per DPU-hour; AWS publishes no DPU count or minimum to price it by`,
            `flights-orphans: Glue table optimizer (orphan_file_deletion), ${Math.round((730 / 12) * 100) / 100} runs a month (every 12 h), each billed per DPU-hour; AWS publishes no DPU count or minimum to price it by`,
        ]);
    });

    it("names an instance class the table has no price for instead of guessing", () => {
        const idle = idleMonthlyCost(
            [
                {
                    type: "aws:rds/instance:Instance",
                    name: "big",
                    props: { instanceClass: "db.r7g.16xlarge", allocatedStorage: 100, storageType: "gp3" },
                },
            ],
            "eu-west-1",
        );
        expect(idle.unpriced).to.deep.equal(["big: no price for postgres db.r7g.16xlarge in eu-west-1"]);
        expect(idle.items.map((i) => i.item)).to.deep.equal(["RDS storage"]);
    });
});

describe("cost estimate: Athena", () => {
    it("prices a query stopped at the workgroup's bytes-scanned cut-off, per TB", () => {
        const [cut, open] = athenaWorstCases(
            [
                {
                    type: "aws:athena/workgroup:Workgroup",
                    name: "wg",
                    props: { configuration: { bytesScannedCutoffPerQuery: 2 ** 30 } },
                },
                { type: "aws:athena/workgroup:Workgroup", name: "open", props: { configuration: {} } },
            ],
            "us-east-1",
        );
        expect(cut).to.deep.include({
            cutoffBytes: 2 ** 30,
            perQueryUsd: Math.round((5 / 1024) * 1e6) / 1e6,
        });
        expect(open.perQueryUsd).to.equal(undefined);
        expect(open.formula).to.equal("no bytes-scanned cut-off: a query can scan the whole lake");
    });
});

describe("cost estimate: jobs started after a scheduled job", () => {
    it("runs a job behind a CONDITIONAL trigger on one scheduled job as often as that job", () => {
        const resources = [
            job("ingest", { workerType: "G.1X", numberOfWorkers: 2, timeout: 60 }),
            job("publish", { workerType: "G.2X", numberOfWorkers: 2, timeout: 30 }),
            scheduledTrigger("lake-ingest", "cron(15 2 * * ? *)"),
            {
                type: "aws:glue/trigger:Trigger",
                name: "publish-after",
                props: {
                    type: "CONDITIONAL",
                    predicate: { conditions: [{ jobName: "lake-ingest", state: "SUCCEEDED" }] },
                    actions: [{ jobName: "lake-publish" }],
                },
            },
        ];
        const publish = jobWorstCases(resources, "eu-west-1").find((c) => c.resource === "publish");
        expect(publish).to.deep.include({ after: "lake-ingest", schedule: "cron(15 2 * * ? *)" });
        expect(publish?.perMonthUsd).to.be.closeTo(2 * 2 * 0.5 * 0.44 * (365 / 12), 1e-5);
        const idle = idleMonthlyCost(resources, "eu-west-1");
        expect(idle.items.map((i) => i.resource)).to.deep.equal(["ingest", "publish"]);
    });
});

describe("docs/cost.md and the price table", () => {
    const doc = readFileSync(path.join(REPO_ROOT, "docs", "cost.md"), "utf8");
    /** A price as the doc writes it: at least two decimals. */
    const f = (n: number) => n.toFixed(Math.max(2, (String(n).split(".")[1] ?? "").length));
    const pair = (a: number, b: number) => `${f(a)} / ${f(b)}`;

    it("lists every region's prices, the sources and the day they were read, as the table has them", () => {
        const us = pricesFor("us-east-1") as NonNullable<ReturnType<typeof pricesFor>>;
        const eu = pricesFor("eu-west-1") as NonNullable<ReturnType<typeof pricesFor>>;
        const both = (cell: (p: typeof us) => string) => `${cell(us)} | ${cell(eu)}`;
        const rows = [
            `| Glue DPU-hour (standard / Flex) | ${both((p) => pair(p.glueDpuHour, p.glueFlexDpuHour))} |`,
            `| KMS key-month | ${both((p) => f(p.kmsKeyMonth))} |`,
            `| CloudWatch alarm metric-month (standard / high resolution), composite alarm-month | ${both((p) => `${pair(p.alarmStandardMetricMonth, p.alarmHighResolutionMetricMonth)}, ${f(p.compositeAlarmMonth)}`)} |`,
            `| Interface endpoint AZ-hour | ${both((p) => f(p.interfaceEndpointAzHour))} |`,
            `| NAT gateway-hour, public IPv4 address-hour | ${both((p) => `${f(p.natGatewayHour)}, ${f(p.publicIpv4Hour)}`)} |`,
            `| RDS for PostgreSQL db.t4g.micro / db.t4g.small hour | ${both((p) => pair(p.rdsPostgresInstanceHour["db.t4g.micro"], p.rdsPostgresInstanceHour["db.t4g.small"]))} |`,
            `| RDS gp3 / gp2 GB-month | ${both((p) => pair(p.rdsStorageGbMonth.gp3, p.rdsStorageGbMonth.gp2))} |`,
            `| Secrets Manager secret-month | ${both((p) => f(p.secretMonth))} |`,
            `| Athena TB scanned | ${both((p) => f(p.athenaTb))} |`,
        ];
        for (const row of rows) expect(doc).to.include(row);
        for (const source of PRICE_TABLE.sources) expect(doc).to.include(source);
        expect(doc).to.include(`(\`readOn\`: ${PRICE_TABLE.readOn})`);
        expect(doc).to.include(`Not confirmed on ${PRICE_TABLE.readOn}`);
    });

    it("states the billing rules the estimate applies", () => {
        expect(doc).to.include(
            `G.025X ${BILLING_RULES.dpuPerWorker["G.025X"]}, G.1X ${BILLING_RULES.dpuPerWorker["G.1X"]},\n  G.2X ${BILLING_RULES.dpuPerWorker["G.2X"]}`,
        );
        expect(doc).to.include(
            `runs per month x ${BILLING_RULES.crawlerAssumedDpus} DPU x ${BILLING_RULES.crawlerMinimumMinutes} min`,
        );
        expect(doc).to.include(`x ${BILLING_RULES.glueJobMinimumMinutes} min x $/DPU-hour`);
        expect(doc).to.include(
            `Glue's 2-day default (${BILLING_RULES.glueDefaultTimeoutMinutes.toLocaleString("en-US")}\n  minutes)`,
        );
    });
});
