/**
 * Validation of the recurring schedule expressions EventBridge Scheduler takes: `rate(<value> <unit>)` and
 * `cron(<6 fields>)` (the AWS cron syntax Glue shares, checked by {@link awsCronProblem}). One-time `at(...)`
 * schedules are refused: a recurring source needs a recurring schedule.
 *
 * Follows https://docs.aws.amazon.com/scheduler/latest/UserGuide/schedule-types.html
 */
import { awsCronProblem } from "../../lib/glue-cron";

/** A valid rate expression shown in every error. */
export const RATE_EXAMPLE = "rate(2 minutes)";

/** Units of a rate expression: singular for a value of 1, plural otherwise. */
const RATE_UNITS = { minute: "minutes", hour: "hours", day: "days" } as const;

/**
 * The problem with a recurring EventBridge Scheduler expression, or undefined when it is valid.
 *
 * @example schedulerExpressionProblem("rate(1 minutes)") // "a value of 1 takes the singular unit: rate(1 minute)"
 */
export function schedulerExpressionProblem(expression: string): string | undefined {
    if (expression.startsWith("cron(")) return awsCronProblem(expression);
    if (expression.startsWith("at("))
        return `one-time at(...) schedules do not recur; use e.g. ${RATE_EXAMPLE}`;
    const match = /^rate\((\d+) ([a-z]+)\)$/.exec(expression);
    if (!match)
        return `write rate(<value> <unit>) with unit minute(s), hour(s) or day(s), e.g. ${RATE_EXAMPLE}`;
    const value = Number(match[1]);
    const unit = match[2];
    if (value < 1) return `the rate value must be a positive whole number, e.g. ${RATE_EXAMPLE}`;
    const singular = Object.keys(RATE_UNITS).find((s) => s === unit);
    const plural = Object.entries(RATE_UNITS).find(([, p]) => p === unit)?.[0];
    if (singular === undefined && plural === undefined) {
        return `unknown unit "${unit}"; use minute(s), hour(s) or day(s), e.g. ${RATE_EXAMPLE}`;
    }
    if (value === 1 && plural !== undefined) return `a value of 1 takes the singular unit: rate(1 ${plural})`;
    if (value > 1 && singular !== undefined) {
        return `a value above 1 takes the plural unit: rate(${value} ${RATE_UNITS[singular as keyof typeof RATE_UNITS]})`;
    }
    return undefined;
}
