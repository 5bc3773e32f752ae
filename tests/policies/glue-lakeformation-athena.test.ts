import { expect } from "chai";
import {
    ATHENA_MIN_BYTES_SCANNED_CUTOFF,
    DATA_LAKE_DEFAULTS,
    ZONE_TAG_KEY,
} from "../../components/data-lake/data-lake";
import { PACK_DEFAULTS } from "../../policies/defaults";
import type { EvaluatedResource } from "../../policies/evaluate";
import { TYPES } from "../../policies/lib/types";
import {
    athenaResultsEncrypted,
    athenaScanCutoff,
    athenaWorkgroupEnforced,
} from "../../policies/rules/athena";
import { cloudwatchLogGroupRetention } from "../../policies/rules/cloudwatch";
import {
    glueJobTimeout,
    glueNoSecretArguments,
    glueSecurityConfiguration,
    glueSupportedVersion,
} from "../../policies/rules/glue";
import {
    IAM_ALLOWED_PRINCIPALS,
    lakeFormationNoIamAllowedPrincipals,
    lakeFormationZoneLocationsRegistered,
} from "../../policies/rules/lakeformation";
import { ACCOUNT, KEY_ARN, resource, secureBucket, urnOf } from "./support/fixtures";
import { runResourceRule, runStackRule } from "./support/rule-runner";

const ENCRYPTING = {
    s3Encryption: { s3EncryptionMode: "SSE-KMS", kmsKeyArn: KEY_ARN },
    cloudwatchEncryption: { cloudwatchEncryptionMode: "SSE-KMS", kmsKeyArn: KEY_ARN },
    jobBookmarksEncryption: { jobBookmarksEncryptionMode: "CSE-KMS", kmsKeyArn: KEY_ARN },
};

function securityConfiguration(
    name: string,
    encryptionConfiguration: unknown = ENCRYPTING,
): EvaluatedResource {
    return resource(TYPES.glueSecurityConfiguration, name, { name, encryptionConfiguration });
}

function job(props: Record<string, unknown> = {}) {
    return {
        type: TYPES.glueJob,
        name: "flights-silver",
        props: { command: { name: "glueetl" }, glueVersion: "5.1", timeout: 60, ...props },
    };
}

