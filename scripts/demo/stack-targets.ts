/**
 * The names and settings the demo's local cloud uses, read from the offline plan of a stack, so the demo
 * shows what a real deployment of that stack would use: the bronze bucket, the dataset's bronze-to-silver
 * Glue job, the trigger queue and its dead-letter queue, the event source mapping's batch size and
 * concurrency, the Glue databases.
 *
 * Each value comes from the plan when the program defines the resource (the trigger function's
 * `DATASET_ROUTES`, the `EtlJob`, the queues, the event source mapping), and otherwise is derived the way
 * the components name it (`lib/naming.ts`) or taken from the components' defaults constants; each value
 * says which (`origin`). The trigger function's environment is taken whole from the plan, so the demo's
 * handler starts with what the deployed function gets.
 *
 * @module
 */
import { readFileSync } from "node:fs";
import path from "node:path";
import { parse as parseYaml } from "yaml";
import { ETL_JOB_DEFAULTS } from "../../components/etl-job/etl-job";
import { triggerFunctionVariables } from "../../components/trigger-lambda/routes";
import { TRIGGER_LAMBDA_DEFAULTS } from "../../components/trigger-lambda/trigger-lambda";
import { DATASET_ROUTES_ENV } from "../../lambdas/trigger/defaults";
import type { DatasetRoute } from "../../lambdas/trigger/routes";
import { type NameContext, resourceName } from "../../lib/naming";
import { type DatasetSpec, loadDatasetSpecs } from "../../spec/dataset-specs";
import type { RecordedResource, Recorder } from "../../tests/support/pulumi-harness";
import { DATASETS_DIR, REPO_ROOT } from "./paths";

/** Where a value came from: the offline plan, or derived because the program does not define it yet. */
export type ValueOrigin = "plan" | "derived";

/** A value and its origin. */
export interface Traced<T> {
    readonly value: T;
    readonly origin: ValueOrigin;
    /** How it was found, e.g. `trigger function DATASET_ROUTES` or `lib/naming.ts resourceName`. */
    readonly how: string;
}

/** What the demo's local cloud is built from. */
export interface DemoTargets {
    /** Project and stack. */
    readonly naming: NameContext;
    /** Region of the stack (`aws:region`); the moto clients use it. */
    readonly region: string;
    /** The dataset's spec (bronze prefix and suffix, silver table, gold tables). */
    readonly spec: DatasetSpec;
    /** The trigger route of the dataset: bronze bucket, prefix, suffix and bronze-to-silver job name. */
    readonly route: Traced<DatasetRoute>;
    /**
     * Environment variables of the trigger function, as the `TriggerLambda` component sets them
     * (`DATASET_ROUTES`, every planned route); the demo's handler cold-starts with them.
     */
    readonly functionEnvironment: Traced<Record<string, string>>;
    /** Trigger queue and dead-letter queue names. */
    readonly queues: Traced<{ queue: string; deadLetterQueue: string }>;
    /** Redrive `maxReceiveCount` of the trigger queue. */
    readonly maxReceiveCount: Traced<number>;
    /** Event source mapping `BatchSize` and `ScalingConfig.MaximumConcurrency`. */
    readonly eventSource: Traced<{ batchSize: number; maximumConcurrency: number }>;
    /** `ExecutionProperty.MaxConcurrentRuns` of the bronze-to-silver job. */
    readonly maxConcurrentRuns: Traced<number>;
    /** Glue database of each zone (stack output `databaseNames`). */
    readonly databases: Traced<{ bronze: string; silver: string; gold: string }>;
}

/** Logical name of a dataset's bronze-to-silver `EtlJob` in the program (docs/components.md). */
export function bronzeToSilverJobLogicalName(dataset: string): string {
    return `${dataset}-bronze-to-silver`;
}

/** Role in the name of the trigger function, its queue and its dead-letter queue (`components/trigger-lambda/trigger-lambda.ts`). */
const TRIGGER_QUEUE_ROLE = "bronze-trigger";
const TRIGGER_DLQ_ROLE = "bronze-trigger-dlq";
/** SQS queue names are at most 80 characters. */
const SQS_NAME_MAX = 80;
/** Lambda function names are at most 64 characters. */
const FUNCTION_NAME_MAX = 64;

