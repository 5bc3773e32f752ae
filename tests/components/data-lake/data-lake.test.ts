import { expect } from "chai";
import {
    ACCESS_LOGS_PREFIX,
    ATHENA_RESULTS_PREFIX,
    CATALOG_ENCRYPTION_MODE,
    DATA_LAKE_DEFAULTS,
    DataLake,
    type DataLakeArgs,
    GLUE_CATALOG_KEY_ACTIONS,
    resolveLifecycles,
    ZONES,
} from "../../../components/data-lake/data-lake";
import { documentedDefaults } from "../../support/docs-defaults";
import {
    type Recorder,
    resolve,
    settle,
    setupPulumiMocks,
    TEST_ACCOUNT_ID,
    TEST_REGION,
} from "../../support/pulumi-harness";

const BASE_ARGS: DataLakeArgs = {
    accountId: TEST_ACCOUNT_ID,
    region: TEST_REGION,
    naming: { project: "medallion-lake", stack: "test" },
};
const bucketOf = (role: string) => `medallion-lake-test-${role}-${TEST_ACCOUNT_ID}-${TEST_REGION}`;
const ALL_BUCKET_ROLES = ["bronze", "silver", "gold", "access-logs", "athena-results", "artifacts"];
const KMS_BUCKET_ROLES = ["bronze", "silver", "gold", "athena-results", "artifacts"];
/** Buckets holding lake data, kept on `pulumi destroy` by default; athena-results and artifacts never are. */
const RETAINED_BUCKET_ROLES = ["bronze", "silver", "gold", "access-logs"];
/** The configuration resources every secure bucket gets. */
const BUCKET_SUB_RESOURCE_TYPES = [
    "aws:s3/bucketPublicAccessBlock:BucketPublicAccessBlock",
    "aws:s3/bucketOwnershipControls:BucketOwnershipControls",
    "aws:s3/bucketServerSideEncryptionConfiguration:BucketServerSideEncryptionConfiguration",
    "aws:s3/bucketVersioning:BucketVersioning",
    "aws:s3/bucketPolicy:BucketPolicy",
    "aws:s3/bucketLifecycleConfiguration:BucketLifecycleConfiguration",
];

async function build(args: Partial<DataLakeArgs> = {}): Promise<{ recorder: Recorder; lake: DataLake }> {
    const recorder = setupPulumiMocks({}, "test");
    const lake = new DataLake("lake", { ...BASE_ARGS, ...args });
    await settle();
    return { recorder, lake };
}

function subResource(recorder: Recorder, type: string, bucket: string) {
    const found = recorder.forBucket(bucket, type);
    expect(found, `${type} for ${bucket}`).to.have.length(1);
    return found[0];
}