describe("Glue rules", () => {
    describe("glue-security-configuration", () => {
        it("passes a job and a crawler under an encrypting configuration (by name and by dependency)", async () => {
            const config = securityConfiguration("lake-glue");
            const crawler = resource(TYPES.glueCrawler, "bronze-crawler", {});
            crawler.propertyDependencies = { securityConfiguration: [config.urn as string] };
            const outcome = await runStackRule(glueSecurityConfiguration, [
                config,
                resource(TYPES.glueJob, "flights-silver", {
                    name: "flights-silver",
                    securityConfiguration: "lake-glue",
                }),
                crawler,
            ]);
            expect(outcome.violations).to.deep.equal([]);
        });

        it("names what a configuration leaves unencrypted", async () => {
            const weak = securityConfiguration("weak", {
                ...ENCRYPTING,
                cloudwatchEncryption: { cloudwatchEncryptionMode: "DISABLED" },
                jobBookmarksEncryption: { jobBookmarksEncryptionMode: "CSE-KMS" },
            });
            const outcome = await runStackRule(glueSecurityConfiguration, [weak]);
            expect(outcome.violations).to.deep.equal([
                "Glue security configuration weak: does not encrypt CloudWatch logs (cloudwatchEncryption.cloudwatchEncryptionMode is DISABLED; want SSE-KMS with kmsKeyArn); job bookmarks (jobBookmarksEncryption.jobBookmarksEncryptionMode is CSE-KMS; want CSE-KMS with kmsKeyArn)",
            ]);
        });

        it("flags a job without a security configuration and one naming a configuration outside the stack", async () => {
            const outcome = await runStackRule(glueSecurityConfiguration, [
                resource(TYPES.glueJob, "a", { name: "job-a" }),
                resource(TYPES.glueCrawler, "b", { name: "crawler-b", securityConfiguration: "elsewhere" }),
            ]);
            expect(outcome.violations).to.deep.equal([
                "Glue job job-a: no securityConfiguration; set it to the lake's Glue security configuration",
                "Glue crawler crawler-b: security configuration elsewhere is not defined in this stack, so its encryption cannot be checked; define it in the stack",
            ]);
            expect(outcome.urns).to.deep.equal([urnOf(TYPES.glueJob, "a"), urnOf(TYPES.glueCrawler, "b")]);
        });
    });

    describe("glue-job-timeout", () => {
        it("passes 60 minutes and flags an unset timeout and one above the default maximum", async () => {
            expect(PACK_DEFAULTS.glueMaxTimeoutMinutes).to.equal(480);
            expect((await runResourceRule(glueJobTimeout, job())).violations).to.deep.equal([]);
            const unset = await runResourceRule(glueJobTimeout, job({ timeout: undefined }));
            expect(unset.violations).to.deep.equal([
                "Glue job flights-silver: no timeout, so a stuck run bills for 2 days; set timeout (1 to 480 minutes)",
            ]);
            const long = await runResourceRule(glueJobTimeout, job({ timeout: 2880 }));
            expect(long.violations).to.deep.equal([
                "Glue job flights-silver: timeout 2880 minutes is outside 1 to 480; lower it or raise the rule's maxTimeoutMinutes",
            ]);
        });

        it("reads the maximum from the pack config and skips streaming jobs", async () => {
            const config = { "glue-job-timeout": { maxTimeoutMinutes: 30 } };
            const outcome = await runResourceRule(glueJobTimeout, job(), config);
            expect(outcome.violations).to.deep.equal([
                "Glue job flights-silver: timeout 60 minutes is outside 1 to 30; lower it or raise the rule's maxTimeoutMinutes",
            ]);
            const streaming = await runResourceRule(
                glueJobTimeout,
                job({ command: { name: "gluestreaming" }, timeout: undefined }),
            );
            expect(streaming.notApplicable).to.equal("streaming jobs run until stopped");
        });
    });

    describe("glue-supported-version", () => {
        it("passes 5.1 and flags 2.0 and an unset version", async () => {
            expect((await runResourceRule(glueSupportedVersion, job())).violations).to.deep.equal([]);
            const old = await runResourceRule(glueSupportedVersion, job({ glueVersion: "2.0" }));
            expect(old.violations).to.deep.equal([
                `Glue job flights-silver: glueVersion 2.0 is not supported; use one of ${PACK_DEFAULTS.glueVersions.join(", ")}`,
            ]);
            const unset = await runResourceRule(glueSupportedVersion, job({ glueVersion: undefined }));
            expect(unset.violations[0]).to.match(
                /glueVersion is not set, so Glue uses 0\.9 \(end of support\)/,
            );
        });
    });

    describe("glue-no-secret-arguments", () => {
        it("passes the lake's job arguments and a secret reference", async () => {
            const outcome = await runResourceRule(
                glueNoSecretArguments,
                job({
                    defaultArguments: {
                        "--dataset_spec_uri": "s3://lake-artifacts/glue/specs/flights-abc.yaml",
                        "--job-bookmark-option": "job-bookmark-enable",
                        "--secret_id": "arn:aws:secretsmanager:eu-west-1:123456789012:secret:source-db",
                        "--source_keys": "[]",
                    },
                }),
            );
            expect(outcome.violations).to.deep.equal([]);
        });

        it("flags a password argument, an access key id and credentials in a JDBC URL", async () => {
            const outcome = await runResourceRule(
                glueNoSecretArguments,
                job({
                    defaultArguments: { "--db_password": "hunter2", "--conf": "key=AKIAIOSFODNN7EXAMPLE" },
                    nonOverridableArguments: {
                        "--source_url": "postgresql://admin:s3cret@db.internal:5432/sales",
                    },
                }),
            );
            expect(outcome.violations).to.deep.equal([
                "Glue job flights-silver: defaultArguments --db_password looks like a secret (its name says it holds a secret); pass a Secrets Manager secret id instead",
                "Glue job flights-silver: defaultArguments --conf looks like a secret (its value looks like an AWS access key id); pass a Secrets Manager secret id instead",
                "Glue job flights-silver: nonOverridableArguments --source_url looks like a secret (its value looks like a URL with a password); pass a Secrets Manager secret id instead",
            ]);
        });
    });
});

