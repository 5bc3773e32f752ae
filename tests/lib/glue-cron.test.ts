import { expect } from "chai";
import { AWS_CRON_EXAMPLE, awsCronProblem, awsCronScheduleProblem } from "../../lib/glue-cron";

describe("AWS cron schedules (lib/glue-cron.ts)", () => {
    it("accepts the schedules AWS documents", () => {
        for (const expression of [
            AWS_CRON_EXAMPLE,
            "cron(15 12 * * ? *)",
            "cron(0 18 ? * MON-FRI *)",
            "cron(0 8 1 * ? *)",
            "cron(0/15 * * * ? *)",
            "cron(0/10 * ? * MON-FRI *)",
            "cron(0/5 8-17 ? * MON-FRI *)",
            "cron(0 9 ? * 2#1 *)",
            "cron(0 0 L * ? *)",
            "cron(0 0 ? * 6L *)",
            "cron(0 0 15W * ? *)",
            "cron(0 10 * * ? 2026-2030)",
            "cron(30 1 ? * 1,7 *)",
        ]) {
            expect(awsCronProblem(expression), expression).to.equal(undefined);
        }
    });

    it("requires cron(...) with six fields", () => {
        expect(awsCronProblem("0 3 * * ? *")).to.equal(
            "write it as cron(<minutes> <hours> <day-of-month> <month> <day-of-week> <year>)",
        );
        expect(awsCronProblem("cron(0 3 * * ?)")).to.equal(
            "expected 6 fields (minutes hours day-of-month month day-of-week year), got 5",
        );
    });

    it("requires ? in exactly one of day-of-month and day-of-week", () => {
        const message =
            "put ? in exactly one of day-of-month and day-of-week (AWS cannot combine both, nor leave both open)";
        expect(awsCronProblem("cron(0 3 * * * *)")).to.equal(message);
        expect(awsCronProblem("cron(0 3 ? * ? *)")).to.equal(message);
        expect(awsCronProblem("cron(0 3 1 * MON *)")).to.equal(message);
    });

    it("names the field and the range a value breaks", () => {
        expect(awsCronProblem("cron(60 3 * * ? *)")).to.equal(
            'minutes field "60": Constraint error, got value 60 expected range 0-59',
        );
        expect(awsCronProblem("cron(0 3 32 * ? *)")).to.equal(
            'day-of-month field "32": Constraint error, got value 32 expected range 1-31',
        );
        expect(awsCronProblem("cron(0 3 ? 13 * *)")).to.match(/^month field "13": Constraint error/);
        expect(awsCronProblem("cron(0 3 ? * 0 *)")).to.equal(
            'day-of-week field "0": day 0 is outside 1-7 (1 = SUN, 7 = SAT)',
        );
        expect(awsCronProblem("cron(0 3 ? * 2#6 *)")).to.match(/^day-of-week field "2#6": .*occurrence/);
        expect(awsCronProblem("cron(0 3 * * ? 1969)")).to.equal(
            'year field "1969": 1969 is outside 1970-2199',
        );
        expect(awsCronProblem("cron(0 3 * * ? 2030-2026)")).to.equal(
            'year field "2030-2026": range 2030-2026 runs backwards',
        );
    });

    it("refuses syntax AWS does not accept: H, seconds-style tokens, W lists, unknown day names", () => {
        expect(awsCronProblem("cron(H 3 * * ? *)")).to.equal(
            'minutes field "H" has characters AWS does not accept there',
        );
        expect(awsCronProblem("cron(0 3 1W,15 * ? *)")).to.equal(
            'day-of-month field "1W,15": W cannot be combined with a list',
        );
        expect(awsCronProblem("cron(0 3 ? * FUN *)")).to.equal(
            'day-of-week field "FUN": unknown day "FUN"; use 1-7 or SUN-SAT',
        );
    });

    it("reports a bad schedule as a problem naming the option and showing a valid example", () => {
        const problem = awsCronScheduleProblem("etl.schedule", "cron(0 3 * * * *)");
        expect(problem).to.deep.equal({
            option: "etl.schedule",
            got: '"cron(0 3 * * * *)"',
            fix: "not a valid AWS cron schedule: put ? in exactly one of day-of-month and day-of-week (AWS cannot combine both, nor leave both open). Example: cron(15 2 * * ? *)",
        });
        expect(awsCronScheduleProblem("x", "cron(0 3 * * ? *)")).to.equal(undefined);
    });
});