/** The Pulumi project name (`name` in `Pulumi.yaml`). */
export function projectName(repoRoot: string = REPO_ROOT): string {
    const project = parseYaml(readFileSync(path.join(repoRoot, "Pulumi.yaml"), "utf8")) as { name?: unknown };
    if (typeof project.name !== "string" || project.name === "") {
        throw new Error(`${path.join(repoRoot, "Pulumi.yaml")}: no project name; set \`name:\``);
    }
    return project.name;
}

const plan = <T>(value: T, how: string): Traced<T> => ({ value, origin: "plan", how });
const derived = <T>(value: T, how: string): Traced<T> => ({ value, origin: "derived", how });

/** Resources of `type` under the component `ancestor` (at any depth). */
function descendantsOfType(recorder: Recorder, ancestor: RecordedResource, type: string): RecordedResource[] {
    const found: RecordedResource[] = [];
    const walk = (node: RecordedResource) => {
        for (const child of recorder.childrenOf(node)) {
            if (child.type === type) found.push(child);
            walk(child);
        }
    };
    walk(ancestor);
    return found;
}

/** The string environment variables of a planned function (`environment.variables`). */
function functionVariables(fn: RecordedResource): Record<string, string> {
    const variables = (fn.inputs.environment?.variables ?? {}) as Record<string, unknown>;
    return Object.fromEntries(
        Object.entries(variables).filter((entry): entry is [string, string] => typeof entry[1] === "string"),
    );
}

/** Routes in the `DATASET_ROUTES` of a planned function; none when it has no (valid JSON) value. */
function routesOf(fn: RecordedResource): DatasetRoute[] {
    const raw = functionVariables(fn)[DATASET_ROUTES_ENV];
    if (raw === undefined) return [];
    try {
        const routes: unknown = JSON.parse(raw);
        return Array.isArray(routes) ? (routes as DatasetRoute[]) : [];
    } catch {
        return [];
    }
}

/** The first planned TriggerLambda component, if the program defines one. */
function triggerComponent(recorder: Recorder): RecordedResource | undefined {
    return recorder.ofType("medallion-lake:index:TriggerLambda")[0];
}

/**
 * Reads the demo's targets from a plan of the program.
 *
 * @param recorder - resources of the offline plan.
 * @param outputs - its stack outputs (`bucketNames`, `databaseNames`).
 * @param stackConfig - the raw stack config (`aws:region`).
 * @param stack - the stack name.
 * @param dataset - the dataset (a spec in `datasets/`).
 * @throws Error when the plan has no `bucketNames.bronze` output or no `aws:region`, or the spec is invalid.
 */
