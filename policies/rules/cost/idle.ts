/**
 * The idle monthly cost of a stack: what it bills in a month with no data flowing, one item per billed
 * resource, priced for a region from the pinned price table. Formulas and what is left out: docs/cost.md.
 */
import { describeRuns, dpuHourPrice, jobDpus, jobRunsPerMonth } from "./glue-jobs";
import { roundUsd as round, formatUsd as usd } from "./money";
import { BILLING_RULES, PRICE_TABLE, pricesFor, type RegionPrices } from "./prices";
import { quickSightSeats } from "./quicksight";
import { type CostedResource, known, ofType, prop, COST_TYPES as T } from "./resources";
import { runsPerMonth } from "./schedule";

/** One priced line of the idle estimate. */
export interface CostItem {
    /** What is billed, e.g. `KMS key`. */
    item: string;
    /** Logical name of the resource billed. */
    resource: string;
    /** How the amount is reached, e.g. `1 key x $1.00/key-month`. */
    formula: string;
    /** USD per month. */
    monthlyUsd: number;
}

/** The idle monthly cost of a stack. */
export interface IdleEstimate {
    region: string;
    /** False when the price table has no prices for the region: then `items` is empty and `totalUsd` 0. */
    priced: boolean;
    items: CostItem[];
    /** Sum of the items, USD per month. */
    totalUsd: number;
    /** What could not be priced (an instance class missing from the table), with the reason. */
    unpriced: string[];
    /** Resources that were looked at and bill nothing while idle, with why. */
    notes: string[];
}

const HOURS = PRICE_TABLE.hoursPerMonth;

/** Metrics an alarm evaluates: one, or each metric of its metric-math queries. */
function alarmMetrics(alarm: CostedResource): number {
    const withMetric = known(() => {
        const queries = prop(alarm, "metricQueries");
        if (!Array.isArray(queries)) return 0;
        return queries.filter((q) => q?.metric !== undefined).length;
    });
    return Math.max(1, withMetric ?? 1);
}

/** NAT gateways of an awsx VPC, from its inputs (awsx defaults: 3 AZs, one gateway per AZ). */
function awsxNatGateways(vpc: CostedResource): number {
    const strategy = prop(vpc, "natGateways", "strategy") ?? "OnePerAz";
    const zones = prop(vpc, "availabilityZoneNames", "length") ?? prop(vpc, "numberOfAvailabilityZones") ?? 3;
    const hasPublic = known(() => {
        const specs = prop(vpc, "subnetSpecs") as { type?: string }[] | undefined;
        return specs === undefined || specs.some((s) => s.type === "Public");
    });
    if (strategy === "None" || hasPublic === false) return 0;
    return strategy === "Single" ? 1 : zones;
}

/** Builds the estimate's lists for one region's prices. */
class IdleItems {
    readonly items: CostItem[] = [];
    readonly unpriced: string[] = [];
    readonly notes: string[] = [];

    constructor(
        readonly region: string,
        readonly prices: RegionPrices,
    ) {}

    add(item: string, resource: string, formula: string, monthlyUsd: number): void {
        this.items.push({ item, resource, formula, monthlyUsd: round(monthlyUsd) });
    }

    keys(resources: CostedResource[]): void {
        const price = this.prices.kmsKeyMonth;
        for (const key of ofType(resources, T.kmsKey)) {
            this.add("KMS key", key.name, `1 key x ${usd(price)}/key-month`, price);
        }
    }

    alarms(resources: CostedResource[]): void {
        for (const alarm of ofType(resources, T.metricAlarm)) {
            const metrics = alarmMetrics(alarm);
            const period = prop(alarm, "period");
            const fast = typeof period === "number" && period < 60;
            const price = fast
                ? this.prices.alarmHighResolutionMetricMonth
                : this.prices.alarmStandardMetricMonth;
            const kind = fast ? "high-resolution" : "standard";
            this.add(
                "CloudWatch alarm",
                alarm.name,
                `${metrics} metric x ${usd(price)}/${kind} metric-month`,
                metrics * price,
            );
        }
        const composite = this.prices.compositeAlarmMonth;
        for (const alarm of ofType(resources, T.compositeAlarm)) {
            this.add(
                "CloudWatch composite alarm",
                alarm.name,
                `1 alarm x ${usd(composite)}/month`,
                composite,
            );
        }
    }

