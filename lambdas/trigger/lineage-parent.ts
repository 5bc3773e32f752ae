/**
 * The trigger as the OpenLineage parent of the runs it starts (issue 19): each `StartJobRun` carries the
 * run-only `--lineage_parent_*` arguments of the job contract, naming the invocation that started the
 * run, and the job puts them in the `parent` run facet of every event of the run (docs/lineage.md).
 *
 * - job namespace: `trigger_namespace` of `glue/medallion_glue/lineage/parent_run.json` (`aws-lambda`);
 * - job name: the function's name (`context.functionName`);
 * - run id: the invocation's request id (`context.awsRequestId`, a UUID in Lambda), so the parent run is
 *   the invocation whose log lines carry it as `function_request_id`.
 *
 * The arguments go on every run the trigger starts, whether the job has lineage on or not: the routes do
 * not say, and the job reads them only when its `--lineage_transport` is not `off`. A run the trigger
 * joins (`WAITING`/`STARTING`) gets none: Glue cannot change a started run's arguments, so it keeps the
 * parent of whoever started it.
 *
 * @see https://openlineage.io/spec/facets/1-2-0/ParentRunFacet.json
 * @see https://docs.aws.amazon.com/lambda/latest/dg/nodejs-context.html
 * @module
 */
import type { Context } from "aws-lambda";
import parentRun from "../../glue/medallion_glue/lineage/parent_run.json";
import type contract from "../../glue/medallion_glue/runtime/job_arguments.json";

/** An argument name of the bronze_to_silver contract; a name it lacks does not compile. */
type BronzeToSilverArgument = keyof (typeof contract)["jobs"]["bronze_to_silver"]["arguments"];

/**
 * The `StartJobRun` argument keys of the parent, each an argument the bronze_to_silver contract lists
 * with `set_by: trigger` (the trigger's tests check the contract's side).
 */
export const LINEAGE_PARENT_ARGUMENTS = {
    jobNamespace: "--lineage_parent_job_namespace",
    jobName: "--lineage_parent_job_name",
    runId: "--lineage_parent_run_id",
} as const satisfies Record<string, `--${BronzeToSilverArgument}`>;

/**
 * OpenLineage job namespace of the trigger as a parent (`trigger_namespace` of `parent_run.json`).
 *
 * @defaultValue `"aws-lambda"`
 */
export const TRIGGER_LINEAGE_NAMESPACE: string = parentRun.trigger_namespace;

/**
 * An OpenLineage run id as the job accepts it (`run_id_pattern` of `parent_run.json`): a UUID in its
 * 8-4-4-4-12 hexadecimal text form.
 */
export const LINEAGE_RUN_ID = new RegExp(parentRun.run_id_pattern);

/** The trigger invocation as the parent job run of the runs it starts. */
export interface LineageParent {
    /** {@link TRIGGER_LINEAGE_NAMESPACE}. */
    readonly namespace: string;
    /** The Lambda function's name. */
    readonly name: string;
    /** The invocation's request id, a UUID. */
    readonly runId: string;
}

/**
 * The invocation as a lineage parent.
 *
 * @param context - the Lambda context of the invocation.
 * @returns the parent, or `undefined` when `awsRequestId` is not a UUID (never in Lambda; local runners
 *   may name invocations otherwise) or `functionName` is empty: the runs then get no parent arguments,
 *   and their events name the Glue job run as the parent.
 */
export function lineageParentOf(
    context: Pick<Context, "functionName" | "awsRequestId">,
): LineageParent | undefined {
    if (context.functionName === "" || !LINEAGE_RUN_ID.test(context.awsRequestId)) return undefined;
    return { namespace: TRIGGER_LINEAGE_NAMESPACE, name: context.functionName, runId: context.awsRequestId };
}

/**
 * The `StartJobRun` `Arguments` that name `parent`.
 *
 * @returns the three {@link LINEAGE_PARENT_ARGUMENTS} with the parent's values, or `{}` without a parent.
 */
export function lineageParentArguments(parent: LineageParent | undefined): Record<string, string> {
    if (parent === undefined) return {};
    return {
        [LINEAGE_PARENT_ARGUMENTS.jobNamespace]: parent.namespace,
        [LINEAGE_PARENT_ARGUMENTS.jobName]: parent.name,
        [LINEAGE_PARENT_ARGUMENTS.runId]: parent.runId,
    };
}
