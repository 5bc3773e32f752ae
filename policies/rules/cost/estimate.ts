/**
 * The cost estimate of a stack, from the resources it registers (what `npm run plan` records under the
 * mocks, or what CrossGuard hands a stack rule) and the pinned {@link PRICE_TABLE}:
 *
 * - {@link idleMonthlyCost}: what the stack bills per month with no data flowing (KMS keys, alarms,
 *   interface endpoints, RDS, NAT gateways, Secrets Manager secrets, scheduled crawls and scheduled job
 *   runs at their minimum billed length);
 * - {@link jobWorstCases}: per Glue job, a run that lasts until its timeout, and per month with its schedule;
 * - {@link athenaWorstCases}: per workgroup, a query that scans up to the bytes-scanned cut-off.
 *
 * Formulas and what is left out: docs/cost.md.
 */
import { UnknownValueError } from "@pulumi/policy";
import { BILLING_RULES, PRICE_TABLE, pricesFor, type RegionPrices } from "./prices";
import { runsPerMonth } from "./schedule";

/** A resource as the estimate reads it: type token, logical name and its properties. */
export interface CostedResource {
    type: string;
    name: string;
    props: Record<string, unknown>;
}

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
    /** Resources that could not be priced (an instance class missing from the table), with the reason. */
    unpriced: string[];
    /** Resources that were looked at and bill nothing while idle, with why. */
    notes: string[];
}

/** The worst case of one Glue job. */
export interface JobWorstCase {
    /** Logical name of the job. */
    resource: string;
    /** The job's physical name (what triggers name), when known. */
    jobName?: string;
    /** DPUs of the run: DPU per worker x workers (or the job's maxCapacity). */
    dpus: number;
    /** Billed hours of a run that reaches its timeout. */
    timeoutHours: number;
    /** USD per DPU-hour of its execution class. */
    dpuHourUsd: number;
    /** USD of one run that lasts until its timeout. */
    perRunUsd: number;
    /** The schedule the runs per month come from, when it has one. */
    schedule?: string;
    /** The job after which it runs (a CONDITIONAL trigger on a scheduled job), when so. */
    after?: string;
    runsPerMonth?: number;
    /** USD per month when every scheduled run reaches its timeout; undefined for on-demand jobs. */
    perMonthUsd?: number;
    /** How the figures are reached. */
    formula: string;
}

/** Athena's worst case per query in one workgroup. */
export interface AthenaWorstCase {
    resource: string;
    /** The workgroup's bytes-scanned cut-off per query; undefined when it sets none. */
    cutoffBytes?: number;
    /** USD of a query stopped at the cut-off; undefined when there is no cut-off (no upper bound). */
    perQueryUsd?: number;
    formula: string;
}

const T = {
    kmsKey: "aws:kms/key:Key",
    metricAlarm: "aws:cloudwatch/metricAlarm:MetricAlarm",
    compositeAlarm: "aws:cloudwatch/compositeAlarm:CompositeAlarm",
    vpcEndpoint: "aws:ec2/vpcEndpoint:VpcEndpoint",
    natGateway: "aws:ec2/natGateway:NatGateway",
    awsxVpc: "awsx:ec2:Vpc",
    rdsInstance: "aws:rds/instance:Instance",
    secret: "aws:secretsmanager/secret:Secret",
    crawler: "aws:glue/crawler:Crawler",
    glueJob: "aws:glue/job:Job",
    glueTrigger: "aws:glue/trigger:Trigger",
    firehose: "aws:kinesis/firehoseDeliveryStream:FirehoseDeliveryStream",
    workgroup: "aws:athena/workgroup:Workgroup",
    schedule: "aws:scheduler/schedule:Schedule",
} as const;

/** A property's value, or undefined while a preview does not know it yet. */
// biome-ignore lint/suspicious/noExplicitAny: provider inputs are untyped; each use checks the shape it reads
function prop(resource: CostedResource, name: string): any {
    try {
        return resource.props[name];
    } catch (error) {
        if (error instanceof UnknownValueError) return undefined;
        throw error;
    }
}

const usd = (n: number) => `$${n.toFixed(n !== 0 && Math.abs(n) < 0.01 ? 4 : 2)}`;
const round = (n: number) => Math.round(n * 1e6) / 1e6;
const hours = PRICE_TABLE.hoursPerMonth;

/** Metrics an alarm evaluates: one, or each metric of its metric-math queries. */
function alarmMetrics(alarm: CostedResource): number {
    const queries = prop(alarm, "metricQueries");
    if (!Array.isArray(queries) || queries.length === 0) return 1;
    return Math.max(1, queries.filter((q) => q?.metric !== undefined).length);
}

