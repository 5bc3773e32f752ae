/**
 * Runs per month of a schedule expression, for the cost estimate: the AWS cron expressions Glue triggers
 * and crawlers take (`cron(<minutes> <hours> <day-of-month> <month> <day-of-week> <year>)`, UTC) and the
 * `rate(<n> <unit>)` expressions of EventBridge. The `cron-parser` library counts a cron expression's times
 * in one day (its minutes and hours) and the days of one non-leap year it runs on (its day fields); their
 * product over 12 is the runs per month.
 *
 * Follows https://docs.aws.amazon.com/glue/latest/dg/monitor-data-warehouse-schedule.html and
 * https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-scheduled-rule-pattern.html
 */
import { CronExpressionParser } from "cron-parser";

/** The year whose occurrences are counted (non-leap, so a month is 365/12 days). */
const REFERENCE_YEAR = 2027;

const RATE_UNIT_MINUTES: Record<string, number> = { minute: 1, hour: 60, day: 1440 };

/** A day-of-week item in AWS numbering (1 = SUN ... 7 = SAT) moved to cron-parser's (0 = SUN ... 6 = SAT). */
function shiftDayNumbers(item: string): string {
    return item.replace(/^(\d+)(?:-(\d+))?/, (_m, from: string, to?: string) =>
        to === undefined ? String(Number(from) - 1) : `${Number(from) - 1}-${Number(to) - 1}`,
    );
}

/**
 * The five-field `cron-parser` expression of an AWS cron expression: `?` becomes `*`, day-of-week numbers
 * count from 0, and `nW` (the weekday nearest day n) counts as day n, which runs as often. The year field
 * is dropped: a schedule limited to some years is counted as if it ran every year.
 * @throws Error naming the expression when it is not `cron(...)` with six fields.
 */
export function cronParserExpression(expression: string): string {
    const match = /^cron\((.*)\)$/.exec(expression.trim());
    const fields = match?.[1].trim().split(/\s+/) ?? [];
    if (fields.length !== 6) {
        throw new Error(
            `schedule ${JSON.stringify(expression)}: write it as cron(<minutes> <hours> <day-of-month> <month> <day-of-week> <year>)`,
        );
    }
    const [minutes, hours, dayOfMonth, month, dayOfWeek] = fields;
    const dom = dayOfMonth === "?" ? "*" : dayOfMonth.replace(/^(\d+)W$/, "$1");
    const dow = dayOfWeek === "?" ? "*" : dayOfWeek.split(",").map(shiftDayNumbers).join(",");
    return [minutes, hours, dom, month, dow].join(" ");
}

const DAY_MS = 86_400_000;

/** Occurrences of a five-field cron-parser expression in [from, to), UTC epoch milliseconds. */
function occurrences(expression: string, from: number, to: number): number {
    const interval = CronExpressionParser.parse(expression, {
        currentDate: new Date(from - 1),
        endDate: new Date(to - 1),
        tz: "UTC",
    });
    let count = 0;
    while (interval.hasNext()) {
        interval.next();
        count++;
    }
    return count;
}

/**
 * Average runs per month of a schedule: `cron(...)` occurrences in a year over 12, or the month's
 * minutes over a `rate(...)` interval.
 * @throws Error naming the expression when it is neither form, or cron-parser cannot read it.
 */
export function runsPerMonth(expression: string, hoursPerMonth: number): number {
    const rate = /^rate\((\d+)\s+(minute|hour|day)s?\)$/.exec(expression.trim());
    if (rate) return (hoursPerMonth * 60) / (Number(rate[1]) * RATE_UNIT_MINUTES[rate[2]]);
    if (!expression.trim().startsWith("cron(")) {
        throw new Error(`schedule ${JSON.stringify(expression)}: expected cron(...) or rate(<n> <unit>)`);
    }
    const [minutes, hours, dayOfMonth, month, dayOfWeek] = cronParserExpression(expression).split(" ");
    const start = Date.UTC(REFERENCE_YEAR, 0, 1);
    const timesPerDay = occurrences(`${minutes} ${hours} * * *`, start, start + DAY_MS);
    const days = occurrences(
        `0 0 ${dayOfMonth} ${month} ${dayOfWeek}`,
        start,
        Date.UTC(REFERENCE_YEAR + 1, 0, 1),
    );
    const runs = timesPerDay * days;
    return runs / 12;
}
