/**
 * Validation of the AWS cron expressions Glue triggers and crawlers take as `schedule`:
 * `cron(<minutes> <hours> <day-of-month> <month> <day-of-week> <year>)`, evaluated in UTC.
 *
 * AWS-specific rules checked here: six fields inside `cron(...)`; `?` in exactly one of day-of-month and
 * day-of-week; day-of-week counts 1-7 from Sunday (`SUN`-`SAT`); `W` (nearest weekday) in day-of-month;
 * years 1970-2199. The ranges, lists, steps, `L` and `#` of each field are then checked with the
 * `cron-parser` library after translating the field to its syntax.
 *
 * Follows https://docs.aws.amazon.com/glue/latest/dg/monitor-data-warehouse-schedule.html and
 * https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-scheduled-rule-pattern.html#eb-cron-expressions
 */

import { CronExpressionParser } from "cron-parser";
import { type Problem, problem } from "./problems";

/** A valid schedule every error message shows: 02:15 UTC every day. */
export const AWS_CRON_EXAMPLE = "cron(15 2 * * ? *)";

/** The six fields of an AWS cron expression, in order. */
export const AWS_CRON_FIELDS = ["minutes", "hours", "day-of-month", "month", "day-of-week", "year"] as const;
/** One field of an AWS cron expression. */
export type AwsCronField = (typeof AWS_CRON_FIELDS)[number];

/** Years AWS accepts in the year field. */
export const AWS_CRON_YEAR_RANGE = { min: 1970, max: 2199 } as const;