/** NAT gateways of an awsx VPC, from its inputs (awsx defaults: 3 AZs, one gateway per AZ). */
function awsxNatGateways(vpc: CostedResource): number {
    const strategy = prop(vpc, "natGateways")?.strategy ?? "OnePerAz";
    const zones = prop(vpc, "availabilityZoneNames")?.length ?? prop(vpc, "numberOfAvailabilityZones") ?? 3;
    const specs: { type?: string }[] | undefined = prop(vpc, "subnetSpecs");
    const hasPublic = specs === undefined || specs.some((s) => s.type === "Public");
    if (strategy === "None" || !hasPublic) return 0;
    return strategy === "Single" ? 1 : zones;
}

/** How often a job runs: the schedule of the SCHEDULED trigger that starts it, directly or after one job. */
interface JobRuns {
    schedule: string;
    runs: number;
    /** The job whose success starts this one (a CONDITIONAL trigger), when not started by the schedule itself. */
    after?: string;
}

/**
 * Runs per month of each Glue job a SCHEDULED trigger starts, by job name, and of each job a CONDITIONAL
 * trigger starts after exactly one such job (it runs as often, at worst).
 */
function scheduledJobRuns(resources: CostedResource[]): Map<string, JobRuns> {
    const runs = new Map<string, JobRuns>();
    const triggers = resources.filter((r) => r.type === T.glueTrigger && prop(r, "enabled") !== false);
    const jobsOf = (trigger: CostedResource): string[] =>
        (prop(trigger, "actions") ?? [])
            .map((a: { jobName?: unknown }) => a?.jobName)
            .filter((name: unknown): name is string => typeof name === "string");
    for (const trigger of triggers) {
        const schedule = prop(trigger, "schedule");
        if (prop(trigger, "type") !== "SCHEDULED" || typeof schedule !== "string") continue;
        for (const job of jobsOf(trigger)) runs.set(job, { schedule, runs: runsPerMonth(schedule, hours) });
    }
    for (const trigger of triggers) {
        if (prop(trigger, "type") !== "CONDITIONAL") continue;
        const conditions: { jobName?: unknown }[] = prop(trigger, "predicate")?.conditions ?? [];
        const upstream = conditions.length === 1 ? conditions[0]?.jobName : undefined;
        const scheduled = typeof upstream === "string" ? runs.get(upstream) : undefined;
        if (scheduled === undefined || scheduled.after !== undefined) continue;
        for (const job of jobsOf(trigger)) {
            if (!runs.has(job)) runs.set(job, { ...scheduled, after: upstream as string });
        }
    }
    return runs;
}

/** DPUs of one run of a Glue job: DPU per worker x workers, or its maxCapacity; undefined if unknown. */
export function jobDpus(job: CostedResource): number | undefined {
    const workerType = prop(job, "workerType");
    const workers = prop(job, "numberOfWorkers");
    if (typeof workerType === "string" && typeof workers === "number") {
        const perWorker = BILLING_RULES.dpuPerWorker[workerType];
        return perWorker === undefined ? undefined : perWorker * workers;
    }
    const maxCapacity = prop(job, "maxCapacity");
    return typeof maxCapacity === "number" ? maxCapacity : undefined;
}

function dpuHourPrice(job: CostedResource, prices: RegionPrices): number {
    return prop(job, "executionClass") === "FLEX" ? prices.glueFlexDpuHour : prices.glueDpuHour;
}

/**
 * The idle monthly cost of the stack's resources in `region`.
 * @returns `priced: false` and no items when the price table has no prices for the region.
 */
