import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import * as path from "node:path";
import Ajv from "ajv";
import { expect } from "chai";
import { parse as parseYaml } from "yaml";
import {
    APPEND_DELIMITER_PROCESSOR,
    compressionForSuffix,
    EVENT_STREAM_LIMITS,
    EVENT_STREAM_SOURCE_DEFAULTS,
    EventStreamSource,
    type EventStreamSourceArgs,
    FIREHOSE_ERRORS_PREFIX,
    FIREHOSE_LOG_STREAM,
} from "../../../components/event-stream-source/event-stream-source";
import { evaluatePolicies } from "../../../policies/evaluate";
import { documentedDefaults } from "../../support/docs-defaults";
import {
    REPO_ROOT,
    type RecordedResource,
    type Recorder,
    settle,
    setupPulumiMocks,
    TEST_ACCOUNT_ID,
    TEST_REGION,
} from "../../support/pulumi-harness";

const KEY_ARN = `arn:aws:kms:${TEST_REGION}:${TEST_ACCOUNT_ID}:key/0d6f3c1e-2b7a-4c55-9f0e-6a1b2c3d4e5f`;
const BRONZE = `medallion-lake-test-bronze-${TEST_ACCOUNT_ID}-${TEST_REGION}`;
const BRONZE_ARN = `arn:aws:s3:::${BRONZE}`;
const TWEETS_SCHEMA = path.join(REPO_ROOT, "datasets", "schemas", "tweets.schema.json");
const STREAM_NAME = "medallion-lake-test-tweets-events";
const TIME_PREFIX = "year=!{timestamp:yyyy}/month=!{timestamp:MM}/day=!{timestamp:dd}/";

const BASE_ARGS: EventStreamSourceArgs = {
    lake: {
        naming: { project: "medallion-lake", stack: "test" },
        bucketNames: { bronze: BRONZE },
        keyArn: KEY_ARN,
    },
    accountId: TEST_ACCOUNT_ID,
    region: TEST_REGION,
    schemaFile: TWEETS_SCHEMA,
};

async function build(args: Partial<EventStreamSourceArgs> = {}): Promise<Recorder> {
    const recorder = setupPulumiMocks({}, "test");
    new EventStreamSource("events", { ...BASE_ARGS, ...args });
    await settle();
    return recorder;
}

function policyOf(resource: RecordedResource): { Statement: Array<Record<string, any>> } {
    return JSON.parse(resource.inputs.policy);
}

function tempFile(name: string, content: string): string {
    const file = path.join(mkdtempSync(path.join(tmpdir(), "event-schema-")), name);
    writeFileSync(file, content);
    return file;
}

