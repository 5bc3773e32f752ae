/**
 * The stacks the policy tests check: the dev stack as `Pulumi.dev.yaml` configures it, and the same stack
 * with every optional feature on. Each runs `index.ts` under the shared mock harness; its recorded
 * resources become the resources CrossGuard would hand the pack.
 *
 * Extend {@link OPTIONAL_FEATURES} as features land: a feature is applied only once the config schema
 * knows its top-level key, and the tests list the ones not yet available.
 */

import { CONFIG_NAMESPACE, projectConfigSchema } from "../../../config/stack-config";
import type { EvaluatedResource } from "../../../policies/evaluate";
import {
    type Recorder,
    readStackConfig,
    runProgram,
    TEST_ACCOUNT_ID,
    tryRunProgram,
} from "../../support/pulumi-harness";

/** One optional feature of the program, as the config turns it on. */
export interface OptionalFeature {
    /** What the feature is, for test titles. */
    feature: string;
    /** The top-level `medallion-lake:` key that configures it. */
    key: string;
    /** The value merged (deeply) into that key. */
    value: Record<string, unknown>;
}

/** Every optional feature, switched on. */
export const OPTIONAL_FEATURES: OptionalFeature[] = [
    {
        feature: "Lake Formation mode with admins, an analysts consumer and the workflow role",
        key: "lakeFormation",
        value: {
            enabled: true,
            mode: "lakeformation",
            admins: [`arn:aws:iam::${TEST_ACCOUNT_ID}:role/datalakeadmin`],
            consumers: [
                {
                    name: "analysts",
                    principalArn: `arn:aws:iam::${TEST_ACCOUNT_ID}:role/analysts`,
                    zones: ["gold"],
                    permissions: ["DESCRIBE", "SELECT"],
                },
            ],
            workflowRole: { enabled: true },
        },
    },
    {
        feature: "event stream source (Firehose into bronze)",
        key: "sources",
        value: { eventStream: { enabled: true } },
    },
    {
        feature: "PostgreSQL transactional source (VPC, RDS, simulator Lambda, JDBC ingestion)",
        key: "sources",
        value: { postgres: { enabled: true } },
    },
    {
        feature: "Glue table optimizers on every silver and gold Iceberg table",
        key: "iceberg",
        value: { tableOptimizers: { enabled: true } },
    },
    { feature: "trigger Lambda alarm emails", key: "alarms", value: { emails: ["data-oncall@example.com"] } },
    {
        feature: "scheduled bronze crawlers",
        key: "crawlers",
        value: { enabled: true, schedule: "cron(0 * * * ? *)" },
    },
    {
        feature: "ETL jobs with Spark UI, auto scaling, Flex, a schedule and DataZone lineage",
        key: "etl",
        value: {
            sparkUi: true,
            autoScaling: true,
            flex: true,
            schedule: "cron(15 2 * * ? *)",
            lineage: { transport: "datazone", domainId: "dzd_4p9n6b2xkzs3ah" },
        },
    },
];

/** True when the stack config schema knows `key` (the feature has landed). */
export function featureAvailable(feature: OptionalFeature): boolean {
    return feature.key in projectConfigSchema.shape;
}

function isObject(value: unknown): value is Record<string, unknown> {
    return value !== null && typeof value === "object" && !Array.isArray(value);
}

function deepMerge(base: unknown, extra: Record<string, unknown>): Record<string, unknown> {
    const merged: Record<string, unknown> = isObject(base) ? { ...base } : {};
    for (const [key, value] of Object.entries(extra)) {
        merged[key] = isObject(value) ? deepMerge(merged[key], value) : value;
    }
    return merged;
}

/** The raw config with the given features on. */
export function withFeatures(
    raw: Record<string, string>,
    features: OptionalFeature[],
): Record<string, string> {
    const config = { ...raw };
    for (const feature of features) {
        const fullKey = `${CONFIG_NAMESPACE}:${feature.key}`;
        const current = config[fullKey] === undefined ? {} : JSON.parse(config[fullKey]);
        config[fullKey] = JSON.stringify(deepMerge(current, feature.value));
    }
    return config;
}

/** The recorded resources as the evaluator (and CrossGuard) sees them: inputs, outputs, links. */
export function evaluatedResources(recorder: Recorder): EvaluatedResource[] {
    return recorder.resources.map((r) => ({
        type: r.type,
        name: r.name,
        urn: r.urn,
        inputs: r.inputs,
        outputs: r.outputs,
        parentUrn: r.parentUrn,
        dependencies: r.dependencies,
        propertyDependencies: r.propertyDependencies,
    }));
}

/** A program run under the mocks and its resources. */
export interface StackRun {
    recorder: Recorder;
    resources: EvaluatedResource[];
}

/** Runs `index.ts` with a raw config under the mocks. @throws what the program throws */
export async function runStack(rawConfig: Record<string, string>, stack: string): Promise<StackRun> {
    const { recorder } = await runProgram(rawConfig, stack);
    return { recorder, resources: evaluatedResources(recorder) };
}

let devRun: Promise<StackRun> | undefined;
let allFeaturesRun: Promise<AllFeaturesRun> | undefined;

/** The dev stack (`Pulumi.dev.yaml`), run once per test process (the recorded resources are plain data). */
export function devStack(): Promise<StackRun> {
    devRun ??= runStack(readStackConfig("dev"), "dev");
    return devRun;
}

/** The all-features run: the stack, and which features are on, not yet available, or break the program. */
export interface AllFeaturesRun extends StackRun {
    applied: OptionalFeature[];
    missing: OptionalFeature[];
    broken: { feature: OptionalFeature; error: string }[];
}

/**
 * The dev stack with every available optional feature on, built once per test process. When the program
 * refuses that config, each feature is tried alone to find the ones that break it; the stack is then built
 * without them.
 */
export function allFeaturesStack(): Promise<AllFeaturesRun> {
    allFeaturesRun ??= buildAllFeaturesStack();
    return allFeaturesRun;
}

async function buildAllFeaturesStack(): Promise<AllFeaturesRun> {
    const raw = readStackConfig("dev");
    const available = OPTIONAL_FEATURES.filter(featureAvailable);
    const missing = OPTIONAL_FEATURES.filter((f) => !featureAvailable(f));
    const broken: AllFeaturesRun["broken"] = [];
    let run = await tryRunProgram(withFeatures(raw, available), "dev");
    if (run.error !== undefined) {
        for (const feature of available) {
            const alone = await tryRunProgram(withFeatures(raw, [feature]), "dev");
            if (alone.error !== undefined) broken.push({ feature, error: String(alone.error) });
        }
        const working = available.filter((f) => !broken.some((b) => b.feature === f));
        run = await tryRunProgram(withFeatures(raw, working), "dev");
        if (run.error !== undefined) throw run.error;
    }
    const applied = available.filter((f) => !broken.some((b) => b.feature === f));
    return { recorder: run.recorder, resources: evaluatedResources(run.recorder), applied, missing, broken };
}
