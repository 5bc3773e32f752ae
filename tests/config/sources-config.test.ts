import { expect } from "chai";
import { EVENT_STREAM_SOURCE_DEFAULTS } from "../../components/event-stream-source/event-stream-source";
import {
    POSTGRES_SOURCE_DEFAULTS,
    resolvePostgresSourceSettings,
} from "../../components/postgres-source/postgres-source";
import { SOURCES_CONFIG_DEFAULTS, toPostgresSourceOptions } from "../../config/sources";
import { parseStackConfig, StackConfigError } from "../../config/stack-config";
import { formatProblem } from "../../lib/problems";
import { flattenConfig } from "../support/pulumi-harness";

const BASE = { "aws:region": "eu-west-1", "aws:allowedAccountIds": ["123456789012"] };

function parse(sources: unknown) {
    return parseStackConfig(
        flattenConfig({ ...BASE, "medallion-lake:sources": sources }),
        "medallion-lake",
        "test",
    );
}

function problemsOf(sources: unknown): string[] {
    try {
        parse(sources);
    } catch (err) {
        if (err instanceof StackConfigError) return err.problems.map(formatProblem);
        throw err;
    }
    throw new Error("expected a StackConfigError");
}

describe("stack config: medallion-lake:sources", () => {
    it("turns both sources off and takes the event stream defaults from EVENT_STREAM_SOURCE_DEFAULTS", () => {
        const config = parseStackConfig(flattenConfig(BASE), "medallion-lake", "test");
        expect(config.sources.eventStream).to.deep.equal({
            enabled: false,
            dataset: "tweets",
            bufferingSizeMiB: EVENT_STREAM_SOURCE_DEFAULTS.bufferingSizeMiB,
            bufferingIntervalSeconds: EVENT_STREAM_SOURCE_DEFAULTS.bufferingIntervalSeconds,
            logRetentionDays: EVENT_STREAM_SOURCE_DEFAULTS.logRetentionDays,
        });
        expect(config.sources.postgres.enabled).to.equal(false);
        expect(SOURCES_CONFIG_DEFAULTS).to.deep.equal({
            eventStreamEnabled: false,
            postgresEnabled: false,
            postgresDataset: "transactions",
        });
    });

    it("leaves unset PostgreSQL settings to the component, which applies POSTGRES_SOURCE_DEFAULTS", () => {
        const config = parse({ postgres: { enabled: true, database: { instanceClass: "db.t4g.small" } } });
        const settings = resolvePostgresSourceSettings("t", toPostgresSourceOptions(config.sources.postgres));
        expect(settings.database.instanceClass).to.equal("db.t4g.small");
        expect(settings.database.engineVersion).to.equal(POSTGRES_SOURCE_DEFAULTS.database.engineVersion);
        expect(settings.network.natGateways).to.equal("None");
        expect(settings.simulator.schedule).to.equal("rate(2 minutes)");
        expect(settings.ingestion.schedule).to.equal("cron(0 * * * ? *)");
    });

    it("reports the component's own checks under the full config key", () => {
        expect(problemsOf({ postgres: { network: { cidrBlock: "10.0.0.0/8" } } })).to.deep.equal([
            'medallion-lake:sources.postgres.network.cidrBlock: got "10.0.0.0/8"; use an IPv4 CIDR from /16 to /24, e.g. "10.42.0.0/16"',
        ]);
        expect(problemsOf({ postgres: { simulator: { schedule: "rate(1 minutes)" } } })).to.deep.equal([
            'medallion-lake:sources.postgres.simulator.schedule: got "rate(1 minutes)"; a value of 1 takes the singular unit: rate(1 minute)',
        ]);
        expect(problemsOf({ postgres: { network: { natGateways: "Double" } } })).to.deep.equal([
            'medallion-lake:sources.postgres.network.natGateways: got "Double"; use one of None, Single, OnePerAz',
        ]);
    });

    it("names unknown keys and values of the wrong type", () => {
        expect(problemsOf({ postgres: { databse: {} } })).to.deep.equal([
            "medallion-lake:sources.postgres.databse: unknown key; remove it or fix its spelling (see the configuration reference in README.md)",
        ]);
        const [problem] = problemsOf({ postgres: { database: { multiAz: "yes" } } });
        expect(problem).to.match(
            /^medallion-lake:sources\.postgres\.database\.multiAz: got "yes"; .*boolean/,
        );
    });

    it("refuses event stream settings outside Firehose's ranges, or a key without its stream", () => {
        const [size] = problemsOf({ eventStream: { bufferingSizeMiB: 200 } });
        expect(size).to.match(/^medallion-lake:sources\.eventStream\.bufferingSizeMiB: got 200; .*128/);
        expect(
            problemsOf({
                eventStream: {
                    kinesisStreamKeyArn:
                        "arn:aws:kms:eu-west-1:123456789012:key/0d6f3c1e-2b7a-4c55-9f0e-6a1b2c3d4e5f",
                },
            }),
        ).to.deep.equal([
            'medallion-lake:sources.eventStream.kinesisStreamKeyArn: got "arn:aws:kms:eu-west-1:123456789012:key/0d6f3c1e-2b7a-4c55-9f0e-6a1b2c3d4e5f"; is set without kinesisStreamArn; set the stream too, or remove the key',
        ]);
        const [retention] = problemsOf({ eventStream: { logRetentionDays: 45 } });
        expect(retention).to.match(
            /^medallion-lake:sources\.eventStream\.logRetentionDays: got 45; CloudWatch Logs accepts only .*; use 30 or 60$/,
        );
    });
});
