import { spawnSync } from "node:child_process";
import { mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import * as path from "node:path";
import * as pulumi from "@pulumi/pulumi";
import { expect } from "chai";
import { SPARK_EVENT_LOGS_PREFIX } from "../../../components/data-lake/data-lake";
import { contentHash } from "../../../components/etl-job/content-hash";
import {
    DATAZONE_DOMAIN_ID,
    DATAZONE_LINEAGE_TRANSPORT,
    ETL_JOB_DEFAULTS,
    EtlJob,
    type EtlJobArgs,
    FLEX_WORKER_TYPES,
    JOB_ARTIFACTS_PREFIX,
    JOB_TEMP_PREFIX,
    LINEAGE_ARGUMENTS,
    OBJECT_LEDGER_PREFIX,
    objectLedgerPrefix,
    postLineageEvent,
    RUN_ONLY_ARGUMENTS,
    SPARK_DEFAULT_DATABASE,
    TYPED_JOB_ARGUMENTS,
} from "../../../components/etl-job/etl-job";
import {
    GLUE_SECURITY_CONFIGURATION_MODES,
    GlueSecurityConfiguration,
} from "../../../components/glue-security-configuration/glue-security-configuration";
import {
    ETL_METRICS_NAMESPACE,
    ICEBERG_CATALOG,
    ICEBERG_FORMAT_VERSION,
} from "../../../lib/glue-job-contract";
import { documentedDefaults } from "../../support/docs-defaults";
import {
    expectStarOnlyForStarActions,
    granting,
    type PolicyStatement,
    statementsOf,
} from "../../support/iam-statements";
import {
    REPO_ROOT,
    type Recorder,
    resolve,
    settle,
    setupPulumiMocks,
    TEST_ACCOUNT_ID,
    TEST_REGION,
} from "../../support/pulumi-harness";
import { s3Arn, TEST_BUCKETS, TEST_KEY_ARN, TEST_NAMING, testLake } from "../../support/test-lake";

const CATALOG = `arn:aws:glue:${TEST_REGION}:${TEST_ACCOUNT_ID}:catalog`;
const JOB_NAME = "medallion-lake-test-flights-silver";
/** What Iceberg's Glue catalog calls to create, commit to and drop a table. */
const ICEBERG_TABLE_WRITES = [
    "glue:GetDatabase",
    "glue:GetTable",
    "glue:GetTables",
    "glue:CreateTable",
    "glue:DeleteTable",
    "glue:UpdateTable",
];
const ROLE_NAME = "medallion-lake-test-flights-silver";

/** A small job tree on disk: entry script, a Python package with a bytecode cache, a spec and SQL files. */
function writeFixture(): Record<"dir" | "script" | "pkg" | "spec" | "sqlA" | "sqlB", string> {
    const dir = mkdtempSync(path.join(tmpdir(), "etl-job-"));
    const pkg = path.join(dir, "medallion_glue");
    mkdirSync(path.join(pkg, "__pycache__"), { recursive: true });
    writeFileSync(path.join(pkg, "__init__.py"), "");
    writeFileSync(path.join(pkg, "io.py"), "def read():\n    return 1\n");
    writeFileSync(path.join(pkg, "__pycache__", "io.cpython-311.pyc"), "bytecode");
    const files = {
        script: path.join(dir, "bronze_to_silver.py"),
        spec: path.join(dir, "flights.yaml"),
        sqlA: path.join(dir, "route_summary.sql"),
        sqlB: path.join(dir, "delays.sql"),
    };
    writeFileSync(files.script, "print('bronze to silver')\n");
    writeFileSync(files.spec, "name: flights\n");
    writeFileSync(files.sqlA, "select 1\n");
    writeFileSync(files.sqlB, "select 2\n");
    return { dir, pkg, ...files };
}

function baseArgs(fixture: ReturnType<typeof writeFixture>, overrides: Partial<EtlJobArgs> = {}): EtlJobArgs {
    return {
        lake: testLake(),
        accountId: TEST_ACCOUNT_ID,
        region: TEST_REGION,
        script: fixture.script,
        reads: [{ zone: "bronze", prefix: "flights/" }],
        writes: [
            { zone: "silver", prefix: "flights/" },
            { zone: "silver", prefix: "_quarantine/flights/" },
        ],
        catalog: { write: [{ database: "lake_silver", tables: ["flights"] }] },
        securityConfigurationName: "medallion-lake-test-glue",
        ...overrides,
    };
}

async function build(
    fixture: ReturnType<typeof writeFixture>,
    overrides: Partial<EtlJobArgs> = {},
): Promise<{ recorder: Recorder; job: EtlJob }> {
    const recorder = setupPulumiMocks({}, "test");
    const job = new EtlJob("flights-silver", baseArgs(fixture, overrides));
    await settle();
    return { recorder, job };
}

function policyOf(recorder: Recorder): PolicyStatement[] {
    return statementsOf(recorder.named("flights-silver-role-policy", "aws:iam/rolePolicy:RolePolicy"));
}

describe("EtlJob", () => {
    const fixture = writeFixture();

    it("documents every default in docs/components.md, with the values of ETL_JOB_DEFAULTS", () => {
        expect(documentedDefaults("ETL_JOB_DEFAULTS")).to.deep.equal(ETL_JOB_DEFAULTS);
        expect(documentedDefaults("GLUE_SECURITY_CONFIGURATION_MODES")).to.deep.equal(
            GLUE_SECURITY_CONFIGURATION_MODES,
        );
    });

    describe("with defaults", () => {
        let recorder: Recorder;
        let job: EtlJob;
        let inputs: Record<string, any>;
        before(async () => {
            ({ recorder, job } = await build(fixture));
            inputs = recorder.named("flights-silver-job", "aws:glue/job:Job").inputs;
        });

        it("registers under the medallion-lake:index:EtlJob type token with its children parented to it", () => {
            const component = recorder.named("flights-silver");
            expect(component.type).to.equal("medallion-lake:index:EtlJob");
            const children = recorder.childrenOf(component).map((r) => r.type);
            expect(children).to.include.members([
                "aws:glue/job:Job",
                "aws:iam/role:Role",
                "aws:iam/rolePolicy:RolePolicy",
                "aws:cloudwatch/logGroup:LogGroup",
                "aws:s3/bucketObjectv2:BucketObjectv2",
            ]);
        });

        it("runs Glue 5.1 on 2 G.1X workers (2 DPU) as a glueetl Python 3 job", () => {
            expect(inputs.glueVersion).to.equal("5.1").and.to.equal(ETL_JOB_DEFAULTS.glueVersion);
            expect(inputs.workerType).to.equal("G.1X").and.to.equal(ETL_JOB_DEFAULTS.workerType);
            expect(inputs.numberOfWorkers).to.equal(2).and.to.equal(ETL_JOB_DEFAULTS.numberOfWorkers);
            expect(inputs.command.name).to.equal("glueetl");
            expect(inputs.command.pythonVersion).to.equal("3");
        });

        it("times out after 60 minutes, never retries, runs one at a time and queues the rest", () => {
            expect(inputs.timeout).to.equal(60).and.to.equal(ETL_JOB_DEFAULTS.timeoutMinutes);
            expect(inputs.maxRetries).to.equal(0).and.to.equal(ETL_JOB_DEFAULTS.maxRetries);
            expect(inputs.executionProperty).to.deep.equal({
                maxConcurrentRuns: ETL_JOB_DEFAULTS.maxConcurrentRuns,
            });
            expect(ETL_JOB_DEFAULTS.maxConcurrentRuns).to.equal(1);
            expect(inputs.jobRunQueuingEnabled).to.equal(true).and.to.equal(ETL_JOB_DEFAULTS.jobRunQueuing);
        });

        it("uses the standard execution class and notifies a delay after 45 minutes (75% of the timeout)", () => {
            expect(inputs.executionClass).to.equal("STANDARD");
            expect(ETL_JOB_DEFAULTS.flex).to.equal(false);
            expect(ETL_JOB_DEFAULTS.notifyDelayAfterPercentOfTimeout).to.equal(75);
            expect(inputs.notificationProperty).to.deep.equal({ notifyDelayAfter: 45 });
        });

        it("enables job bookmarks, metrics, observability metrics and the Data Catalog; no Spark UI or auto scaling", () => {
            const a = inputs.defaultArguments;
            expect(a["--job-bookmark-option"]).to.equal("job-bookmark-enable");
            expect(ETL_JOB_DEFAULTS.jobBookmarks).to.equal(true);
            expect(a["--enable-metrics"]).to.equal("true");
            expect(ETL_JOB_DEFAULTS.metrics).to.equal(true);
            expect(a["--enable-observability-metrics"]).to.equal("true");
            expect(ETL_JOB_DEFAULTS.observabilityMetrics).to.equal(true);
            expect(a["--enable-glue-datacatalog"]).to.equal("true");
            expect(a["--job-language"]).to.equal("python");
            expect(a).to.not.have.any.keys(
                "--enable-spark-ui",
                "--spark-event-logs-path",
                "--enable-auto-scaling",
            );
            expect(ETL_JOB_DEFAULTS.sparkUi).to.equal(false);
            expect(ETL_JOB_DEFAULTS.autoScaling).to.equal(false);
        });

        it("sets --TempDir to the job's own prefix of the artifacts bucket and never a per-run argument", () => {
            const a = inputs.defaultArguments;
            expect(a["--TempDir"]).to.equal(`s3://${TEST_BUCKETS.artifacts}/${JOB_TEMP_PREFIX}${JOB_NAME}/`);
            for (const runOnly of Object.keys(RUN_ONLY_ARGUMENTS)) expect(a).to.not.have.property(runOnly);
        });

        it("runs with the given security configuration", () => {
            expect(inputs.securityConfiguration).to.equal("medallion-lake-test-glue");
            expect(recorder.ofType("aws:glue/securityConfiguration:SecurityConfiguration")).to.have.length(0);
        });

        it("uploads the entry script under a key carrying the hash of its bytes, KMS-encrypted", async () => {
            const hash = contentHash({ "bronze_to_silver.py": fixture.script });
            const key = `${JOB_ARTIFACTS_PREFIX}${JOB_NAME}/script/bronze_to_silver-${hash}.py`;
            expect(job.scriptLocation).to.equal(`s3://${TEST_BUCKETS.artifacts}/${key}`);
            expect(inputs.command.scriptLocation).to.equal(job.scriptLocation);
            const object = recorder.named("flights-silver-script");
            expect(object.inputs.key).to.equal(key);
            expect(object.inputs.bucket).to.equal(TEST_BUCKETS.artifacts);
            expect(object.inputs.serverSideEncryption).to.equal("aws:kms");
            expect(object.inputs.kmsKeyId).to.equal(TEST_KEY_ARN);
            expect(hash).to.match(/^[0-9a-f]{16}$/);
        });

        it("exposes job name and ARN, role ARN and script location as outputs", async () => {
            expect(job.name).to.equal(JOB_NAME);
            expect(await resolve(job.jobName)).to.equal(JOB_NAME);
            expect(await resolve(job.jobArn)).to.equal(
                `arn:aws:glue:${TEST_REGION}:${TEST_ACCOUNT_ID}:job/${JOB_NAME}`,
            );
            expect(await resolve(job.roleArn)).to.equal(`arn:aws:iam::${TEST_ACCOUNT_ID}:role/${ROLE_NAME}`);
        });

        it("creates Glue's two encrypted log groups for the security configuration and role, kept 30 days", () => {
            const groups = recorder.ofType("aws:cloudwatch/logGroup:LogGroup");
            expect(groups.map((g) => g.inputs.name)).to.have.members([
                `/aws-glue/jobs/medallion-lake-test-glue-role/${ROLE_NAME}/output`,
                `/aws-glue/jobs/medallion-lake-test-glue-role/${ROLE_NAME}/error`,
            ]);
            for (const g of groups) {
                expect(g.inputs.retentionInDays).to.equal(30).and.to.equal(ETL_JOB_DEFAULTS.logRetentionDays);
                expect(g.inputs.kmsKeyId).to.equal(TEST_KEY_ARN);
            }
        });

        it("lets only the Glue service assume the role (no source condition Glue would not send), with no managed policy", () => {
            const role = recorder.named("flights-silver-role", "aws:iam/role:Role");
            expect(JSON.parse(role.inputs.assumeRolePolicy).Statement).to.deep.equal([
                {
                    Effect: "Allow",
                    Principal: { Service: ["glue.amazonaws.com"] },
                    Action: ["sts:AssumeRole"],
                },
            ]);
            expect(role.inputs.managedPolicyArns ?? []).to.deep.equal([]);
            expect(recorder.ofType("aws:iam/rolePolicyAttachment:RolePolicyAttachment")).to.have.length(0);
        });

        it("reads objects only under its source prefix (and the prefix's own key Spark probes)", () => {
            const reads = granting(policyOf(recorder), "s3:GetObject").flatMap((s) => s.Resource);
            expect(reads.filter((r) => r.startsWith(s3Arn(TEST_BUCKETS.bronze)))).to.deep.equal([
                `${s3Arn(TEST_BUCKETS.bronze)}/flights`,
                `${s3Arn(TEST_BUCKETS.bronze)}/flights/*`,
            ]);
        });

        it("writes only its target prefix and its quarantine in silver, and its temp prefix", () => {
            const writes = granting(policyOf(recorder), "s3:PutObject");
            for (const s of writes) {
                expect(s.Action).to.deep.equal([
                    "s3:AbortMultipartUpload",
                    "s3:DeleteObject",
                    "s3:PutObject",
                ]);
            }
            expect(writes.flatMap((s) => s.Resource)).to.deep.equal([
                `${s3Arn(TEST_BUCKETS.silver)}/flights`,
                `${s3Arn(TEST_BUCKETS.silver)}/flights/*`,
                `${s3Arn(TEST_BUCKETS.silver)}/_quarantine/flights`,
                `${s3Arn(TEST_BUCKETS.silver)}/_quarantine/flights/*`,
                `${s3Arn(TEST_BUCKETS.artifacts)}/${JOB_TEMP_PREFIX}${JOB_NAME}`,
                `${s3Arn(TEST_BUCKETS.artifacts)}/${JOB_TEMP_PREFIX}${JOB_NAME}/*`,
            ]);
        });

        it("lists buckets only with its own prefixes (StringLike: a listing without a prefix is refused)", () => {
            const lists = granting(policyOf(recorder), "s3:ListBucket");
            expect(lists.map((s) => [s.Resource, s.Condition])).to.deep.equal([
                [[s3Arn(TEST_BUCKETS.bronze)], { StringLike: { "s3:prefix": ["flights", "flights/*"] } }],
                [[s3Arn(TEST_BUCKETS.silver)], { StringLike: { "s3:prefix": ["flights", "flights/*"] } }],
                [
                    [s3Arn(TEST_BUCKETS.silver)],
                    { StringLike: { "s3:prefix": ["_quarantine/flights", "_quarantine/flights/*"] } },
                ],
                [
                    [s3Arn(TEST_BUCKETS.artifacts)],
                    {
                        StringLike: {
                            "s3:prefix": [
                                `${JOB_ARTIFACTS_PREFIX}${JOB_NAME}`,
                                `${JOB_ARTIFACTS_PREFIX}${JOB_NAME}/*`,
                            ],
                        },
                    },
                ],
                [
                    [s3Arn(TEST_BUCKETS.artifacts)],
                    {
                        StringLike: {
                            "s3:prefix": [`${JOB_TEMP_PREFIX}${JOB_NAME}`, `${JOB_TEMP_PREFIX}${JOB_NAME}/*`],
                        },
                    },
                ],
            ]);
        });

        it("reads only its own artifacts", () => {
            const artifactReads = granting(policyOf(recorder), "s3:GetObject")
                .flatMap((s) => s.Resource)
                .filter((r) => r.startsWith(s3Arn(TEST_BUCKETS.artifacts)));
            expect(artifactReads).to.deep.equal([
                `${s3Arn(TEST_BUCKETS.artifacts)}/${JOB_ARTIFACTS_PREFIX}${JOB_NAME}`,
                `${s3Arn(TEST_BUCKETS.artifacts)}/${JOB_ARTIFACTS_PREFIX}${JOB_NAME}/*`,
                `${s3Arn(TEST_BUCKETS.artifacts)}/${JOB_TEMP_PREFIX}${JOB_NAME}`,
                `${s3Arn(TEST_BUCKETS.artifacts)}/${JOB_TEMP_PREFIX}${JOB_NAME}/*`,
            ]);
        });

        it("uses the lake key and no other", () => {
            const kms = policyOf(recorder).filter((s) => s.Action.some((a) => a.startsWith("kms:")));
            expect(kms).to.deep.equal([
                {
                    Effect: "Allow",
                    Action: [
                        "kms:Decrypt",
                        "kms:DescribeKey",
                        "kms:Encrypt",
                        "kms:GenerateDataKey",
                        "kms:ReEncrypt*",
                    ],
                    Resource: [TEST_KEY_ARN],
                },
            ]);
        });

        it("changes tables of its own database and table only, and reads Spark's default database", () => {
            const catalog = policyOf(recorder).filter((s) => s.Action.some((a) => a.startsWith("glue:")));
            expect(catalog).to.deep.equal([
                {
                    Effect: "Allow",
                    Action: ["glue:GetDatabase"],
                    Resource: [
                        CATALOG,
                        `arn:aws:glue:${TEST_REGION}:${TEST_ACCOUNT_ID}:database/${SPARK_DEFAULT_DATABASE}`,
                    ],
                },
                {
                    Effect: "Allow",
                    Action: ICEBERG_TABLE_WRITES,
                    Resource: [
                        CATALOG,
                        `arn:aws:glue:${TEST_REGION}:${TEST_ACCOUNT_ID}:database/lake_silver`,
                        `arn:aws:glue:${TEST_REGION}:${TEST_ACCOUNT_ID}:table/lake_silver/flights`,
                    ],
                },
            ]);
        });

        it("makes glue_catalog an Iceberg catalog on the Glue Data Catalog, warehoused in its output zone's bucket", () => {
            const a = inputs.defaultArguments;
            expect(a["--datalake-formats"]).to.equal("iceberg");
            expect(a["--conf"]).to.equal(
                "spark.sql.extensions=org.apache.iceberg.spark.extensions.IcebergSparkSessionExtensions" +
                    " --conf spark.sql.catalog.glue_catalog=org.apache.iceberg.spark.SparkCatalog" +
                    ` --conf spark.sql.catalog.glue_catalog.warehouse=s3://${TEST_BUCKETS.silver}/` +
                    " --conf spark.sql.catalog.glue_catalog.catalog-impl=org.apache.iceberg.aws.glue.GlueCatalog" +
                    " --conf spark.sql.catalog.glue_catalog.io-impl=org.apache.iceberg.aws.s3.S3FileIO",
            );
        });

        it("writes only its own log groups", () => {
            const logs = policyOf(recorder).filter((s) => s.Action.some((a) => a.startsWith("logs:")));
            const base = `arn:aws:logs:${TEST_REGION}:${TEST_ACCOUNT_ID}:log-group:/aws-glue/jobs/medallion-lake-test-glue-role/${ROLE_NAME}`;
            expect(logs).to.deep.equal(
                ["output", "error"].map((stream) => ({
                    Effect: "Allow",
                    Action: [
                        "logs:AssociateKmsKey",
                        "logs:CreateLogGroup",
                        "logs:CreateLogStream",
                        "logs:PutLogEvents",
                    ],
                    Resource: [`${base}/${stream}`, `${base}/${stream}:*`],
                })),
            );
        });

        it("publishes metrics only to the Glue and ETL namespaces", () => {
            expect(granting(policyOf(recorder), "cloudwatch:PutMetricData")).to.deep.equal([
                {
                    Effect: "Allow",
                    Action: ["cloudwatch:PutMetricData"],
                    Resource: ["*"],
                    Condition: { StringEquals: { "cloudwatch:namespace": ["Glue", "MedallionLake/ETL"] } },
                },
            ]);
        });

        it("lets the role publish to the namespace the Python package publishes to (one shared constant)", () => {
            const python = spawnSync(
                path.join(REPO_ROOT, ".venv", "bin", "python"),
                ["-c", "from medallion_glue import defaults; print(defaults.METRICS_NAMESPACE)"],
                { cwd: REPO_ROOT, encoding: "utf8", env: { ...process.env, PYTHONPATH: "glue" } },
            );
            expect(python.stdout.trim()).to.equal(ETL_METRICS_NAMESPACE);
            expect(ETL_JOB_DEFAULTS.metricNamespaces).to.deep.equal(["Glue", "MedallionLake/ETL"]);
        });

        it("names the Iceberg catalog and format version the Python package uses (one shared constant)", () => {
            const python = spawnSync(
                path.join(REPO_ROOT, ".venv", "bin", "python"),
                [
                    "-c",
                    "from medallion_glue import defaults; print(defaults.ICEBERG_CATALOG, defaults.ICEBERG_FORMAT_VERSION)",
                ],
                { cwd: REPO_ROOT, encoding: "utf8", env: { ...process.env, PYTHONPATH: "glue" } },
            );
            expect(python.stdout.trim()).to.equal(`${ICEBERG_CATALOG} ${ICEBERG_FORMAT_VERSION}`);
            expect([ICEBERG_CATALOG, ICEBERG_FORMAT_VERSION]).to.deep.equal(["glue_catalog", 2]);
            expect(inputs.defaultArguments["--conf"]).to.include(
                "spark.sql.catalog.glue_catalog.catalog-impl=org.apache.iceberg.aws.glue.GlueCatalog",
            );
        });

        it("grants Resource * only for actions AWS authorizes on * alone, and no Lake Formation access", () => {
            expect(granting(policyOf(recorder), "lakeformation:GetDataAccess")).to.deep.equal([]);
            expectStarOnlyForStarActions(policyOf(recorder));
        });

        it("creates the job after its role policy, log groups and artifacts exist", () => {
            const jobResource = recorder.named("flights-silver-job", "aws:glue/job:Job");
            for (const dep of [
                "flights-silver-role-policy",
                "flights-silver-logs-output",
                "flights-silver-logs-error",
                "flights-silver-script",
            ]) {
                expect(recorder.dependsOn(jobResource, recorder.named(dep)), dep).to.equal(true);
            }
        });

        it("creates no trigger without schedule or runAfter", () => {
            expect(recorder.ofType("aws:glue/trigger:Trigger")).to.have.length(0);
        });
    });

    describe("artifacts", () => {
        let recorder: Recorder;
        let inputs: Record<string, any>;
        before(async () => {
            ({ recorder } = await build(fixture, {
                pythonPackage: {
                    dir: fixture.pkg,
                    extraFiles: { "medallion_glue/_schema/spec.json": fixture.spec },
                },
                artifactArguments: {
                    "--dataset_spec_uri": { file: fixture.spec },
                    "--gold_sql_uri": {
                        folder: { "route_summary.sql": fixture.sqlA, "delays.sql": fixture.sqlB },
                    },
                },
                additionalPythonModules: ["jsonschema==4.26.0", "pyyaml==6.0.3"],
            }));
            inputs = recorder.named("flights-silver-job", "aws:glue/job:Job").inputs;
        });

        it("zips the package (bytecode left out) under a key hashed from its source files", () => {
            const files = {
                "medallion_glue/__init__.py": path.join(fixture.pkg, "__init__.py"),
                "medallion_glue/io.py": path.join(fixture.pkg, "io.py"),
                "medallion_glue/_schema/spec.json": fixture.spec,
            };
            const key = `${JOB_ARTIFACTS_PREFIX}${JOB_NAME}/lib/medallion_glue-${contentHash(files)}.zip`;
            expect(inputs.defaultArguments["--extra-py-files"]).to.equal(
                `s3://${TEST_BUCKETS.artifacts}/${key}`,
            );
            expect(recorder.named("flights-silver-python-package").inputs.key).to.equal(key);
        });

        it("uploads the dataset spec as a hashed file and passes its URI", () => {
            const hash = contentHash({ "flights.yaml": fixture.spec });
            expect(inputs.defaultArguments["--dataset_spec_uri"]).to.equal(
                `s3://${TEST_BUCKETS.artifacts}/${JOB_ARTIFACTS_PREFIX}${JOB_NAME}/args/dataset_spec_uri/flights-${hash}.yaml`,
            );
        });

        it("uploads a folder argument under a hashed prefix keeping the file names", () => {
            const hash = contentHash({ "route_summary.sql": fixture.sqlA, "delays.sql": fixture.sqlB });
            const folder = `${JOB_ARTIFACTS_PREFIX}${JOB_NAME}/args/gold_sql_uri-${hash}/`;
            expect(inputs.defaultArguments["--gold_sql_uri"]).to.equal(
                `s3://${TEST_BUCKETS.artifacts}/${folder}`,
            );
            expect(recorder.named("flights-silver-arg-gold_sql_uri-route_summary.sql").inputs.key).to.equal(
                `${folder}route_summary.sql`,
            );
            expect(recorder.named("flights-silver-arg-gold_sql_uri-delays.sql").inputs.key).to.equal(
                `${folder}delays.sql`,
            );
        });

        it("installs the pinned Python modules", () => {
            expect(inputs.defaultArguments["--additional-python-modules"]).to.equal(
                "jsonschema==4.26.0,pyyaml==6.0.3",
            );
        });
    });

    describe("a content change", () => {
        it("gives the script a new key, so the job definition changes", async () => {
            const changed = writeFixture();
            const before = (await build(changed)).job.scriptLocation;
            writeFileSync(changed.script, "print('bronze to silver, fixed')\n");
            const after = (await build(changed)).job.scriptLocation;
            expect(after).to.not.equal(before);
            expect(after).to.match(/\/script\/bronze_to_silver-[0-9a-f]{16}\.py$/);
        });
    });

    describe("with options", () => {
        let recorder: Recorder;
        let inputs: Record<string, any>;
        before(async () => {
            ({ recorder } = await build(fixture, {
                workerType: "G.2X",
                numberOfWorkers: 10,
                timeoutMinutes: 120,
                flex: true,
                autoScaling: true,
                sparkUi: true,
                jobBookmarks: false,
                metrics: false,
                observabilityMetrics: false,
                schedule: "cron(15 2 * * ? *)",
                runAfter: { jobNames: ["medallion-lake-test-flights-bronze"] },
                defaultArguments: { "--silver_database": "lake_silver" },
                lakeFormationAccess: true,
            }));
            inputs = recorder.named("flights-silver-job", "aws:glue/job:Job").inputs;
        });

        it("passes size, timeout and Flex through, and notifies at 75% of the new timeout", () => {
            expect([inputs.workerType, inputs.numberOfWorkers, inputs.timeout]).to.deep.equal([
                "G.2X",
                10,
                120,
            ]);
            expect(inputs.executionClass).to.equal("FLEX");
            expect(inputs.notificationProperty).to.deep.equal({ notifyDelayAfter: 90 });
        });

        it("turns on auto scaling and the Spark UI with event logs under the job's prefix of the logs bucket", () => {
            const a = inputs.defaultArguments;
            expect(a["--enable-auto-scaling"]).to.equal("true");
            expect(a["--enable-spark-ui"]).to.equal("true");
            expect(a["--spark-event-logs-path"]).to.equal(
                `s3://${TEST_BUCKETS.accessLogs}/${SPARK_EVENT_LOGS_PREFIX}${JOB_NAME}/`,
            );
            const writes = granting(policyOf(recorder), "s3:PutObject").flatMap((s) => s.Resource);
            expect(writes).to.include(
                `${s3Arn(TEST_BUCKETS.accessLogs)}/${SPARK_EVENT_LOGS_PREFIX}${JOB_NAME}/*`,
            );
        });

        it("lets the role ask Lake Formation for data access when lakeFormationAccess is on", () => {
            expect(ETL_JOB_DEFAULTS.lakeFormationAccess).to.equal(false);
            expect(granting(policyOf(recorder), "lakeformation:GetDataAccess")).to.deep.equal([
                { Effect: "Allow", Action: ["lakeformation:GetDataAccess"], Resource: ["*"] },
            ]);
        });

        it("turns off bookmarks and metrics explicitly", () => {
            const a = inputs.defaultArguments;
            expect(a["--job-bookmark-option"]).to.equal("job-bookmark-disable");
            expect(a["--enable-observability-metrics"]).to.equal("false");
            expect(a).to.not.have.property("--enable-metrics");
        });

        it("keeps the Iceberg arguments whatever the other options", () => {
            expect(inputs.defaultArguments["--datalake-formats"]).to.equal("iceberg");
            expect(inputs.defaultArguments["--conf"]).to.include(
                `spark.sql.catalog.glue_catalog.warehouse=s3://${TEST_BUCKETS.silver}/ --conf`,
            );
        });

        it("keeps the caller's own arguments", () => {
            expect(inputs.defaultArguments["--silver_database"]).to.equal("lake_silver");
        });

        it("schedules the job with a SCHEDULED trigger", () => {
            const trigger = recorder.named("flights-silver-schedule", "aws:glue/trigger:Trigger");
            expect(trigger.inputs.type).to.equal("SCHEDULED");
            expect(trigger.inputs.schedule).to.equal("cron(15 2 * * ? *)");
            expect(trigger.inputs.startOnCreation).to.equal(true);
            expect(trigger.inputs.actions).to.deep.equal([{ jobName: JOB_NAME }]);
        });

        it("chains the job after the jobs it follows with a CONDITIONAL trigger on SUCCEEDED", () => {
            const trigger = recorder.named("flights-silver-run-after", "aws:glue/trigger:Trigger");
            expect(trigger.inputs.type).to.equal("CONDITIONAL");
            expect(trigger.inputs.predicate).to.deep.equal({
                logical: "AND",
                conditions: [
                    {
                        jobName: "medallion-lake-test-flights-bronze",
                        state: "SUCCEEDED",
                        logicalOperator: "EQUALS",
                    },
                ],
            });
            expect(trigger.inputs.actions).to.deep.equal([{ jobName: JOB_NAME }]);
            expect(trigger.inputs.name).to.equal(`${JOB_NAME}-run-after`);
        });
    });

    describe("reading silver tables and writing gold tables", () => {
        let recorder: Recorder;
        before(async () => {
            ({ recorder } = await build(fixture, {
                reads: [{ zone: "silver", prefix: "flights/" }],
                writes: [{ zone: "gold", prefix: "route_summary/" }],
                catalog: {
                    read: [{ database: "lake_silver", tables: ["flights"] }],
                    write: [{ database: "lake_gold", tables: ["route_summary"] }],
                },
            }));
        });

        it("warehouses glue_catalog in the gold bucket", () => {
            const a = recorder.named("flights-silver-job", "aws:glue/job:Job").inputs.defaultArguments;
            expect(a["--conf"]).to.include(
                `spark.sql.catalog.glue_catalog.warehouse=s3://${TEST_BUCKETS.gold}/ --conf`,
            );
        });

        it("only reads the silver table's definition and commits to the gold table", () => {
            const glue = `arn:aws:glue:${TEST_REGION}:${TEST_ACCOUNT_ID}`;
            const catalog = policyOf(recorder).filter((s) => s.Action.some((a) => a.startsWith("glue:")));
            expect(catalog.slice(1)).to.deep.equal([
                {
                    Effect: "Allow",
                    Action: ["glue:GetDatabase", "glue:GetTable", "glue:GetTables"],
                    Resource: [CATALOG, `${glue}:database/lake_silver`, `${glue}:table/lake_silver/flights`],
                },
                {
                    Effect: "Allow",
                    Action: ICEBERG_TABLE_WRITES,
                    Resource: [
                        CATALOG,
                        `${glue}:database/lake_gold`,
                        `${glue}:table/lake_gold/route_summary`,
                    ],
                },
            ]);
        });
    });

    describe("lineage transport", () => {
        const DOMAIN = "dzd_4p9n6b2xkzs3ah";
        /** Every statement of the job's role policy that grants a DataZone action. */
        const datazoneStatements = (recorder: Recorder) =>
            policyOf(recorder).filter((s) => s.Action.some((a) => a.startsWith("datazone:")));

        it("datazone: the role may call datazone:PostLineageEvent, on * as the action only authorizes", async () => {
            const { recorder } = await build(fixture, {
                defaultArguments: { "--lineage_transport": "datazone", "--lineage_domain": DOMAIN },
            });
            expect(datazoneStatements(recorder)).to.deep.equal([
                { Effect: "Allow", Action: ["datazone:PostLineageEvent"], Resource: ["*"] },
            ]);
            expect(postLineageEvent()).to.deep.equal({
                Effect: "Allow",
                Action: ["datazone:PostLineageEvent"],
                Resource: ["*"],
            });
            const args = recorder.named("flights-silver-job", "aws:glue/job:Job").inputs.defaultArguments;
            expect([args["--lineage_transport"], args["--lineage_domain"]]).to.deep.equal([
                "datazone",
                DOMAIN,
            ]);
        });

        it("reads the transport from the contract's argument names", () => {
            expect(LINEAGE_ARGUMENTS).to.deep.equal({
                transport: "--lineage_transport",
                domain: "--lineage_domain",
            });
            expect(DATAZONE_LINEAGE_TRANSPORT).to.equal("datazone");
        });

        for (const [label, defaultArguments] of [
            ["no lineage argument", {}],
            ["off", { "--lineage_transport": "off" }],
            ["file", { "--lineage_transport": "file", "--lineage_url": "/tmp/lineage/events.jsonl" }],
            [
                "http",
                { "--lineage_transport": "http", "--lineage_url": "http://marquez:5000/api/v1/lineage" },
            ],
        ] as const) {
            it(`${label}: the role gets no DataZone action`, async () => {
                const { recorder } = await build(fixture, { defaultArguments });
                expect(datazoneStatements(recorder)).to.deep.equal([]);
                expectStarOnlyForStarActions(policyOf(recorder));
            });
        }
    });

    describe("object ledger", () => {
        /** Every statement of the job's role policy on the ledger prefix (object ARNs or list conditions). */
        const ledgerStatements = (recorder: Recorder) =>
            policyOf(recorder).filter((s) =>
                JSON.stringify([s.Resource, s.Condition ?? {}]).includes(OBJECT_LEDGER_PREFIX),
            );
        const silver = s3Arn(TEST_BUCKETS.silver);

        it("keeps the prefix the job writes to (one constant, read from the job's object_ledger.json)", () => {
            expect(OBJECT_LEDGER_PREFIX).to.equal("_ledger/");
            expect(objectLedgerPrefix("flights")).to.equal("_ledger/flights/");
        });

        it("lets the role list, read and create objects under _ledger/<dataset>/ in silver, and never delete them", async () => {
            const { recorder } = await build(fixture, {
                objectLedger: { zone: "silver", dataset: "flights" },
            });
            expect(ledgerStatements(recorder)).to.deep.equal([
                {
                    Effect: "Allow",
                    Action: ["s3:ListBucket"],
                    Resource: [silver],
                    Condition: { StringLike: { "s3:prefix": ["_ledger/flights", "_ledger/flights/*"] } },
                },
                {
                    Effect: "Allow",
                    Action: ["s3:GetObject"],
                    Resource: [`${silver}/_ledger/flights`, `${silver}/_ledger/flights/*`],
                },
                {
                    Effect: "Allow",
                    Action: ["s3:AbortMultipartUpload", "s3:PutObject"],
                    Resource: [`${silver}/_ledger/flights/*`],
                },
            ]);
            const deletes = granting(policyOf(recorder), "s3:DeleteObject").flatMap((s) => s.Resource);
            expect(deletes.filter((r) => r.includes(OBJECT_LEDGER_PREFIX))).to.deep.equal([]);
            expectStarOnlyForStarActions(policyOf(recorder));
        });

        it("grants nothing on a ledger prefix without objectLedger", async () => {
            const { recorder } = await build(fixture);
            expect(ledgerStatements(recorder)).to.deep.equal([]);
        });

        it("refuses a dataset that is not a dataset name, naming the field", () => {
            setupPulumiMocks({}, "test");
            const args = baseArgs(fixture, { objectLedger: { zone: "silver", dataset: "../flights" } });
            expect(() => new EtlJob("flights-silver", args)).to.throw(
                'EtlJob flights-silver: objectLedger.dataset: got "../flights"; pass the spec\'s name (lower snake_case, e.g. flights): the job writes _ledger/<name>/',
            );
        });
    });

    describe("with a security configuration of the stack", () => {
        it("runs with it and is created after it", async () => {
            const recorder = setupPulumiMocks({}, "test");
            const security = new GlueSecurityConfiguration("glue-security", {
                naming: TEST_NAMING,
                kmsKeyArn: TEST_KEY_ARN,
            });
            new EtlJob(
                "flights-silver",
                baseArgs(fixture, { securityConfigurationName: undefined, securityConfiguration: security }),
            );
            await settle();
            const job = recorder.named("flights-silver-job", "aws:glue/job:Job");
            expect(job.inputs.securityConfiguration).to.equal("medallion-lake-test-glue-security");
            expect(recorder.dependsOn(job, recorder.named("glue-security-config"))).to.equal(true);
            expect(recorder.ofType("aws:cloudwatch/logGroup:LogGroup").map((g) => g.inputs.name)).to.include(
                `/aws-glue/jobs/medallion-lake-test-glue-security-role/${ROLE_NAME}/output`,
            );
        });
    });

    describe("without a security configuration name", () => {
        it("creates one encrypting S3 output, CloudWatch logs and bookmarks with the lake key", async () => {
            const { recorder } = await build(fixture, { securityConfigurationName: undefined });
            const config = recorder.named("flights-silver-security-config");
            expect(config.inputs.name).to.equal(JOB_NAME);
            expect(config.inputs.encryptionConfiguration).to.deep.equal({
                s3Encryption: {
                    s3EncryptionMode: GLUE_SECURITY_CONFIGURATION_MODES.s3,
                    kmsKeyArn: TEST_KEY_ARN,
                },
                cloudwatchEncryption: { cloudwatchEncryptionMode: "SSE-KMS", kmsKeyArn: TEST_KEY_ARN },
                jobBookmarksEncryption: { jobBookmarksEncryptionMode: "CSE-KMS", kmsKeyArn: TEST_KEY_ARN },
            });
            expect(recorder.named("flights-silver-job").inputs.securityConfiguration).to.equal(JOB_NAME);
        });
    });

    describe("refuses", () => {
        const refuse = (overrides: Partial<EtlJobArgs>, message: string | RegExp) => {
            setupPulumiMocks({}, "test");
            expect(() => new EtlJob("flights-silver", baseArgs(fixture, overrides))).to.throw(message);
        };

        it("a default argument a typed option owns, naming the option", () => {
            refuse(
                { defaultArguments: { "--enable-metrics": "true" } },
                'EtlJob flights-silver: defaultArguments["--enable-metrics"]: got "true"; collides with the typed option metrics; set that option instead',
            );
            expect(TYPED_JOB_ARGUMENTS["--job-bookmark-option"]).to.equal("jobBookmarks");
            refuse(
                { defaultArguments: { "--job-bookmark-option": "job-bookmark-pause" } },
                /typed option jobBookmarks/,
            );
            refuse(
                { defaultArguments: { "--TempDir": "s3://elsewhere/" } },
                /--TempDir"\]: got "s3:\/\/elsewhere\/"; collides/,
            );
            refuse(
                { defaultArguments: { "--custom-logGroup-prefix": "/my/logs" } },
                'EtlJob flights-silver: defaultArguments["--custom-logGroup-prefix"]: got "/my/logs"; collides with the typed option logRetentionDays (logs go to the job\'s own encrypted log groups /aws-glue/jobs/<security configuration>-role/<role>/output and /error, which the component creates and the role may write); set that option instead',
            );
        });

        it("the Iceberg arguments as defaults, naming the reason", () => {
            refuse(
                { defaultArguments: { "--datalake-formats": "delta" } },
                'EtlJob flights-silver: defaultArguments["--datalake-formats"]: got "delta"; collides with the typed option always iceberg: silver and gold are Apache Iceberg tables; set that option instead',
            );
            refuse(
                { defaultArguments: { "--conf": "spark.sql.shuffle.partitions=8" } },
                /defaultArguments\["--conf"\]: got "spark.sql.shuffle.partitions=8"; collides with the typed option always the Iceberg catalog settings of glue_catalog/,
            );
            refuse({ artifactArguments: { "--conf": { file: fixture.spec } } }, /--conf is reserved/);
        });

        it("a job that writes nothing, since its output zone is the Iceberg warehouse", () => {
            refuse(
                { writes: [] },
                "EtlJob flights-silver: writes: got []; name at least the job's target prefix: its zone's bucket is the Iceberg warehouse",
            );
        });

        it("both a security configuration and a security configuration name", () => {
            const security = new GlueSecurityConfiguration("glue-security", {
                naming: TEST_NAMING,
                kmsKeyArn: TEST_KEY_ARN,
            });
            refuse(
                { securityConfiguration: security },
                "EtlJob flights-silver: securityConfiguration: give either securityConfiguration (of this stack) or securityConfigurationName (an existing one), not both",
            );
        });

        it("a per-run argument as a default", () => {
            refuse(
                { defaultArguments: { "--source_keys": "a.csv" } },
                'EtlJob flights-silver: defaultArguments["--source_keys"]: got "a.csv"; must not be a default (the operator sets it per run); remove it',
            );
        });

        it("an argument without the leading --", () => {
            refuse(
                { defaultArguments: { silver_database: "x" } },
                /job arguments start with --, e.g. --silver_database/,
            );
        });

        it("a datazone transport without a valid domain id, naming the argument and an example", () => {
            refuse(
                { defaultArguments: { "--lineage_transport": "datazone" } },
                'EtlJob flights-silver: defaultArguments["--lineage_domain"]: required with --lineage_transport datazone: set the Amazon DataZone domain id the job posts to, e.g. dzd_4p9n6b2xkzs3ah',
            );
            refuse(
                {
                    defaultArguments: {
                        "--lineage_transport": "datazone",
                        "--lineage_domain": "4p9n6b2xkzs3ah",
                    },
                },
                'EtlJob flights-silver: defaultArguments["--lineage_domain"]: got "4p9n6b2xkzs3ah"; a DataZone domain id is dzd_ or dzd- then 1 to 36 letters, digits, _ or -, e.g. dzd_4p9n6b2xkzs3ah',
            );
            expect(DATAZONE_DOMAIN_ID.test("dzd-a_B-9")).to.equal(true);
        });

        it("a lineage transport only known after deployment, since the role is planned from it", () => {
            refuse(
                { defaultArguments: { "--lineage_transport": pulumi.output("datazone") } },
                'EtlJob flights-silver: defaultArguments["--lineage_transport"]: got "a pulumi Output"; pass the transport as a plain string: the role\'s datazone:PostLineageEvent grant is planned from it',
            );
        });

        it("an argument set both as an artifact and a default", () => {
            refuse(
                {
                    artifactArguments: { "--dataset_spec_uri": { file: fixture.spec } },
                    defaultArguments: { "--dataset_spec_uri": "s3://x/y.yaml" },
                },
                /collides with artifactArguments\["--dataset_spec_uri"\]/,
            );
        });

        it("an invalid cron schedule, naming the field and showing an example", () => {
            refuse(
                { schedule: "cron(0 3 * * * *)" },
                'EtlJob flights-silver: schedule: got "cron(0 3 * * * *)"; not a valid AWS cron schedule: put ? in exactly one of day-of-month and day-of-week (AWS cannot combine both, nor leave both open). Example: cron(15 2 * * ? *)',
            );
            refuse({ schedule: "0 3 * * ?" }, /write it as cron\(<minutes> <hours>/);
        });

        it("Flex with a worker type Flex does not run on", () => {
            expect(FLEX_WORKER_TYPES).to.deep.equal(["G.1X", "G.2X"]);
            refuse(
                { flex: true, workerType: "G.4X" },
                "EtlJob flights-silver: flex: got true; Flex runs only on G.1X or G.2X workers, not G.4X; set workerType to G.1X or G.2X, or turn flex off",
            );
        });

        it("timeouts outside 1 to 10080 minutes", () => {
            refuse(
                { timeoutMinutes: 0 },
                "EtlJob flights-silver: timeoutMinutes: got 0; use a whole number from 1 to 10080",
            );
            refuse(
                { timeoutMinutes: 10081 },
                "EtlJob flights-silver: timeoutMinutes: got 10081; use a whole number from 1 to 10080",
            );
            refuse({ timeoutMinutes: 2.5 }, /timeoutMinutes: got 2.5; use a whole number/);
        });

        it("a delay notification at or after the timeout", () => {
            refuse(
                { timeoutMinutes: 30, notifyDelayAfterMinutes: 30 },
                /notifyDelayAfterMinutes: got 30; use a whole number of minutes from 1 to 29/,
            );
        });

        it("worker counts, retries and concurrency out of range, and unknown versions", () => {
            refuse({ numberOfWorkers: 1 }, /numberOfWorkers: got 1; use a whole number from 2 to 299/);
            refuse({ maxRetries: 11 }, /maxRetries: got 11; use a whole number from 0 to 10/);
            refuse({ maxConcurrentRuns: 0 }, /maxConcurrentRuns: got 0; use a whole number from 1 to 1000/);
            refuse({ glueVersion: "4.0" as "5.1" }, /glueVersion: got "4.0"; use one of 5.0, 5.1/);
            refuse(
                { logRetentionDays: 10 },
                /logRetentionDays: got 10; CloudWatch Logs accepts only 1, 3, 5, 7, 14, .*; use 7 or 14$/,
            );
        });

        it("prefixes that are not folders", () => {
            refuse(
                { reads: [{ zone: "bronze", prefix: "flights" }] },
                /reads\[0\]\.prefix: got "flights"; use a folder/,
            );
        });

        it("a missing script file, naming its path", () => {
            refuse({ script: path.join(fixture.dir, "missing.py") }, /missing\.py/);
        });
    });
});
