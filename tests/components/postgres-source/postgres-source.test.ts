import { readdirSync, readFileSync, rmSync } from "node:fs";
import * as path from "node:path";
import * as pulumi from "@pulumi/pulumi";
import { expect } from "chai";
import {
    INGESTION_LINEAGE_ARGUMENTS,
    INGESTION_MAX_CONCURRENT_RUNS,
    POSTGRES_SOURCE_DEFAULTS,
    PostgresSource,
    type PostgresSourceArgs,
} from "../../../components/postgres-source/postgres-source";
import { INTERFACE_ENDPOINT_SERVICES } from "../../../components/postgres-source/source-network";
import { loadSimulatorConfig } from "../../../lambdas/simulator/config";
import { ACTIONS_ONLY_ON_STAR } from "../../../lib/iam";
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
import { TEST_KEY_ARN, testLake } from "../../support/test-lake";

const DB_ID = "medallion-lake-test-transactional-db";
const DB_ADDRESS = `${DB_ID}.c0ffee123456.${TEST_REGION}.rds.amazonaws.com`;
const SECRET_ARN = `arn:aws:secretsmanager:${TEST_REGION}:${TEST_ACCOUNT_ID}:secret:rds!db-${DB_ID}-AbCdEf`;
const FUNCTION_NAME = "medallion-lake-test-transactional-simulator";
const FUNCTION_ARN = `arn:aws:lambda:${TEST_REGION}:${TEST_ACCOUNT_ID}:function:${FUNCTION_NAME}`;
const CONNECTION = "medallion-lake-test-transactional-postgres";
const ISOLATED_SUBNETS = ["subnet-transactional-vpc-isolated-1", "subnet-transactional-vpc-isolated-2"];
const EC2 = `arn:aws:ec2:${TEST_REGION}:${TEST_ACCOUNT_ID}`;
const STUB_CODE = new pulumi.asset.AssetArchive({
    "index.js": new pulumi.asset.StringAsset("exports.handler = async () => ({});"),
});

async function build(overrides: Partial<PostgresSourceArgs> = {}): Promise<Recorder> {
    const recorder = setupPulumiMocks({}, "test");
    new PostgresSource("transactional", {
        lake: testLake(),
        accountId: TEST_ACCOUNT_ID,
        region: TEST_REGION,
        simulatorCode: STUB_CODE,
        ...overrides,
    });
    await settle();
    return recorder;
}

const statementsOf = (resource: RecordedResource, input = "policy"): Array<Record<string, any>> =>
    JSON.parse(resource.inputs[input]).Statement;

/** Every security group rule as `[direction, group, ports, peer]`, peers named by their group. */
function ruleTable(recorder: Recorder): string[][] {
    const groupOf = (id: string | undefined) =>
        recorder.ofType("aws:ec2/securityGroup:SecurityGroup").find((g) => `${g.name}-id` === id)?.name ?? id;
    const rows: string[][] = [];
    for (const [type, direction] of [
        ["aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule", "in"],
        ["aws:vpc/securityGroupEgressRule:SecurityGroupEgressRule", "out"],
    ]) {
        for (const rule of recorder.ofType(type)) {
            const i = rule.inputs;
            const peer = i.referencedSecurityGroupId ?? i.prefixListId ?? i.cidrIpv4;
            rows.push([
                direction,
                String(groupOf(i.securityGroupId)),
                `${i.ipProtocol}/${i.fromPort}-${i.toPort}`,
                String(groupOf(peer)),
            ]);
        }
    }
    return rows.sort();
}

/** Every IAM document the source registers: inline role policies and trust policies. */
function iamStatements(recorder: Recorder): Array<Record<string, any>> {
    return [
        ...recorder.ofType("aws:iam/rolePolicy:RolePolicy").flatMap((p) => statementsOf(p)),
        ...recorder.ofType("aws:iam/role:Role").flatMap((r) => statementsOf(r, "assumeRolePolicy")),
    ];
}

/** The value of an input Pulumi marked secret (recorded as `{ <secret signature>: ..., value }`). */
const unsecret = (input: Record<string, any>) =>
    input[pulumi.runtime.specialSigKey] === pulumi.runtime.specialSecretSig ? input.value : input;

/** `{ network: { cidrBlock: ... } }` -> `{ "network.cidrBlock": ... }`. */
function flatten(value: Record<string, unknown>, prefix = ""): Record<string, unknown> {
    const out: Record<string, unknown> = {};
    for (const [key, inner] of Object.entries(value)) {
        if (inner !== null && typeof inner === "object" && !Array.isArray(inner)) {
            Object.assign(out, flatten(inner as Record<string, unknown>, `${prefix}${key}.`));
        } else {
            out[`${prefix}${key}`] = inner;
        }
    }
    return out;
}

