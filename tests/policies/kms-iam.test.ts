import { expect } from "chai";
import { lakeKeyPolicy } from "../../components/data-lake/data-lake";
import { ACTIONS_ONLY_ON_STAR, serviceTrustPolicy } from "../../lib/iam";
import { PACK_DEFAULTS } from "../../policies/defaults";
import { TYPES } from "../../policies/lib/types";
import {
    BROAD_AWS_MANAGED_POLICIES,
    iamNoFullAccessManagedPolicies,
    iamNoWildcardAction,
    iamNoWildcardResource,
    iamTrustPolicyScoped,
} from "../../policies/rules/iam";
import { kmsKeyPolicyNotPublic, kmsKeyRotation } from "../../policies/rules/kms";
import { resolve } from "../support/pulumi-harness";
import { ACCOUNT, doc, KEY_ARN } from "./support/fixtures";
import { runResourceRule } from "./support/rule-runner";

const GLUE = "glue.amazonaws.com";

const readBronze = {
    Effect: "Allow",
    Action: ["s3:GetObject"],
    Resource: ["arn:aws:s3:::lake-bronze/flights/*"],
};

describe("KMS rules", () => {
    describe("kms-key-rotation", () => {
        it("passes a symmetric key with rotation and flags one without", async () => {
            const on = await runResourceRule(kmsKeyRotation, {
                type: TYPES.kmsKey,
                props: { enableKeyRotation: true },
            });
            expect(on.violations).to.deep.equal([]);
            const off = await runResourceRule(kmsKeyRotation, {
                type: TYPES.kmsKey,
                name: "lake-key",
                props: {},
            });
            expect(off.violations).to.deep.equal([
                "KMS key lake-key: key rotation is off; set enableKeyRotation: true",
            ]);
        });

        it("does not apply to asymmetric keys, which cannot rotate", async () => {
            const outcome = await runResourceRule(kmsKeyRotation, {
                type: TYPES.kmsKey,
                props: { customerMasterKeySpec: "RSA_3072", keyUsage: "SIGN_VERIFY" },
            });
            expect(outcome.notApplicable).to.equal(
                "key spec RSA_3072 (usage SIGN_VERIFY) does not support automatic rotation",
            );
            expect(outcome.violations).to.deep.equal([]);
        });
    });

    describe("kms-key-policy-not-public", () => {
        it("passes the lake key policy (Resource * means the key itself)", async () => {
            const policy = await resolve(lakeKeyPolicy({ accountId: ACCOUNT, region: "eu-west-1" }));
            const outcome = await runResourceRule(kmsKeyPolicyNotPublic, {
                type: TYPES.kmsKey,
                props: { policy },
            });
            expect(outcome.violations).to.deep.equal([]);
        });

        it("flags an Allow to * without an account condition, on a Key and on a KeyPolicy", async () => {
            const open = doc({
                Sid: "Anyone",
                Effect: "Allow",
                Principal: { AWS: "*" },
                Action: "kms:Decrypt",
                Resource: "*",
            });
            for (const type of [TYPES.kmsKey, TYPES.kmsKeyPolicy]) {
                const outcome = await runResourceRule(kmsKeyPolicyNotPublic, {
                    type,
                    name: "k",
                    props: { policy: open },
                });
                expect(outcome.violations).to.deep.equal([
                    "key policy of k: statement Anyone allows principal * with no account condition; name the principals or add a kms:CallerAccount / aws:PrincipalOrgID condition",
                ]);
            }
        });

        it("accepts * pinned to the account with kms:CallerAccount", async () => {
            const pinned = doc({
                Effect: "Allow",
                Principal: "*",
                Action: "kms:Decrypt",
                Resource: "*",
                Condition: { StringEquals: { "kms:CallerAccount": ACCOUNT } },
            });
            const outcome = await runResourceRule(kmsKeyPolicyNotPublic, {
                type: TYPES.kmsKey,
                props: { policy: pinned },
            });
            expect(outcome.violations).to.deep.equal([]);
        });
    });
});

