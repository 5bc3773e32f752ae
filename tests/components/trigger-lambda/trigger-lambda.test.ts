import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import * as path from "node:path";
import * as pulumi from "@pulumi/pulumi";
import { expect } from "chai";
import {
    GLUE_CRAWLER_FAILURE_STATE,
    GLUE_JOB_FAILURE_STATES,
    glueCrawlerFailurePattern,
    glueJobFailurePattern,
    OBJECTS_QUARANTINED_METRIC_NAME,
    QUARANTINE_GUARD_METRIC_NAME,
    RECONCILED_METRIC_DIMENSION,
    RECONCILED_METRIC_NAME,
} from "../../../components/trigger-lambda/alarms";
import { readJobRuns } from "../../../components/trigger-lambda/iam";
import {
    datasetRoutesEnvironment,
    LAMBDA_ENVIRONMENT_MAX_BYTES,
    TRIGGER_SERVICE_NAME_ENV,
    triggerFunctionVariables,
} from "../../../components/trigger-lambda/routes";
import {
    minimumVisibilityTimeoutSeconds,
    OBJECTS_QUARANTINED_ALARM_DEFAULTS,
    QUARANTINE_GUARD_ALARM_DEFAULTS,
    RECONCILED_ALARM_DEFAULTS,
    VISIBILITY_TIMEOUT_FUNCTION_TIMEOUT_MULTIPLE,
} from "../../../components/trigger-lambda/settings";
import {
    TRIGGER_ARCHITECTURE,
    TRIGGER_LAMBDA_DEFAULTS,
    TRIGGER_RUNTIME,
    TriggerLambda,
    type TriggerLambdaArgs,
} from "../../../components/trigger-lambda/trigger-lambda";
import { BUNDLE_FILE_NAME, BUNDLE_HANDLER } from "../../../lambdas/build";
import {
    DATASET_ROUTES_ENV,
    TRIGGER_METRIC_NAMES,
    TRIGGER_METRICS_NAMESPACE,
} from "../../../lambdas/trigger/defaults";
import { ETL_METRICS_NAMESPACE } from "../../../lib/glue-job-contract";
import { PARLIAMENT_JUSTIFIED_FINDINGS } from "../../../lib/iam";
import { evaluatePolicies } from "../../../policies/evaluate";
import { collectIamDocuments } from "../../../policies/lib/iam-documents";
import { justificationFor } from "../../../policies/lib/parliament";
import { runParliament } from "../../policies/support/parliament-runner";
import { evaluatedResources } from "../../policies/support/stacks";
import { documentedDefaults } from "../../support/docs-defaults";
import {
    REPO_ROOT,
    type RecordedResource,
    type Recorder,
    resolve,
    settle,
    setupPulumiMocks,
    TEST_ACCOUNT_ID,
    TEST_REGION,
} from "../../support/pulumi-harness";

const BRONZE = `medallion-lake-test-bronze-${TEST_ACCOUNT_ID}-${TEST_REGION}`;
const BRONZE_ARN = `arn:aws:s3:::${BRONZE}`;
const KEY_ARN = `arn:aws:kms:${TEST_REGION}:${TEST_ACCOUNT_ID}:key/11111111-2222-3333-4444-555555555555`;
const jobArn = (job: string) => `arn:aws:glue:${TEST_REGION}:${TEST_ACCOUNT_ID}:job/${job}`;
const QUEUE_ARN = `arn:aws:sqs:${TEST_REGION}:${TEST_ACCOUNT_ID}:medallion-lake-test-bronze-trigger`;
const DLQ_ARN = `arn:aws:sqs:${TEST_REGION}:${TEST_ACCOUNT_ID}:medallion-lake-test-bronze-trigger-dlq`;
const FUNCTION_NAME = "medallion-lake-test-bronze-trigger";
const LOG_GROUP_ARN = `arn:aws:logs:${TEST_REGION}:${TEST_ACCOUNT_ID}:log-group:/aws/lambda/${FUNCTION_NAME}`;
const STUB_CODE = new pulumi.asset.AssetArchive({
    [BUNDLE_FILE_NAME]: new pulumi.asset.StringAsset(
        "exports.handler = async () => ({ batchItemFailures: [] });",
    ),
});

const ROUTES = [
    {
        dataset: "flights",
        prefix: "flights/",
        suffix: ".csv",
        jobName: "flights-silver",
        jobArn: jobArn("flights-silver"),
    },
    {
        dataset: "sales",
        prefix: "sales/",
        suffix: "",
        jobName: pulumi.output("sales-silver"),
        jobArn: pulumi.output(jobArn("sales-silver")),
    },
];

function baseArgs(): TriggerLambdaArgs {
    return {
        accountId: TEST_ACCOUNT_ID,
        region: TEST_REGION,
        naming: { project: "medallion-lake", stack: "test" },
        bronzeBucket: { bucket: BRONZE, arn: BRONZE_ARN },
        kmsKeyArn: KEY_ARN,
        routes: ROUTES,
        code: STUB_CODE,
    };
}

async function build(
    args: Partial<TriggerLambdaArgs> = {},
): Promise<{ recorder: Recorder; trigger: TriggerLambda }> {
    const recorder = setupPulumiMocks({}, "test");
    const trigger = new TriggerLambda("trigger", { ...baseArgs(), ...args });
    await settle();
    return { recorder, trigger };
}

describe("TriggerLambda with pipelines", () => {
    it("routes each pipeline's objects and alarms on its silver_to_gold runs and its crawler, after the given routes", async () => {
        const pipeline = {
            route: {
                dataset: "orders",
                prefix: "orders/",
                suffix: ".csv",
                jobName: "orders-silver",
                jobArn: jobArn("orders-silver"),
            },
            silverToGold: { jobName: pulumi.output("orders-gold") },
            crawlerName: "orders-crawler",
        };
        const { recorder } = await build({
            routes: [ROUTES[0]],
            pipelines: [pipeline, { route: ROUTES[1] }],
        });
        const queue = recorder.named("trigger-notification", "aws:s3/bucketNotification:BucketNotification");
        expect(queue.inputs.queues.map((q: { id: string }) => q.id)).to.deep.equal([
            "flights",
            "orders",
            "sales",
        ]);
        const jobs = recorder.named("trigger-glue-job-failed", "aws:cloudwatch/eventRule:EventRule");
        expect(JSON.parse(jobs.inputs.eventPattern).detail.jobName).to.deep.equal([
            "flights-silver",
            "orders-gold",
            "orders-silver",
            "sales-silver",
        ]);
        const crawls = recorder.named("trigger-glue-crawler-failed", "aws:cloudwatch/eventRule:EventRule");
        expect(JSON.parse(crawls.inputs.eventPattern).detail.crawlerName).to.deep.equal(["orders-crawler"]);
    });

    it("refuses neither routes nor pipelines, naming routes", () => {
        expect(errorOf({ routes: undefined, pipelines: [] })).to.include(
            "routes: got no route; add one route per dataset (dataset, prefix, suffix, job), or pass its pipeline",
        );
    });
});