describe("Lake Formation rules", () => {
    const settings = (props: Record<string, unknown> = {}) =>
        resource(TYPES.lakeFormationSettings, "settings", {
            admins: [`arn:aws:iam::${ACCOUNT}:role/datalakeadmin`],
            createDatabaseDefaultPermissions: [],
            createTableDefaultPermissions: [],
            ...props,
        });
    const iamAllowed = [{ principal: IAM_ALLOWED_PRINCIPALS, permissions: ["ALL"] }];

    describe("lakeformation-no-iam-allowed-principals", () => {
        it("passes emptied defaults and named grants", async () => {
            const outcome = await runStackRule(lakeFormationNoIamAllowedPrincipals, [
                settings(),
                resource(TYPES.lakeFormationPermissions, "grant", {
                    principal: `arn:aws:iam::${ACCOUNT}:role/job`,
                    permissions: ["SELECT"],
                }),
            ]);
            expect(outcome.violations).to.deep.equal([]);
        });

        it("flags IAM_ALLOWED_PRINCIPALS in the defaults and in a grant", async () => {
            const outcome = await runStackRule(lakeFormationNoIamAllowedPrincipals, [
                settings({ createTableDefaultPermissions: iamAllowed }),
                resource(TYPES.lakeFormationPermissions, "open-grant", {
                    principal: IAM_ALLOWED_PRINCIPALS,
                    permissions: ["ALL"],
                }),
            ]);
            expect(outcome.violations).to.deep.equal([
                "Lake Formation settings settings: default permissions for new databases or tables go to IAM_ALLOWED_PRINCIPALS; leave createDatabaseDefaultPermissions and createTableDefaultPermissions empty",
                "Lake Formation grant open-grant: grants to IAM_ALLOWED_PRINCIPALS; grant to the roles that need access",
            ]);
        });

        const database = (name: string, principal?: string) =>
            resource(TYPES.glueCatalogDatabase, `${name}-db`, {
                name,
                createTableDefaultPermissions:
                    principal === undefined
                        ? []
                        : [{ permissions: ["ALL"], principal: { dataLakePrincipalIdentifier: principal } }],
            });

        it("flags a Glue database whose new tables default to IAM_ALLOWED_PRINCIPALS, and passes one without", async () => {
            const outcome = await runStackRule(lakeFormationNoIamAllowedPrincipals, [
                settings(),
                database("lake_bronze"),
                database("lake_silver", IAM_ALLOWED_PRINCIPALS),
                database("lake_gold", `arn:aws:iam::${ACCOUNT}:role/analyst`),
            ]);
            expect(outcome.violations).to.deep.equal([
                "Glue database lake_silver: createTableDefaultPermissions give new tables to IAM_ALLOWED_PRINCIPALS; create the database after the DataLakeSettings that empty the defaults (dependsOn), or recreate it so it gets none",
            ]);
            expect(outcome.urns).to.deep.equal([urnOf(TYPES.glueCatalogDatabase, "lake_silver-db")]);
        });

        it("leaves databases alone in hybrid mode and in a stack without Lake Formation settings", async () => {
            const hybrid = await runStackRule(lakeFormationNoIamAllowedPrincipals, [
                settings(),
                database("lake_silver", IAM_ALLOWED_PRINCIPALS),
                resource(TYPES.lakeFormationResource, "silver-location", {
                    arn: "arn:aws:s3:::lake-silver",
                    hybridAccessEnabled: true,
                }),
            ]);
            expect(hybrid.violations).to.deep.equal([]);
            expect(hybrid.notApplicable).to.equal(
                "a location is registered with hybrid access (hybrid mode)",
            );
            const iamOnly = await runStackRule(lakeFormationNoIamAllowedPrincipals, [
                database("lake_silver", IAM_ALLOWED_PRINCIPALS),
            ]);
            expect(iamOnly.violations).to.deep.equal([]);
            expect(iamOnly.notApplicable).to.equal("the stack does not manage Lake Formation settings");
        });

        it("does not apply in hybrid mode or without Lake Formation settings", async () => {
            const hybrid = await runStackRule(lakeFormationNoIamAllowedPrincipals, [
                settings({ createDatabaseDefaultPermissions: iamAllowed }),
                resource(TYPES.lakeFormationResource, "bronze-location", {
                    arn: "arn:aws:s3:::b",
                    hybridAccessEnabled: true,
                }),
            ]);
            expect(hybrid.notApplicable).to.equal(
                "a location is registered with hybrid access (hybrid mode)",
            );
            const none = await runStackRule(lakeFormationNoIamAllowedPrincipals, []);
            expect(none.notApplicable).to.equal("the stack does not manage Lake Formation settings");
        });
    });

    describe("lakeformation-zone-locations-registered", () => {
        const zones = [
            ...secureBucket("lake-bronze", { tags: { [ZONE_TAG_KEY]: "bronze" } }),
            ...secureBucket("lake-silver", { tags: { [ZONE_TAG_KEY]: "silver" } }),
            ...secureBucket("lake-logs", { encryption: "s3" }),
        ];

        it("passes when every zone bucket is registered (by ARN value and by dependency)", async () => {
            const silver = zones.find((r) => r.name === "lake-silver") as EvaluatedResource;
            const bySilverDependency = resource(TYPES.lakeFormationResource, "silver-location", {});
            bySilverDependency.propertyDependencies = { arn: [silver.urn as string] };
            const outcome = await runStackRule(lakeFormationZoneLocationsRegistered, [
                ...zones,
                settings(),
                resource(TYPES.lakeFormationResource, "bronze-location", { arn: "arn:aws:s3:::lake-bronze" }),
                bySilverDependency,
            ]);
            expect(outcome.violations).to.deep.equal([]);
        });

        it("flags an unregistered zone bucket and ignores buckets without the zone tag", async () => {
            const outcome = await runStackRule(lakeFormationZoneLocationsRegistered, [
                ...zones,
                settings(),
                resource(TYPES.lakeFormationResource, "bronze-location", {
                    arn: "arn:aws:s3:::lake-bronze/flights",
                }),
            ]);
            expect(outcome.violations).to.deep.equal([
                "zone bucket lake-silver (silver): not registered with Lake Formation; register an aws.lakeformation.Resource for arn:aws:s3:::lake-silver",
            ]);
        });

        it("flags an unregistered zone bucket registered as the deprecated BucketV2", async () => {
            const gold = resource(TYPES.bucketV2, "lake-gold", {
                bucket: "lake-gold",
                arn: "arn:aws:s3:::lake-gold",
                tags: { [ZONE_TAG_KEY]: "gold" },
            });
            const outcome = await runStackRule(lakeFormationZoneLocationsRegistered, [gold, settings()]);
            expect(outcome.violations).to.deep.equal([
                "zone bucket lake-gold (gold): not registered with Lake Formation; register an aws.lakeformation.Resource for arn:aws:s3:::lake-gold",
            ]);
        });

        it("does not apply to a stack without Lake Formation", async () => {
            const outcome = await runStackRule(lakeFormationZoneLocationsRegistered, zones);
            expect(outcome.notApplicable).to.equal("the stack does not use Lake Formation");
        });
    });
});