    endpoints(resources: CostedResource[]): void {
        const price = this.prices.interfaceEndpointAzHour;
        for (const endpoint of ofType(resources, T.vpcEndpoint)) {
            const type = prop(endpoint, "vpcEndpointType") ?? "Gateway";
            if (type !== "Interface") {
                this.notes.push(`${endpoint.name}: ${type} endpoint, no hourly charge`);
                continue;
            }
            const subnets = prop(endpoint, "subnetIds", "length");
            const zones = typeof subnets === "number" && subnets > 0 ? subnets : 1;
            const atLeast = zones === subnets ? "" : " (subnets not known yet: at least)";
            this.add(
                "VPC interface endpoint",
                endpoint.name,
                `${zones} AZ x ${HOURS} h x ${usd(price)}/AZ-hour${atLeast}`,
                zones * HOURS * price,
            );
        }
    }

    natGateways(resources: CostedResource[]): void {
        const gateways = ofType(resources, T.natGateway);
        const counted =
            gateways.length > 0
                ? gateways.map((g) => ({ name: g.name, count: 1 }))
                : ofType(resources, T.awsxVpc).map((v) => ({ name: v.name, count: awsxNatGateways(v) }));
        const { natGatewayHour, publicIpv4Hour } = this.prices;
        for (const { name, count } of counted) {
            if (count === 0) {
                this.notes.push(`${name}: no NAT gateway`);
                continue;
            }
            this.add(
                "NAT gateway and its public IPv4 address",
                name,
                `${count} gateway x ${HOURS} h x (${usd(natGatewayHour)} + ${usd(publicIpv4Hour)})/hour`,
                count * HOURS * (natGatewayHour + publicIpv4Hour),
            );
        }
    }

    databases(resources: CostedResource[]): void {
        for (const db of ofType(resources, T.rdsInstance)) {
            const instanceClass = String(prop(db, "instanceClass") ?? "");
            const engine = String(prop(db, "engine") ?? "postgres");
            const copies = prop(db, "multiAz") === true ? 2 : 1;
            const multiAz = copies === 2 ? " x 2 (Multi-AZ)" : "";
            const hourly =
                engine === "postgres" ? this.prices.rdsPostgresInstanceHour[instanceClass] : undefined;
            if (hourly === undefined) {
                this.unpriced.push(
                    `${db.name}: no price for ${engine} ${instanceClass || "(no instance class)"} in ${this.region}`,
                );
            } else {
                this.add(
                    "RDS instance",
                    db.name,
                    `${instanceClass} ${HOURS} h x ${usd(hourly)}/hour${multiAz}`,
                    copies * HOURS * hourly,
                );
            }
            const storageType = String(prop(db, "storageType") ?? "gp2");
            const gb = Number(prop(db, "allocatedStorage") ?? 0);
            const perGb = this.prices.rdsStorageGbMonth[storageType];
            if (perGb === undefined) {
                this.unpriced.push(`${db.name}: no price for ${storageType} storage in ${this.region}`);
            } else if (gb > 0) {
                this.add(
                    "RDS storage",
                    db.name,
                    `${gb} GB ${storageType} x ${usd(perGb)}/GB-month${multiAz}`,
                    copies * gb * perGb,
                );
            }
            if (prop(db, "manageMasterUserPassword") === true) {
                this.secret("Secrets Manager secret (RDS-managed master password)", db.name);
            }
        }
    }

    secret(item: string, resource: string): void {
        const price = this.prices.secretMonth;
        this.add(item, resource, `1 secret x ${usd(price)}/secret-month`, price);
    }

    secrets(resources: CostedResource[]): void {
        for (const secret of ofType(resources, T.secret)) this.secret("Secrets Manager secret", secret.name);
    }

    crawls(resources: CostedResource[]): void {
        const { crawlerAssumedDpus: dpus, crawlerMinimumMinutes: minutes } = BILLING_RULES;
        const price = this.prices.glueDpuHour;
        for (const crawler of ofType(resources, T.crawler)) {
            const schedule = prop(crawler, "schedule");
            if (typeof schedule !== "string" || schedule === "") {
                this.notes.push(`${crawler.name}: crawler without a schedule, runs on demand`);
                continue;
            }
            const runs = runsPerMonth(schedule, HOURS);
            this.add(
                "Scheduled crawl",
                crawler.name,
                `${round(runs)} runs (${schedule}) x ${dpus} DPU x ${minutes} min x ${usd(price)}/DPU-hour`,
                runs * dpus * (minutes / 60) * price,
            );
        }
    }