describe("DataLake", () => {
    describe("with defaults", () => {
        let recorder: Recorder;
        let lake: DataLake;
        before(async () => {
            ({ recorder, lake } = await build());
        });

        it("registers under the medallion-lake:index:DataLake type token", () => {
            expect(recorder.named("lake").type).to.equal("medallion-lake:index:DataLake");
        });

        it("creates a bucket per zone plus access-logs, athena-results and artifacts buckets", () => {
            const names = recorder.ofType("aws:s3/bucket:Bucket").map((b) => b.inputs.bucket);
            expect(names).to.have.members(ALL_BUCKET_ROLES.map(bucketOf));
        });

        it("parents every child under the component", () => {
            const component = recorder.named("lake");
            const children = recorder.resources.filter((r) => r.name !== "lake");
            for (const child of children) expect(child.parentUrn, child.name).to.equal(component.urn);
        });

        for (const role of ALL_BUCKET_ROLES) {
            it(`${role} bucket blocks all public access`, () => {
                const pab = subResource(
                    recorder,
                    "aws:s3/bucketPublicAccessBlock:BucketPublicAccessBlock",
                    bucketOf(role),
                );
                expect(pab.inputs).to.include({
                    blockPublicAcls: true,
                    blockPublicPolicy: true,
                    ignorePublicAcls: true,
                    restrictPublicBuckets: true,
                });
            });

            it(`${role} bucket enforces bucket-owner object ownership`, () => {
                const own = subResource(
                    recorder,
                    "aws:s3/bucketOwnershipControls:BucketOwnershipControls",
                    bucketOf(role),
                );
                expect(own.inputs.rule).to.deep.equal({ objectOwnership: "BucketOwnerEnforced" });
            });

            it(`${role} bucket denies requests without TLS`, () => {
                const policy = JSON.parse(
                    subResource(recorder, "aws:s3/bucketPolicy:BucketPolicy", bucketOf(role)).inputs.policy,
                );
                const deny = policy.Statement.find((s: any) => s.Sid === "DenyInsecureTransport");
                expect(deny).to.deep.equal({
                    Sid: "DenyInsecureTransport",
                    Effect: "Deny",
                    Principal: "*",
                    Action: ["s3:*"],
                    Resource: [`arn:aws:s3:::${bucketOf(role)}`, `arn:aws:s3:::${bucketOf(role)}/*`],
                    Condition: { Bool: { "aws:SecureTransport": false } },
                });
            });

            it(`${role} bucket has versioning enabled by default`, () => {
                const v = subResource(recorder, "aws:s3/bucketVersioning:BucketVersioning", bucketOf(role));
                expect(v.inputs.versioningConfiguration).to.deep.equal({ status: "Enabled" });
            });

            it(`${role} bucket aborts incomplete multipart uploads after 1 day`, () => {
                const lc = subResource(
                    recorder,
                    "aws:s3/bucketLifecycleConfiguration:BucketLifecycleConfiguration",
                    bucketOf(role),
                );
                const abort = lc.inputs.rules.find((r: any) => r.id === "abort-incomplete-multipart-uploads");
                expect(abort.abortIncompleteMultipartUpload).to.deep.equal({ daysAfterInitiation: 1 });
                expect(DATA_LAKE_DEFAULTS.abortIncompleteMultipartUploadDays).to.equal(1);
            });

            it(`${role} bucket survives pulumi destroy only when it holds lake data`, () => {
                const bucket = recorder
                    .ofType("aws:s3/bucket:Bucket")
                    .find((b) => b.inputs.bucket === bucketOf(role));
                const holdsData = RETAINED_BUCKET_ROLES.includes(role);
                expect(bucket?.inputs.forceDestroy).to.equal(!holdsData);
                expect(bucket?.options.retainOnDelete).to.equal(holdsData);
            });

            it(`${role} bucket keeps its configuration on pulumi destroy exactly when the bucket is kept`, () => {
                const holdsData = RETAINED_BUCKET_ROLES.includes(role);
                const types =
                    role === "access-logs"
                        ? BUCKET_SUB_RESOURCE_TYPES
                        : [...BUCKET_SUB_RESOURCE_TYPES, "aws:s3/bucketLogging:BucketLogging"];
                for (const type of types) {
                    expect(subResource(recorder, type, bucketOf(role)).options.retainOnDelete, type).to.equal(
                        holdsData,
                    );
                }
            });
        }

        for (const role of KMS_BUCKET_ROLES) {
            it(`${role} bucket is encrypted with the lake key (SSE-KMS, bucket key on)`, () => {
                const sse = subResource(
                    recorder,
                    "aws:s3/bucketServerSideEncryptionConfiguration:BucketServerSideEncryptionConfiguration",
                    bucketOf(role),
                );
                expect(sse.inputs.rules).to.deep.equal([
                    {
                        applyServerSideEncryptionByDefault: {
                            sseAlgorithm: "aws:kms",
                            kmsMasterKeyId: `arn:aws:kms:${TEST_REGION}:${TEST_ACCOUNT_ID}:key/lake-key-key-id`,
                        },
                        bucketKeyEnabled: true,
                    },
                ]);
            });

            it(`${role} bucket sends server access logs to the logs bucket`, () => {
                const logging = subResource(recorder, "aws:s3/bucketLogging:BucketLogging", bucketOf(role));
                expect(logging.inputs.targetBucket).to.equal(bucketOf("access-logs"));
                expect(logging.inputs.targetPrefix).to.equal(`${ACCESS_LOGS_PREFIX}${bucketOf(role)}/`);
            });
        }

        it("encrypts the access-logs bucket with SSE-S3, the only encryption S3 server access logging supports", () => {
            const sse = subResource(
                recorder,
                "aws:s3/bucketServerSideEncryptionConfiguration:BucketServerSideEncryptionConfiguration",
                bucketOf("access-logs"),
            );
            expect(sse.inputs.rules).to.deep.equal([
                { applyServerSideEncryptionByDefault: { sseAlgorithm: "AES256" } },
            ]);
        });

        it("lets only the S3 logging service of this account write access logs, from lake buckets only", () => {
            const policy = JSON.parse(
                subResource(recorder, "aws:s3/bucketPolicy:BucketPolicy", bucketOf("access-logs")).inputs
                    .policy,
            );
            const allow = policy.Statement.find((s: any) => s.Sid === "AllowS3ServerAccessLogs");
            expect(allow.Principal).to.deep.equal({ Service: ["logging.s3.amazonaws.com"] });
            expect(allow.Action).to.deep.equal(["s3:PutObject"]);
            expect(allow.Resource).to.deep.equal([
                `arn:aws:s3:::${bucketOf("access-logs")}/${ACCESS_LOGS_PREFIX}*`,
            ]);
            expect(allow.Condition.StringEquals).to.deep.equal({ "aws:SourceAccount": TEST_ACCOUNT_ID });
            expect(allow.Condition.ArnLike["aws:SourceArn"]).to.have.members(
                KMS_BUCKET_ROLES.map((r) => `arn:aws:s3:::${bucketOf(r)}`),
            );
        });

        it("applies the default zone lifecycles: bronze to IA at 30 and GLACIER at 90, silver IA 60, gold IA 90", () => {
            const transitions = (zone: string) =>
                subResource(
                    recorder,
                    "aws:s3/bucketLifecycleConfiguration:BucketLifecycleConfiguration",
                    bucketOf(zone),
                ).inputs.rules.find((r: any) => r.id === "tiering-and-expiry").transitions;
            expect(transitions("bronze")).to.deep.equal([
                { days: 30, storageClass: "STANDARD_IA" },
                { days: 90, storageClass: "GLACIER" },
            ]);
            expect(transitions("silver")).to.deep.equal([{ days: 60, storageClass: "STANDARD_IA" }]);
            expect(transitions("gold")).to.deep.equal([{ days: 90, storageClass: "STANDARD_IA" }]);
            for (const zone of ZONES) {
                const lc = DATA_LAKE_DEFAULTS.lifecycle[zone];
                expect(transitions(zone)[0].days).to.equal(lc.infrequentAccessAfterDays);
            }
        });

        it("expires noncurrent versions of zone data after 30 days", () => {
            for (const zone of ZONES) {
                const rules = subResource(
                    recorder,
                    "aws:s3/bucketLifecycleConfiguration:BucketLifecycleConfiguration",
                    bucketOf(zone),
                ).inputs.rules;
                const rule = rules.find((r: any) => r.id === "expire-noncurrent-versions");
                expect(rule.noncurrentVersionExpiration).to.deep.equal({ noncurrentDays: 30 });
            }
        });

        it("expires access logs after 365 days and query results after 30 days", () => {
            const expiry = (role: string) =>
                subResource(
                    recorder,
                    "aws:s3/bucketLifecycleConfiguration:BucketLifecycleConfiguration",
                    bucketOf(role),
                ).inputs.rules.find((r: any) => r.id === "tiering-and-expiry").expiration;
            expect(expiry("access-logs")).to.deep.equal({
                days: DATA_LAKE_DEFAULTS.accessLogsExpireAfterDays,
            });
            expect(expiry("athena-results")).to.deep.equal({
                days: DATA_LAKE_DEFAULTS.queryResultsExpireAfterDays,
            });
            expect([
                DATA_LAKE_DEFAULTS.accessLogsExpireAfterDays,
                DATA_LAKE_DEFAULTS.queryResultsExpireAfterDays,
            ]).to.deep.equal([365, 30]);
        });

        it("keeps the key, its alias and the zone databases on pulumi destroy", () => {
            expect(recorder.named("lake-key", "aws:kms/key:Key").options.retainOnDelete).to.equal(true);
            expect(recorder.named("lake-key-alias", "aws:kms/alias:Alias").options.retainOnDelete).to.equal(
                true,
            );
            for (const zone of ZONES) {
                expect(recorder.named(`lake-${zone}-db`).options.retainOnDelete, zone).to.equal(true);
            }
            expect(recorder.named("lake-workgroup").options.retainOnDelete).to.equal(false);
        });

        it("expires noncurrent versions of logs and results after 1 day, of artifacts after 30 days", () => {
            const noncurrent = (role: string) =>
                subResource(
                    recorder,
                    "aws:s3/bucketLifecycleConfiguration:BucketLifecycleConfiguration",
                    bucketOf(role),
                ).inputs.rules.find((r: any) => r.id === "expire-noncurrent-versions")
                    .noncurrentVersionExpiration;
            expect(noncurrent("access-logs")).to.deep.equal({ noncurrentDays: 1 });
            expect(noncurrent("athena-results")).to.deep.equal({ noncurrentDays: 1 });
            expect(noncurrent("artifacts")).to.deep.equal({ noncurrentDays: 30 });
            expect([
                DATA_LAKE_DEFAULTS.accessLogsNoncurrentVersionExpireAfterDays,
                DATA_LAKE_DEFAULTS.queryResultsNoncurrentVersionExpireAfterDays,
                DATA_LAKE_DEFAULTS.artifactsNoncurrentVersionExpireAfterDays,
            ]).to.deep.equal([1, 1, 30]);
        });

        it("documents every default in the DataLake defaults table of docs/components.md", () => {
            expect(documentedDefaults("DATA_LAKE_DEFAULTS")).to.deep.equal(DATA_LAKE_DEFAULTS);
        });

        it("creates one customer-managed key with rotation, a 30-day deletion window and an alias", () => {
            const keys = recorder.ofType("aws:kms/key:Key");
            expect(keys).to.have.length(1);
            expect(keys[0].inputs.enableKeyRotation).to.equal(true);
            expect(keys[0].inputs.deletionWindowInDays).to.equal(30);
            const alias = recorder.ofType("aws:kms/alias:Alias")[0];
            expect(alias.inputs.name).to.equal("alias/medallion-lake-test-lake");
            expect(alias.inputs.targetKeyId).to.equal("lake-key-key-id");
        });

        it("scopes the key policy: account via IAM, CloudWatch Logs of this account, service delivery by source account", () => {
            const policy = JSON.parse(recorder.ofType("aws:kms/key:Key")[0].inputs.policy);
            const bySid = Object.fromEntries(policy.Statement.map((s: any) => [s.Sid, s]));
            expect(bySid.AccountAdministersKeyThroughIam.Principal).to.deep.equal({
                AWS: [`arn:aws:iam::${TEST_ACCOUNT_ID}:root`],
            });
            expect(bySid.CloudWatchLogsOfThisAccount.Principal).to.deep.equal({
                Service: [`logs.${TEST_REGION}.amazonaws.com`],
            });
            expect(bySid.CloudWatchLogsOfThisAccount.Condition).to.deep.equal({
                ArnLike: {
                    "kms:EncryptionContext:aws:logs:arn": `arn:aws:logs:${TEST_REGION}:${TEST_ACCOUNT_ID}:*`,
                },
            });
            expect(bySid.ServiceDeliveryToEncryptedQueuesAndTopics.Condition).to.deep.equal({
                StringEquals: { "aws:SourceAccount": TEST_ACCOUNT_ID },
            });
            const anyone = policy.Statement.filter((s: any) => s.Principal === "*");
            expect(anyone.map((s: any) => [s.Sid, s.Condition])).to.deep.equal([
                [
                    "GlueDataCatalogOfThisAccount",
                    {
                        StringEquals: {
                            "kms:CallerAccount": TEST_ACCOUNT_ID,
                            "kms:ViaService": `glue.${TEST_REGION}.amazonaws.com`,
                        },
                    },
                ],
            ]);
        });

        it("lets the account's principals use the key through Glue only, with the actions an encrypted catalog needs", () => {
            const policy = JSON.parse(recorder.ofType("aws:kms/key:Key")[0].inputs.policy);
            const glue = policy.Statement.find((s: any) => s.Sid === "GlueDataCatalogOfThisAccount");
            expect(glue.Action).to.deep.equal(["kms:Decrypt", "kms:Encrypt", "kms:GenerateDataKey"]);
            expect(glue.Action).to.deep.equal([...GLUE_CATALOG_KEY_ACTIONS]);
            expect(glue.Resource).to.deep.equal(["*"]);
        });

        it("encrypts the account's Data Catalog and connection passwords with the lake key", () => {
            const settings = recorder.ofType(
                "aws:glue/dataCatalogEncryptionSettings:DataCatalogEncryptionSettings",
            );
            expect(settings.map((r) => r.name)).to.deep.equal(["lake-catalog-encryption"]);
            const keyArn = `arn:aws:kms:${TEST_REGION}:${TEST_ACCOUNT_ID}:key/lake-key-key-id`;
            expect(settings[0].inputs.dataCatalogEncryptionSettings).to.deep.equal({
                encryptionAtRest: { catalogEncryptionMode: "SSE-KMS", sseAwsKmsKeyId: keyArn },
                connectionPasswordEncryption: {
                    returnConnectionPasswordEncrypted: true,
                    awsKmsKeyId: keyArn,
                },
            });
            expect(CATALOG_ENCRYPTION_MODE).to.equal("SSE-KMS");
            expect(DATA_LAKE_DEFAULTS.catalogEncryption).to.equal(true);
        });

        it("creates the zone databases after the catalog encryption settings (Glue encrypts only new objects)", () => {
            const settings = recorder.named("lake-catalog-encryption");
            for (const zone of ZONES) {
                expect(recorder.named(`lake-${zone}-db`).dependencies, zone).to.include(settings.urn);
            }
        });

        it("creates a Glue database per zone with an Athena-safe name and the zone's location", () => {
            for (const zone of ZONES) {
                const db = recorder.named(`lake-${zone}-db`);
                expect(db.inputs.name).to.equal(`medallion_lake_test_${zone}`);
                expect(db.inputs.locationUri).to.equal(`s3://${bucketOf(zone)}/`);
            }
            expect(lake.databaseNames).to.deep.equal({
                bronze: "medallion_lake_test_bronze",
                silver: "medallion_lake_test_silver",
                gold: "medallion_lake_test_gold",
            });
        });

        it("configures the Athena workgroup: engine v3, enforced, encrypted results, metrics, 10 GiB cutoff", () => {
            const wg = recorder.ofType("aws:athena/workgroup:Workgroup")[0];
            expect(wg.inputs.name).to.equal("medallion-lake-test-lake");
            expect(wg.inputs.configuration).to.deep.equal({
                enforceWorkgroupConfiguration: true,
                publishCloudwatchMetricsEnabled: true,
                bytesScannedCutoffPerQuery: 10737418240,
                engineVersion: { selectedEngineVersion: "Athena engine version 3" },
                resultConfiguration: {
                    outputLocation: `s3://${bucketOf("athena-results")}/results/`,
                    encryptionConfiguration: {
                        encryptionOption: "SSE_KMS",
                        kmsKeyArn: `arn:aws:kms:${TEST_REGION}:${TEST_ACCOUNT_ID}:key/lake-key-key-id`,
                    },
                },
            });
            expect(DATA_LAKE_DEFAULTS.athenaBytesScannedCutoffPerQuery).to.equal(10737418240);
            expect(ATHENA_RESULTS_PREFIX).to.equal("results/");
        });

        it("exposes buckets, key, databases and workgroup as readonly fields", async () => {
            expect(await resolve(lake.buckets.bronze.bucket)).to.equal(bucketOf("bronze"));
            expect(await resolve(lake.keyArn)).to.match(/^arn:aws:kms:/);
            expect(await resolve(lake.databases.gold.name)).to.equal("medallion_lake_test_gold");
            expect(await resolve(lake.workgroup.name)).to.equal("medallion-lake-test-lake");
        });
    });

    describe("options", () => {
        it("uses a key the caller brings and creates none", async () => {
            const keyArn = `arn:aws:kms:${TEST_REGION}:${TEST_ACCOUNT_ID}:key/11111111-2222-3333-4444-555555555555`;
            const { recorder } = await build({ kmsKeyArn: keyArn });
            expect(recorder.ofType("aws:kms/key:Key")).to.have.length(0);
            const sse = subResource(
                recorder,
                "aws:s3/bucketServerSideEncryptionConfiguration:BucketServerSideEncryptionConfiguration",
                bucketOf("silver"),
            );
            expect(sse.inputs.rules[0].applyServerSideEncryptionByDefault.kmsMasterKeyId).to.equal(keyArn);
        });

        it("leaves the Data Catalog encryption settings to the account when catalogEncryption is false", async () => {
            const { recorder, lake } = await build({ catalogEncryption: false });
            expect(
                recorder.ofType("aws:glue/dataCatalogEncryptionSettings:DataCatalogEncryptionSettings"),
            ).to.deep.equal([]);
            expect(lake.catalogEncryption).to.equal(undefined);
            const policy = JSON.parse(recorder.ofType("aws:kms/key:Key")[0].inputs.policy);
            expect(policy.Statement.map((s: any) => s.Sid)).to.deep.equal([
                "AccountAdministersKeyThroughIam",
                "CloudWatchLogsOfThisAccount",
                "ServiceDeliveryToEncryptedQueuesAndTopics",
            ]);
        });

        it("encrypts the Data Catalog with a key the caller brings", async () => {
            const keyArn = `arn:aws:kms:${TEST_REGION}:${TEST_ACCOUNT_ID}:key/11111111-2222-3333-4444-555555555555`;
            const { recorder } = await build({ kmsKeyArn: keyArn });
            const settings = recorder.named("lake-catalog-encryption");
            expect(settings.inputs.dataCatalogEncryptionSettings.encryptionAtRest.sseAwsKmsKeyId).to.equal(
                keyArn,
            );
            expect(
                settings.inputs.dataCatalogEncryptionSettings.connectionPasswordEncryption.awsKmsKeyId,
            ).to.equal(keyArn);
        });

        it("suspends versioning when versioning is false", async () => {
            const { recorder } = await build({ versioning: false });
            const v = subResource(recorder, "aws:s3/bucketVersioning:BucketVersioning", bucketOf("bronze"));
            expect(v.inputs.versioningConfiguration).to.deep.equal({ status: "Suspended" });
        });

        it("lets zone buckets be destroyed with their data when retainOnDelete is false", async () => {
            const { recorder } = await build({ retainOnDelete: false });
            const bronze = recorder
                .ofType("aws:s3/bucket:Bucket")
                .find((b) => b.inputs.bucket === bucketOf("bronze"));
            expect(bronze?.inputs.forceDestroy).to.equal(true);
            const retained = recorder.resources.filter((r) => r.options.retainOnDelete).map((r) => r.name);
            expect(retained).to.deep.equal([]);
        });

        it("accepts a key of another account in the lake's region", async () => {
            const keyArn = `arn:aws:kms:${TEST_REGION}:210987654321:key/11111111-2222-3333-4444-555555555555`;
            const { lake } = await build({ kmsKeyArn: keyArn });
            expect(await resolve(lake.keyArn)).to.equal(keyArn);
        });

        it("turns a transition off when the override sets it to undefined", async () => {
            const { recorder } = await build({ lifecycle: { bronze: { glacierAfterDays: undefined } } });
            const rules = subResource(
                recorder,
                "aws:s3/bucketLifecycleConfiguration:BucketLifecycleConfiguration",
                bucketOf("bronze"),
            ).inputs.rules;
            expect(rules.find((r: any) => r.id === "tiering-and-expiry").transitions).to.deep.equal([
                { days: 30, storageClass: "STANDARD_IA" },
            ]);
        });
    });

    describe("validation", () => {
        it("refuses STANDARD_IA before 30 days, naming the zone and field", () => {
            expect(() => resolveLifecycles("lake", { silver: { infrequentAccessAfterDays: 10 } })).to.throw(
                "DataLake lake: lifecycle.silver.infrequentAccessAfterDays: got 10; S3 requires at least 30 days before STANDARD_IA",
            );
        });

        it("refuses GLACIER less than 30 days after STANDARD_IA", () => {
            expect(() =>
                resolveLifecycles("lake", {
                    bronze: { infrequentAccessAfterDays: 30, glacierAfterDays: 45 },
                }),
            ).to.throw(
                "DataLake lake: lifecycle.bronze.glacierAfterDays: got 45; S3 requires GLACIER at least 30 days after STANDARD_IA (30). Set it to 60 or more",
            );
        });

        it("refuses expiry before the last transition", () => {
            expect(() => resolveLifecycles("lake", { gold: { expireAfterDays: 50 } })).to.throw(
                "DataLake lake: lifecycle.gold.expireAfterDays: got 50; objects would expire before or when they transition (day 90)",
            );
        });

        it("refuses a KMS deletion window outside 7-30 days", () => {
            setupPulumiMocks();
            expect(() => new DataLake("bad", { ...BASE_ARGS, kmsKeyDeletionWindowDays: 3 })).to.throw(
                "DataLake bad: kmsKeyDeletionWindowDays: got 3; use a whole number from 7 to 30",
            );
        });

        it("registers nothing when an argument is refused", async () => {
            const recorder = setupPulumiMocks();
            expect(
                () =>
                    new DataLake("bad", {
                        ...BASE_ARGS,
                        lifecycle: { bronze: { infrequentAccessAfterDays: 80 } },
                    }),
            ).to.throw(
                "DataLake bad: lifecycle.bronze.glacierAfterDays: got 90; S3 requires GLACIER at least 30 days after STANDARD_IA (80). Set it to 110 or more",
            );
            await settle();
            expect(recorder.resources).to.deep.equal([]);
        });

        it("refuses a KMS key of another region, naming both regions", () => {
            setupPulumiMocks();
            const keyArn = `arn:aws:kms:us-east-1:${TEST_ACCOUNT_ID}:key/11111111-2222-3333-4444-555555555555`;
            expect(() => new DataLake("bad", { ...BASE_ARGS, kmsKeyArn: keyArn })).to.throw(
                `DataLake bad: kmsKeyArn: got "${keyArn}"; the key is in us-east-1 but the lake is in ${TEST_REGION}`,
            );
        });

        it("refuses a region no AWS partition has, listing its partition's regions", () => {
            setupPulumiMocks();
            expect(() => new DataLake("bad", { ...BASE_ARGS, region: "eu-west-9" })).to.throw(
                /^DataLake bad: region: got "eu-west-9"; eu-west-9 is not a region of the aws partition; use one of af-south-1, .*eu-west-1, .*us-west-2 /m,
            );
        });

        it("refuses tag keys starting with aws: in any case", () => {
            setupPulumiMocks();
            expect(
                () => new DataLake("bad", { ...BASE_ARGS, tags: { "AWS:team": "x", owner: "y" } }),
            ).to.throw('DataLake bad: tags: got "AWS:team"; AWS reserves tag keys starting with "aws:"');
        });

        it("refuses an Athena scan cutoff below 10 MiB", () => {
            setupPulumiMocks();
            expect(
                () => new DataLake("bad", { ...BASE_ARGS, athenaBytesScannedCutoffPerQuery: 1000 }),
            ).to.throw("DataLake bad: athenaBytesScannedCutoffPerQuery: got 1000");
        });
    });
});
