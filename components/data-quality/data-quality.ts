/**
 * DataQuality: a dataset's data-quality rules on AWS (docs/quality.md):
 * - an `aws.glue.DataQualityRuleset` on its silver table (`targetTable`: silver database + `silver.table`),
 *   the spec's rules compiled to DQDL for a Data Catalog evaluation ({@link compileDqdl} `catalog`);
 * - a CloudWatch alarm into the lake's alarm topic when a bronze_to_silver run publishes
 *   `QualityFailed = 1` (a rule with action `fail` failed and the silver write was rolled back),
 *   {@link QUALITY_ALARM_DEFAULTS}.
 *
 * The job's own ruleset is the `--quality_ruleset` argument ({@link qualityJobArguments}), the same rules
 * with the job-only row-count change. Nothing is created for a spec without `quality:` rules. Cost: one
 * standard CloudWatch alarm per dataset with fail rules; rulesets are free (evaluations bill DPU time).
 * Follows https://www.pulumi.com/registry/packages/aws/api-docs/glue/dataqualityruleset/ and
 * https://docs.aws.amazon.com/glue/latest/dg/glue-data-quality.html
 */
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import shared from "../../glue/medallion_glue/shared_constants.json";
import { ETL_METRICS_NAMESPACE, jobArguments } from "../../lib/glue-job-contract";
import { type NameContext, resourceName } from "../../lib/naming";
import type { MedallionLakeDatasetSpec } from "../../spec/dataset-spec.types";
import { qualityRules } from "../../spec/quality-rules";
import { compileDqdl } from "./dqdl";

/** Per-run metric: 1 when a rule with action `fail` failed, else 0; dimension {@link QUALITY_METRIC_DATASET_DIMENSION}. */
export const QUALITY_FAILED_METRIC: string = shared.quality_failed_metric;
/** Per-run, per-rule metric: 1 when the rule failed, else 0; dimensions `Dataset` and `Rule` (the rule id). */
export const QUALITY_RULE_FAILED_METRIC: string = shared.quality_rule_failed_metric;
/** Dimension naming the dataset (the spec's `name`) on both quality metrics. */
export const QUALITY_METRIC_DATASET_DIMENSION = "Dataset";
/** Dimension naming the rule id (`spec/quality-rules.ts`) on {@link QUALITY_RULE_FAILED_METRIC}. */
export const QUALITY_METRIC_RULE_DIMENSION = "Rule";

/**
 * The quality alarm: a run publishes `QualityFailed` once, so the Maximum over one period is 1 when any
 * run of the period failed a `fail` rule; a period without runs has no data and does not breach.
 */
export const QUALITY_ALARM_DEFAULTS = {
    /** @default "Maximum" — a single failed run in the period is enough. */
    statistic: "Maximum",
    /** @default "GreaterThanOrEqualToThreshold" */
    comparisonOperator: "GreaterThanOrEqualToThreshold",
    /** @default 1 — the value of a run whose fail rule failed. */
    threshold: 1,
    /** @default 300 — seconds per evaluated period (standard resolution). */
    period: 300,
    /** @default 1 */
    evaluationPeriods: 1,
    /** @default "notBreaching" — no run, no alarm. */
    treatMissingData: "notBreaching",
} as const;

/** The bronze_to_silver arguments a spec's quality rules add: `--quality_ruleset` with the job's DQDL, or none. */
export function qualityJobArguments(spec: MedallionLakeDatasetSpec): Record<string, string> {
    const dqdl = compileDqdl(spec, "job");
    return dqdl === undefined ? {} : { [jobArguments("bronze_to_silver").quality_ruleset]: dqdl };
}

/** Arguments of {@link DataQuality}. */
export interface DataQualityArgs {
    naming: NameContext;
    /** The validated dataset spec (`spec/dataset-specs.ts`). */
    spec: MedallionLakeDatasetSpec;
    /** Glue Data Catalog database of the silver table. */
    silverDatabase: pulumi.Input<string>;
    /** SNS topic the quality alarm notifies (the lake's alarm topic, `TriggerLambda.alarmTopic`). */
    alarmTopicArn: pulumi.Input<string>;
    tags?: Readonly<Record<string, string>>;
}

/** A dataset's DQDL ruleset on its silver table and its quality alarm; see the module docs. */
export class DataQuality extends pulumi.ComponentResource {
    /** The ruleset on the silver table; absent when the spec has no catalog rules. */
    public readonly ruleset?: aws.glue.DataQualityRuleset;
    /** The `QualityFailed` alarm; absent when no rule has action `fail`. */
    public readonly alarm?: aws.cloudwatch.MetricAlarm;

    constructor(name: string, args: DataQualityArgs, opts?: pulumi.ComponentResourceOptions) {
        super("medallion-lake:index:DataQuality", name, {}, opts);
        const { spec, naming } = args;
        const tags = args.tags ?? {};
        const catalogDqdl = compileDqdl(spec, "catalog");
        if (catalogDqdl !== undefined) {
            this.ruleset = new aws.glue.DataQualityRuleset(
                `${name}-ruleset`,
                {
                    name: resourceName(naming, `${spec.name}-silver-quality`, 255),
                    description: `Data-quality rules of dataset ${spec.name} (datasets/${spec.name}.yaml quality:) on its silver table ${spec.silver.table}.`,
                    ruleset: catalogDqdl,
                    targetTable: { databaseName: args.silverDatabase, tableName: spec.silver.table },
                    tags,
                },
                { parent: this },
            );
        }
        if (qualityRules(spec).some((r) => r.action === "fail")) {
            this.alarm = new aws.cloudwatch.MetricAlarm(
                `${name}-failed`,
                {
                    name: resourceName(naming, `${spec.name}-quality-failed`),
                    alarmDescription: `A bronze_to_silver run of dataset ${spec.name} failed a data-quality rule with action fail (${QUALITY_FAILED_METRIC} = 1): its silver write was rolled back and its bookmark not committed. The run's log and the ${QUALITY_RULE_FAILED_METRIC} metric name the rule (docs/quality.md).`,
                    namespace: ETL_METRICS_NAMESPACE,
                    metricName: QUALITY_FAILED_METRIC,
                    dimensions: { [QUALITY_METRIC_DATASET_DIMENSION]: spec.name },
                    ...QUALITY_ALARM_DEFAULTS,
                    alarmActions: [args.alarmTopicArn],
                    tags,
                },
                { parent: this },
            );
        }
        this.registerOutputs({ rulesetName: this.ruleset?.name, alarmArn: this.alarm?.arn });
    }
}
