import { expect } from "chai";
import { TRIGGER_LAMBDA_DEFAULTS } from "../../components/trigger-lambda/trigger-lambda";
import { parseStackConfig, StackConfigError } from "../../config/stack-config";
import { formatProblem } from "../../lib/problems";
import { flattenConfig } from "../support/pulumi-harness";

const BASE = { "aws:region": "eu-west-1", "aws:allowedAccountIds": ["123456789012"] };

function parse(extra: Record<string, unknown>) {
    return parseStackConfig(flattenConfig({ ...BASE, ...extra }), "medallion-lake", "test");
}

function problemsOf(extra: Record<string, unknown>): string[] {
    try {
        parse(extra);
    } catch (err) {
        if (err instanceof StackConfigError) return err.problems.map(formatProblem);
        throw err;
    }
    throw new Error("expected a StackConfigError");
}

describe("stack config: trigger and alarms", () => {
    it("defaults every trigger setting from TRIGGER_LAMBDA_DEFAULTS and subscribes no email", () => {
        const config = parse({});
        expect(config.trigger).to.deep.equal({
            memoryMb: 256,
            timeoutSeconds: 60,
            reservedConcurrency: 2,
            maximumConcurrency: 2,
            batchSize: 100,
            maximumBatchingWindowSeconds: 30,
            maxReceiveCount: 10,
            visibilityTimeoutSeconds: 900,
            queueRetentionSeconds: 345600,
            deadLetterRetentionSeconds: 1209600,
            logRetentionDays: 30,
            alarmPeriodSeconds: 300,
            queueAgeAlarmSeconds: 1800,
            pendingRunAgeAlarmSeconds: 3900,
        });
        expect(config.trigger.memoryMb).to.equal(TRIGGER_LAMBDA_DEFAULTS.memoryMb);
        expect(config.alarms).to.deep.equal({ emails: [] });
    });

    it("keeps set values and fills the rest", () => {
        const config = parse({
            "medallion-lake:trigger": { timeoutSeconds: 120, visibilityTimeoutSeconds: 1800 },
            "medallion-lake:alarms": { emails: ["data-oncall@example.com"] },
        });
        expect(config.trigger).to.include({
            timeoutSeconds: 120,
            visibilityTimeoutSeconds: 1800,
            batchSize: 100,
        });
        expect(config.alarms.emails).to.deep.equal(["data-oncall@example.com"]);
    });

    it("reports the component's cross-field rules under the full key", () => {
        expect(problemsOf({ "medallion-lake:trigger": { timeoutSeconds: 300 } })).to.deep.equal([
            "medallion-lake:trigger.visibilityTimeoutSeconds: got 900; it must be at least 6 x timeoutSeconds (300) + maximumBatchingWindowSeconds (30) = 1830, as AWS recommends for SQS event sources",
        ]);
        expect(problemsOf({ "medallion-lake:trigger": { reservedConcurrency: 1 } })).to.deep.equal([
            "medallion-lake:trigger.reservedConcurrency: got 1; it must be at least maximumConcurrency (2), else Lambda throttles the event source's batches",
        ]);
    });

    it("refuses fractions, unknown keys, bad and repeated emails", () => {
        expect(problemsOf({ "medallion-lake:trigger": { memoryMb: 256.5 } })).to.deep.equal([
            "medallion-lake:trigger.memoryMb: got 256.5; must be a whole number",
        ]);
        expect(problemsOf({ "medallion-lake:trigger": { timeout: 30 } })[0]).to.match(
            /^medallion-lake:trigger\.timeout: unknown key/,
        );
        expect(
            problemsOf({ "medallion-lake:alarms": { emails: ["oncall", "a@example.com", "a@example.com"] } }),
        ).to.deep.equal([
            'medallion-lake:alarms.emails.0: got "oncall"; must be an email address such as data-oncall@example.com',
            'medallion-lake:alarms.emails.2: got "a@example.com" again; list each address once',
        ]);
    });
});