/** Characters each field may contain (before range checks). `H` and seconds are not AWS syntax. */
const FIELD_CHARACTERS: Record<AwsCronField, RegExp> = {
    minutes: /^[0-9,\-*/]+$/,
    hours: /^[0-9,\-*/]+$/,
    "day-of-month": /^[0-9,\-*/?LW]+$/,
    month: /^[0-9A-Za-z,\-*/]+$/,
    "day-of-week": /^[0-9A-Za-z,\-*/?L#]+$/,
    year: /^[0-9,\-*/]+$/,
};

/** Where each AWS field sits in a five-field `cron-parser` expression whose other fields are `*`. */
const PARSER_POSITION: Record<Exclude<AwsCronField, "year">, number> = {
    minutes: 0,
    hours: 1,
    "day-of-month": 2,
    month: 3,
    "day-of-week": 4,
};

const DAY_NAMES = ["SUN", "MON", "TUE", "WED", "THU", "FRI", "SAT"];

/**
 * The problem with an AWS cron schedule given as `option`, or undefined when AWS accepts it. The fix names
 * the offending cron field and shows {@link AWS_CRON_EXAMPLE}.
 *
 * @param option - the argument that held the expression, e.g. `schedule` or `crawlers[0].schedule`.
 * @param expression - e.g. `cron(0 3 ? * MON-FRI *)`.
 */
export function awsCronScheduleProblem(option: string, expression: string): Problem | undefined {
    const fix = awsCronProblem(expression);
    if (fix === undefined) return undefined;
    return problem(option, expression, `not a valid AWS cron schedule: ${fix}. Example: ${AWS_CRON_EXAMPLE}`);
}

/** The first problem of an AWS cron expression, or undefined when AWS accepts it. */
export function awsCronProblem(expression: string): string | undefined {
    const match = /^cron\((.*)\)$/.exec(expression.trim());
    if (!match) {
        return "write it as cron(<minutes> <hours> <day-of-month> <month> <day-of-week> <year>)";
    }
    const parts = match[1].trim().split(/\s+/);
    if (parts.length !== AWS_CRON_FIELDS.length) {
        return `expected 6 fields (${AWS_CRON_FIELDS.join(" ")}), got ${parts.length}`;
    }
    const fields = Object.fromEntries(AWS_CRON_FIELDS.map((name, i) => [name, parts[i]])) as Record<
        AwsCronField,
        string
    >;
    for (const name of AWS_CRON_FIELDS) {
        if (!FIELD_CHARACTERS[name].test(fields[name])) {
            return `${name} field ${JSON.stringify(fields[name])} has characters AWS does not accept there`;
        }
    }
    const domIsAny = fields["day-of-month"] === "?";
    const dowIsAny = fields["day-of-week"] === "?";
    if (domIsAny === dowIsAny) {
        return "put ? in exactly one of day-of-month and day-of-week (AWS cannot combine both, nor leave both open)";
    }
    for (const name of ["minutes", "hours", "day-of-month", "month", "day-of-week"] as const) {
        const value = fields[name];
        if (value === "?") continue;
        const translated = translateField(name, value);
        if (translated.problem !== undefined)
            return `${name} field ${JSON.stringify(value)}: ${translated.problem}`;
        const parserFields = ["*", "*", "*", "*", "*"];
        parserFields[PARSER_POSITION[name]] = translated.value;
        try {
            CronExpressionParser.parse(parserFields.join(" "), { strict: false });
        } catch (error) {
            return `${name} field ${JSON.stringify(value)}: ${(error as Error).message}`;
        }
    }
    return yearProblem(fields.year);
}

/** Translates one AWS field to `cron-parser` syntax (day-of-week 1-7 to 0-6, `nW` to `n`). */
function translateField(name: AwsCronField, value: string): { value: string; problem?: string } {
    if (name === "day-of-month") {
        const items = value.split(",");
        const out: string[] = [];
        for (const item of items) {
            const weekday = /^(\d+)W$/.exec(item);
            if (weekday) {
                if (items.length > 1) return { value, problem: "W cannot be combined with a list" };
                out.push(weekday[1]);
            } else if (item.includes("W")) {
                return { value, problem: "W takes one day number, e.g. 15W (the weekday nearest the 15th)" };
            } else {
                out.push(item);
            }
        }
        return { value: out.join(",") };
    }
    if (name === "day-of-week") {
        const out: string[] = [];
        for (const item of value.split(",")) {
            const translated = translateDayOfWeekItem(item);
            if (translated.problem !== undefined) return translated;
            out.push(translated.value);
        }
        return { value: out.join(",") };
    }
    return { value };
}

/** One list item of day-of-week: `*`, `D`, `D-D`, `D/S`, `D-D/S`, `* /S`, `DL` or `D#N`, D in 1-7 or SUN-SAT. */
function translateDayOfWeekItem(item: string): { value: string; problem?: string } {
    const match = /^(\*|(?:\d+|[A-Za-z]+?)(?:-(?:\d+|[A-Za-z]+?))?)(\/\d+|L|#\d+)?$/.exec(item);
    if (!match) return { value: item, problem: `cannot read ${JSON.stringify(item)}` };
    const [, range, suffix = ""] = match;
    if (range === "*") return { value: `*${suffix}` };
    const days: string[] = [];
    for (const day of range.split("-")) {
        if (/^\d+$/.test(day)) {
            const n = Number(day);
            if (n < 1 || n > 7) return { value: item, problem: `day ${n} is outside 1-7 (1 = SUN, 7 = SAT)` };
            days.push(String(n - 1));
        } else if (DAY_NAMES.includes(day.toUpperCase())) {
            days.push(day.toUpperCase());
        } else {
            return { value: item, problem: `unknown day ${JSON.stringify(day)}; use 1-7 or SUN-SAT` };
        }
    }
    return { value: `${days.join("-")}${suffix}` };
}

/** Checks the year field: `*`, years, ranges, lists and steps within {@link AWS_CRON_YEAR_RANGE}. */
function yearProblem(value: string): string | undefined {
    const { min, max } = AWS_CRON_YEAR_RANGE;
    for (const item of value.split(",")) {
        const match = /^(\*|\d{4}(?:-\d{4})?)(?:\/(\d+))?$/.exec(item);
        if (!match) return `year field ${JSON.stringify(value)}: use *, a year, a range or a list of them`;
        if (match[2] !== undefined && Number(match[2]) < 1)
            return `year field ${JSON.stringify(value)}: step must be at least 1`;
        if (match[1] === "*") continue;
        const years = match[1].split("-").map(Number);
        for (const year of years) {
            if (year < min || year > max)
                return `year field ${JSON.stringify(value)}: ${year} is outside ${min}-${max}`;
        }
        if (years.length === 2 && years[0] > years[1]) {
            return `year field ${JSON.stringify(value)}: range ${match[1]} runs backwards`;
        }
    }
    return undefined;
}
