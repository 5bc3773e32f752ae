/**
 * What the estimate needs of a Glue job: its DPUs, its price per DPU-hour, and how often its triggers start
 * it. https://docs.aws.amazon.com/glue/latest/dg/trigger-job.html
 */
import { BILLING_RULES, PRICE_TABLE, type RegionPrices } from "./prices";
import { COST_TYPES, type CostedResource, known, ofType, prop } from "./resources";
import { runsPerMonth } from "./schedule";

/** How often a job runs: the schedule of the SCHEDULED trigger that starts it, directly or after one job. */
export interface JobRuns {
    /** The schedule expression, e.g. `cron(0 * * * ? *)`. */
    schedule: string;
    /** Average runs per month. */
    runs: number;
    /** The job whose success starts this one (a CONDITIONAL trigger), when not started by the schedule itself. */
    after?: string;
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

/** USD per DPU-hour of the job's execution class (Flex or standard). */
export function dpuHourPrice(job: CostedResource, prices: RegionPrices): number {
    return prop(job, "executionClass") === "FLEX" ? prices.glueFlexDpuHour : prices.glueDpuHour;
}

/** The job names a trigger's actions start (names not known yet are skipped). */
function jobsOf(trigger: CostedResource): string[] {
    const actions = known(() =>
        ((prop(trigger, "actions") ?? []) as { jobName?: unknown }[]).map((a) => a?.jobName),
    );
    return (actions ?? []).filter((name): name is string => typeof name === "string");
}

/** The one job a CONDITIONAL trigger waits for, or undefined when it waits for none or several. */
function onlyUpstreamJob(trigger: CostedResource): string | undefined {
    const upstream = known(() => {
        const conditions = (prop(trigger, "predicate", "conditions") ?? []) as { jobName?: unknown }[];
        return conditions.length === 1 ? conditions[0]?.jobName : undefined;
    });
    return typeof upstream === "string" ? upstream : undefined;
}

/**
 * Runs per month of each Glue job a SCHEDULED trigger starts, by job name, and of each job a CONDITIONAL
 * trigger starts after exactly one such job (it runs as often, at worst).
 */
export function jobRunsPerMonth(resources: CostedResource[]): Map<string, JobRuns> {
    const runs = new Map<string, JobRuns>();
    const triggers = ofType(resources, COST_TYPES.glueTrigger).filter((t) => prop(t, "enabled") !== false);
    for (const trigger of triggers) {
        const schedule = prop(trigger, "schedule");
        if (prop(trigger, "type") !== "SCHEDULED" || typeof schedule !== "string") continue;
        const perMonth = runsPerMonth(schedule, PRICE_TABLE.hoursPerMonth);
        for (const job of jobsOf(trigger)) runs.set(job, { schedule, runs: perMonth });
    }
    for (const trigger of triggers.filter((t) => prop(t, "type") === "CONDITIONAL")) {
        const upstream = onlyUpstreamJob(trigger);
        const scheduled = upstream === undefined ? undefined : runs.get(upstream);
        if (scheduled === undefined || scheduled.after !== undefined) continue;
        for (const job of jobsOf(trigger)) {
            if (!runs.has(job)) runs.set(job, { ...scheduled, after: upstream });
        }
    }
    return runs;
}

/** `<runs> runs (after <job>, <schedule>)`: how a monthly figure counts a job's runs. */
export function describeRuns(run: JobRuns, runs: number): string {
    return `${runs} runs (${run.after === undefined ? "" : `after ${run.after}, `}${run.schedule})`;
}