export function idleMonthlyCost(resources: CostedResource[], region: string): IdleEstimate {
    const prices = pricesFor(region);
    const estimate: IdleEstimate = {
        region,
        priced: prices !== undefined,
        items: [],
        totalUsd: 0,
        unpriced: [],
        notes: [],
    };
    if (prices === undefined) return estimate;
    const add = (item: string, resource: string, formula: string, monthlyUsd: number) =>
        estimate.items.push({ item, resource, formula, monthlyUsd: round(monthlyUsd) });
    const ofType = (type: string) => resources.filter((r) => r.type === type);

    for (const key of ofType(T.kmsKey)) {
        add("KMS key", key.name, `1 key x ${usd(prices.kmsKeyMonth)}/key-month`, prices.kmsKeyMonth);
    }
    for (const alarm of ofType(T.metricAlarm)) {
        const metrics = alarmMetrics(alarm);
        const period = prop(alarm, "period");
        const highResolution = typeof period === "number" && period < 60;
        const price = highResolution
            ? prices.alarmHighResolutionMetricMonth
            : prices.alarmStandardMetricMonth;
        const kind = highResolution ? "high-resolution" : "standard";
        add(
            "CloudWatch alarm",
            alarm.name,
            `${metrics} metric x ${usd(price)}/${kind} metric-month`,
            metrics * price,
        );
    }
    for (const alarm of ofType(T.compositeAlarm)) {
        add(
            "CloudWatch composite alarm",
            alarm.name,
            `1 alarm x ${usd(prices.compositeAlarmMonth)}/month`,
            prices.compositeAlarmMonth,
        );
    }
    for (const endpoint of ofType(T.vpcEndpoint)) {
        const type = prop(endpoint, "vpcEndpointType") ?? "Gateway";
        if (type !== "Interface") {
            estimate.notes.push(`${endpoint.name}: ${type} endpoint, no hourly charge`);
            continue;
        }
        const subnets = prop(endpoint, "subnetIds");
        const zones = Array.isArray(subnets) && subnets.length > 0 ? subnets.length : 1;
        const unknown =
            Array.isArray(subnets) && subnets.length > 0 ? "" : " (subnets not known yet: at least)";
        add(
            "VPC interface endpoint",
            endpoint.name,
            `${zones} AZ x ${hours} h x ${usd(prices.interfaceEndpointAzHour)}/AZ-hour${unknown}`,
            zones * hours * prices.interfaceEndpointAzHour,
        );
    }
    const natResources = ofType(T.natGateway);
    const natGateways: { name: string; count: number }[] =
        natResources.length > 0
            ? natResources.map((n) => ({ name: n.name, count: 1 }))
            : ofType(T.awsxVpc).map((v) => ({ name: v.name, count: awsxNatGateways(v) }));
    for (const { name, count } of natGateways) {
        if (count === 0) {
            estimate.notes.push(`${name}: no NAT gateway`);
            continue;
        }
        const hourly = prices.natGatewayHour + prices.publicIpv4Hour;
        add(
            "NAT gateway and its public IPv4 address",
            name,
            `${count} gateway x ${hours} h x (${usd(prices.natGatewayHour)} + ${usd(prices.publicIpv4Hour)})/hour`,
            count * hours * hourly,
        );
    }
    for (const db of ofType(T.rdsInstance)) {
        const instanceClass = String(prop(db, "instanceClass") ?? "");
        const engine = String(prop(db, "engine") ?? "postgres");
        const copies = prop(db, "multiAz") === true ? 2 : 1;
        const az = copies === 2 ? " x 2 (Multi-AZ)" : "";
        const hourly = engine === "postgres" ? prices.rdsPostgresInstanceHour[instanceClass] : undefined;
        if (hourly === undefined) {
            estimate.unpriced.push(
                `${db.name}: no price for ${engine} ${instanceClass || "(no instance class)"} in ${region}`,
            );
        } else {
            add(
                "RDS instance",
                db.name,
                `${instanceClass} ${hours} h x ${usd(hourly)}/hour${az}`,
                copies * hours * hourly,
            );
        }
        const storageType = String(prop(db, "storageType") ?? "gp2");
        const gb = Number(prop(db, "allocatedStorage") ?? 0);
        const perGb = prices.rdsStorageGbMonth[storageType];
        if (perGb === undefined) {
            estimate.unpriced.push(`${db.name}: no price for ${storageType} storage in ${region}`);
        } else if (gb > 0) {
            add(
                "RDS storage",
                db.name,
                `${gb} GB ${storageType} x ${usd(perGb)}/GB-month${az}`,
                copies * gb * perGb,
            );
        }
        if (prop(db, "manageMasterUserPassword") === true) {
            add(
                "Secrets Manager secret (RDS-managed master password)",
                db.name,
                `1 secret x ${usd(prices.secretMonth)}/secret-month`,
                prices.secretMonth,
            );
        }
    }
    for (const secret of ofType(T.secret)) {
        add(
            "Secrets Manager secret",
            secret.name,
            `1 secret x ${usd(prices.secretMonth)}/secret-month`,
            prices.secretMonth,
        );
    }
    const crawlHours = (BILLING_RULES.crawlerMinimumMinutes / 60) * BILLING_RULES.crawlerAssumedDpus;
    for (const crawler of ofType(T.crawler)) {
        const schedule = prop(crawler, "schedule");
        if (typeof schedule !== "string" || schedule === "") {
            estimate.notes.push(`${crawler.name}: crawler without a schedule, runs on demand`);
            continue;
        }
        const runs = runsPerMonth(schedule, hours);
        add(
            "Scheduled crawl",
            crawler.name,
            `${round(runs)} runs (${schedule}) x ${BILLING_RULES.crawlerAssumedDpus} DPU x ${BILLING_RULES.crawlerMinimumMinutes} min x ${usd(prices.glueDpuHour)}/DPU-hour`,
            runs * crawlHours * prices.glueDpuHour,
        );
    }
    const scheduled = scheduledJobRuns(resources);
    for (const job of ofType(T.glueJob)) {
        const run = scheduled.get(String(prop(job, "name") ?? ""));
        const dpus = jobDpus(job);
        if (run === undefined) continue;
        if (dpus === undefined) {
            estimate.unpriced.push(`${job.name}: DPUs unknown (worker type ${prop(job, "workerType")})`);
            continue;
        }
        const price = dpuHourPrice(job, prices);
        add(
            "Scheduled Glue job run at its minimum billed length",
            job.name,
            `${round(run.runs)} runs (${run.after === undefined ? "" : `after ${run.after}, `}${run.schedule}) x ${dpus} DPU x ${BILLING_RULES.glueJobMinimumMinutes} min x ${usd(price)}/DPU-hour`,
            run.runs * dpus * (BILLING_RULES.glueJobMinimumMinutes / 60) * price,
        );
    }
    for (const stream of ofType(T.firehose)) {
        estimate.notes.push(`${stream.name}: Firehose has no idle cost (billed per GB ingested)`);
    }
    for (const schedule of ofType(T.schedule)) {
        const expression = prop(schedule, "scheduleExpression");
        const runs =
            typeof expression === "string"
                ? ` (${round(runsPerMonth(expression, hours))} invocations/month)`
                : "";
        estimate.notes.push(
            `${schedule.name}: EventBridge Scheduler and its target bill per invocation${runs}, not estimated`,
        );
    }
    estimate.totalUsd = round(estimate.items.reduce((sum, i) => sum + i.monthlyUsd, 0));
    return estimate;
}

