/**
 * Compiles a dataset spec's `quality:` rules (`spec/quality-rules.ts`) to an AWS Glue Data Quality ruleset
 * in DQDL, at plan time: the text of the `aws.glue.DataQualityRuleset` and of the bronze_to_silver job's
 * `--quality_ruleset` argument.
 *
 * One rule per line, each preceded by a `//` comment holding `{"id": ..., "action": ...}` (DQDL skips
 * comments), so the job maps each outcome row of `EvaluateDataQuality` back to the spec's rule without a
 * second copy of the compiler (`glue/medallion_glue/quality/glue_evaluator.py` parses these lines).
 *
 * | rule | DQDL |
 * |---|---|
 * | completeness | `Completeness "c" >= <min_ratio>` |
 * | uniqueness | `IsUnique "a" "b"` |
 * | value range | `ColumnValues "c" >= <min>`, `<= <max>`, both as `(...) AND (...)`; `= <v>` when min = max |
 * | value set | `ColumnValues "c" in ["a","b"]` |
 * | freshness | `DataFreshness "<event time>" <= <n> hours` (or `days`) |
 * | row-count change | `(RowCount >= avg(last(1)) * <1-r>) AND (RowCount <= avg(last(1)) * <1+r>)` |
 * | custom SQL | `CustomSql "<sql>"` with the bounds of a value range |
 *
 * Bounds are inclusive: DQDL's `between` is exclusive, so it is never used. Strings are quoted with `\"`
 * and `\\` escaped (DQDL's QUOTED_STRING). Follows https://docs.aws.amazon.com/glue/latest/dg/dqdl.html
 */
import type { MedallionLakeDatasetSpec } from "../../spec/dataset-spec.types";
import { type QualityRule, qualityRules } from "../../spec/quality-rules";

/** Where a ruleset runs. */
export type DqdlTarget =
    /** In the bronze_to_silver job on the batch it wrote (`EvaluateDataQuality`): every rule. */
    | "job"
    /**
     * Attached to the silver table in the Data Catalog (a catalog evaluation scans the whole table):
     * without `row_count_change`, a dynamic rule (`last(1)`), which AWS supports in Glue ETL only.
     */
    | "catalog";

/** Rule kinds left out of a {@link DqdlTarget} `catalog` ruleset. */
export const JOB_ONLY_KINDS: readonly QualityRule["kind"][] = ["row_count_change"];

/** A DQDL string literal: `"` and `\` escaped. */
export function dqdlString(value: string): string {
    return `"${value.replace(/\\/g, "\\\\").replace(/"/g, '\\"')}"`;
}

/**
 * A number as DQDL's lexer reads it (`INT` or `INT.INT`, an optional leading `-`): never exponent notation.
 * @throws Error for NaN or infinite values.
 */
export function dqdlNumber(value: number): string {
    if (!Number.isFinite(value)) throw new Error(`dqdlNumber: ${value} is not a finite number`);
    const text = String(value);
    if (!/e/i.test(text)) return text;
    if (Number.isInteger(value)) return BigInt(value).toString();
    return value.toFixed(20).replace(/\.?0+$/, "");
}

/** `subject` bounded by inclusive `min` and/or `max` (at least one is given; the spec checks say so). */
function bounded(subject: string, min: number | undefined, max: number | undefined): string {
    if (min !== undefined && max !== undefined) {
        if (min === max) return `${subject} = ${dqdlNumber(min)}`;
        return `(${subject} >= ${dqdlNumber(min)}) AND (${subject} <= ${dqdlNumber(max)})`;
    }
    if (min !== undefined) return `${subject} >= ${dqdlNumber(min)}`;
    if (max !== undefined) return `${subject} <= ${dqdlNumber(max)}`;
    throw new Error(`${subject}: give min, max or both`);
}

/** The DQDL text of one rule (no comment, no trailing comma). */
export function dqdlRule(entry: QualityRule): string {
    switch (entry.kind) {
        case "completeness":
            return `Completeness ${dqdlString(entry.rule.column)} >= ${dqdlNumber(entry.rule.min_ratio)}`;
        case "uniqueness":
            return `IsUnique ${entry.rule.columns.map(dqdlString).join(" ")}`;
        case "value_range":
            return bounded(`ColumnValues ${dqdlString(entry.rule.column)}`, entry.rule.min, entry.rule.max);
        case "value_set":
            return `ColumnValues ${dqdlString(entry.rule.column)} in [${entry.rule.values.map(dqdlString).join(",")}]`;
        case "freshness":
            return `DataFreshness ${dqdlString(entry.column)} <= ${entry.rule.max_age} ${entry.rule.unit}`;
        case "row_count_change": {
            const r = entry.rule.max_change_ratio;
            const low = dqdlNumber(Math.max(0, round(1 - r)));
            return `(RowCount >= avg(last(1)) * ${low}) AND (RowCount <= avg(last(1)) * ${dqdlNumber(round(1 + r))})`;
        }
        case "custom_sql":
            return bounded(`CustomSql ${dqdlString(entry.rule.sql)}`, entry.rule.min, entry.rule.max);
    }
}

/** 1 ± r without binary noise (0.7 rather than 0.7000000000000001). */
function round(value: number): number {
    return Number(value.toPrecision(12));
}

/**
 * The DQDL ruleset of a spec's `quality:` rules for `target`, or `undefined` when there is none (no
 * `quality:` block, or only job-only rules for a catalog ruleset).
 *
 * ```text
 * Rules = [
 *     // {"id":"completeness:origin","action":"fail"}
 *     Completeness "origin" >= 1,
 *     ...
 * ]
 * ```
 */
export function compileDqdl(spec: MedallionLakeDatasetSpec, target: DqdlTarget = "job"): string | undefined {
    const rules = qualityRules(spec).filter((r) => target === "job" || !JOB_ONLY_KINDS.includes(r.kind));
    if (rules.length === 0) return undefined;
    const lines = rules.map(
        (r, i) =>
            `    // ${JSON.stringify({ id: r.id, action: r.action })}\n    ${dqdlRule(r)}${i === rules.length - 1 ? "" : ","}`,
    );
    return `Rules = [\n${lines.join("\n")}\n]\n`;
}