    /**
     * Glue table optimizers: listed as not priced. Retention and orphan file deletion run every
     * `runRateInHours` whether or not the table changed, compaction when the table passes its thresholds;
     * each run bills DPU-hours (https://aws.amazon.com/glue/pricing/), and AWS publishes neither a run's DPUs
     * nor a minimum billed length, so the line says how often they run instead of guessing a figure.
     */
    tableOptimizers(resources: CostedResource[]): void {
        for (const optimizer of ofType(resources, T.tableOptimizer)) {
            const type = String(prop(optimizer, "type") ?? "");
            const configuration = (prop(optimizer, "configuration") ?? {}) as Record<string, unknown>;
            const section =
                type === "retention" ? "retentionConfiguration" : "orphanFileDeletionConfiguration";
            const iceberg = (configuration[section] as { icebergConfiguration?: { runRateInHours?: number } })
                ?.icebergConfiguration;
            const rate = iceberg?.runRateInHours;
            const runs =
                type === "compaction"
                    ? "runs when the table passes its compaction thresholds"
                    : rate === undefined
                      ? "runs at Glue's default rate"
                      : `${Number((HOURS / rate).toFixed(2))} runs a month (every ${rate} h)`;
            this.unpriced.push(
                `${optimizer.name}: Glue table optimizer (${type}), ${runs}, each billed per DPU-hour; AWS publishes no DPU count or minimum to price it by`,
            );
        }
    }

    scheduledJobs(resources: CostedResource[]): void {
        const minutes = BILLING_RULES.glueJobMinimumMinutes;
        const runsByJob = jobRunsPerMonth(resources);
        for (const job of ofType(resources, T.glueJob)) {
            const run = runsByJob.get(String(prop(job, "name") ?? ""));
            if (run === undefined) continue;
            const dpus = jobDpus(job);
            if (dpus === undefined) {
                this.unpriced.push(`${job.name}: DPUs unknown (worker type ${prop(job, "workerType")})`);
                continue;
            }
            const price = dpuHourPrice(job, this.prices);
            this.add(
                "Scheduled Glue job run at its minimum billed length",
                job.name,
                `${describeRuns(run, round(run.runs))} x ${dpus} DPU x ${minutes} min x ${usd(price)}/DPU-hour`,
                run.runs * dpus * (minutes / 60) * price,
            );
        }
    }

    quickSight(resources: CostedResource[]): void {
        const seats = quickSightSeats(resources);
        const { quicksightAuthorMonth: author, quicksightReaderMonth: reader } = this.prices;
        for (const [arn, resource] of seats.authors) {
            this.add(
                "QuickSight Author seat",
                resource,
                `1 author (${arn}) x ${usd(author)}/user-month`,
                author,
            );
        }
        for (const [arn, resource] of seats.readers) {
            this.add(
                "QuickSight Reader seat",
                resource,
                `1 reader (${arn}) x ${usd(reader)}/user-month`,
                reader,
            );
        }
        for (const [arn, resource] of seats.groups) {
            this.unpriced.push(
                `${resource}: QuickSight group ${arn} bills each member (${usd(author)} per author, ${usd(reader)} per reader a month); the stack does not know its members`,
            );
        }
        for (const dataSet of seats.spiceDataSets) {
            this.notes.push(
                `${dataSet}: SPICE data set, capacity beyond the authors' allowance billed per GB-month, not estimated`,
            );
        }
    }

    free(resources: CostedResource[]): void {
        for (const stream of ofType(resources, T.firehose)) {
            this.notes.push(`${stream.name}: Firehose has no idle cost (billed per GB ingested)`);
        }
        for (const schedule of ofType(resources, T.schedule)) {
            const expression = prop(schedule, "scheduleExpression");
            const count =
                typeof expression === "string"
                    ? ` (${round(runsPerMonth(expression, HOURS))} invocations/month)`
                    : "";
            this.notes.push(
                `${schedule.name}: EventBridge Scheduler and its target bill per invocation${count}, not estimated`,
            );
        }
    }
}

/**
 * The idle monthly cost of the stack's resources in `region`: KMS keys, CloudWatch alarms, VPC interface
 * endpoints, NAT gateways, RDS instances and storage, Secrets Manager secrets, scheduled crawls,
 * scheduled Glue job runs at their minimum billed length and the QuickSight seats the stack shares with.
 * @returns `priced: false` and no items when the price table has no prices for the region.
 */
export function idleMonthlyCost(resources: CostedResource[], region: string): IdleEstimate {
    const prices = pricesFor(region);
    if (prices === undefined) {
        return { region, priced: false, items: [], totalUsd: 0, unpriced: [], notes: [] };
    }
    const idle = new IdleItems(region, prices);
    idle.keys(resources);
    idle.alarms(resources);
    idle.endpoints(resources);
    idle.natGateways(resources);
    idle.databases(resources);
    idle.secrets(resources);
    idle.crawls(resources);
    idle.tableOptimizers(resources);
    idle.scheduledJobs(resources);
    idle.quickSight(resources);
    idle.free(resources);
    const totalUsd = round(idle.items.reduce((sum, i) => sum + i.monthlyUsd, 0));
    return { region, priced: true, items: idle.items, totalUsd, unpriced: idle.unpriced, notes: idle.notes };
}