/**
 * Per Glue job, the cost of a run that reaches its timeout (DPU x workers x timeout hours x price per
 * DPU-hour), and per month x the runs its SCHEDULED trigger makes.
 * @returns an empty list when the price table has no prices for the region.
 */
export function jobWorstCases(resources: CostedResource[], region: string): JobWorstCase[] {
    const prices = pricesFor(region);
    if (prices === undefined) return [];
    const scheduled = scheduledJobRuns(resources);
    const cases: JobWorstCase[] = [];
    for (const job of resources.filter((r) => r.type === T.glueJob)) {
        const dpus = jobDpus(job);
        if (dpus === undefined) continue;
        const timeout = prop(job, "timeout");
        const timeoutMinutes =
            typeof timeout === "number" ? timeout : BILLING_RULES.glueDefaultTimeoutMinutes;
        const timeoutHours = timeoutMinutes / 60;
        const dpuHourUsd = dpuHourPrice(job, prices);
        const perRunUsd = round(dpus * timeoutHours * dpuHourUsd);
        const jobName = prop(job, "name");
        const run = typeof jobName === "string" ? scheduled.get(jobName) : undefined;
        const timeoutNote = typeof timeout === "number" ? "" : " (no timeout: Glue's 2-day default)";
        const perRun = `${dpus} DPU x ${round(timeoutHours)} h${timeoutNote} x ${usd(dpuHourUsd)}/DPU-hour = ${usd(perRunUsd)}/run`;
        cases.push({
            resource: job.name,
            jobName: typeof jobName === "string" ? jobName : undefined,
            dpus,
            timeoutHours,
            dpuHourUsd,
            perRunUsd,
            schedule: run?.schedule,
            after: run?.after,
            runsPerMonth: run === undefined ? undefined : round(run.runs),
            perMonthUsd: run === undefined ? undefined : round(perRunUsd * run.runs),
            formula:
                run === undefined
                    ? `${perRun}; started on demand, no monthly figure`
                    : `${perRun} x ${round(run.runs)} runs (${run.after === undefined ? "" : `after ${run.after}, `}${run.schedule}) = ${usd(perRunUsd * run.runs)}/month`,
        });
    }
    return cases;
}

/** Per Athena workgroup, the cost of one query stopped at its bytes-scanned cut-off. */
export function athenaWorstCases(resources: CostedResource[], region: string): AthenaWorstCase[] {
    const prices = pricesFor(region);
    if (prices === undefined) return [];
    return resources
        .filter((r) => r.type === T.workgroup)
        .map((workgroup) => {
            const cutoff = prop(workgroup, "configuration")?.bytesScannedCutoffPerQuery;
            if (typeof cutoff !== "number") {
                return {
                    resource: workgroup.name,
                    formula: "no bytes-scanned cut-off: a query can scan the whole lake",
                };
            }
            const billed = Math.max(cutoff, BILLING_RULES.athenaMinimumBytesPerQuery);
            const perQueryUsd = round((billed / BILLING_RULES.bytesPerTb) * prices.athenaTb);
            return {
                resource: workgroup.name,
                cutoffBytes: cutoff,
                perQueryUsd,
                formula: `${billed} bytes / 2^40 x ${usd(prices.athenaTb)}/TB = ${usd(perQueryUsd)}/query`,
            };
        });
}