describe("IAM rules", () => {
    describe("iam-no-wildcard-action", () => {
        it("passes listed actions and partial wildcards such as kms:ReEncrypt*", async () => {
            const policy = doc(readBronze, {
                Effect: "Allow",
                Action: ["kms:ReEncrypt*"],
                Resource: [KEY_ARN],
            });
            const outcome = await runResourceRule(iamNoWildcardAction, {
                type: TYPES.iamRolePolicy,
                props: { policy },
            });
            expect(outcome.violations).to.deep.equal([]);
        });

        it("flags * and service:* in an inline policy of a role, and NotAction", async () => {
            const policy = doc(
                {
                    Sid: "All",
                    Effect: "Allow",
                    Action: ["s3:*", "glue:GetTable"],
                    Resource: ["arn:aws:s3:::x"],
                },
                { Effect: "Allow", NotAction: "iam:*", Resource: "*" },
            );
            const outcome = await runResourceRule(iamNoWildcardAction, {
                type: TYPES.iamRole,
                name: "job-role",
                props: { assumeRolePolicy: "", inlinePolicies: [{ name: "data", policy }] },
            });
            expect(outcome.violations).to.deep.equal([
                "job-role inlinePolicies[data].policy statement All: allows s3:*; list the actions it needs",
                "job-role inlinePolicies[data].policy statement #1: Allow with NotAction grants every other action; list the actions it needs",
            ]);
        });

        it("ignores Deny statements with wildcards", async () => {
            const policy = doc({ Effect: "Deny", Action: "*", Resource: "*" });
            const outcome = await runResourceRule(iamNoWildcardAction, {
                type: TYPES.iamPolicy,
                props: { policy },
            });
            expect(outcome.violations).to.deep.equal([]);
        });
    });

    describe("iam-no-wildcard-resource", () => {
        it("accepts * for actions in ACTIONS_ONLY_ON_STAR only", async () => {
            const onlyOnStar = Object.keys(ACTIONS_ONLY_ON_STAR);
            const policy = doc({ Effect: "Allow", Action: onlyOnStar, Resource: "*" });
            const outcome = await runResourceRule(iamNoWildcardResource, {
                type: TYPES.iamRolePolicy,
                props: { policy },
            });
            expect(outcome.violations).to.deep.equal([]);
        });

        it("flags a scopable action on * and names it", async () => {
            const policy = doc({
                Sid: "Wide",
                Effect: "Allow",
                Action: ["s3:GetObject", "sts:GetCallerIdentity"],
                Resource: "*",
            });
            const outcome = await runResourceRule(iamNoWildcardResource, {
                type: TYPES.iamRolePolicy,
                name: "p",
                props: { policy },
            });
            expect(outcome.violations).to.have.length(1);
            expect(outcome.violations[0]).to.match(
                /^p policy statement Wide: allows s3:GetObject on Resource \*; scope it to ARNs/,
            );
        });

        it("flags NotResource in an Allow", async () => {
            const policy = doc({
                Effect: "Allow",
                Action: "s3:GetObject",
                NotResource: "arn:aws:s3:::secret/*",
            });
            const outcome = await runResourceRule(iamNoWildcardResource, {
                type: TYPES.iamPolicy,
                name: "p",
                props: { policy },
            });
            expect(outcome.violations).to.deep.equal([
                "p policy statement #0: Allow with NotResource grants every other resource; list the ARNs",
            ]);
        });
    });

    describe("iam-no-full-access-managed-policies", () => {
        it("passes a customer-managed policy attachment", async () => {
            const outcome = await runResourceRule(iamNoFullAccessManagedPolicies, {
                type: TYPES.iamRolePolicyAttachment,
                props: { role: "r", policyArn: `arn:aws:iam::${ACCOUNT}:policy/lake-read` },
            });
            expect(outcome.violations).to.deep.equal([]);
        });

        it("flags AmazonS3FullAccess and AWSGlueServiceRole, the seed's attachments", async () => {
            const outcome = await runResourceRule(iamNoFullAccessManagedPolicies, {
                type: TYPES.iamRole,
                name: "seed-role",
                props: {
                    managedPolicyArns: [
                        "arn:aws:iam::aws:policy/AmazonS3FullAccess",
                        "arn:aws:iam::aws:policy/service-role/AWSGlueServiceRole",
                    ],
                },
            });
            expect(outcome.violations).to.deep.equal([
                "seed-role: attaches arn:aws:iam::aws:policy/AmazonS3FullAccess (a FullAccess policy grants every action of its service); use a scoped inline policy",
                `seed-role: attaches arn:aws:iam::aws:policy/service-role/AWSGlueServiceRole (${BROAD_AWS_MANAGED_POLICIES.AWSGlueServiceRole}); use a scoped inline policy`,
            ]);
        });

        it("does not apply to other resource types", async () => {
            const outcome = await runResourceRule(iamNoFullAccessManagedPolicies, {
                type: TYPES.bucket,
                props: {},
            });
            expect(outcome.notApplicable).to.equal("applies to IAM roles and policy attachments");
        });
    });

    describe("iam-trust-policy-scoped", () => {
        it("passes serviceTrustPolicy from lib/iam.ts (service + aws:SourceAccount)", async () => {
            const assumeRolePolicy = await resolve(serviceTrustPolicy(GLUE, ACCOUNT));
            const outcome = await runResourceRule(iamTrustPolicyScoped, {
                type: TYPES.iamRole,
                props: { assumeRolePolicy },
            });
            expect(outcome.violations).to.deep.equal([]);
        });

        it("flags a service principal without a source condition and a wildcard principal", async () => {
            const assumeRolePolicy = doc(
                {
                    Sid: "Scheduler",
                    Effect: "Allow",
                    Principal: { Service: "scheduler.amazonaws.com" },
                    Action: "sts:AssumeRole",
                },
                { Sid: "Anyone", Effect: "Allow", Principal: { AWS: "*" }, Action: "sts:AssumeRole" },
            );
            const outcome = await runResourceRule(iamTrustPolicyScoped, {
                type: TYPES.iamRole,
                name: "r",
                props: { assumeRolePolicy },
            });
            expect(outcome.violations).to.deep.equal([
                "r trust policy statement Scheduler: service scheduler.amazonaws.com may assume the role on behalf of any account; add Condition StringEquals aws:SourceAccount (or ArnLike aws:SourceArn)",
                "r trust policy statement Anyone: trusts principal *; name the service or account that assumes the role",
            ]);
        });

        it("exempts services listed in servicesWithoutSourceContext (default and configured)", async () => {
            expect(PACK_DEFAULTS.servicesWithoutSourceContext).to.deep.equal([
                "ec2.amazonaws.com",
                "glue.amazonaws.com",
                "lakeformation.amazonaws.com",
                "lambda.amazonaws.com",
            ]);
            const ec2 = doc({
                Effect: "Allow",
                Principal: { Service: "ec2.amazonaws.com" },
                Action: "sts:AssumeRole",
            });
            const byDefault = await runResourceRule(iamTrustPolicyScoped, {
                type: TYPES.iamRole,
                props: { assumeRolePolicy: ec2 },
            });
            expect(byDefault.violations).to.deep.equal([]);
            const glue = doc({
                Effect: "Allow",
                Principal: { Service: "states.amazonaws.com" },
                Action: "sts:AssumeRole",
            });
            const configured = await runResourceRule(
                iamTrustPolicyScoped,
                { type: TYPES.iamRole, props: { assumeRolePolicy: glue } },
                { "iam-trust-policy-scoped": { servicesWithoutSourceContext: ["states.amazonaws.com"] } },
            );
            expect(configured.violations).to.deep.equal([]);
        });

        it("flags a federated principal with no condition", async () => {
            const assumeRolePolicy = doc({
                Effect: "Allow",
                Principal: {
                    Federated: `arn:aws:iam::${ACCOUNT}:oidc-provider/token.actions.githubusercontent.com`,
                },
                Action: "sts:AssumeRoleWithWebIdentity",
            });
            const outcome = await runResourceRule(iamTrustPolicyScoped, {
                type: TYPES.iamRole,
                name: "ci",
                props: { assumeRolePolicy },
            });
            expect(outcome.violations).to.have.length(1);
            expect(outcome.violations[0]).to.match(
                /^ci trust policy statement #0: federated principal .* has no condition/,
            );
        });
    });
});