describe("EventStreamSource", () => {
    it("documents every default in docs/components.md", () => {
        expect(documentedDefaults("EVENT_STREAM_SOURCE_DEFAULTS")).to.deep.equal(
            EVENT_STREAM_SOURCE_DEFAULTS,
        );
    });

    describe("with defaults (Direct PUT)", () => {
        let recorder: Recorder;
        let stream: RecordedResource;
        before(async () => {
            recorder = await build();
            stream = recorder.named("events-stream");
        });

        it("registers under its type token and parents every child under it", () => {
            const component = recorder.named("events", "medallion-lake:index:EventStreamSource");
            const children = recorder.resources.filter((r) => r.name !== "events");
            expect(children.map((r) => r.parentUrn)).to.satisfy((urns: unknown[]) =>
                urns.every((u) => u === component.urn),
            );
        });

        it("delivers to the dataset prefix of bronze with Hive-style time folders", () => {
            const s3 = stream.inputs.extendedS3Configuration;
            expect(stream.inputs.name).to.equal(STREAM_NAME);
            expect(stream.inputs.destination).to.equal("extended_s3");
            expect(s3.bucketArn).to.equal(BRONZE_ARN);
            expect(s3.prefix).to.equal(`tweets/${TIME_PREFIX}`);
            expect(s3.errorOutputPrefix).to.equal(
                `${FIREHOSE_ERRORS_PREFIX}tweets/!{firehose:error-output-type}/${TIME_PREFIX}`,
            );
        });

        it("appends a newline to every record so objects are JSON lines", () => {
            expect(stream.inputs.extendedS3Configuration.processingConfiguration).to.deep.equal({
                enabled: true,
                processors: [{ type: "AppendDelimiterToRecord" }],
            });
            expect(APPEND_DELIMITER_PROCESSOR).to.equal("AppendDelimiterToRecord");
        });

        it("compresses with GZIP into .json.gz objects, with the default buffering hints", () => {
            const s3 = stream.inputs.extendedS3Configuration;
            expect(s3.compressionFormat).to.equal("GZIP");
            expect(s3.fileExtension).to.equal(".json.gz");
            expect(s3.bufferingSize).to.equal(64);
            expect(s3.bufferingInterval).to.equal(300);
            expect(EVENT_STREAM_SOURCE_DEFAULTS).to.include({
                bufferingSizeMiB: 64,
                bufferingIntervalSeconds: 300,
                compressionFormat: "GZIP",
                fileExtension: ".json.gz",
            });
        });

        it("encrypts objects and the stream at rest with the lake key", () => {
            expect(stream.inputs.extendedS3Configuration.kmsKeyArn).to.equal(KEY_ARN);
            expect(stream.inputs.serverSideEncryption).to.deep.equal({
                enabled: true,
                keyType: "CUSTOMER_MANAGED_CMK",
                keyArn: KEY_ARN,
            });
            expect(stream.inputs.kinesisSourceConfiguration).to.equal(undefined);
        });

        it("logs delivery errors to an encrypted log group with explicit retention", () => {
            const group = recorder.named("events-logs");
            expect(group.inputs).to.include({
                name: `/aws/kinesisfirehose/${STREAM_NAME}`,
                retentionInDays: EVENT_STREAM_SOURCE_DEFAULTS.logRetentionDays,
                kmsKeyId: KEY_ARN,
            });
            expect(EVENT_STREAM_SOURCE_DEFAULTS.logRetentionDays).to.equal(30);
            expect(stream.inputs.extendedS3Configuration.cloudwatchLoggingOptions).to.deep.equal({
                enabled: true,
                logGroupName: `/aws/kinesisfirehose/${STREAM_NAME}`,
                logStreamName: FIREHOSE_LOG_STREAM,
            });
        });

        it("gives Firehose a role trusted by firehose.amazonaws.com in this account only", () => {
            const role = recorder.named("events-role");
            expect(role.inputs.name).to.equal("medallion-lake-test-tweets-firehose");
            expect(JSON.parse(role.inputs.assumeRolePolicy).Statement).to.deep.equal([
                {
                    Effect: "Allow",
                    Principal: { Service: ["firehose.amazonaws.com"] },
                    Action: ["sts:AssumeRole"],
                    Condition: { StringEquals: { "aws:SourceAccount": TEST_ACCOUNT_ID } },
                },
            ]);
            expect(stream.inputs.extendedS3Configuration.roleArn).to.equal(role.outputs.arn);
        });

        it("limits the role to the dataset and error prefixes, the key through S3, and its log group", () => {
            const logGroupArn = recorder.named("events-logs").outputs.arn;
            const statements = policyOf(recorder.named("events-role-policy")).Statement;
            expect(statements).to.deep.equal([
                {
                    Sid: "ListDestinationBucket",
                    Effect: "Allow",
                    Action: ["s3:GetBucketLocation", "s3:ListBucket", "s3:ListBucketMultipartUploads"],
                    Resource: [BRONZE_ARN],
                },
                {
                    Sid: "WriteUnderDeliveryPrefixes",
                    Effect: "Allow",
                    Action: ["s3:AbortMultipartUpload", "s3:GetObject", "s3:PutObject"],
                    Resource: [`${BRONZE_ARN}/tweets/*`, `${BRONZE_ARN}/_firehose-errors/tweets/*`],
                },
                {
                    Sid: "EncryptDeliveredObjects",
                    Effect: "Allow",
                    Action: ["kms:Decrypt", "kms:GenerateDataKey"],
                    Resource: [KEY_ARN],
                    Condition: {
                        StringEquals: { "kms:ViaService": `s3.${TEST_REGION}.amazonaws.com` },
                        StringLike: {
                            "kms:EncryptionContext:aws:s3:arn": [
                                BRONZE_ARN,
                                `${BRONZE_ARN}/tweets/*`,
                                `${BRONZE_ARN}/_firehose-errors/tweets/*`,
                            ],
                        },
                    },
                },
                {
                    Effect: "Allow",
                    Action: ["logs:CreateLogStream", "logs:PutLogEvents"],
                    Resource: [logGroupArn, `${logGroupArn}:*`],
                },
            ]);
        });

        it("creates the stream after its role policy exists", () => {
            expect(recorder.dependsOn(stream, recorder.named("events-role-policy"))).to.equal(true);
        });

        it("registers the event's JSON Schema, compacted, with BACKWARD compatibility", () => {
            const schema = recorder.named("events-schema");
            const registry = recorder.named("events-registry");
            expect(registry.inputs.registryName).to.equal("medallion-lake-test-tweets-events");
            expect(schema.inputs).to.include({
                schemaName: "tweets",
                dataFormat: "JSON",
                compatibility: "BACKWARD",
                registryArn: registry.outputs.arn,
            });
            const file = JSON.parse(readFileSync(TWEETS_SCHEMA, "utf8"));
            expect(schema.inputs.schemaDefinition).to.equal(JSON.stringify(file));
        });

        it("offers producers a policy to send to the stream and read the schema, nothing else", () => {
            const statements = policyOf(recorder.named("events-producer-policy")).Statement;
            expect(statements).to.deep.equal([
                {
                    Sid: "SendEvents",
                    Effect: "Allow",
                    Action: ["firehose:PutRecord", "firehose:PutRecordBatch"],
                    Resource: [stream.outputs.arn],
                },
                {
                    Sid: "ReadEventSchema",
                    Effect: "Allow",
                    Action: ["glue:GetSchema", "glue:GetSchemaByDefinition", "glue:GetSchemaVersion"],
                    Resource: [
                        recorder.named("events-registry").outputs.arn,
                        recorder.named("events-schema").outputs.arn,
                    ],
                },
            ]);
        });

        it("passes the project's policy pack (policies/) with no violation", async () => {
            expect(await evaluatePolicies(recorder.resources)).to.deep.equal([]);
        });

        it("grants nothing on * in any policy", () => {
            const policies = [recorder.named("events-role-policy"), recorder.named("events-producer-policy")];
            const onStar = policies
                .flatMap((p) => policyOf(p).Statement)
                .filter((s) => s.Resource.includes("*"))
                .flatMap((s) => s.Action);
            expect(onStar).to.deep.equal([]);
        });
    });

    describe("reading a Kinesis data stream", () => {
        const streamArn = `arn:aws:kinesis:${TEST_REGION}:${TEST_ACCOUNT_ID}:stream/tweets`;
        const streamKey = `arn:aws:kms:${TEST_REGION}:${TEST_ACCOUNT_ID}:key/11111111-2222-3333-4444-555555555555`;
        let recorder: Recorder;
        before(async () => {
            recorder = await build({ kinesisSource: { streamArn, keyArn: streamKey } });
        });

        it("sets the Kinesis source with the delivery role and no stream-side encryption", () => {
            const stream = recorder.named("events-stream");
            expect(stream.inputs.kinesisSourceConfiguration).to.deep.equal({
                kinesisStreamArn: streamArn,
                roleArn: recorder.named("events-role").outputs.arn,
            });
            expect(stream.inputs.serverSideEncryption).to.equal(undefined);
        });

        it("lets the role read that stream and decrypt it through Kinesis only", () => {
            const statements = policyOf(recorder.named("events-role-policy")).Statement;
            expect(statements.slice(-2)).to.deep.equal([
                {
                    Sid: "ReadSourceStream",
                    Effect: "Allow",
                    Action: [
                        "kinesis:DescribeStream",
                        "kinesis:GetRecords",
                        "kinesis:GetShardIterator",
                        "kinesis:ListShards",
                    ],
                    Resource: [streamArn],
                },
                {
                    Effect: "Allow",
                    Action: ["kms:Decrypt"],
                    Resource: [streamKey],
                    Condition: { StringEquals: { "kms:ViaService": `kinesis.${TEST_REGION}.amazonaws.com` } },
                },
            ]);
        });

        it("gives producers schema access only (they write to Kinesis, not Firehose)", () => {
            const actions = policyOf(recorder.named("events-producer-policy")).Statement.flatMap(
                (s) => s.Action,
            );
            expect(actions).to.deep.equal([
                "glue:GetSchema",
                "glue:GetSchemaByDefinition",
                "glue:GetSchemaVersion",
            ]);
        });
    });

    describe("options", () => {
        it("delivers uncompressed objects with a plain extension when asked", async () => {
            const recorder = await build({ compressionFormat: "UNCOMPRESSED", fileExtension: ".json" });
            const s3 = recorder.named("events-stream").inputs.extendedS3Configuration;
            expect([s3.compressionFormat, s3.fileExtension]).to.deep.equal(["UNCOMPRESSED", ".json"]);
        });

        it("derives the compression a dataset suffix declares", () => {
            expect([".json.gz", ".gz", ".json", ".csv"].map(compressionForSuffix)).to.deep.equal([
                "GZIP",
                "GZIP",
                "UNCOMPRESSED",
                "UNCOMPRESSED",
            ]);
        });

        it("registers the schema in a registry the caller brings, creating none", async () => {
            const registryArn = `arn:aws:glue:${TEST_REGION}:${TEST_ACCOUNT_ID}:registry/shared-events`;
            const recorder = await build({ registryArn });
            expect(recorder.ofType("aws:glue/registry:Registry")).to.have.length(0);
            expect(recorder.named("events-schema").inputs.registryArn).to.equal(registryArn);
        });

        it("uses the given dataset, prefix, buffering hints and retention", async () => {
            const recorder = await build({
                dataset: "clicks",
                bronzePrefix: "web/clicks/",
                bufferingSizeMiB: 128,
                bufferingIntervalSeconds: 0,
                logRetentionDays: 7,
            });
            const s3 = recorder.named("events-stream").inputs.extendedS3Configuration;
            expect(s3.prefix).to.equal(`web/clicks/${TIME_PREFIX}`);
            expect(s3.errorOutputPrefix).to.equal(
                `_firehose-errors/clicks/!{firehose:error-output-type}/${TIME_PREFIX}`,
            );
            expect([s3.bufferingSize, s3.bufferingInterval]).to.deep.equal([128, 0]);
            expect(recorder.named("events-logs").inputs.retentionInDays).to.equal(7);
            expect(recorder.named("events-schema").inputs.schemaName).to.equal("clicks");
        });
    });

    describe("refuses bad input, naming the option", () => {
        const refuse = (args: Partial<EventStreamSourceArgs>, message: RegExp) => {
            setupPulumiMocks({}, "test");
            expect(() => new EventStreamSource("events", { ...BASE_ARGS, ...args })).to.throw(message);
        };

        it("buffering hints outside Firehose's ranges", () => {
            const size = EVENT_STREAM_LIMITS.bufferingSizeMiB;
            refuse(
                { bufferingSizeMiB: 0 },
                /EventStreamSource events: bufferingSizeMiB: got 0; use a whole number from 1 to 128/,
            );
            refuse({ bufferingSizeMiB: size.max + 1 }, /bufferingSizeMiB: got 129/);
            refuse(
                { bufferingIntervalSeconds: 901 },
                /bufferingIntervalSeconds: got 901; use a whole number from 0 to 900/,
            );
        });

        it("an extension that contradicts the compression", () => {
            refuse(
                { compressionFormat: "UNCOMPRESSED", fileExtension: ".json.gz" },
                /fileExtension: got "\.json\.gz" for UNCOMPRESSED objects; readers would try to decompress them/,
            );
            refuse(
                { compressionFormat: "ZIP" as never },
                /compressionFormat: got "ZIP"; use GZIP or UNCOMPRESSED/,
            );
            refuse(
                { fileExtension: ".json" },
                /fileExtension: got "\.json"; Firehose writes GZIP objects, so use an extension ending in \.gz/,
            );
        });

        it("a prefix that is not a lowercase folder (which also keeps it apart from _firehose-errors/)", () => {
            refuse(
                { bronzePrefix: "/tweets" },
                /bronzePrefix: got "\/tweets"; use the dataset spec's bronze\.prefix/,
            );
            refuse({ bronzePrefix: "_firehose-errors/x/" }, /bronzePrefix: got "_firehose-errors\/x\/"/);
        });

        it("a dataset name that is not lower snake_case", () => {
            refuse({ dataset: "Tweets" }, /dataset: got "Tweets"; use the dataset's lower snake_case name/);
        });

        it("a retention CloudWatch Logs does not accept", () => {
            refuse(
                { logRetentionDays: 45 },
                /logRetentionDays: got 45; CloudWatch Logs accepts only .*; use 30 or 60/,
            );
        });

        it("a schema file that is missing, not JSON, not draft-07 or not a valid schema", () => {
            refuse(
                { schemaFile: "/nonexistent/schema.json" },
                /schemaFile: cannot read \/nonexistent\/schema\.json/,
            );
            refuse({ schemaFile: tempFile("bad.json", "{") }, /schemaFile: .*bad\.json is not JSON/);
            refuse(
                {
                    schemaFile: tempFile(
                        "old.json",
                        JSON.stringify({ $schema: "https://json-schema.org/draft/2020-12/schema" }),
                    ),
                },
                /declares \$schema "https:\/\/json-schema\.org\/draft\/2020-12\/schema"; set "\$schema": "http:\/\/json-schema\.org\/draft-07\/schema#"/,
            );
            refuse(
                {
                    schemaFile: tempFile(
                        "invalid.json",
                        JSON.stringify({ $schema: "http://json-schema.org/draft-07/schema#", type: "nope" }),
                    ),
                },
                /invalid\.json is not a valid draft-07 schema/,
            );
        });
    });
});

describe("datasets/schemas/tweets.schema.json", () => {
    const schema = JSON.parse(readFileSync(TWEETS_SCHEMA, "utf8"));
    const validate = new Ajv({ strict: true, allowUnionTypes: true }).compile(schema);
    const event = {
        id: "1808123456789012345",
        text: "medallion lakes are neat",
        lang: "en",
        created_at: "2024-06-30T12:00:00Z",
        collected_at: 1719748800123,
        user: { id: "42", screen_name: "lakehouse", followers_count: 10 },
        public_metrics: { retweet_count: 1, like_count: 3 },
    };

    it("accepts a tweet with an ISO 8601 or an epoch-millisecond created_at", () => {
        expect(validate(event), JSON.stringify(validate.errors)).to.equal(true);
        expect(validate({ ...event, created_at: 1719748800000 })).to.equal(true);
    });

    it("rejects a tweet without created_at, or with a numeric id", () => {
        const { created_at: _, ...withoutTime } = event;
        expect(validate(withoutTime)).to.equal(false);
        expect(validate.errors?.[0]?.params).to.deep.equal({ missingProperty: "created_at" });
        expect(validate({ ...event, id: 42 })).to.equal(false);
    });

    it("requires exactly the columns the tweets dataset spec requires", () => {
        const spec = parseYaml(readFileSync(path.join(REPO_ROOT, "datasets", "tweets.yaml"), "utf8"));
        expect(schema.required).to.have.members(spec.required_columns);
    });
});