describe("Athena and CloudWatch rules", () => {
    const workgroup = (configuration: Record<string, unknown>) => ({
        type: TYPES.athenaWorkgroup,
        name: "lake",
        props: { name: "lake", configuration },
    });
    const good = {
        enforceWorkgroupConfiguration: true,
        bytesScannedCutoffPerQuery: DATA_LAKE_DEFAULTS.athenaBytesScannedCutoffPerQuery,
        resultConfiguration: { encryptionConfiguration: { encryptionOption: "SSE_KMS", kmsKeyArn: KEY_ARN } },
    };

    it("passes the lake's workgroup configuration on all three Athena rules", async () => {
        for (const policy of [athenaWorkgroupEnforced, athenaResultsEncrypted, athenaScanCutoff]) {
            expect((await runResourceRule(policy, workgroup(good))).violations, policy.name).to.deep.equal(
                [],
            );
        }
    });

    it("athena-workgroup-enforced flags a workgroup clients may override", async () => {
        const outcome = await runResourceRule(
            athenaWorkgroupEnforced,
            workgroup({ ...good, enforceWorkgroupConfiguration: false }),
        );
        expect(outcome.violations).to.deep.equal([
            "Athena workgroup lake: clients may override its settings; set configuration.enforceWorkgroupConfiguration: true",
        ]);
    });

    it("athena-results-encrypted flags SSE_S3 and unencrypted results", async () => {
        const sseS3 = await runResourceRule(
            athenaResultsEncrypted,
            workgroup({
                ...good,
                resultConfiguration: { encryptionConfiguration: { encryptionOption: "SSE_S3" } },
            }),
        );
        expect(sseS3.violations).to.deep.equal([
            'Athena workgroup lake: query results encryption is SSE_S3; set encryptionOption "SSE_KMS" with the lake key',
        ]);
        const none = await runResourceRule(
            athenaResultsEncrypted,
            workgroup({ enforceWorkgroupConfiguration: true }),
        );
        expect(none.violations).to.have.length(1);
    });

    it("athena-scan-cutoff flags a missing cutoff and one below Athena's minimum", async () => {
        const missing = await runResourceRule(
            athenaScanCutoff,
            workgroup({ ...good, bytesScannedCutoffPerQuery: undefined }),
        );
        expect(missing.violations).to.deep.equal([
            "Athena workgroup lake: no per-query scan cutoff; set configuration.bytesScannedCutoffPerQuery",
        ]);
        const low = await runResourceRule(
            athenaScanCutoff,
            workgroup({ ...good, bytesScannedCutoffPerQuery: 1024 }),
        );
        expect(low.violations).to.deep.equal([
            `Athena workgroup lake: scan cutoff 1024 bytes is below Athena's minimum ${ATHENA_MIN_BYTES_SCANNED_CUTOFF}; raise it`,
        ]);
    });

    it("cloudwatch-log-group-retention passes 30 days and flags a group that never expires", async () => {
        const ok = await runResourceRule(cloudwatchLogGroupRetention, {
            type: TYPES.logGroup,
            props: { name: "/aws-glue/jobs/x", retentionInDays: 30 },
        });
        expect(ok.violations).to.deep.equal([]);
        const forever = await runResourceRule(cloudwatchLogGroupRetention, {
            type: TYPES.logGroup,
            props: { name: "/aws/lambda/trigger" },
        });
        expect(forever.violations).to.deep.equal([
            "log group /aws/lambda/trigger: events never expire; set retentionInDays (e.g. 30)",
        ]);
    });
});