describe("PostgresSource", () => {
    it("documents every default in docs/components.md", () => {
        expect(documentedDefaults("POSTGRES_SOURCE_DEFAULTS")).to.deep.equal(
            flatten(POSTGRES_SOURCE_DEFAULTS),
        );
    });

    describe("with defaults", () => {
        let recorder: Recorder;
        before(async () => {
            recorder = await build();
        });

        it("registers under its type token, every resource descending from it", () => {
            const component = recorder.named("transactional", "medallion-lake:index:PostgresSource");
            const descends = (r: RecordedResource): boolean =>
                r.parentUrn === component.urn ||
                (r.parentUrn !== undefined && descends(recorder.byUrn(r.parentUrn) as RecordedResource));
            const others = recorder.resources.filter((r) => r !== component && r.name !== "artifacts");
            expect(others.filter((r) => !descends(r)).map((r) => r.name)).to.deep.equal([]);
        });

        it("builds an awsx VPC of isolated subnets in two zones with no NAT gateway", () => {
            const vpc = recorder.named("transactional-vpc", "awsx:ec2:Vpc");
            expect(vpc.inputs).to.deep.include({
                cidrBlock: "10.42.0.0/16",
                numberOfAvailabilityZones: 2,
                natGateways: { strategy: "None" },
                subnetSpecs: [{ type: "Isolated", cidrMask: 24 }],
                enableDnsHostnames: true,
                enableDnsSupport: true,
            });
            // Under mocks the awsx VPC is one remote resource (no child gateway is ever registered), so the inputs
            // are what can fail: awsx adds an internet gateway only for Public subnet specs and NAT gateways only
            // per the natGateways strategy ("None" above).
            const types = (vpc.inputs.subnetSpecs as Array<{ type: string }>).map((spec) => spec.type);
            expect(types).to.not.include("Public");
            expect(types).to.not.include("Private");
        });

        it("adds an S3 gateway endpoint on the VPC's route tables", () => {
            const s3 = recorder.named("transactional-s3-endpoint");
            expect(s3.inputs).to.deep.include({
                vpcId: "vpc-transactional-vpc",
                serviceName: `com.amazonaws.${TEST_REGION}.s3`,
                vpcEndpointType: "Gateway",
                routeTableIds: ["rtb-transactional-vpc-isolated-1", "rtb-transactional-vpc-isolated-2"],
            });
        });

        it("adds one private-DNS interface endpoint per service the simulator and Glue call", () => {
            const endpoints = recorder
                .ofType("aws:ec2/vpcEndpoint:VpcEndpoint")
                .filter((e) => e.inputs.vpcEndpointType === "Interface");
            // Recorded when their inputs resolve (each policy names other resources), so compare sorted.
            expect(endpoints.map((e) => e.inputs.serviceName).sort()).to.deep.equal(
                ["secretsmanager", "glue", "kms", "logs", "monitoring"]
                    .map((s) => `com.amazonaws.${TEST_REGION}.${s}`)
                    .sort(),
            );
            for (const endpoint of endpoints) {
                expect(endpoint.inputs).to.deep.include({
                    privateDnsEnabled: true,
                    subnetIds: ISOLATED_SUBNETS,
                    securityGroupIds: ["transactional-endpoints-sg-id"],
                });
            }
        });

        it("opens only the flows each side needs, and nothing to the internet", () => {
            expect(ruleTable(recorder)).to.deep.equal(
                [
                    ["in", "transactional-database-sg", "tcp/5432-5432", "transactional-simulator-sg"],
                    ["in", "transactional-database-sg", "tcp/5432-5432", "transactional-glue-sg"],
                    ["in", "transactional-glue-sg", "tcp/0-65535", "transactional-glue-sg"],
                    ["in", "transactional-endpoints-sg", "tcp/443-443", "transactional-simulator-sg"],
                    ["in", "transactional-endpoints-sg", "tcp/443-443", "transactional-glue-sg"],
                    ["out", "transactional-simulator-sg", "tcp/5432-5432", "transactional-database-sg"],
                    ["out", "transactional-simulator-sg", "tcp/443-443", "transactional-endpoints-sg"],
                    ["out", "transactional-glue-sg", "tcp/5432-5432", "transactional-database-sg"],
                    ["out", "transactional-glue-sg", "tcp/0-65535", "transactional-glue-sg"],
                    ["out", "transactional-glue-sg", "tcp/443-443", "pl-transactional-s3-endpoint"],
                    ["out", "transactional-glue-sg", "tcp/443-443", "transactional-endpoints-sg"],
                ].sort(),
            );
            const groups = recorder.ofType("aws:ec2/securityGroup:SecurityGroup");
            expect(
                groups.every((g) => g.inputs.ingress === undefined && g.inputs.egress === undefined),
            ).to.equal(true);
        });

        it("runs PostgreSQL privately on a free-tier class, encrypted, with a managed secret and backups", () => {
            const db = recorder.named("transactional-db", "aws:rds/instance:Instance");
            expect(db.inputs).to.deep.include({
                identifier: DB_ID,
                engine: "postgres",
                engineVersion: "17",
                instanceClass: "db.t4g.micro",
                publiclyAccessible: false,
                storageEncrypted: true,
                kmsKeyId: TEST_KEY_ARN,
                manageMasterUserPassword: true,
                masterUserSecretKmsKeyId: TEST_KEY_ARN,
                username: "lake_admin",
                dbName: "transactions",
                port: 5432,
                backupRetentionPeriod: 7,
                multiAz: false,
                iamDatabaseAuthenticationEnabled: true,
                caCertIdentifier: "rds-ca-rsa2048-g1",
                vpcSecurityGroupIds: ["transactional-database-sg-id"],
                dbSubnetGroupName: DB_ID,
                parameterGroupName: `${DB_ID}-postgres17`,
            });
            expect(db.inputs.password).to.equal(undefined);
            expect(recorder.named("transactional-db-subnets").inputs.subnetIds).to.deep.equal(
                ISOLATED_SUBNETS,
            );
        });

        it("requires TLS through its parameter group", () => {
            const group = recorder.named("transactional-db-parameters");
            expect(group.inputs.family).to.equal("postgres17");
            expect(group.inputs.parameters).to.deep.equal([
                { name: "rds.force_ssl", value: "1", applyMethod: "immediate" },
            ]);
        });

        it("protects retained data: deletion protection and a final snapshot", () => {
            const db = recorder.named("transactional-db", "aws:rds/instance:Instance");
            expect(db.inputs).to.deep.include({
                deletionProtection: true,
                skipFinalSnapshot: false,
                finalSnapshotIdentifier: `${DB_ID}-final`,
            });
        });

        it("exports PostgreSQL logs into log groups it creates first, with retention", () => {
            const db = recorder.named("transactional-db", "aws:rds/instance:Instance");
            const groups = ["postgresql", "upgrade"].map((log) =>
                recorder.named(`transactional-db-log-${log}`),
            );
            expect(
                groups.map((g) => [g.inputs.name, g.inputs.retentionInDays, g.inputs.kmsKeyId]),
            ).to.deep.equal([
                [`/aws/rds/instance/${DB_ID}/postgresql`, 30, TEST_KEY_ARN],
                [`/aws/rds/instance/${DB_ID}/upgrade`, 30, TEST_KEY_ARN],
            ]);
            expect(groups.every((g) => recorder.dependsOn(db, g))).to.equal(true);
        });

        it("gives the simulator the environment its own config loader accepts", () => {
            const fn = recorder.named("transactional-simulator", "aws:lambda/function:Function");
            const env = fn.inputs.environment.variables;
            expect(env).to.deep.equal({
                DB_HOST: DB_ADDRESS,
                DB_PORT: "5432",
                DB_NAME: "transactions",
                DB_SECRET_ARN: SECRET_ARN,
                ROWS_PER_RUN: "10",
            });
            expect(loadSimulatorConfig(env)).to.deep.include({
                host: DB_ADDRESS,
                port: 5432,
                rowsPerRun: 10,
            });
        });

        it("runs the simulator in the VPC on Node.js 22 arm64 with JSON logs", () => {
            const fn = recorder.named("transactional-simulator", "aws:lambda/function:Function");
            expect(fn.inputs).to.deep.include({
                name: FUNCTION_NAME,
                runtime: "nodejs22.x",
                architectures: ["arm64"],
                handler: "index.handler",
                timeout: 60,
                memorySize: 256,
                vpcConfig: {
                    subnetIds: ISOLATED_SUBNETS,
                    securityGroupIds: ["transactional-simulator-sg-id"],
                },
            });
            expect(fn.inputs.loggingConfig).to.deep.include({
                logFormat: "JSON",
                logGroup: `/aws/lambda/${FUNCTION_NAME}`,
            });
        });

        it("starts the simulator every 2 minutes with EventBridge Scheduler, failures to a dead-letter queue", () => {
            const schedule = recorder.named("transactional-schedule", "aws:scheduler/schedule:Schedule");
            const dlq = recorder.named("transactional-simulator-dlq");
            expect(schedule.inputs).to.deep.include({
                scheduleExpression: "rate(2 minutes)",
                scheduleExpressionTimezone: "UTC",
                flexibleTimeWindow: { mode: "OFF" },
                state: "ENABLED",
            });
            expect(schedule.inputs.target).to.deep.equal({
                arn: FUNCTION_ARN,
                roleArn: recorder.named("transactional-schedule-role").outputs.arn,
                retryPolicy: { maximumRetryAttempts: 2, maximumEventAgeInSeconds: 60 },
                deadLetterConfig: { arn: dlq.outputs.arn },
            });
            expect(recorder.named("transactional-simulator-async").inputs).to.deep.include({
                maximumRetryAttempts: 0,
                destinationConfig: { onFailure: { destination: dlq.outputs.arn } },
            });
            expect(dlq.inputs).to.deep.include({
                kmsMasterKeyId: TEST_KEY_ARN,
                messageRetentionSeconds: 1_209_600,
            });
        });

        it("lets the scheduler's role invoke the simulator only, for this account only", () => {
            const role = recorder.named("transactional-schedule-role");
            const dlq = recorder.named("transactional-simulator-dlq").outputs.arn;
            expect(statementsOf(role, "assumeRolePolicy")).to.deep.equal([
                {
                    Effect: "Allow",
                    Principal: { Service: ["scheduler.amazonaws.com"] },
                    Action: ["sts:AssumeRole"],
                    Condition: { StringEquals: { "aws:SourceAccount": TEST_ACCOUNT_ID } },
                },
            ]);
            expect(statementsOf(recorder.named("transactional-schedule-role-policy"))).to.deep.equal([
                {
                    Sid: "InvokeFunction",
                    Effect: "Allow",
                    Action: ["lambda:InvokeFunction"],
                    Resource: [FUNCTION_ARN, `${FUNCTION_ARN}:*`],
                },
                {
                    Sid: "SendToDeadLetterQueue",
                    Effect: "Allow",
                    Action: ["sqs:SendMessage"],
                    Resource: [dlq],
                },
                {
                    Sid: "EncryptDeadLetters",
                    Effect: "Allow",
                    Action: ["kms:Decrypt", "kms:GenerateDataKey"],
                    Resource: [TEST_KEY_ARN],
                    Condition: { StringEquals: { "kms:ViaService": `sqs.${TEST_REGION}.amazonaws.com` } },
                },
            ]);
        });

        it("scopes the simulator's role to its logs, its VPC, the secret and the dead-letter queue", () => {
            const logGroup = recorder.named("transactional-simulator-logs").outputs.arn;
            const dlq = recorder.named("transactional-simulator-dlq").outputs.arn;
            expect(statementsOf(recorder.named("transactional-simulator-role-policy"))).to.deep.equal([
                {
                    Effect: "Allow",
                    Action: ["logs:CreateLogStream", "logs:PutLogEvents"],
                    Resource: [logGroup, `${logGroup}:*`],
                },
                {
                    Sid: "DescribeVpcNetwork",
                    Effect: "Allow",
                    Action: ["ec2:DescribeNetworkInterfaces", "ec2:DescribeSubnets"],
                    Resource: ["*"],
                },
                {
                    Sid: "ManageInterfacesInOwnVpc",
                    Effect: "Allow",
                    Action: [
                        "ec2:AssignPrivateIpAddresses",
                        "ec2:CreateNetworkInterface",
                        "ec2:DeleteNetworkInterface",
                        "ec2:UnassignPrivateIpAddresses",
                    ],
                    Resource: [`${EC2}:network-interface/*`, `${EC2}:security-group/*`, `${EC2}:subnet/*`],
                    Condition: { ArnEquals: { "ec2:Vpc": `${EC2}:vpc/vpc-transactional-vpc` } },
                },
                {
                    Sid: "ReadDatabaseSecret",
                    Effect: "Allow",
                    Action: ["secretsmanager:DescribeSecret", "secretsmanager:GetSecretValue"],
                    Resource: [SECRET_ARN],
                },
                {
                    Effect: "Allow",
                    Action: ["kms:Decrypt"],
                    Resource: [TEST_KEY_ARN],
                    Condition: {
                        StringEquals: { "kms:ViaService": `secretsmanager.${TEST_REGION}.amazonaws.com` },
                    },
                },
                {
                    Sid: "SendToDeadLetterQueue",
                    Effect: "Allow",
                    Action: ["sqs:SendMessage"],
                    Resource: [dlq],
                },
                {
                    Sid: "EncryptDeadLetters",
                    Effect: "Allow",
                    Action: ["kms:Decrypt", "kms:GenerateDataKey"],
                    Resource: [TEST_KEY_ARN],
                    Condition: { StringEquals: { "kms:ViaService": `sqs.${TEST_REGION}.amazonaws.com` } },
                },
                {
                    Sid: "DecryptOwnEnvironment",
                    Effect: "Allow",
                    Action: ["kms:Decrypt"],
                    Resource: [TEST_KEY_ARN],
                    Condition: {
                        StringEquals: {
                            "kms:ViaService": `lambda.${TEST_REGION}.amazonaws.com`,
                            "kms:EncryptionContext:LambdaFunctionName": FUNCTION_NAME,
                        },
                    },
                },
            ]);
        });

        it("encrypts the simulator's environment with the lake key", () => {
            const fn = recorder.named("transactional-simulator", "aws:lambda/function:Function");
            expect(fn.inputs.kmsKeyArn).to.equal(TEST_KEY_ARN);
        });

        it("gives each VPC endpoint a policy that names only the lake's resources its workloads use", () => {
            const policyOf = (service: string) =>
                statementsOf(recorder.named(`transactional-${service}-endpoint`));
            const jobName = "medallion-lake-test-transactional-jdbc-to-bronze";
            const glue = `arn:aws:glue:${TEST_REGION}:${TEST_ACCOUNT_ID}`;
            const logGroup = (stream: string) =>
                recorder.named(`transactional-ingestion-logs-${stream}`).outputs.arn;
            const allow = (Sid: string, Action: string[], Resource: string[]) => ({
                Sid,
                Effect: "Allow",
                Principal: "*",
                Action,
                Resource,
            });
            const buckets = ["lake-artifacts", "lake-bronze", "lake-silver"].map((b) => `arn:aws:s3:::${b}`);
            expect(policyOf("s3")).to.deep.equal([
                allow(
                    "LakeBuckets",
                    [
                        "s3:AbortMultipartUpload",
                        "s3:DeleteObject",
                        "s3:GetBucketLocation",
                        "s3:GetObject",
                        "s3:GetObjectVersion",
                        "s3:ListBucket",
                        "s3:PutObject",
                    ],
                    [...buckets, ...buckets.map((b) => `${b}/*`)],
                ),
            ]);
            expect(policyOf("secretsmanager")).to.deep.equal([
                allow(
                    "DatabaseSecret",
                    ["secretsmanager:DescribeSecret", "secretsmanager:GetSecretValue"],
                    [SECRET_ARN],
                ),
            ]);
            expect(policyOf("glue")).to.deep.equal([
                allow(
                    "ConnectionAndDatabases",
                    [
                        "glue:GetConnection",
                        "glue:BatchGetPartition",
                        "glue:GetDatabase",
                        "glue:GetPartition",
                        "glue:GetPartitions",
                        "glue:GetTable",
                        "glue:GetTables",
                    ],
                    [`${glue}:catalog`, `${glue}:connection/${CONNECTION}`, `${glue}:database/default`],
                ),
                allow("IngestionJob", ["glue:*"], [`${glue}:job/${jobName}`]),
            ]);
            expect(policyOf("kms")).to.deep.equal([
                allow(
                    "LakeKey",
                    ["kms:Decrypt", "kms:DescribeKey", "kms:Encrypt", "kms:GenerateDataKey"],
                    [TEST_KEY_ARN],
                ),
            ]);
            expect(policyOf("logs")).to.deep.equal([
                allow(
                    "JobLogGroups",
                    [
                        "logs:AssociateKmsKey",
                        "logs:CreateLogGroup",
                        "logs:CreateLogStream",
                        "logs:PutLogEvents",
                    ],
                    [
                        logGroup("output"),
                        `${logGroup("output")}:*`,
                        logGroup("error"),
                        `${logGroup("error")}:*`,
                    ],
                ),
            ]);
            expect(policyOf("monitoring")).to.deep.equal([
                {
                    ...allow("JobMetrics", ["cloudwatch:PutMetricData"], ["*"]),
                    Condition: {
                        StringEquals: {
                            "cloudwatch:namespace": ["Glue", "MedallionLake/ETL"],
                            "aws:PrincipalAccount": TEST_ACCOUNT_ID,
                        },
                    },
                },
            ]);
        });

        it("connects Glue over TLS with the secret's credentials, from the first subnet", () => {
            const connection = recorder.named("transactional-connection");
            expect(connection.inputs).to.deep.include({ name: CONNECTION, connectionType: "JDBC" });
            expect(unsecret(connection.inputs.connectionProperties)).to.deep.equal({
                JDBC_CONNECTION_URL: `jdbc:postgresql://${DB_ADDRESS}:5432/transactions`,
                JDBC_ENFORCE_SSL: "true",
                SECRET_ID: SECRET_ARN,
            });
            expect(connection.inputs.physicalConnectionRequirements).to.deep.equal({
                subnetId: ISOLATED_SUBNETS[0],
                availabilityZone: `${TEST_REGION}a`,
                securityGroupIdLists: ["transactional-glue-sg-id"],
            });
        });

        it("ingests hourly at minute 0, one run at a time, with job bookmarks, through the connection", () => {
            const job = recorder.named("transactional-ingestion-job", "aws:glue/job:Job");
            expect(job.inputs.executionProperty).to.deep.equal({ maxConcurrentRuns: 1 });
            expect(INGESTION_MAX_CONCURRENT_RUNS).to.equal(1);
            expect(job.inputs.connections).to.deep.equal([CONNECTION]);
            expect(job.inputs.defaultArguments).to.deep.include({
                "--job-bookmark-option": "job-bookmark-enable",
                "--connection_name": CONNECTION,
                "--source_table": "random_data",
                "--bronze_uri": "s3://lake-bronze/transactional",
                "--quarantine_uri": "s3://lake-silver/_quarantine/transactional",
            });
            const trigger = recorder.named("transactional-ingestion-schedule", "aws:glue/trigger:Trigger");
            expect(trigger.inputs).to.deep.include({ type: "SCHEDULED", schedule: "cron(0 * * * ? *)" });
        });

        it("lets the job write only its bronze table and quarantine folders", () => {
            const writes = statementsOf(recorder.named("transactional-ingestion-role-policy"))
                .filter((s) => s.Action.includes("s3:PutObject"))
                .flatMap((s) => s.Resource);
            expect(writes).to.deep.equal([
                "arn:aws:s3:::lake-bronze/transactional/random_data",
                "arn:aws:s3:::lake-bronze/transactional/random_data/*",
                "arn:aws:s3:::lake-silver/_quarantine/transactional/random_data",
                "arn:aws:s3:::lake-silver/_quarantine/transactional/random_data/*",
                "arn:aws:s3:::lake-artifacts/glue/temp/medallion-lake-test-transactional-jdbc-to-bronze",
                "arn:aws:s3:::lake-artifacts/glue/temp/medallion-lake-test-transactional-jdbc-to-bronze/*",
            ]);
        });

        it("lets the job read its connection and secret and place its network interfaces", () => {
            const statements = statementsOf(recorder.named("transactional-ingestion-connection-policy"));
            const byAction = Object.fromEntries(statements.map((s) => [s.Action.join(","), s.Resource]));
            expect(byAction["glue:GetConnection"]).to.deep.equal([
                `arn:aws:glue:${TEST_REGION}:${TEST_ACCOUNT_ID}:catalog`,
                `arn:aws:glue:${TEST_REGION}:${TEST_ACCOUNT_ID}:connection/${CONNECTION}`,
            ]);
            expect(byAction["secretsmanager:DescribeSecret,secretsmanager:GetSecretValue"]).to.deep.equal([
                SECRET_ARN,
            ]);
            expect(byAction["ec2:CreateNetworkInterface,ec2:DeleteNetworkInterface"]).to.deep.equal([
                `${EC2}:network-interface/*`,
                `${EC2}:security-group/*`,
                `${EC2}:subnet/*`,
            ]);
        });

        it("passes the project's policy pack (policies/) with no violation", async () => {
            const own = recorder.resources.filter((r) => r.name !== "artifacts");
            expect(await evaluatePolicies(own)).to.deep.equal([]);
        });

        it("grants * only for actions AWS authorizes on * alone", () => {
            const onStar = iamStatements(recorder)
                .filter((s) => Array.isArray(s.Resource) && s.Resource.includes("*"))
                .flatMap((s) => s.Action);
            expect(onStar.filter((action) => !(action in ACTIONS_ONLY_ON_STAR))).to.deep.equal([]);
        });
    });

    describe("with the lake's catalog databases and lineage arguments", () => {
        const LINEAGE = {
            "--lineage_transport": "http",
            "--lineage_url": "https://marquez.example.internal/api/v1/lineage",
            "--lineage_catalog": `arn:aws:glue:${TEST_REGION}:${TEST_ACCOUNT_ID}`,
        };
        let recorder: Recorder;
        before(async () => {
            const recorderInUse = setupPulumiMocks({}, "test");
            new PostgresSource("transactional", {
                lake: {
                    ...testLake(),
                    databaseNames: { bronze: "lake_bronze", silver: "lake_silver", gold: "lake_gold" },
                },
                accountId: TEST_ACCOUNT_ID,
                region: TEST_REGION,
                simulatorCode: STUB_CODE,
                lineageArguments: LINEAGE,
            });
            await settle();
            recorder = recorderInUse;
        });

        it("takes the lineage arguments the job contract lets PostgresSource set", () => {
            expect(INGESTION_LINEAGE_ARGUMENTS).to.deep.equal([
                "--lineage_transport",
                "--lineage_url",
                "--lineage_catalog",
                "--lineage_domain",
            ]);
            const job = recorder.named("transactional-ingestion-job", "aws:glue/job:Job");
            expect(job.inputs.defaultArguments).to.deep.include(LINEAGE);
        });

        it("catalogs the source table with an on-demand JDBC crawler into the bronze database", () => {
            const crawlers = recorder.ofType("aws:glue/crawler:Crawler");
            expect(crawlers.map((c) => c.name)).to.deep.equal(["transactional-crawler-source"]);
            const crawler = crawlers[0] as RecordedResource;
            expect(crawler.inputs).to.deep.include({
                name: "medallion-lake-test-transactional-crawler-source",
                databaseName: "lake_bronze",
                recrawlPolicy: { recrawlBehavior: "CRAWL_EVERYTHING" },
            });
            expect(crawler.inputs.schedule).to.equal(undefined);
            expect(crawler.inputs.s3Targets).to.equal(undefined);
            expect(crawler.inputs.jdbcTargets).to.have.length(1);
            expect(crawler.inputs.jdbcTargets[0]).to.deep.include({
                connectionName: CONNECTION,
                path: "transactions/public/random_data",
            });
            const job = recorder.named("transactional-ingestion-job", "aws:glue/job:Job");
            expect(crawler.inputs.securityConfiguration).to.equal(job.inputs.securityConfiguration);
        });

        it("lets the crawler read the connection and its secret and place its network interfaces", () => {
            const statements = recorder
                .ofType("aws:iam/rolePolicy:RolePolicy")
                .filter((p) => p.name.startsWith("transactional-crawler"))
                .flatMap((p) => statementsOf(p));
            const byAction = Object.fromEntries(statements.map((s) => [s.Action.join(","), s.Resource]));
            expect(byAction["glue:GetConnection"]).to.deep.equal([
                `arn:aws:glue:${TEST_REGION}:${TEST_ACCOUNT_ID}:catalog`,
                `arn:aws:glue:${TEST_REGION}:${TEST_ACCOUNT_ID}:connection/${CONNECTION}`,
            ]);
            expect(byAction["secretsmanager:DescribeSecret,secretsmanager:GetSecretValue"]).to.deep.equal([
                SECRET_ARN,
            ]);
            expect(byAction["ec2:CreateNetworkInterface,ec2:DeleteNetworkInterface"]).to.deep.equal([
                `${EC2}:network-interface/*`,
                `${EC2}:security-group/*`,
                `${EC2}:subnet/*`,
            ]);
        });

        it("passes the project's policy pack (policies/) with the crawler too", async () => {
            const own = recorder.resources.filter((r) => r.name !== "artifacts");
            expect(await evaluatePolicies(own)).to.deep.equal([]);
        });
    });

    describe("with defaults and a lake without catalog databases", () => {
        it("creates no crawler and sets no lineage argument", async () => {
            const recorder = await build();
            expect(recorder.ofType("aws:glue/crawler:Crawler")).to.deep.equal([]);
            const job = recorder.named("transactional-ingestion-job", "aws:glue/job:Job");
            expect(
                Object.keys(job.inputs.defaultArguments).filter((k) => k.startsWith("--lineage")),
            ).to.deep.equal([]);
        });
    });

    describe("with a NAT gateway and data not retained", () => {
        let recorder: Recorder;
        before(async () => {
            recorder = await build({
                network: { natGateways: "Single", interfaceEndpoints: [] },
                retainOnDelete: false,
            });
        });

        it("puts the workloads in private subnets behind one NAT gateway", () => {
            const vpc = recorder.named("transactional-vpc", "awsx:ec2:Vpc");
            expect(vpc.inputs.natGateways).to.deep.equal({ strategy: "Single" });
            expect(vpc.inputs.subnetSpecs).to.deep.equal([
                { type: "Private", cidrMask: 24 },
                { type: "Public", cidrMask: 28 },
            ]);
            expect(recorder.named("transactional-simulator").inputs.vpcConfig.subnetIds).to.deep.equal([
                "subnet-transactional-vpc-private-1",
                "subnet-transactional-vpc-private-2",
            ]);
        });

        it("creates no interface endpoint and lets HTTPS out through NAT instead", () => {
            const interfaces = recorder
                .ofType("aws:ec2/vpcEndpoint:VpcEndpoint")
                .filter((e) => e.inputs.vpcEndpointType === "Interface");
            expect(interfaces).to.have.length(0);
            expect(ruleTable(recorder).filter((row) => row[3] === "0.0.0.0/0")).to.deep.equal([
                ["out", "transactional-glue-sg", "tcp/443-443", "0.0.0.0/0"],
                ["out", "transactional-simulator-sg", "tcp/443-443", "0.0.0.0/0"],
            ]);
        });

        it("deletes the database without protection or final snapshot", () => {
            expect(recorder.named("transactional-db", "aws:rds/instance:Instance").inputs).to.deep.include({
                deletionProtection: false,
                skipFinalSnapshot: true,
                deleteAutomatedBackups: true,
            });
        });
    });

    it("bundles lambdas/simulator/handler.ts into .cache/lambdas/<name>-simulator when no code is given", async () => {
        const outDir = path.join(REPO_ROOT, ".cache", "lambdas", "transactional-simulator");
        rmSync(outDir, { recursive: true, force: true });
        const recorder = await build({ simulatorCode: undefined });
        const code = recorder.named("transactional-simulator", "aws:lambda/function:Function").inputs.code;
        expect(code.__pulumiArchive).to.equal(true);
        expect(readdirSync(outDir)).to.deep.equal(["index.js"]);
        expect(readFileSync(path.join(outDir, "index.js"), "utf8")).to.include("random_data");
    });

    describe("refuses bad settings, naming them", () => {
        const refuse = (overrides: Partial<PostgresSourceArgs>, message: RegExp) => {
            setupPulumiMocks({}, "test");
            expect(
                () =>
                    new PostgresSource("transactional", {
                        lake: testLake(),
                        accountId: TEST_ACCOUNT_ID,
                        region: TEST_REGION,
                        simulatorCode: STUB_CODE,
                        ...overrides,
                    }),
            ).to.throw(message);
        };

        it("a VPC range that is not a /16-/24 IPv4 CIDR, or subnets that do not fit it", () => {
            refuse(
                { network: { cidrBlock: "10.42.0.0/8" } },
                /PostgresSource transactional: network\.cidrBlock: got "10\.42\.0\.0\/8"; use an IPv4 CIDR from \/16 to \/24/,
            );
            refuse(
                { network: { cidrBlock: "10.300.0.0/16" } },
                /network\.cidrBlock: got "10\.300\.0\.0\/16"/,
            );
            refuse(
                { network: { cidrBlock: "10.42.0.0/24", subnetCidrMask: 25, availabilityZones: 3 } },
                /network\.subnetCidrMask: got 25; \/25 subnets: 10\.42\.0\.0\/24 holds 2, 3 are needed/,
            );
        });

        it("a single availability zone (RDS needs two)", () => {
            refuse(
                { network: { availabilityZones: 1 } },
                /network\.availabilityZones: got 1; use a whole number from 2 to 6/,
            );
        });

        it("dropping an endpoint the workloads need when there is no NAT gateway", () => {
            refuse(
                { network: { interfaceEndpoints: ["secretsmanager"] } },
                /network\.interfaceEndpoints: got \[.*\], without glue, kms, logs, monitoring; without a NAT gateway/,
            );
            refuse(
                { network: { interfaceEndpoints: [...INTERFACE_ENDPOINT_SERVICES, "s3" as never] } },
                /got "s3", an unknown service/,
            );
        });

        it("schedules EventBridge Scheduler or Glue would refuse", () => {
            refuse(
                { simulator: { schedule: "rate(1 minutes)" } },
                /simulator\.schedule: got "rate\(1 minutes\)"; a value of 1 takes the singular unit: rate\(1 minute\)/,
            );
            refuse(
                { simulator: { schedule: "at(2030-01-01T00:00:00)" } },
                /simulator\.schedule: .*one-time at\(\.\.\.\) schedules do not recur/,
            );
            refuse(
                { ingestion: { schedule: "cron(0 * * * * *)" } },
                /ingestion\.schedule: got "cron\(0 \* \* \* \* \*\)"; put \? in exactly one of day-of-month and day-of-week/,
            );
        });

        it("database settings RDS refuses, or that drop backups", () => {
            refuse(
                { database: { backupRetentionDays: 0 } },
                /database\.backupRetentionDays: got 0; use a whole number from 1 to 35/,
            );
            refuse(
                { database: { masterUsername: "rdsadmin" } },
                /database\.masterUsername: got "rdsadmin"; rdsadmin is reserved by RDS/,
            );
            refuse(
                { database: { backupWindow: "2am" } },
                /database\.backupWindow: got "2am"; use hh:mm-hh:mm in UTC/,
            );
            refuse(
                { database: { allocatedStorageGiB: 50, maxAllocatedStorageGiB: 40 } },
                /database\.maxAllocatedStorageGiB: got 40; use a whole number from 50 to 65536/,
            );
            refuse(
                { database: { logExports: ["audit"] } },
                /database\.logExports: got "audit", an unknown log/,
            );
        });

        it("a simulator timeout too short for a connection and a statement", () => {
            refuse(
                { simulator: { timeoutSeconds: 30 } },
                /simulator\.timeoutSeconds: got 30; use a whole number from 45 to 900/,
            );
        });

        it("a lineage argument the job contract does not let PostgresSource set, or an empty one", () => {
            refuse(
                { lineageArguments: { "--lineage_transprt": "file" } },
                /PostgresSource transactional: lineageArguments: got "--lineage_transprt"; pass only --lineage_transport, --lineage_url, --lineage_catalog, --lineage_domain/,
            );
            refuse(
                { lineageArguments: { "--lineage_url": "" } },
                /lineageArguments\.--lineage_url: got ""; give a value or leave the key out/,
            );
        });

        it("a bronze folder that is not one lowercase folder", () => {
            refuse(
                { ingestion: { bronzePrefix: "/transactional" } },
                /ingestion\.bronzePrefix: got "\/transactional"; use one lowercase folder ending in \//,
            );
        });
    });
});