/** Builds with `args` and returns the constructor's error message. */
function errorOf(args: Partial<TriggerLambdaArgs>): string {
    setupPulumiMocks({}, "test");
    try {
        new TriggerLambda("bad", { ...baseArgs(), ...args });
    } catch (error) {
        return (error as Error).message;
    }
    throw new Error("expected the constructor to throw");
}

type Doc = { Statement: Array<Record<string, any>> };
const parse = (json: string): Doc => JSON.parse(json) as Doc;
const bySid = (doc: Doc, sid: string) => {
    const found = doc.Statement.find((s) => s.Sid === sid);
    expect(found, `statement ${sid}`).to.not.equal(undefined);
    return found as Record<string, any>;
};

describe("TriggerLambda", () => {
    it("documents every default in docs/components.md, with the values of TRIGGER_LAMBDA_DEFAULTS", () => {
        expect(documentedDefaults("TRIGGER_LAMBDA_DEFAULTS")).to.deep.equal(TRIGGER_LAMBDA_DEFAULTS);
        expect(documentedDefaults("RECONCILED_ALARM_DEFAULTS")).to.deep.equal(RECONCILED_ALARM_DEFAULTS);
        expect(documentedDefaults("QUARANTINE_GUARD_ALARM_DEFAULTS")).to.deep.equal(
            QUARANTINE_GUARD_ALARM_DEFAULTS,
        );
        expect(documentedDefaults("OBJECTS_QUARANTINED_ALARM_DEFAULTS")).to.deep.equal(
            OBJECTS_QUARANTINED_ALARM_DEFAULTS,
        );
    });

    it("documents each argument's default by reference to TRIGGER_LAMBDA_DEFAULTS, never as a literal", () => {
        const source = readFileSync(path.join(REPO_ROOT, "components", "trigger-lambda", "args.ts"), "utf8");
        const args = source.slice(source.indexOf("export interface TriggerLambdaArgs"));
        const argsBlock = args.slice(0, args.indexOf("\n}\n"));
        for (const key of Object.keys(TRIGGER_LAMBDA_DEFAULTS)) {
            expect(argsBlock, key).to.match(
                new RegExp(`@default \\{@link TRIGGER_LAMBDA_DEFAULTS\\.${key}\\}\\s*\\*/\\s*${key}\\?:`),
            );
        }
    });

    describe("with defaults", () => {
        let recorder: Recorder;
        let trigger: TriggerLambda;
        const one = (type: string): RecordedResource => {
            const found = recorder.ofType(type);
            expect(found, type).to.have.length(1);
            return found[0];
        };
        before(async () => {
            ({ recorder, trigger } = await build());
        });

        it("registers under the medallion-lake:index:TriggerLambda type token and parents every child", () => {
            const component = recorder.named("trigger");
            expect(component.type).to.equal("medallion-lake:index:TriggerLambda");
            const children = recorder.resources.filter((r) => r !== component);
            // 19 trigger resources, one Reconciled alarm per route (2), the quarantine-guard and the
            // objects-quarantined alarms.
            expect(children.length).to.equal(23);
            for (const child of children) expect(child.parentUrn, child.name).to.equal(component.urn);
        });

        describe("function", () => {
            it("runs nodejs22.x on arm64 with explicit memory, timeout and reserved concurrency", () => {
                const fn = one("aws:lambda/function:Function");
                expect(fn.inputs).to.include({
                    name: FUNCTION_NAME,
                    runtime: "nodejs22.x",
                    handler: "index.handler",
                    memorySize: 256,
                    timeout: 60,
                    reservedConcurrentExecutions: 2,
                });
                expect(TRIGGER_RUNTIME).to.equal("nodejs22.x");
                expect(fn.inputs.architectures).to.deep.equal([TRIGGER_ARCHITECTURE]);
                expect(fn.inputs.architectures).to.deep.equal(["arm64"]);
                expect(BUNDLE_HANDLER).to.equal(fn.inputs.handler);
                expect(fn.inputs.memorySize).to.equal(TRIGGER_LAMBDA_DEFAULTS.memoryMb);
                expect(fn.inputs.reservedConcurrentExecutions).to.equal(
                    TRIGGER_LAMBDA_DEFAULTS.reservedConcurrency,
                );
            });

            it("encrypts its environment with the lake key, not Lambda's AWS-managed key", () => {
                expect(one("aws:lambda/function:Function").inputs.kmsKeyArn).to.equal(KEY_ARN);
            });

            it("names its metrics' service dimension after itself, so stacks sharing an account stay apart", () => {
                const fn = one("aws:lambda/function:Function");
                expect(TRIGGER_SERVICE_NAME_ENV).to.equal("POWERTOOLS_SERVICE_NAME");
                expect(Object.keys(fn.inputs.environment.variables).sort()).to.deep.equal([
                    DATASET_ROUTES_ENV,
                    "POWERTOOLS_SERVICE_NAME",
                ]);
                expect(fn.inputs.environment.variables.POWERTOOLS_SERVICE_NAME).to.equal(FUNCTION_NAME);
            });

            it("passes every route, with the bronze bucket and resolved job names, in DATASET_ROUTES", () => {
                const fn = one("aws:lambda/function:Function");
                expect(JSON.parse(fn.inputs.environment.variables[DATASET_ROUTES_ENV])).to.deep.equal([
                    {
                        dataset: "flights",
                        bucket: BRONZE,
                        prefix: "flights/",
                        suffix: ".csv",
                        jobName: "flights-silver",
                    },
                    {
                        dataset: "sales",
                        bucket: BRONZE,
                        prefix: "sales/",
                        suffix: "",
                        jobName: "sales-silver",
                    },
                ]);
            });

            it("logs JSON to its own log group, created first, with retention and the lake key", () => {
                const fn = one("aws:lambda/function:Function");
                const logs = one("aws:cloudwatch/logGroup:LogGroup");
                expect(logs.inputs).to.include({
                    name: `/aws/lambda/${FUNCTION_NAME}`,
                    retentionInDays: 30,
                    kmsKeyId: KEY_ARN,
                });
                expect(logs.inputs.retentionInDays).to.equal(TRIGGER_LAMBDA_DEFAULTS.logRetentionDays);
                expect(fn.inputs.loggingConfig).to.deep.equal({
                    logFormat: "JSON",
                    logGroup: `/aws/lambda/${FUNCTION_NAME}`,
                });
                expect(recorder.dependsOn(fn, logs)).to.equal(true);
            });

            it("assumes a role only the Lambda service may assume (no source condition Lambda would not send)", () => {
                const role = one("aws:iam/role:Role");
                expect(role.inputs.name).to.equal("medallion-lake-test-bronze-trigger");
                expect(JSON.parse(role.inputs.assumeRolePolicy)).to.deep.equal({
                    Version: "2012-10-17",
                    Statement: [
                        {
                            Effect: "Allow",
                            Principal: { Service: ["lambda.amazonaws.com"] },
                            Action: ["sts:AssumeRole"],
                        },
                    ],
                });
            });

            it("may start and list runs of the routed jobs only, consume its queue, decrypt through SQS and Lambda only and write its logs", () => {
                const policy = one("aws:iam/rolePolicy:RolePolicy");
                expect(JSON.parse(policy.inputs.policy).Statement).to.deep.equal([
                    {
                        Effect: "Allow",
                        Action: ["glue:StartJobRun"],
                        Resource: [jobArn("flights-silver"), jobArn("sales-silver")],
                    },
                    {
                        Effect: "Allow",
                        Action: ["glue:GetJobRuns"],
                        Resource: [jobArn("flights-silver"), jobArn("sales-silver")],
                    },
                    {
                        Effect: "Allow",
                        Action: ["sqs:DeleteMessage", "sqs:GetQueueAttributes", "sqs:ReceiveMessage"],
                        Resource: [QUEUE_ARN],
                    },
                    {
                        Effect: "Allow",
                        Action: ["kms:Decrypt"],
                        Resource: [KEY_ARN],
                        Condition: { StringEquals: { "kms:ViaService": `sqs.${TEST_REGION}.amazonaws.com` } },
                    },
                    {
                        Sid: "DecryptOwnEnvironment",
                        Effect: "Allow",
                        Action: ["kms:Decrypt"],
                        Resource: [KEY_ARN],
                        Condition: {
                            StringEquals: {
                                "kms:ViaService": `lambda.${TEST_REGION}.amazonaws.com`,
                                "kms:EncryptionContext:LambdaFunctionName": FUNCTION_NAME,
                            },
                        },
                    },
                    {
                        Effect: "Allow",
                        Action: ["logs:CreateLogStream", "logs:PutLogEvents"],
                        Resource: [LOG_GROUP_ARN, `${LOG_GROUP_ARN}:*`],
                    },
                ]);
                expect(recorder.dependsOn(policy, one("aws:iam/role:Role"))).to.equal(true);
            });
        });

        describe("queues", () => {
            const queue = () => recorder.named("trigger-queue", "aws:sqs/queue:Queue");
            const dlq = () => recorder.named("trigger-dlq", "aws:sqs/queue:Queue");

            it("encrypts both queues with the KMS key (not SSE-SQS)", () => {
                for (const q of [queue(), dlq()]) {
                    expect(q.inputs.kmsMasterKeyId, q.name).to.equal(KEY_ARN);
                    expect(q.inputs.sqsManagedSseEnabled, q.name).to.not.equal(true);
                }
            });

            it("sets a visibility timeout of 900 s, above 6 x the function timeout plus the batching window", () => {
                const d = TRIGGER_LAMBDA_DEFAULTS;
                expect(queue().inputs.visibilityTimeoutSeconds).to.equal(900);
                expect(queue().inputs.visibilityTimeoutSeconds).to.equal(d.visibilityTimeoutSeconds);
                expect(VISIBILITY_TIMEOUT_FUNCTION_TIMEOUT_MULTIPLE).to.equal(6);
                expect(minimumVisibilityTimeoutSeconds(d)).to.equal(6 * 60 + 30);
                expect(queue().inputs.visibilityTimeoutSeconds).to.be.at.least(
                    minimumVisibilityTimeoutSeconds(d),
                );
                expect(
                    minimumVisibilityTimeoutSeconds({
                        timeoutSeconds: 900,
                        maximumBatchingWindowSeconds: 300,
                    }),
                ).to.equal(5700);
            });

            it("redrives to the dead-letter queue after maxReceiveCount deliveries", () => {
                expect(JSON.parse(queue().inputs.redrivePolicy)).to.deep.equal({
                    deadLetterTargetArn: DLQ_ARN,
                    maxReceiveCount: 10,
                });
                expect(TRIGGER_LAMBDA_DEFAULTS.maxReceiveCount).to.equal(10);
                expect(recorder.dependsOn(queue(), dlq())).to.equal(true);
            });

            it("keeps messages 4 days in the queue and 14 days in the dead-letter queue", () => {
                expect(queue().inputs.messageRetentionSeconds).to.equal(345600);
                expect(dlq().inputs.messageRetentionSeconds).to.equal(1209600);
                expect(dlq().inputs.messageRetentionSeconds).to.equal(
                    TRIGGER_LAMBDA_DEFAULTS.deadLetterRetentionSeconds,
                );
            });

            it("lets only the trigger queue redrive into the dead-letter queue", () => {
                const allow = one("aws:sqs/redriveAllowPolicy:RedriveAllowPolicy");
                expect(allow.inputs.queueUrl).to.equal(
                    `https://sqs.${TEST_REGION}.amazonaws.com/${TEST_ACCOUNT_ID}/medallion-lake-test-bronze-trigger-dlq`,
                );
                expect(JSON.parse(allow.inputs.redriveAllowPolicy)).to.deep.equal({
                    redrivePermission: "byQueue",
                    sourceQueueArns: [QUEUE_ARN],
                });
            });

            it("admits only S3 notifications of the bronze bucket in this account, over TLS", () => {
                const policy = recorder.named("trigger-queue-policy");
                const doc = parse(policy.inputs.policy);
                expect(doc.Statement).to.have.length(2);
                expect(bySid(doc, "AllowBucketNotifications")).to.deep.equal({
                    Sid: "AllowBucketNotifications",
                    Effect: "Allow",
                    Principal: { Service: ["s3.amazonaws.com"] },
                    Action: ["sqs:SendMessage"],
                    Resource: [QUEUE_ARN],
                    Condition: {
                        ArnEquals: { "aws:SourceArn": BRONZE_ARN },
                        StringEquals: { "aws:SourceAccount": TEST_ACCOUNT_ID },
                    },
                });
                expect(bySid(doc, "DenyInsecureTransport")).to.deep.equal({
                    Sid: "DenyInsecureTransport",
                    Effect: "Deny",
                    Principal: "*",
                    Action: ["sqs:*"],
                    Resource: [QUEUE_ARN],
                    Condition: { Bool: { "aws:SecureTransport": false } },
                });
            });

            it("denies non-TLS access to the dead-letter queue and admits no sender", () => {
                const doc = parse(recorder.named("trigger-dlq-policy").inputs.policy);
                expect(doc.Statement.map((s) => [s.Sid, s.Effect, s.Resource])).to.deep.equal([
                    ["DenyInsecureTransport", "Deny", [DLQ_ARN]],
                ]);
            });
        });

        describe("S3 notification", () => {
            it("is the bucket's one notification, with one ObjectCreated filter per route", () => {
                const notification = one("aws:s3/bucketNotification:BucketNotification");
                expect(notification.inputs.bucket).to.equal(BRONZE);
                expect(notification.inputs.queues).to.deep.equal([
                    {
                        id: "flights",
                        queueArn: QUEUE_ARN,
                        events: ["s3:ObjectCreated:*"],
                        filterPrefix: "flights/",
                        filterSuffix: ".csv",
                    },
                    {
                        id: "sales",
                        queueArn: QUEUE_ARN,
                        events: ["s3:ObjectCreated:*"],
                        filterPrefix: "sales/",
                    },
                ]);
            });

            it("is created after the queue policy that lets S3 deliver", () => {
                const notification = one("aws:s3/bucketNotification:BucketNotification");
                const policy = recorder.named("trigger-queue-policy");
                expect(recorder.dependsOn(notification, policy)).to.equal(true);
            });
        });

        describe("event source mapping", () => {
            it("batches, reports partial failures and caps concurrency at the reserved concurrency", () => {
                const mapping = one("aws:lambda/eventSourceMapping:EventSourceMapping");
                expect(mapping.inputs).to.include({
                    eventSourceArn: QUEUE_ARN,
                    functionName: `arn:aws:lambda:${TEST_REGION}:${TEST_ACCOUNT_ID}:function:${FUNCTION_NAME}`,
                    batchSize: 100,
                    maximumBatchingWindowInSeconds: 30,
                });
                expect(mapping.inputs.functionResponseTypes).to.deep.equal(["ReportBatchItemFailures"]);
                expect(mapping.inputs.scalingConfig).to.deep.equal({ maximumConcurrency: 2 });
                const fn = one("aws:lambda/function:Function");
                expect(mapping.inputs.scalingConfig.maximumConcurrency).to.be.at.most(
                    fn.inputs.reservedConcurrentExecutions,
                );
            });

            it("is created after the role policy that lets the function read the queue", () => {
                const mapping = one("aws:lambda/eventSourceMapping:EventSourceMapping");
                expect(recorder.dependsOn(mapping, one("aws:iam/rolePolicy:RolePolicy"))).to.equal(true);
            });
        });

        describe("alarms", () => {
            const TOPIC_ARN = `arn:aws:sns:${TEST_REGION}:${TEST_ACCOUNT_ID}:medallion-lake-test-lake-alarms`;

            it("deliver to a topic encrypted with the KMS key, with no subscription by default", () => {
                const topic = one("aws:sns/topic:Topic");
                expect(topic.inputs).to.include({
                    name: "medallion-lake-test-lake-alarms",
                    kmsMasterKeyId: KEY_ARN,
                });
                expect(recorder.ofType("aws:sns/topicSubscription:TopicSubscription")).to.deep.equal([]);
            });

            it("alarm when the dead-letter queue holds any message", () => {
                const alarm = recorder.named("trigger-dlq-not-empty");
                expect(alarm.inputs).to.include({
                    namespace: "AWS/SQS",
                    metricName: "ApproximateNumberOfMessagesVisible",
                    statistic: "Maximum",
                    comparisonOperator: "GreaterThanThreshold",
                    threshold: 0,
                    evaluationPeriods: 1,
                    period: 300,
                    treatMissingData: "notBreaching",
                });
                expect(alarm.inputs.dimensions).to.deep.equal({
                    QueueName: "medallion-lake-test-bronze-trigger-dlq",
                });
                expect(alarm.inputs.alarmActions).to.deep.equal([TOPIC_ARN]);
            });

            it("alarm when the trigger queue's oldest message is older than 1800 s (30 min)", () => {
                const alarm = recorder.named("trigger-queue-age", "aws:cloudwatch/metricAlarm:MetricAlarm");
                expect(TRIGGER_LAMBDA_DEFAULTS.queueAgeAlarmSeconds).to.equal(1800);
                expect(alarm.inputs).to.include({
                    name: "medallion-lake-test-bronze-trigger-queue-age",
                    namespace: "AWS/SQS",
                    metricName: "ApproximateAgeOfOldestMessage",
                    statistic: "Maximum",
                    comparisonOperator: "GreaterThanThreshold",
                    threshold: 1800,
                    evaluationPeriods: 1,
                    period: 300,
                    treatMissingData: "notBreaching",
                });
                expect(alarm.inputs.dimensions).to.deep.equal({
                    QueueName: "medallion-lake-test-bronze-trigger",
                });
                expect(alarm.inputs.alarmActions).to.deep.equal([TOPIC_ARN]);
                // SQS stops counting a message in this metric after its third receive.
                expect(TRIGGER_LAMBDA_DEFAULTS.queueAgeAlarmSeconds).to.be.below(
                    3 * TRIGGER_LAMBDA_DEFAULTS.visibilityTimeoutSeconds,
                );
            });

            it("are exactly the dead-letter, queue age, function error, pending-run age, per-dataset Reconciled, quarantine-guard and objects-quarantined alarms", () => {
                expect(
                    recorder.ofType("aws:cloudwatch/metricAlarm:MetricAlarm").map((a) => a.name),
                ).to.have.members([
                    "trigger-dlq-not-empty",
                    "trigger-queue-age",
                    "trigger-function-errors",
                    "trigger-pending-run-age",
                    "trigger-flights-not-reconciled",
                    "trigger-sales-not-reconciled",
                    "trigger-quarantine-guard",
                    "trigger-objects-quarantined",
                ]);
            });

            it("alarm once, for every routed dataset, when a bronze_to_silver run quarantines a bronze object whole (ObjectsQuarantined Maximum >= 1 per 300 s, no dimension)", () => {
                expect(OBJECTS_QUARANTINED_ALARM_DEFAULTS).to.deep.equal({
                    statistic: "Maximum",
                    comparisonOperator: "GreaterThanOrEqualToThreshold",
                    threshold: 1,
                });
                const alarm = recorder.named(
                    "trigger-objects-quarantined",
                    "aws:cloudwatch/metricAlarm:MetricAlarm",
                );
                expect(alarm.inputs).to.include({
                    name: "medallion-lake-test-objects-quarantined",
                    namespace: "MedallionLake/ETL",
                    metricName: "ObjectsQuarantined",
                    statistic: "Maximum",
                    comparisonOperator: "GreaterThanOrEqualToThreshold",
                    threshold: 1,
                    evaluationPeriods: 1,
                    period: 300,
                    treatMissingData: "notBreaching",
                });
                // the name the Glue package publishes (shared_constants.json, objects_quarantined_metric)
                expect(OBJECTS_QUARANTINED_METRIC_NAME).to.equal("ObjectsQuarantined");
                // the ETL sends it without a dimension too; CloudWatch matches an alarm on exact dimensions
                expect(alarm.inputs.dimensions).to.equal(undefined);
                const description: string = alarm.inputs.alarmDescription;
                expect(description).to.include(
                    "A bronze_to_silver run of flights, sales quarantined bronze objects whole (ObjectsQuarantined >= 1:",
                );
                expect(description).to.include("The metric with dimension Dataset names the dataset");
                expect(description).to.include("quarantine folder reason=<reason>/ names each object");
                expect(description).to.include("Replace the object in bronze");
                expect(description).to.include("fix the producer");
                expect(alarm.inputs.alarmActions).to.deep.equal([TOPIC_ARN]);
                expect(alarm.inputs.okActions).to.equal(undefined);
            });

            it("alarm once, for every routed dataset, when the quarantine guard stops a bronze_to_silver run (QuarantineGuardExceeded Maximum >= 1 per 300 s, no dimension)", () => {
                expect(QUARANTINE_GUARD_ALARM_DEFAULTS).to.deep.equal({
                    statistic: "Maximum",
                    comparisonOperator: "GreaterThanOrEqualToThreshold",
                    threshold: 1,
                });
                const alarm = recorder.named(
                    "trigger-quarantine-guard",
                    "aws:cloudwatch/metricAlarm:MetricAlarm",
                );
                expect(alarm.inputs).to.include({
                    name: "medallion-lake-test-quarantine-guard",
                    namespace: "MedallionLake/ETL",
                    metricName: "QuarantineGuardExceeded",
                    statistic: "Maximum",
                    comparisonOperator: "GreaterThanOrEqualToThreshold",
                    threshold: 1,
                    evaluationPeriods: 1,
                    period: 300,
                    treatMissingData: "notBreaching",
                });
                // the name the Glue package publishes (shared_constants.json, quarantine_guard_metric)
                expect(QUARANTINE_GUARD_METRIC_NAME).to.equal("QuarantineGuardExceeded");
                // the ETL sends it without a dimension too; CloudWatch matches an alarm on exact dimensions
                expect(alarm.inputs.dimensions).to.equal(undefined);
                expect(alarm.inputs.alarmDescription).to.include(
                    "A bronze_to_silver run of flights, sales quarantined",
                );
                expect(alarm.inputs.alarmDescription).to.include("(QuarantineGuardExceeded = 1;");
                expect(alarm.inputs.alarmActions).to.deep.equal([TOPIC_ARN]);
                expect(alarm.inputs.okActions).to.equal(undefined);
            });

            it("alarm when a bronze_to_silver run of a routed dataset publishes Reconciled = 0 (Minimum < 1 per 300 s)", () => {
                expect(RECONCILED_ALARM_DEFAULTS).to.deep.equal({
                    statistic: "Minimum",
                    comparisonOperator: "LessThanThreshold",
                    threshold: 1,
                });
                const alarm = recorder.named(
                    "trigger-flights-not-reconciled",
                    "aws:cloudwatch/metricAlarm:MetricAlarm",
                );
                expect(alarm.inputs).to.include({
                    name: "medallion-lake-test-flights-not-reconciled",
                    namespace: "MedallionLake/ETL",
                    metricName: "Reconciled",
                    statistic: "Minimum",
                    comparisonOperator: "LessThanThreshold",
                    threshold: 1,
                    evaluationPeriods: 1,
                    period: 300,
                    treatMissingData: "notBreaching",
                });
                // The metric the Glue job publishes (publish_metrics), under its namespace and dimension.
                expect([alarm.inputs.namespace, alarm.inputs.metricName]).to.deep.equal([
                    ETL_METRICS_NAMESPACE,
                    RECONCILED_METRIC_NAME,
                ]);
                expect(RECONCILED_METRIC_DIMENSION).to.equal("Dataset");
                expect(alarm.inputs.dimensions).to.deep.equal({ Dataset: "flights" });
                expect(alarm.inputs.alarmActions).to.deep.equal([TOPIC_ARN]);
                const sales = recorder.named(
                    "trigger-sales-not-reconciled",
                    "aws:cloudwatch/metricAlarm:MetricAlarm",
                );
                expect(sales.inputs.dimensions).to.deep.equal({ Dataset: "sales" });
            });

            it("watch no crawler unless monitoredCrawlerNames is given", () => {
                expect(
                    recorder.ofType("aws:cloudwatch/eventRule:EventRule").map((r) => r.name),
                ).to.deep.equal(["trigger-glue-job-failed"]);
            });

            it("alarm when a queued bookmark run has held its objects over 3900 s (Maximum of PendingRunAgeSeconds per 300 s)", () => {
                const alarm = recorder.named(
                    "trigger-pending-run-age",
                    "aws:cloudwatch/metricAlarm:MetricAlarm",
                );
                expect(TRIGGER_LAMBDA_DEFAULTS.pendingRunAgeAlarmSeconds).to.equal(3900);
                expect(alarm.inputs).to.include({
                    name: "medallion-lake-test-bronze-trigger-pending-run-age",
                    namespace: "MedallionLake/Trigger",
                    metricName: "PendingRunAgeSeconds",
                    statistic: "Maximum",
                    comparisonOperator: "GreaterThanThreshold",
                    threshold: 3900,
                    evaluationPeriods: 1,
                    period: 300,
                    treatMissingData: "notBreaching",
                });
                // The metric the handler emits, in the namespace and with the dimension it emits it under.
                expect([alarm.inputs.namespace, alarm.inputs.metricName]).to.deep.equal([
                    TRIGGER_METRICS_NAMESPACE,
                    TRIGGER_METRIC_NAMES.pendingRunAge,
                ]);
                expect(alarm.inputs.dimensions).to.deep.equal({ service: FUNCTION_NAME });
                expect(alarm.inputs.alarmActions).to.deep.equal([TOPIC_ARN]);
            });

            it("alarm on any function error", () => {
                const alarm = recorder.named("trigger-function-errors");
                expect(alarm.inputs).to.include({
                    namespace: "AWS/Lambda",
                    metricName: "Errors",
                    statistic: "Sum",
                    comparisonOperator: "GreaterThanThreshold",
                    threshold: 0,
                    period: TRIGGER_LAMBDA_DEFAULTS.alarmPeriodSeconds,
                });
                expect(alarm.inputs.dimensions).to.deep.equal({ FunctionName: FUNCTION_NAME });
                expect(alarm.inputs.alarmActions).to.deep.equal([TOPIC_ARN]);
            });

            it("send Glue runs of the routed jobs that end FAILED, TIMEOUT, ERROR, EXPIRED or STOPPED to the topic", () => {
                const rule = one("aws:cloudwatch/eventRule:EventRule");
                expect(rule.inputs.name).to.equal("medallion-lake-test-glue-job-failed");
                expect(JSON.parse(rule.inputs.eventPattern)).to.deep.equal({
                    source: ["aws.glue"],
                    "detail-type": ["Glue Job State Change"],
                    detail: {
                        state: ["FAILED", "TIMEOUT", "ERROR", "EXPIRED", "STOPPED"],
                        jobName: ["flights-silver", "sales-silver"],
                    },
                });
                const target = one("aws:cloudwatch/eventTarget:EventTarget");
                expect(target.inputs.rule).to.equal("medallion-lake-test-glue-job-failed");
                expect(target.inputs.arn).to.equal(TOPIC_ARN);
                expect(target.inputs.inputTransformer.inputPaths).to.deep.equal({
                    job: "$.detail.jobName",
                    run: "$.detail.jobRunId",
                    state: "$.detail.state",
                    message: "$.detail.message",
                });
            });

            it("topic policy admits this account's alarms and exactly the Glue rule, over TLS only", () => {
                const doc = parse(one("aws:sns/topicPolicy:TopicPolicy").inputs.policy);
                const ruleArn = one("aws:cloudwatch/eventRule:EventRule").outputs.arn;
                expect(ruleArn).to.equal(
                    `arn:aws:events:${TEST_REGION}:${TEST_ACCOUNT_ID}:rule/medallion-lake-test-glue-job-failed`,
                );
                expect(doc.Statement).to.have.length(3);
                expect(bySid(doc, "AllowCloudWatchAlarms")).to.deep.equal({
                    Sid: "AllowCloudWatchAlarms",
                    Effect: "Allow",
                    Principal: { Service: ["cloudwatch.amazonaws.com"] },
                    Action: ["sns:Publish"],
                    Resource: [TOPIC_ARN],
                    Condition: {
                        ArnLike: {
                            "aws:SourceArn": `arn:aws:cloudwatch:${TEST_REGION}:${TEST_ACCOUNT_ID}:alarm:*`,
                        },
                        StringEquals: { "aws:SourceAccount": TEST_ACCOUNT_ID },
                    },
                });
                expect(bySid(doc, "AllowEventBridgeRule")).to.deep.equal({
                    Sid: "AllowEventBridgeRule",
                    Effect: "Allow",
                    Principal: { Service: ["events.amazonaws.com"] },
                    Action: ["sns:Publish"],
                    Resource: [TOPIC_ARN],
                    Condition: {
                        ArnEquals: { "aws:SourceArn": ruleArn },
                        StringEquals: { "aws:SourceAccount": TEST_ACCOUNT_ID },
                    },
                });
                expect(bySid(doc, "DenyInsecureTransport")).to.deep.equal({
                    Sid: "DenyInsecureTransport",
                    Effect: "Deny",
                    Principal: "*",
                    Action: ["sns:*"],
                    Resource: [TOPIC_ARN],
                    Condition: { Bool: { "aws:SecureTransport": false } },
                });
            });
        });

        it("passes every rule of the policy pack", async () => {
            const resources = evaluatedResources(recorder);
            const violations = await evaluatePolicies(resources);
            expect(violations.map((v) => `${v.policyName}: ${v.message}`)).to.deep.equal([]);
            // Negative control: without its redrive policy the function's failures would be dropped.
            const withoutRedrive = resources.map((r) =>
                r.name === "trigger-queue"
                    ? {
                          ...r,
                          inputs: { ...r.inputs, redrivePolicy: undefined },
                          outputs: { ...r.outputs, redrivePolicy: undefined },
                      }
                    : r,
            );
            const dropped = await evaluatePolicies(withoutRedrive);
            expect(dropped.map((v) => v.policyName)).to.deep.equal(["lambda-failure-destination"]);
        });

        it("has no unjustified parliament finding on its role, queue and topic policies", () => {
            const documents = collectIamDocuments(evaluatedResources(recorder));
            expect(documents.map((d) => `${d.resourceName} ${d.kind}`).sort()).to.deep.equal([
                "trigger-alarms-policy resource",
                "trigger-dlq-policy resource",
                "trigger-queue-policy resource",
                "trigger-role trust",
                "trigger-role-policy identity",
            ]);
            const unjustified = runParliament(documents)
                .filter(
                    (f) => justificationFor(f.finding, f.input, PARLIAMENT_JUSTIFIED_FINDINGS) === undefined,
                )
                .map(
                    (f) =>
                        `${f.input.source.resourceName}: ${f.finding.issue} ${JSON.stringify(f.finding.detail)}`,
                );
            expect(unjustified).to.deep.equal([]);
        });

        it("exposes the resources users extend", async () => {
            expect(await resolve(trigger.function.name)).to.equal(FUNCTION_NAME);
            expect(await resolve(trigger.queue.arn)).to.equal(QUEUE_ARN);
            expect(await resolve(trigger.deadLetterQueue.arn)).to.equal(DLQ_ARN);
            expect(await resolve(trigger.alarmTopic.name)).to.equal("medallion-lake-test-lake-alarms");
            expect(trigger.settings.batchSize).to.equal(TRIGGER_LAMBDA_DEFAULTS.batchSize);
        });
    });

    describe("with overrides", () => {
        let recorder: Recorder;
        before(async () => {
            ({ recorder } = await build({
                memoryMb: 512,
                timeoutSeconds: 120,
                reservedConcurrency: 5,
                maximumConcurrency: 4,
                batchSize: 10,
                maximumBatchingWindowSeconds: 0,
                maxReceiveCount: 3,
                visibilityTimeoutSeconds: 720,
                logRetentionDays: 90,
                queueAgeAlarmSeconds: 600,
                pendingRunAgeAlarmSeconds: 7200,
                alarmEmails: ["data-oncall@example.com", "lead@example.org"],
                monitoredJobNames: ["gold-daily", "flights-silver"],
                monitoredCrawlerNames: ["sales-crawler", "flights-crawler", "sales-crawler"],
                tags: { owner: "data-platform" },
            }));
        });

        it("applies the settings to the function, queue and event source", () => {
            const fn = recorder.ofType("aws:lambda/function:Function")[0];
            expect(fn.inputs).to.include({ memorySize: 512, timeout: 120, reservedConcurrentExecutions: 5 });
            const queue = recorder.named("trigger-queue", "aws:sqs/queue:Queue");
            expect(queue.inputs.visibilityTimeoutSeconds).to.equal(720);
            expect(JSON.parse(queue.inputs.redrivePolicy).maxReceiveCount).to.equal(3);
            const mapping = recorder.ofType("aws:lambda/eventSourceMapping:EventSourceMapping")[0];
            expect(mapping.inputs).to.include({ batchSize: 10, maximumBatchingWindowInSeconds: 0 });
            expect(mapping.inputs.scalingConfig).to.deep.equal({ maximumConcurrency: 4 });
            expect(recorder.ofType("aws:cloudwatch/logGroup:LogGroup")[0].inputs.retentionInDays).to.equal(
                90,
            );
            expect(
                recorder.named("trigger-queue-age", "aws:cloudwatch/metricAlarm:MetricAlarm").inputs
                    .threshold,
            ).to.equal(600);
            expect(
                recorder.named("trigger-pending-run-age", "aws:cloudwatch/metricAlarm:MetricAlarm").inputs
                    .threshold,
            ).to.equal(7200);
        });

        it("subscribes each alarm email to the topic", () => {
            const subs = recorder.ofType("aws:sns/topicSubscription:TopicSubscription");
            expect(subs.map((s) => [s.inputs.protocol, s.inputs.endpoint])).to.deep.equal([
                ["email", "data-oncall@example.com"],
                ["email", "lead@example.org"],
            ]);
        });

        it("sends crawls of the monitored crawlers that end Failed to the topic, each crawler named once", () => {
            const TOPIC_ARN = `arn:aws:sns:${TEST_REGION}:${TEST_ACCOUNT_ID}:medallion-lake-test-lake-alarms`;
            const rule = recorder.named("trigger-glue-crawler-failed", "aws:cloudwatch/eventRule:EventRule");
            expect(rule.inputs.name).to.equal("medallion-lake-test-glue-crawler-failed");
            expect(JSON.parse(rule.inputs.eventPattern)).to.deep.equal({
                source: ["aws.glue"],
                "detail-type": ["Glue Crawler State Change"],
                detail: { state: ["Failed"], crawlerName: ["flights-crawler", "sales-crawler"] },
            });
            const target = recorder.named(
                "trigger-glue-crawler-failed-to-alarms",
                "aws:cloudwatch/eventTarget:EventTarget",
            );
            expect(target.inputs.rule).to.equal("medallion-lake-test-glue-crawler-failed");
            expect(target.inputs.arn).to.equal(TOPIC_ARN);
            expect(target.inputs.inputTransformer).to.deep.equal({
                inputPaths: { crawler: "$.detail.crawlerName", message: "$.detail.errorMessage" },
                inputTemplate: '"Glue crawler <crawler> failed: <message>"',
            });
            const doc = parse(
                recorder.named("trigger-alarms-policy", "aws:sns/topicPolicy:TopicPolicy").inputs.policy,
            );
            expect(doc.Statement.map((st) => st.Sid)).to.deep.equal([
                "AllowCloudWatchAlarms",
                "AllowEventBridgeRule",
                "AllowCrawlerFailedRule",
                "DenyInsecureTransport",
            ]);
            expect(bySid(doc, "AllowCrawlerFailedRule")).to.deep.equal({
                Sid: "AllowCrawlerFailedRule",
                Effect: "Allow",
                Principal: { Service: ["events.amazonaws.com"] },
                Action: ["sns:Publish"],
                Resource: [TOPIC_ARN],
                Condition: {
                    ArnEquals: {
                        "aws:SourceArn": `arn:aws:events:${TEST_REGION}:${TEST_ACCOUNT_ID}:rule/medallion-lake-test-glue-crawler-failed`,
                    },
                    StringEquals: { "aws:SourceAccount": TEST_ACCOUNT_ID },
                },
            });
        });

        it("watches the extra jobs too, each named once", () => {
            const rule = recorder.named("trigger-glue-job-failed", "aws:cloudwatch/eventRule:EventRule");
            expect(JSON.parse(rule.inputs.eventPattern).detail.jobName).to.deep.equal([
                "flights-silver",
                "gold-daily",
                "sales-silver",
            ]);
        });

        it("tags every taggable resource", () => {
            const taggable = recorder.resources.filter((r) => r.custom && r.inputs.tags !== undefined);
            expect(taggable.map((r) => r.type)).to.include.members([
                "aws:lambda/function:Function",
                "aws:sqs/queue:Queue",
                "aws:sns/topic:Topic",
                "aws:cloudwatch/metricAlarm:MetricAlarm",
                "aws:cloudwatch/eventRule:EventRule",
                "aws:cloudwatch/logGroup:LogGroup",
                "aws:iam/role:Role",
            ]);
            for (const r of taggable) expect(r.inputs.tags, r.name).to.deep.equal({ owner: "data-platform" });
        });
    });

    describe("argument errors name the field and the fix", () => {
        it("rejects reserved concurrency below the event source's maximum concurrency", () => {
            expect(errorOf({ reservedConcurrency: 2, maximumConcurrency: 3 })).to.include(
                "reservedConcurrency: got 2; it must be at least maximumConcurrency (3)",
            );
        });

        it("rejects a maximum concurrency below 2 (the SQS event source minimum)", () => {
            expect(errorOf({ maximumConcurrency: 1 })).to.include(
                "maximumConcurrency: got 1; use a whole number from 2 to 1000",
            );
        });

        it("rejects a batch above 10 messages without a batching window", () => {
            expect(errorOf({ batchSize: 50, maximumBatchingWindowSeconds: 0 })).to.include(
                "maximumBatchingWindowSeconds: got 0; a batchSize above 10 (50) needs a batching window of at least 1 second",
            );
        });

        it("rejects a visibility timeout below 6 x the function timeout plus the batching window", () => {
            expect(errorOf({ timeoutSeconds: 120, visibilityTimeoutSeconds: 600 })).to.include(
                "visibilityTimeoutSeconds: got 600; it must be at least 6 x timeoutSeconds (120) + maximumBatchingWindowSeconds (30) = 750",
            );
        });

        it("rejects a function timeout above 900 seconds", () => {
            expect(errorOf({ timeoutSeconds: 901 })).to.include(
                "timeoutSeconds: got 901; use a whole number from 1 to 900",
            );
        });

        it("rejects a log retention CloudWatch Logs does not accept, naming the nearest values", () => {
            expect(errorOf({ logRetentionDays: 45 }))
                .to.include("logRetentionDays: got 45;")
                .and.include("use 30 or 60");
        });

        it("rejects a dead-letter retention not longer than the queue's", () => {
            expect(errorOf({ queueRetentionSeconds: 86400, deadLetterRetentionSeconds: 86400 })).to.include(
                "deadLetterRetentionSeconds: got 86400; it must exceed queueRetentionSeconds (86400)",
            );
        });

        it("rejects a queue age alarm threshold that messages cannot reach before they expire", () => {
            expect(errorOf({ queueRetentionSeconds: 3600, queueAgeAlarmSeconds: 3600 })).to.include(
                "queueAgeAlarmSeconds: got 3600; it must be below queueRetentionSeconds (3600)",
            );
            expect(errorOf({ queueAgeAlarmSeconds: 30 })).to.include(
                "queueAgeAlarmSeconds: got 30; use a whole number from 60 to 1209600",
            );
        });

        it("rejects a pending-run age threshold outside 60-1209600 seconds", () => {
            expect(errorOf({ pendingRunAgeAlarmSeconds: 59 })).to.include(
                "pendingRunAgeAlarmSeconds: got 59; use a whole number from 60 to 1209600",
            );
        });

        it("rejects an alarm period that is not a multiple of 60", () => {
            expect(errorOf({ alarmPeriodSeconds: 90 })).to.include(
                "alarmPeriodSeconds: got 90; use a multiple of 60",
            );
        });

        it("rejects invalid and repeated alarm emails", () => {
            const message = errorOf({ alarmEmails: ["oncall", "a@example.com", "a@example.com"] });
            expect(message).to.include('alarmEmails[0]: got "oncall"; use an email address');
            expect(message).to.include("alarmEmails[2]: a@example.com is listed twice");
        });

        it("rejects an empty route list", () => {
            expect(errorOf({ routes: [] })).to.include("routes: got no route; add one route per dataset");
        });

        it("rejects a dataset routed twice", () => {
            const message = errorOf({ routes: [ROUTES[0], { ...ROUTES[1], dataset: "flights" }] });
            expect(message).to.include('routes[1].dataset: "flights" is already routed at index 0');
        });

        it("rejects routes whose key filters overlap, as S3 would", () => {
            const message = errorOf({
                routes: [
                    ROUTES[0],
                    { ...ROUTES[1], dataset: "flights-2024", prefix: "flights/2024/", suffix: "" },
                ],
            });
            expect(message).to.include(
                'routes[1]: "flights-2024" (prefix "flights/2024/", suffix "") overlaps "flights"',
            );
        });

        it("lists every problem at once, prefixed with the component name", () => {
            const message = errorOf({ memoryMb: 64, maxReceiveCount: 0 });
            expect(message).to.match(/^TriggerLambda bad: /);
            expect(message).to.include(
                "TriggerLambda bad: memoryMb: got 64; use a whole number from 128 to 10240",
            );
            expect(message).to.include(
                "TriggerLambda bad: maxReceiveCount: got 0; use a whole number from 1 to 1000",
            );
        });
    });

    describe("helpers", () => {
        it("glueJobFailurePattern de-duplicates and sorts job names and refuses none", () => {
            expect(JSON.parse(glueJobFailurePattern(["b", "a", "b"])).detail).to.deep.equal({
                state: [...GLUE_JOB_FAILURE_STATES],
                jobName: ["a", "b"],
            });
            expect(() => glueJobFailurePattern([])).to.throw("pass at least one Glue job name");
        });

        it("glueCrawlerFailurePattern matches Failed crawls of the crawlers, sorted and de-duplicated, and refuses none", () => {
            expect(GLUE_CRAWLER_FAILURE_STATE).to.equal("Failed");
            expect(JSON.parse(glueCrawlerFailurePattern(["b", "a", "b"]))).to.deep.equal({
                source: ["aws.glue"],
                "detail-type": ["Glue Crawler State Change"],
                detail: { state: ["Failed"], crawlerName: ["a", "b"] },
            });
            expect(() => glueCrawlerFailurePattern([])).to.throw("pass at least one Glue crawler name");
        });

        it("readJobRuns grants GetJobRuns on the given jobs and refuses none", () => {
            expect(readJobRuns([jobArn("a")])).to.deep.equal({
                Effect: "Allow",
                Action: ["glue:GetJobRuns"],
                Resource: [jobArn("a")],
            });
            expect(() => readJobRuns([])).to.throw("pass at least one Glue job ARN");
        });

        it("datasetRoutesEnvironment refuses routes that overflow Lambda's 4 KB environment", () => {
            const route = {
                dataset: "d",
                bucket: BRONZE,
                prefix: "p/",
                suffix: "",
                jobName: "j".repeat(200),
            };
            expect(datasetRoutesEnvironment([route])).to.equal(JSON.stringify([route]));
            const many = Array.from({ length: 20 }, (_, i) => ({ ...route, dataset: `d${i}` }));
            expect(LAMBDA_ENVIRONMENT_MAX_BYTES).to.equal(4096);
            expect(() => datasetRoutesEnvironment(many)).to.throw(
                /DATASET_ROUTES of the trigger function takes \d+ bytes with 20 routes; Lambda allows 4096 bytes/,
            );
            // The function's other variables share the 4 KB: routes that fit alone may not fit beside them.
            const fits = Array.from({ length: 12 }, (_, i) => ({ ...route, dataset: `d${i}` }));
            const alone = Buffer.byteLength(DATASET_ROUTES_ENV) + Buffer.byteLength(JSON.stringify(fits));
            const room = LAMBDA_ENVIRONMENT_MAX_BYTES - alone - Buffer.byteLength("POWERTOOLS_SERVICE_NAME");
            expect(room).to.be.within(1, 300);
            expect(datasetRoutesEnvironment(fits, { POWERTOOLS_SERVICE_NAME: "x".repeat(room) })).to.equal(
                JSON.stringify(fits),
            );
            expect(() =>
                datasetRoutesEnvironment(fits, { POWERTOOLS_SERVICE_NAME: "x".repeat(room + 1) }),
            ).to.throw(`takes ${LAMBDA_ENVIRONMENT_MAX_BYTES + 1} bytes with 12 routes`);
            expect(triggerFunctionVariables([route], "fn")).to.deep.equal({
                DATASET_ROUTES: JSON.stringify([route]),
                POWERTOOLS_SERVICE_NAME: "fn",
            });
        });
    });

    describe("default code", () => {
        let bundleDir: string;
        before(() => {
            bundleDir = path.join(mkdtempSync(path.join(tmpdir(), "trigger-code-")), "bundle");
        });
        after(() => rmSync(path.dirname(bundleDir), { recursive: true, force: true }));

        it("bundles lambdas/trigger/handler.ts into bundleDir and deploys that directory", async function () {
            this.timeout(60_000);
            const { recorder } = await build({ code: undefined, bundleDir });
            const fn = recorder.ofType("aws:lambda/function:Function")[0];
            expect(existsSync(path.join(bundleDir, BUNDLE_FILE_NAME))).to.equal(true);
            expect(await fn.inputs.code.path).to.equal(bundleDir);
        });
    });
});
