import { expect } from "chai";
import {
    RATE_EXAMPLE,
    schedulerExpressionProblem,
} from "../../../components/postgres-source/scheduler-expression";

describe("EventBridge Scheduler expressions", () => {
    it("accepts rate expressions with the right unit form, and AWS cron", () => {
        for (const expression of [
            "rate(1 minute)",
            "rate(2 minutes)",
            "rate(1 hour)",
            "rate(12 hours)",
            "rate(7 days)",
            "cron(0 * * * ? *)",
        ]) {
            expect(schedulerExpressionProblem(expression), expression).to.equal(undefined);
        }
        expect(schedulerExpressionProblem(RATE_EXAMPLE)).to.equal(undefined);
    });

    it("names the unit form AWS expects", () => {
        expect(schedulerExpressionProblem("rate(1 minutes)")).to.equal(
            "a value of 1 takes the singular unit: rate(1 minute)",
        );
        expect(schedulerExpressionProblem("rate(5 minute)")).to.equal(
            "a value above 1 takes the plural unit: rate(5 minutes)",
        );
    });

    it("refuses zero, unknown units, one-time and malformed schedules", () => {
        expect(schedulerExpressionProblem("rate(0 minutes)")).to.equal(
            "the rate value must be a positive whole number, e.g. rate(2 minutes)",
        );
        expect(schedulerExpressionProblem("rate(2 weeks)")).to.equal(
            'unknown unit "weeks"; use minute(s), hour(s) or day(s), e.g. rate(2 minutes)',
        );
        expect(schedulerExpressionProblem("at(2030-01-01T00:00:00)")).to.equal(
            "one-time at(...) schedules do not recur; use e.g. rate(2 minutes)",
        );
        expect(schedulerExpressionProblem("every 2 minutes")).to.equal(
            "write rate(<value> <unit>) with unit minute(s), hour(s) or day(s), e.g. rate(2 minutes)",
        );
    });

    it("checks cron expressions with the AWS cron rules", () => {
        expect(schedulerExpressionProblem("cron(0 * * * * *)")).to.match(
            /put \? in exactly one of day-of-month and day-of-week/,
        );
    });
});
