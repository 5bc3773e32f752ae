/**
 * The data-quality rules of a dataset spec (`quality:`, docs/quality.md) as one flat, ordered list, each with
 * its id and action, and the rules of a `quality:` block that JSON Schema cannot express.
 *
 * A rule's id is `<kind>:<column(s)>` (`completeness:origin`, `uniqueness:flight_id+departure_time`,
 * `value_range:distance`, `value_set:origin`, `freshness:<event-time column>`, `row_count_change`,
 * `custom_sql:<name>`): the `Rule` dimension of the `QualityRuleFailed` metric and the key the Glue job
 * reads back from the DQDL ruleset's comments. The Python evaluator derives the same ids from the same spec
 * (`glue/medallion_glue/quality/rules.py`); `glue/tests/quality/` checks both agree on the golden rulesets.
 */
import specSchema from "../datasets/schema/dataset-spec.schema.json";
import type {
    CompletenessRule,
    CustomSqlRule,
    FreshnessRule,
    MedallionLakeDatasetSpec,
    QualityAction,
    RowCountChangeRule,
    UniquenessRule,
    ValueRangeRule,
    ValueSetRule,
} from "./dataset-spec.types";

/** What a failed rule does when the spec leaves `action` out: the schema's `$defs.qualityAction.default`. */
export const DEFAULT_QUALITY_ACTION = specSchema.$defs.qualityAction.default as QualityAction;
/** Lowest share of non-null values when a completeness rule leaves `min_ratio` out (the schema's default). */
export const DEFAULT_COMPLETENESS_MIN_RATIO: number =
    specSchema.$defs.completenessRule.properties.min_ratio.default;

/** One rule of a spec's `quality:` block, in the order the spec lists them (by kind, then as written). */
export type QualityRule = { id: string; action: QualityAction; field: string } & (
    | { kind: "completeness"; rule: CompletenessRule & { min_ratio: number } }
    | { kind: "uniqueness"; rule: UniquenessRule }
    | { kind: "value_range"; rule: ValueRangeRule }
    | { kind: "value_set"; rule: ValueSetRule }
    | { kind: "freshness"; rule: FreshnessRule; column: string }
    | { kind: "row_count_change"; rule: RowCountChangeRule }
    | { kind: "custom_sql"; rule: CustomSqlRule }
);

/** Every rule of `spec.quality` with its id, action (defaults applied) and spec field, e.g. `quality.completeness[0]`. */
export function qualityRules(spec: MedallionLakeDatasetSpec): QualityRule[] {
    const q = spec.quality ?? {};
    const action = (a: QualityAction | undefined) => a ?? DEFAULT_QUALITY_ACTION;
    const rules: QualityRule[] = [];
    (q.completeness ?? []).forEach((rule, i) => {
        rules.push({
            kind: "completeness",
            id: `completeness:${rule.column}`,
            action: action(rule.action),
            field: `quality.completeness[${i}]`,
            rule: { ...rule, min_ratio: rule.min_ratio ?? DEFAULT_COMPLETENESS_MIN_RATIO },
        });
    });
    (q.uniqueness ?? []).forEach((rule, i) => {
        rules.push({
            kind: "uniqueness",
            id: `uniqueness:${rule.columns.join("+")}`,
            action: action(rule.action),
            field: `quality.uniqueness[${i}]`,
            rule,
        });
    });
    (q.value_ranges ?? []).forEach((rule, i) => {
        rules.push({
            kind: "value_range",
            id: `value_range:${rule.column}`,
            action: action(rule.action),
            field: `quality.value_ranges[${i}]`,
            rule,
        });
    });
    (q.value_sets ?? []).forEach((rule, i) => {
        rules.push({
            kind: "value_set",
            id: `value_set:${rule.column}`,
            action: action(rule.action),
            field: `quality.value_sets[${i}]`,
            rule,
        });
    });
    if (q.freshness) {
        const column = spec.event_time.column;
        rules.push({
            kind: "freshness",
            id: `freshness:${column}`,
            action: action(q.freshness.action),
            field: "quality.freshness",
            rule: q.freshness,
            column,
        });
    }
    if (q.row_count_change) {
        rules.push({
            kind: "row_count_change",
            id: "row_count_change",
            action: action(q.row_count_change.action),
            field: "quality.row_count_change",
            rule: q.row_count_change,
        });
    }
    (q.custom_sql ?? []).forEach((rule, i) => {
        rules.push({
            kind: "custom_sql",
            id: `custom_sql:${rule.name}`,
            action: action(rule.action),
            field: `quality.custom_sql[${i}]`,
            rule,
        });
    });
    return rules;
}

/** A problem of a `quality:` block: the field, what is wrong and the fix (a `DatasetSpecIssue` without its file). */
export interface QualityProblem {
    field: string;
    problem: string;
    fix: string;
}

/** Spark types no numeric bound applies to. */
const NON_NUMERIC_TYPES = /^(string|boolean|date|timestamp|struct<|array<|map<)/;

/**
 * The rules of a schema-valid `quality:` block JSON Schema cannot express: each rule id once (one rule of a
 * kind per column, one custom SQL rule per name); a value range or custom SQL rule gives `min`, `max` or both,
 * with `min <= max`; a value range is not set on the event-time column or a column `schema` types as
 * non-numeric; a custom SQL statement reads the batch as `primary`.
 */
export function qualityProblems(spec: MedallionLakeDatasetSpec): QualityProblem[] {
    const problems: QualityProblem[] = [];
    const seen = new Map<string, string>();
    const schema = spec.schema ?? {};
    for (const entry of qualityRules(spec)) {
        const earlier = seen.get(entry.id);
        if (earlier !== undefined) {
            problems.push({
                field: entry.field,
                problem: `rule '${entry.id}' is also ${earlier}`,
                fix: "Keep one rule of each kind per column (custom_sql: per name); merge the two.",
            });
        }
        seen.set(entry.id, entry.field);
        if (entry.kind === "value_range" || entry.kind === "custom_sql") {
            const { min, max } = entry.rule;
            if (min === undefined && max === undefined) {
                problems.push({
                    field: entry.field,
                    problem: "neither min nor max is given, so the rule bounds nothing",
                    fix: "Add min, max or both.",
                });
            } else if (min !== undefined && max !== undefined && min > max) {
                problems.push({
                    field: `${entry.field}.min`,
                    problem: `min ${min} is greater than max ${max}, so no value passes`,
                    fix: "Swap them or fix the bound.",
                });
            }
        }
        if (entry.kind === "value_range") {
            const column = entry.rule.column;
            const type = schema[column];
            if (column === spec.event_time.column || (type !== undefined && NON_NUMERIC_TYPES.test(type))) {
                problems.push({
                    field: `${entry.field}.column`,
                    problem: `'${column}' is ${column === spec.event_time.column ? "the event-time column (a timestamp)" : `typed ${type} in schema`}, and a value range bounds numbers`,
                    fix: "Bound a numeric column, or check the event time with quality.freshness.",
                });
            }
        }
        if (entry.kind === "custom_sql" && !/\bprimary\b/i.test(entry.rule.sql)) {
            problems.push({
                field: `${entry.field}.sql`,
                problem: "the statement does not read the table 'primary'",
                fix: "Query the batch as primary, e.g. SELECT COUNT(*) FROM primary WHERE <condition>.",
            });
        }
    }
    return problems;
}
