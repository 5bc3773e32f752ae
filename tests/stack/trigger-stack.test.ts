import * as path from "node:path";
import { expect } from "chai";
import { ETL_JOB_DEFAULTS } from "../../components/etl-job/settings";
import { TRIGGER_LAMBDA_DEFAULTS } from "../../components/trigger-lambda/trigger-lambda";
import { loadDatasetSpecs } from "../../spec/dataset-specs";
import {
    flattenConfig,
    REPO_ROOT,
    type Recorder,
    readStackConfig,
    runProgram,
    TEST_ACCOUNT_ID,
    TEST_REGION,
} from "../support/pulumi-harness";

const PREFIX = "medallion-lake-dev";
const BRONZE = `${PREFIX}-bronze-${TEST_ACCOUNT_ID}-${TEST_REGION}`;
const jobArn = (job: string) => `arn:aws:glue:${TEST_REGION}:${TEST_ACCOUNT_ID}:job/${PREFIX}-${job}`;
/** The datasets dev deploys: every spec but the PostgreSQL source's, whose source is off in dev. */
const SPECS = loadDatasetSpecs(path.join(REPO_ROOT, "datasets"))
    .map((l) => l.spec)
    .filter((s) => s.name !== "transactions");

describe("bronze trigger of the dev stack (index.ts)", () => {
    let recorder: Recorder;
    let outputs: Record<string, unknown>;
    before(async () => {
        ({ recorder, outputs } = await runProgram(readStackConfig("dev"), "dev"));
    });

    it("routes every dataset spec's bronze prefix and suffix to its bronze_to_silver job", () => {
        const fn = recorder.named("bronze-trigger-function", "aws:lambda/function:Function");
        expect(JSON.parse(fn.inputs.environment.variables.DATASET_ROUTES)).to.deep.equal(
            SPECS.map((s) => ({
                dataset: s.name,
                bucket: BRONZE,
                prefix: s.bronze.prefix,
                suffix: s.bronze.suffix,
                jobName: `${PREFIX}-${s.name}-bronze-to-silver`,
            })),
        );
        const notification = recorder.named("bronze-trigger-notification").inputs;
        expect(notification.bucket).to.equal(BRONZE);
        expect(notification.queues.map((q: any) => [q.id, q.filterPrefix, q.filterSuffix])).to.deep.equal(
            SPECS.map((s) => [s.name, s.bronze.prefix, s.bronze.suffix]),
        );
    });

    it("lets the function start the bronze_to_silver jobs only", () => {
        const statements = JSON.parse(recorder.named("bronze-trigger-role-policy").inputs.policy).Statement;
        expect(statements[0]).to.deep.equal({
            Effect: "Allow",
            Action: ["glue:StartJobRun"],
            Resource: SPECS.map((s) => jobArn(`${s.name}-bronze-to-silver`)),
        });
    });

    it("turns job run queuing off on the routed bronze_to_silver jobs only (busy starts go back to SQS)", () => {
        const queuing = (job: string) =>
            recorder.named(`${job}-job`, "aws:glue/job:Job").inputs.jobRunQueuingEnabled as boolean;
        expect(SPECS.map((s) => queuing(`${s.name}-bronze-to-silver`))).to.deep.equal(SPECS.map(() => false));
        // Jobs the trigger does not start keep the EtlJob default.
        expect(ETL_JOB_DEFAULTS.jobRunQueuing).to.equal(true);
        expect(SPECS.map((s) => queuing(`${s.name}-silver-to-gold`))).to.deep.equal(SPECS.map(() => true));
    });

    it("alarms on failed runs of every bronze_to_silver and silver_to_gold job", () => {
        const rule = recorder.named("bronze-trigger-glue-job-failed", "aws:cloudwatch/eventRule:EventRule");
        expect(JSON.parse(rule.inputs.eventPattern).detail.jobName).to.deep.equal(
            SPECS.flatMap((s) => [
                `${PREFIX}-${s.name}-bronze-to-silver`,
                `${PREFIX}-${s.name}-silver-to-gold`,
            ]).sort(),
        );
    });

    it("alarms into the lake's alarm topic when a bronze_to_silver run of any dataset publishes Reconciled = 0", () => {
        const topicArn = `arn:aws:sns:${TEST_REGION}:${TEST_ACCOUNT_ID}:${PREFIX}-lake-alarms`;
        for (const spec of SPECS) {
            const alarm = recorder.named(
                `bronze-trigger-${spec.name}-not-reconciled`,
                "aws:cloudwatch/metricAlarm:MetricAlarm",
            ).inputs;
            expect(alarm, spec.name).to.deep.include({
                name: `${PREFIX}-${spec.name}-not-reconciled`,
                namespace: "MedallionLake/ETL",
                metricName: "Reconciled",
                dimensions: { Dataset: spec.name },
                statistic: "Minimum",
                comparisonOperator: "LessThanThreshold",
                threshold: 1,
                evaluationPeriods: 1,
                period: TRIGGER_LAMBDA_DEFAULTS.alarmPeriodSeconds,
                treatMissingData: "notBreaching",
                alarmActions: [topicArn],
            });
        }
    });

    it("alarms once into the lake's alarm topic when a bronze_to_silver run of any dataset quarantines a bronze object whole", () => {
        const topicArn = `arn:aws:sns:${TEST_REGION}:${TEST_ACCOUNT_ID}:${PREFIX}-lake-alarms`;
        const alarm = recorder.named(
            "bronze-trigger-objects-quarantined",
            "aws:cloudwatch/metricAlarm:MetricAlarm",
        ).inputs;
        expect(alarm).to.deep.include({
            name: `${PREFIX}-objects-quarantined`,
            namespace: "MedallionLake/ETL",
            metricName: "ObjectsQuarantined",
            statistic: "Maximum",
            comparisonOperator: "GreaterThanOrEqualToThreshold",
            threshold: 1,
            evaluationPeriods: 1,
            period: TRIGGER_LAMBDA_DEFAULTS.alarmPeriodSeconds,
            treatMissingData: "notBreaching",
            alarmActions: [topicArn],
        });
        expect(alarm.dimensions).to.equal(undefined);
        for (const spec of SPECS) expect(alarm.alarmDescription, spec.name).to.include(spec.name);
    });

    it("alarms into the lake's alarm topic when a crawl of any bronze crawler ends Failed", () => {
        const topicArn = `arn:aws:sns:${TEST_REGION}:${TEST_ACCOUNT_ID}:${PREFIX}-lake-alarms`;
        const rule = recorder.named(
            "bronze-trigger-glue-crawler-failed",
            "aws:cloudwatch/eventRule:EventRule",
        );
        expect(JSON.parse(rule.inputs.eventPattern)).to.deep.equal({
            source: ["aws.glue"],
            "detail-type": ["Glue Crawler State Change"],
            detail: {
                state: ["Failed"],
                crawlerName: SPECS.map((s) => `${PREFIX}-${s.name}-crawler-bronze`).sort(),
            },
        });
        const target = recorder.named(
            "bronze-trigger-glue-crawler-failed-to-alarms",
            "aws:cloudwatch/eventTarget:EventTarget",
        );
        expect([target.inputs.rule, target.inputs.arn]).to.deep.equal([
            `${PREFIX}-glue-crawler-failed`,
            topicArn,
        ]);
        const policy = JSON.parse(
            recorder.named("bronze-trigger-alarms-policy", "aws:sns/topicPolicy:TopicPolicy").inputs.policy,
        );
        const statement = policy.Statement.find((st: { Sid: string }) => st.Sid === "AllowCrawlerFailedRule");
        expect(statement).to.deep.equal({
            Sid: "AllowCrawlerFailedRule",
            Effect: "Allow",
            Principal: { Service: ["events.amazonaws.com"] },
            Action: ["sns:Publish"],
            Resource: [topicArn],
            Condition: {
                ArnEquals: {
                    "aws:SourceArn": `arn:aws:events:${TEST_REGION}:${TEST_ACCOUNT_ID}:rule/${PREFIX}-glue-crawler-failed`,
                },
                StringEquals: { "aws:SourceAccount": TEST_ACCOUNT_ID },
            },
        });
    });

    it("is the only notification configuration of the bronze bucket", () => {
        const notifications = recorder.ofType("aws:s3/bucketNotification:BucketNotification");
        expect(notifications.map((n) => [n.name, n.inputs.bucket])).to.deep.equal([
            ["bronze-trigger-notification", BRONZE],
        ]);
    });

    it("exports the function, queues and alarm topic", () => {
        expect(outputs.bronzeTrigger).to.deep.equal({
            functionName: `${PREFIX}-bronze-trigger`,
            queueUrl: `https://sqs.${TEST_REGION}.amazonaws.com/${TEST_ACCOUNT_ID}/${PREFIX}-bronze-trigger`,
            deadLetterQueueUrl: `https://sqs.${TEST_REGION}.amazonaws.com/${TEST_ACCOUNT_ID}/${PREFIX}-bronze-trigger-dlq`,
            alarmTopicArn: `arn:aws:sns:${TEST_REGION}:${TEST_ACCOUNT_ID}:${PREFIX}-lake-alarms`,
        });
    });

    it("uses TRIGGER_LAMBDA_DEFAULTS when the stack sets no trigger key", () => {
        const fn = recorder.named("bronze-trigger-function", "aws:lambda/function:Function").inputs;
        expect(fn.timeout).to.equal(TRIGGER_LAMBDA_DEFAULTS.timeoutSeconds);
        expect(fn.reservedConcurrentExecutions).to.equal(TRIGGER_LAMBDA_DEFAULTS.reservedConcurrency);
    });
});

describe("bronze trigger with medallion-lake:trigger and alarms set", () => {
    let recorder: Recorder;
    before(async () => {
        const raw = {
            ...readStackConfig("dev"),
            ...flattenConfig({
                "medallion-lake:trigger": {
                    timeoutSeconds: 120,
                    visibilityTimeoutSeconds: 1800,
                    maxReceiveCount: 5,
                },
                "medallion-lake:alarms": { emails: ["data-oncall@example.com"] },
            }),
        };
        ({ recorder } = await runProgram(raw, "dev"));
    });

    it("passes the config to the component", () => {
        expect(
            recorder.named("bronze-trigger-function", "aws:lambda/function:Function").inputs.timeout,
        ).to.equal(120);
        const queue = recorder.named("bronze-trigger-queue", "aws:sqs/queue:Queue").inputs;
        expect(queue.visibilityTimeoutSeconds).to.equal(1800);
        expect(JSON.parse(queue.redrivePolicy).maxReceiveCount).to.equal(5);
        const subs = recorder.ofType("aws:sns/topicSubscription:TopicSubscription");
        expect(subs.map((s) => s.inputs.endpoint)).to.deep.equal(["data-oncall@example.com"]);
    });
});
