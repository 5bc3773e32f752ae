import { expect } from "chai";
import type { EvaluatedResource } from "../../policies/evaluate";
import { TYPES } from "../../policies/lib/types";
import {
    S3_POLICIES,
    s3AccessLogging,
    s3BucketOwnerEnforced,
    s3Lifecycle,
    s3PublicAccessBlock,
    s3SseKms,
    s3TlsOnly,
    s3Versioning,
} from "../../policies/rules/s3";
import { compliantBucketPair, doc, KEY_ARN, resource, secureBucket, urnOf } from "./support/fixtures";
import { runStackRule } from "./support/rule-runner";

const BRONZE_URN = urnOf(TYPES.bucket, "lake-bronze");

/** The pair with one resource's props replaced. */
function withProps(name: string, props: Record<string, unknown>): EvaluatedResource[] {
    return compliantBucketPair().map((r) => (r.name === name ? resource(r.type, r.name, props) : r));
}

describe("S3 rules", () => {
    it("has the seven S3 rules the loops below run", () => {
        expect(S3_POLICIES.map((p) => p.name)).to.deep.equal([
            "s3-public-access-block",
            "s3-bucket-owner-enforced",
            "s3-sse-kms",
            "s3-tls-only",
            "s3-access-logging",
            "s3-lifecycle",
            "s3-versioning",
        ]);
    });

    for (const link of ["values", "dependencies"] as const) {
        it(`every S3 rule passes a compliant data bucket and log bucket (sub-resources linked by ${link})`, async () => {
            for (const policy of S3_POLICIES) {
                const outcome = await runStackRule(policy, compliantBucketPair(link));
                expect(outcome.violations, policy.name).to.deep.equal([]);
            }
        });
    }

    describe("deprecated aws.s3.BucketV2", () => {
        /** secureBucket's resources with the bucket registered as a BucketV2. */
        const asBucketV2 = (resources: EvaluatedResource[]) =>
            resources.map((r) =>
                r.type === TYPES.bucket ? { ...resource(TYPES.bucketV2, r.name, r.inputs) } : r,
            );

        it("reads the BucketV2 type token from the provider", () => {
            expect(TYPES.bucketV2).to.equal("aws:s3/bucketV2:BucketV2");
        });

        it("a lone BucketV2 violates every S3 rule", async () => {
            const lone = [
                resource(TYPES.bucketV2, "legacy", { bucket: "legacy", arn: "arn:aws:s3:::legacy" }),
            ];
            for (const policy of S3_POLICIES) {
                const outcome = await runStackRule(policy, lone);
                expect(outcome.violations, policy.name).to.have.length(1);
                expect(outcome.violations[0], policy.name).to.match(/^bucket legacy: /);
                expect(outcome.urns, policy.name).to.deep.equal([urnOf(TYPES.bucketV2, "legacy")]);
            }
        });

        it("a BucketV2 with its configuration resources passes, its logs bucket included", async () => {
            const pair = asBucketV2(compliantBucketPair());
            expect(pair.filter((r) => r.type === TYPES.bucketV2)).to.have.length(2);
            for (const policy of S3_POLICIES) {
                expect((await runStackRule(policy, pair)).violations, policy.name).to.deep.equal([]);
            }
        });
    });

    describe("s3-public-access-block", () => {
        it("flags a bucket without a public access block", async () => {
            const outcome = await runStackRule(
                s3PublicAccessBlock,
                secureBucket("b", { omit: ["publicAccessBlock"] }),
            );
            expect(outcome.violations).to.deep.equal([
                "bucket b: no BucketPublicAccessBlock; add one with all four settings true",
            ]);
            expect(outcome.urns).to.deep.equal([urnOf(TYPES.bucket, "b")]);
        });

        it("names each setting left off", async () => {
            const outcome = await runStackRule(
                s3PublicAccessBlock,
                withProps("lake-bronze-public-access", {
                    bucket: "lake-bronze",
                    blockPublicAcls: true,
                    blockPublicPolicy: false,
                    ignorePublicAcls: true,
                }),
            );
            expect(outcome.violations).to.deep.equal([
                "bucket lake-bronze: public access block leaves blockPublicPolicy, restrictPublicBuckets off; set them to true",
            ]);
            expect(outcome.urns).to.deep.equal([BRONZE_URN]);
        });
    });

    describe("s3-bucket-owner-enforced", () => {
        it("flags ObjectWriter ownership", async () => {
            const outcome = await runStackRule(
                s3BucketOwnerEnforced,
                withProps("lake-bronze-ownership", {
                    bucket: "lake-bronze",
                    rule: { objectOwnership: "ObjectWriter" },
                }),
            );
            expect(outcome.violations).to.deep.equal([
                'bucket lake-bronze: object ownership is ObjectWriter; register BucketOwnershipControls with objectOwnership "BucketOwnerEnforced"',
            ]);
        });

        it("flags a bucket with no ownership controls", async () => {
            const outcome = await runStackRule(
                s3BucketOwnerEnforced,
                secureBucket("b", { omit: ["ownership"] }),
            );
            expect(outcome.violations).to.deep.equal([
                'bucket b: object ownership is not set; register BucketOwnershipControls with objectOwnership "BucketOwnerEnforced"',
            ]);
        });
    });

    describe("s3-sse-kms", () => {
        it("flags a data bucket encrypted with SSE-S3", async () => {
            const outcome = await runStackRule(s3SseKms, secureBucket("b", { encryption: "s3" }));
            expect(outcome.violations).to.deep.equal([
                'bucket b: default encryption is AES256; use "aws:kms" with the lake key',
            ]);
        });

        it("flags SSE-KMS with the AWS managed key (no kmsMasterKeyId)", async () => {
            const outcome = await runStackRule(
                s3SseKms,
                withProps("lake-bronze-encryption", {
                    bucket: "lake-bronze",
                    rules: [{ applyServerSideEncryptionByDefault: { sseAlgorithm: "aws:kms" } }],
                }),
            );
            expect(outcome.violations).to.deep.equal([
                "bucket lake-bronze: SSE-KMS without kmsMasterKeyId uses the AWS managed aws/s3 key, whose policy you cannot control; set kmsMasterKeyId to the lake key",
            ]);
        });

        it("flags a bucket with no encryption configuration", async () => {
            const outcome = await runStackRule(s3SseKms, secureBucket("b", { encryption: "none" }));
            expect(outcome.violations).to.deep.equal([
                "bucket b: no default encryption configuration; register BucketServerSideEncryptionConfiguration (aws:kms with the lake key)",
            ]);
        });

        it("accepts SSE-S3 on a log target bucket and refuses SSE-KMS there", async () => {
            const kmsLogTarget = [
                ...secureBucket("lake-logs", { encryption: "kms" }),
                ...secureBucket("lake-bronze", { logTo: "lake-logs" }),
            ];
            const outcome = await runStackRule(s3SseKms, kmsLogTarget);
            expect(outcome.violations).to.deep.equal([
                'bucket lake-logs: receives S3 server access logs but encrypts with aws:kms; S3 only delivers logs to SSE-S3 buckets, use "AES256"',
            ]);
            expect(outcome.urns).to.deep.equal([urnOf(TYPES.bucket, "lake-logs")]);
        });

        it("accepts a dual-layer SSE-KMS bucket with a key", async () => {
            const outcome = await runStackRule(
                s3SseKms,
                withProps("lake-bronze-encryption", {
                    bucket: "lake-bronze",
                    rules: [
                        {
                            applyServerSideEncryptionByDefault: {
                                sseAlgorithm: "aws:kms:dsse",
                                kmsMasterKeyId: KEY_ARN,
                            },
                        },
                    ],
                }),
            );
            expect(outcome.violations).to.deep.equal([]);
        });
    });

    describe("s3-tls-only", () => {
        it("flags a bucket policy without the TLS deny", async () => {
            const allowOnly = doc({
                Effect: "Allow",
                Principal: { Service: ["logging.s3.amazonaws.com"] },
                Action: ["s3:PutObject"],
                Resource: ["arn:aws:s3:::lake-bronze/*"],
            });
            const outcome = await runStackRule(
                s3TlsOnly,
                withProps("lake-bronze-policy", { bucket: "lake-bronze", policy: allowOnly }),
            );
            expect(outcome.violations).to.deep.equal([
                "bucket lake-bronze: the bucket policy does not deny requests without TLS to the bucket and its objects; add denyInsecureTransport(bucket.arn)",
            ]);
        });

        it("flags a TLS deny that leaves the objects out", async () => {
            const bucketOnly = doc({
                Effect: "Deny",
                Principal: "*",
                Action: "s3:*",
                Resource: "arn:aws:s3:::lake-bronze",
                Condition: { Bool: { "aws:SecureTransport": "false" } },
            });
            const outcome = await runStackRule(
                s3TlsOnly,
                withProps("lake-bronze-policy", { bucket: "lake-bronze", policy: bucketOnly }),
            );
            expect(outcome.violations).to.have.length(1);
            expect(outcome.urns).to.deep.equal([BRONZE_URN]);
        });

        it("flags a bucket with no policy and a policy that is not JSON", async () => {
            const none = await runStackRule(s3TlsOnly, secureBucket("b", { omit: ["policy"] }));
            expect(none.violations).to.deep.equal([
                "bucket b: no bucket policy; add an aws.s3.BucketPolicy that denies aws:SecureTransport false",
            ]);
            const broken = await runStackRule(
                s3TlsOnly,
                withProps("lake-bronze-policy", { bucket: "lake-bronze", policy: "{not json" }),
            );
            expect(broken.violations[0]).to.match(/^bucket lake-bronze: bucket policy not valid JSON/);
        });
    });

    describe("s3-access-logging", () => {
        it("flags a data bucket without server access logging and exempts the log target", async () => {
            const outcome = await runStackRule(s3AccessLogging, [
                ...secureBucket("lake-logs", { encryption: "s3" }),
                ...secureBucket("lake-bronze", { logTo: "lake-logs" }),
                ...secureBucket("lake-silver"),
            ]);
            expect(outcome.violations).to.deep.equal([
                "bucket lake-silver: no server access logging; register BucketLogging with targetBucket set to the access-logs bucket",
            ]);
        });
    });

    describe("s3-lifecycle", () => {
        it("flags a bucket whose only lifecycle rule is disabled, and one with none", async () => {
            const disabled = await runStackRule(
                s3Lifecycle,
                withProps("lake-bronze-lifecycle", {
                    bucket: "lake-bronze",
                    rules: [{ id: "x", status: "Disabled" }],
                }),
            );
            expect(disabled.violations).to.deep.equal([
                "bucket lake-bronze: no lifecycle configuration with an enabled rule; register BucketLifecycleConfiguration",
            ]);
            const none = await runStackRule(s3Lifecycle, secureBucket("b", { omit: ["lifecycle"] }));
            expect(none.violations).to.have.length(1);
        });
    });

    describe("s3-versioning", () => {
        it("flags suspended and missing versioning", async () => {
            const suspended = await runStackRule(
                s3Versioning,
                secureBucket("b", { versioning: "Suspended" }),
            );
            expect(suspended.violations).to.deep.equal([
                'bucket b: versioning is Suspended; register BucketVersioning with status "Enabled"',
            ]);
            const missing = await runStackRule(s3Versioning, secureBucket("c", { omit: ["versioning"] }));
            expect(missing.violations).to.deep.equal([
                'bucket c: versioning is not configured; register BucketVersioning with status "Enabled"',
            ]);
        });
    });
});