export function demoTargets(
    recorder: Recorder,
    outputs: Record<string, unknown>,
    stackConfig: Record<string, string>,
    stack: string,
    dataset: string,
): DemoTargets {
    const naming: NameContext = { project: projectName(), stack };
    const region = stackConfig["aws:region"];
    if (region === undefined)
        throw new Error(`Pulumi.${stack}.yaml: aws:region is not set; set it, e.g. eu-west-1`);
    const [loaded] = loadDatasetSpecs(DATASETS_DIR, { names: [dataset], namesField: "demo dataset" });
    const spec = (loaded as { spec: DatasetSpec }).spec;

    const bucketNames = outputs.bucketNames as Record<string, string> | undefined;
    const databaseNames = outputs.databaseNames as
        | { bronze: string; silver: string; gold: string }
        | undefined;
    if (bucketNames?.bronze === undefined || databaseNames === undefined) {
        throw new Error(
            `the ${stack} plan has no bucketNames.bronze or databaseNames output; index.ts must export them`,
        );
    }

    const triggerFunction = recorder
        .ofType("aws:lambda/function:Function")
        .find((fn) => routesOf(fn).some((route) => route.dataset === dataset));
    const planned = triggerFunction && routesOf(triggerFunction).find((route) => route.dataset === dataset);
    const jobComponent = recorder.resources.find(
        (r) => r.type === "medallion-lake:index:EtlJob" && r.name === bronzeToSilverJobLogicalName(dataset),
    );
    const glueJob = jobComponent && descendantsOfType(recorder, jobComponent, "aws:glue/job:Job")[0];
    const route: Traced<DatasetRoute> =
        planned !== undefined
            ? plan({ ...planned }, `trigger function ${DATASET_ROUTES_ENV}`)
            : glueJob !== undefined
              ? plan(
                    {
                        dataset,
                        bucket: bucketNames.bronze,
                        prefix: spec.bronze.prefix,
                        suffix: spec.bronze.suffix,
                        jobName: String(glueJob.inputs.name),
                    },
                    `output bucketNames.bronze, EtlJob ${jobComponent?.name}, datasets/${dataset}.yaml`,
                )
              : derived(
                    {
                        dataset,
                        bucket: bucketNames.bronze,
                        prefix: spec.bronze.prefix,
                        suffix: spec.bronze.suffix,
                        jobName: resourceName(naming, bronzeToSilverJobLogicalName(dataset)),
                    },
                    "output bucketNames.bronze; job name from lib/naming.ts (no EtlJob in the plan yet)",
                );

    const trigger = triggerComponent(recorder);
    const queues = trigger ? descendantsOfType(recorder, trigger, "aws:sqs/queue:Queue") : [];
    const queue = queues.find((q) => q.name === `${trigger?.name}-queue`);
    const deadLetterQueue = queues.find((q) => q.name === `${trigger?.name}-dlq`);
    const mapping = trigger
        ? descendantsOfType(recorder, trigger, "aws:lambda/eventSourceMapping:EventSourceMapping")[0]
        : undefined;
    const redrive =
        typeof queue?.inputs.redrivePolicy === "string" ? JSON.parse(queue.inputs.redrivePolicy) : {};
    const d = TRIGGER_LAMBDA_DEFAULTS;

    return {
        naming,
        region,
        spec,
        route,
        functionEnvironment:
            triggerFunction !== undefined
                ? plan(
                      functionVariables(triggerFunction),
                      `trigger function ${triggerFunction.name} environment`,
                  )
                : derived(
                      triggerFunctionVariables(
                          [route.value],
                          resourceName(naming, TRIGGER_QUEUE_ROLE, FUNCTION_NAME_MAX),
                      ),
                      "the route and function name, as TriggerLambda sets them (no TriggerLambda in the plan yet)",
                  ),
        queues:
            queue && deadLetterQueue
                ? plan(
                      {
                          queue: String(queue.inputs.name),
                          deadLetterQueue: String(deadLetterQueue.inputs.name),
                      },
                      `TriggerLambda ${trigger?.name}`,
                  )
                : derived(
                      {
                          queue: resourceName(naming, TRIGGER_QUEUE_ROLE, SQS_NAME_MAX),
                          deadLetterQueue: resourceName(naming, TRIGGER_DLQ_ROLE, SQS_NAME_MAX),
                      },
                      "lib/naming.ts (no TriggerLambda in the plan yet)",
                  ),
        maxReceiveCount:
            typeof redrive.maxReceiveCount === "number"
                ? plan(redrive.maxReceiveCount, "trigger queue redrive policy")
                : derived(d.maxReceiveCount, "TRIGGER_LAMBDA_DEFAULTS.maxReceiveCount"),
        eventSource:
            mapping !== undefined
                ? plan(
                      {
                          batchSize: Number(mapping.inputs.batchSize ?? d.batchSize),
                          maximumConcurrency: Number(
                              mapping.inputs.scalingConfig?.maximumConcurrency ?? d.maximumConcurrency,
                          ),
                      },
                      `event source mapping ${mapping.name}`,
                  )
                : derived(
                      { batchSize: d.batchSize, maximumConcurrency: d.maximumConcurrency },
                      "TRIGGER_LAMBDA_DEFAULTS (no TriggerLambda in the plan yet)",
                  ),
        maxConcurrentRuns:
            typeof glueJob?.inputs.executionProperty?.maxConcurrentRuns === "number"
                ? plan(
                      glueJob.inputs.executionProperty.maxConcurrentRuns as number,
                      `Glue job ${glueJob.name}`,
                  )
                : derived(ETL_JOB_DEFAULTS.maxConcurrentRuns, "ETL_JOB_DEFAULTS.maxConcurrentRuns"),
        databases: plan({ ...databaseNames }, "output databaseNames"),
    };
}
