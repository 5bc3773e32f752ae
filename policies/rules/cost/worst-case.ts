/**
 * Worst cases priced from the pinned price table: per Glue job, a run that lasts until its timeout (and a
 * month of such runs when it is scheduled); per Athena workgroup, a query stopped at its bytes-scanned
 * cut-off. Formulas: docs/cost.md.
 */
import { describeRuns, dpuHourPrice, jobDpus, jobRunsPerMonth } from "./glue-jobs";
import { roundUsd as round, formatUsd as usd } from "./money";
import { BILLING_RULES, pricesFor } from "./prices";
import { COST_TYPES, type CostedResource, ofType, prop } from "./resources";

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
    /** USD per month when every scheduled run reaches its timeout; undefined for jobs started on demand. */
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

/**
 * Per Glue job, the cost of a run that reaches its timeout (DPU x workers x timeout hours x price per
 * DPU-hour; Glue's 2-day default when the job sets no timeout), and per month x the runs its SCHEDULED
 * trigger makes. Jobs whose DPUs cannot be told (an unknown worker type) are left out.
 * @returns an empty list when the price table has no prices for the region.
 */
export function jobWorstCases(resources: CostedResource[], region: string): JobWorstCase[] {
    const prices = pricesFor(region);
    if (prices === undefined) return [];
    const runsByJob = jobRunsPerMonth(resources);
    const cases: JobWorstCase[] = [];
    for (const job of ofType(resources, COST_TYPES.glueJob)) {
        const dpus = jobDpus(job);
        if (dpus === undefined) continue;
        const timeout = prop(job, "timeout");
        const timeoutHours =
            (typeof timeout === "number" ? timeout : BILLING_RULES.glueDefaultTimeoutMinutes) / 60;
        const dpuHourUsd = dpuHourPrice(job, prices);
        const perRunUsd = round(dpus * timeoutHours * dpuHourUsd);
        const name = prop(job, "name");
        const jobName = typeof name === "string" ? name : undefined;
        const run = jobName === undefined ? undefined : runsByJob.get(jobName);
        const defaulted = typeof timeout === "number" ? "" : " (no timeout: Glue's 2-day default)";
        const perRun = `${dpus} DPU x ${round(timeoutHours)} h${defaulted} x ${usd(dpuHourUsd)}/DPU-hour = ${usd(perRunUsd)}/run`;
        const runs = run === undefined ? undefined : round(run.runs);
        const perMonthUsd = run === undefined ? undefined : round(perRunUsd * run.runs);
        cases.push({
            resource: job.name,
            jobName,
            dpus,
            timeoutHours,
            dpuHourUsd,
            perRunUsd,
            schedule: run?.schedule,
            after: run?.after,
            runsPerMonth: runs,
            perMonthUsd,
            formula:
                run === undefined || perMonthUsd === undefined
                    ? `${perRun}; started on demand, no monthly figure`
                    : `${perRun} x ${describeRuns(run, runs as number)} = ${usd(perMonthUsd)}/month`,
        });
    }
    return cases;
}

/**
 * Per Athena workgroup, the cost of one query stopped at its bytes-scanned cut-off (at least Athena's
 * 10 MB minimum) / 2^40 x price per TB.
 * @returns an empty list when the price table has no prices for the region.
 */
export function athenaWorstCases(resources: CostedResource[], region: string): AthenaWorstCase[] {
    const prices = pricesFor(region);
    if (prices === undefined) return [];
    return ofType(resources, COST_TYPES.workgroup).map((workgroup) => {
        const cutoff = prop(workgroup, "configuration", "bytesScannedCutoffPerQuery");
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
