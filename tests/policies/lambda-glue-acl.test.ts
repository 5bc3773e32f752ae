import { expect } from "chai";
import { TYPES } from "../../policies/lib/types";
import { glueCatalogEncryption } from "../../policies/rules/glue";
import {
    lambdaEnvironmentEncrypted,
    lambdaPermissionSameAccount,
    lambdaUrlAuth,
} from "../../policies/rules/lambda";
import { s3NoAclGrants } from "../../policies/rules/s3";
import { ACCOUNT, KEY_ARN, resource } from "./support/fixtures";
import { runResourceRule, runStackRule } from "./support/rule-runner";

const OTHER = "999999999999";
const homeKey = resource(TYPES.kmsKey, "lake-key", { arn: KEY_ARN });

describe("Lambda, Glue catalog and S3 ACL rules", () => {
    describe("lambda-environment-encrypted", () => {
        const fn = (props: Record<string, unknown>) => ({
            type: TYPES.lambdaFunction,
            name: "trigger",
            props: { runtime: "nodejs22.x", environment: { variables: { ROUTES: "[]" } }, ...props },
        });

        it("passes variables under the lake key and flags them under the AWS-managed key", async () => {
            expect(
                (await runResourceRule(lambdaEnvironmentEncrypted, fn({ kmsKeyArn: KEY_ARN }))).violations,
            ).to.deep.equal([]);
            const message =
                "Lambda function trigger: environment variables (ROUTES) are encrypted with the AWS-managed key; set kmsKeyArn to the lake key";
            expect((await runResourceRule(lambdaEnvironmentEncrypted, fn({}))).violations).to.deep.equal([
                message,
            ]);
            const managed = fn({ kmsKeyArn: `arn:aws:kms:eu-west-1:${ACCOUNT}:alias/aws/lambda` });
            expect((await runResourceRule(lambdaEnvironmentEncrypted, managed)).violations).to.deep.equal([
                message,
            ]);
        });

        it("does not apply to a function without variables", async () => {
            const outcome = await runResourceRule(lambdaEnvironmentEncrypted, fn({ environment: undefined }));
            expect(outcome.notApplicable).to.equal("the function sets no environment variables");
        });
    });

    describe("lambda-url-auth", () => {
        it("passes an IAM-authenticated URL and flags auth type NONE on the URL and on its permission", async () => {
            const iam = await runResourceRule(lambdaUrlAuth, {
                type: TYPES.lambdaFunctionUrl,
                name: "url",
                props: { functionName: "trigger", authorizationType: "AWS_IAM" },
            });
            expect(iam.violations).to.deep.equal([]);
            const none = await runResourceRule(lambdaUrlAuth, {
                type: TYPES.lambdaFunctionUrl,
                name: "url",
                props: { functionName: "trigger", authorizationType: "NONE" },
            });
            expect(none.violations).to.deep.equal([
                "Lambda function URL url: auth type NONE; set authorizationType AWS_IAM",
            ]);
            const permission = await runResourceRule(lambdaUrlAuth, {
                type: TYPES.lambdaPermission,
                name: "url-invoke",
                props: { action: "lambda:InvokeFunctionUrl", principal: "*", functionUrlAuthType: "NONE" },
            });
            expect(permission.violations).to.deep.equal([
                "Lambda permission url-invoke: opens a function URL with auth type NONE; set functionUrlAuthType AWS_IAM",
            ]);
        });
    });

    describe("lambda-permission-same-account", () => {
        const permission = (props: Record<string, unknown>) =>
            resource(TYPES.lambdaPermission, "invoke", {
                action: "lambda:InvokeFunction",
                function: "trigger",
                ...props,
            });

        it("passes a service scoped to the stack's account and flags another account", async () => {
            const own = await runStackRule(lambdaPermissionSameAccount, [
                homeKey,
                permission({ principal: "s3.amazonaws.com", sourceAccount: ACCOUNT }),
            ]);
            expect(own.violations).to.deep.equal([]);
            const foreign = await runStackRule(lambdaPermissionSameAccount, [
                homeKey,
                permission({ principal: OTHER }),
            ]);
            expect(foreign.violations).to.deep.equal([
                `Lambda permission invoke: lets account ${OTHER} invoke trigger; grant it within the stack's account or add the account to allowedAccounts`,
            ]);
            const viaSource = await runStackRule(lambdaPermissionSameAccount, [
                homeKey,
                permission({ principal: "s3.amazonaws.com", sourceAccount: OTHER }),
            ]);
            expect(viaSource.violations).to.have.length(1);
        });
    });

    describe("glue-catalog-encryption", () => {
        const database = resource(TYPES.glueCatalogDatabase, "bronze-db", { name: "bronze" });
        const settings = (props: Record<string, unknown>) =>
            resource(TYPES.glueCatalogEncryption, "catalog-encryption", {
                dataCatalogEncryptionSettings: props,
            });
        const complete = {
            encryptionAtRest: { catalogEncryptionMode: "SSE-KMS", sseAwsKmsKeyId: KEY_ARN },
            connectionPasswordEncryption: { returnConnectionPasswordEncrypted: true, awsKmsKeyId: KEY_ARN },
        };

        it("passes a stack with complete catalog encryption and flags one without settings or with gaps", async () => {
            expect(
                (await runStackRule(glueCatalogEncryption, [database, settings(complete)])).violations,
            ).to.deep.equal([]);
            const none = await runStackRule(glueCatalogEncryption, [database]);
            expect(none.violations).to.deep.equal([
                "Glue Data Catalog of databases bronze-db: no DataCatalogEncryptionSettings; register one with SSE-KMS and connection password encryption",
            ]);
            expect(none.urns).to.deep.equal([database.urn]);
            const noPasswords = await runStackRule(glueCatalogEncryption, [
                database,
                settings({
                    ...complete,
                    connectionPasswordEncryption: { returnConnectionPasswordEncrypted: false },
                }),
            ]);
            expect(noPasswords.violations).to.deep.equal([
                "Glue Data Catalog encryption catalog-encryption: leaves connection passwords (connectionPasswordEncryption.returnConnectionPasswordEncrypted with awsKmsKeyId) unencrypted",
            ]);
        });

        it("does not apply to a stack without Glue databases", async () => {
            expect((await runStackRule(glueCatalogEncryption, [homeKey])).notApplicable).to.equal(
                "the stack has no Glue database",
            );
        });
    });

    describe("s3-no-acl-grants", () => {
        const acl = (grants: Record<string, unknown>[]) => ({
            type: TYPES.bucketAclV2,
            name: "bronze-acl",
            props: { bucket: "lake-bronze", accessControlPolicy: { owner: { id: "owner-id" }, grants } },
        });
        const ownerGrant = { grantee: { type: "CanonicalUser", id: "owner-id" }, permission: "FULL_CONTROL" };

        it("passes the owner's own grant and flags a grant to another account and a public canned ACL", async () => {
            expect((await runResourceRule(s3NoAclGrants, acl([ownerGrant]))).violations).to.deep.equal([]);
            const other = await runResourceRule(
                s3NoAclGrants,
                acl([ownerGrant, { grantee: { type: "CanonicalUser", id: "other-id" }, permission: "READ" }]),
            );
            expect(other.violations).to.deep.equal([
                "bronze-acl: ACL grants READ to other-id, not the bucket owner; remove the grant and use the bucket policy",
            ]);
            const canned = await runResourceRule(s3NoAclGrants, {
                type: TYPES.bucketAcl,
                name: "bronze-acl",
                props: { bucket: "lake-bronze", acl: "public-read" },
            });
            expect(canned.violations).to.deep.equal([
                'bronze-acl: canned ACL public-read grants access beyond the owner; use "private"',
            ]);
        });
    });
});
