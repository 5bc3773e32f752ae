import { expect } from "chai";
import { PACK_DEFAULTS } from "../../policies/defaults";
import { TYPES } from "../../policies/lib/types";
import {
    iamCrossAccountTrustExternalId,
    iamListBucketPrefixRequired,
    iamNoPrivilegeEscalation,
    iamNoWildcardArn,
    iamResourcePolicyPrivate,
} from "../../policies/rules/iam";
import { ACCOUNT, doc, KEY_ARN, resource } from "./support/fixtures";
import { runResourceRule, runStackRule } from "./support/rule-runner";

const OTHER = "999999999999";
const QUEUE_ARN = `arn:aws:sqs:eu-west-1:${ACCOUNT}:lake-events`;

/** A key of the stack's account, which tells the stack rules the stack's own account. */
const homeKey = resource(TYPES.kmsKey, "lake-key", { arn: KEY_ARN, enableKeyRotation: true });

function rolePolicy(...statements: Record<string, unknown>[]) {
    return { type: TYPES.iamRolePolicy, name: "job-policy", props: { policy: doc(...statements) } };
}

describe("IAM access rules", () => {
    describe("iam-resource-policy-private", () => {
        const queuePolicy = (statement: Record<string, unknown>) =>
            resource(TYPES.sqsQueuePolicy, "events-policy", { queueUrl: "q", policy: doc(statement) });
        const send = { Effect: "Allow", Action: "sqs:SendMessage", Resource: QUEUE_ARN };

        it("passes a queue policy for a service of the stack's account", async () => {
            const outcome = await runStackRule(iamResourcePolicyPrivate, [
                homeKey,
                queuePolicy({
                    ...send,
                    Principal: { Service: "s3.amazonaws.com" },
                    Condition: { StringEquals: { "aws:SourceAccount": ACCOUNT } },
                }),
            ]);
            expect(outcome.violations).to.deep.equal([]);
        });

        it("flags a public queue policy and one that lets in another account", async () => {
            const open = await runStackRule(iamResourcePolicyPrivate, [
                homeKey,
                queuePolicy({ ...send, Principal: "*" }),
            ]);
            expect(open.violations).to.deep.equal([
                "events-policy policy statement #0: allows principal * with no account condition (public); name the principals or add aws:PrincipalAccount / aws:PrincipalOrgID",
            ]);
            const foreign = await runStackRule(iamResourcePolicyPrivate, [
                homeKey,
                queuePolicy({ ...send, Principal: { AWS: `arn:aws:iam::${OTHER}:root` } }),
            ]);
            expect(foreign.violations).to.deep.equal([
                `events-policy policy statement #0: lets in account ${OTHER}, outside the stack's own; remove it or add it to allowedAccounts`,
            ]);
        });

        it("flags a service pinned to another account, and accepts an allow-listed one", async () => {
            const pinned = queuePolicy({
                ...send,
                Principal: { Service: "sns.amazonaws.com" },
                Condition: { ArnLike: { "aws:SourceArn": `arn:aws:sns:eu-west-1:${OTHER}:t` } },
            });
            expect(
                (await runStackRule(iamResourcePolicyPrivate, [homeKey, pinned])).violations,
            ).to.have.length(1);
            const allowed = await runStackRule(iamResourcePolicyPrivate, [homeKey, pinned], {
                "iam-resource-policy-private": { allowedAccounts: [OTHER] },
            });
            expect(allowed.violations).to.deep.equal([]);
            expect(PACK_DEFAULTS.allowedAccounts).to.deep.equal([]);
        });

        it("in a first preview, with no ARN of the stack known, still flags public access but names no account", async () => {
            const foreignAndPublic = queuePolicy({ ...send, Principal: { AWS: [OTHER, "*"] } });
            const outcome = await runStackRule(iamResourcePolicyPrivate, [foreignAndPublic]);
            expect(outcome.violations).to.deep.equal([
                "events-policy policy statement #0: allows principal * with no account condition (public); name the principals or add aws:PrincipalAccount / aws:PrincipalOrgID",
            ]);
        });

        it("checks the Glue catalog resource policy (policyInJson) too", async () => {
            const catalog = resource(TYPES.glueResourcePolicy, "catalog-policy", {
                policyInJson: doc({
                    Effect: "Allow",
                    Principal: { AWS: OTHER },
                    Action: "glue:GetTable",
                    Resource: "*",
                }),
            });
            const outcome = await runStackRule(iamResourcePolicyPrivate, [homeKey, catalog]);
            expect(outcome.violations).to.deep.equal([
                `catalog-policy policyInJson statement #0: lets in account ${OTHER}, outside the stack's own; remove it or add it to allowedAccounts`,
            ]);
        });
    });

    describe("iam-cross-account-trust-external-id", () => {
        const role = (condition?: Record<string, unknown>) =>
            resource(TYPES.iamRole, "partner-role", {
                arn: `arn:aws:iam::${ACCOUNT}:role/partner`,
                assumeRolePolicy: doc({
                    Effect: "Allow",
                    Principal: { AWS: `arn:aws:iam::${OTHER}:root` },
                    Action: "sts:AssumeRole",
                    ...(condition === undefined ? {} : { Condition: condition }),
                }),
            });

        it("passes a cross-account trust with sts:ExternalId and flags one without", async () => {
            const withId = await runStackRule(iamCrossAccountTrustExternalId, [
                role({ StringEquals: { "sts:ExternalId": "agreed-secret" } }),
            ]);
            expect(withId.violations).to.deep.equal([]);
            const without = await runStackRule(iamCrossAccountTrustExternalId, [role()]);
            expect(without.violations).to.deep.equal([
                `partner-role trust policy statement #0: account ${OTHER} may assume the role without sts:ExternalId; add Condition StringEquals sts:ExternalId`,
            ]);
        });

        it("steps aside while no ARN of the stack is known (first preview)", async () => {
            const unknownArn = { ...role(), outputs: { ...role().outputs, arn: undefined } };
            const outcome = await runStackRule(iamCrossAccountTrustExternalId, [unknownArn]);
            expect(outcome.notApplicable).to.equal(
                "no ARN of the stack is known yet, so neither is its account",
            );
        });

        it("does not ask a principal of the stack's own account for an external id", async () => {
            const own = resource(TYPES.iamRole, "own", {
                arn: `arn:aws:iam::${ACCOUNT}:role/own`,
                assumeRolePolicy: doc({
                    Effect: "Allow",
                    Principal: { AWS: `arn:aws:iam::${ACCOUNT}:role/admin` },
                    Action: "sts:AssumeRole",
                }),
            });
            expect((await runStackRule(iamCrossAccountTrustExternalId, [own])).violations).to.deep.equal([]);
        });
    });

    describe("iam-no-wildcard-arn", () => {
        it("passes ARNs that name the resource, with * only after the name", async () => {
            const outcome = await runResourceRule(
                iamNoWildcardArn,
                rolePolicy({
                    Effect: "Allow",
                    Action: [
                        "s3:GetObject",
                        "logs:PutLogEvents",
                        "glue:GetTable",
                        "ec2:CreateNetworkInterface",
                    ],
                    Resource: [
                        "arn:aws:s3:::lake-bronze/flights/*",
                        `arn:aws:logs:eu-west-1:${ACCOUNT}:log-group:/aws-glue/jobs/x:*`,
                        `arn:aws:glue:eu-west-1:${ACCOUNT}:table/bronze/*`,
                        `arn:aws:ec2:eu-west-1:${ACCOUNT}:network-interface/*`,
                    ],
                }),
            );
            expect(outcome.violations).to.deep.equal([]);
        });

        it("flags a wildcard region, account or resource name", async () => {
            const outcome = await runResourceRule(
                iamNoWildcardArn,
                rolePolicy({
                    Sid: "Broad",
                    Effect: "Allow",
                    Action: ["kms:Decrypt", "s3:GetObject"],
                    Resource: [
                        "arn:aws:kms:*:*:key/*",
                        "arn:aws:s3:::*/*",
                        `arn:aws:kms:eu-west-1:${ACCOUNT}:key/*`,
                    ],
                }),
            );
            expect(outcome.violations).to.deep.equal([
                "job-policy policy statement Broad: arn:aws:kms:*:*:key/* matches any region; name the region, account and resource",
                "job-policy policy statement Broad: arn:aws:s3:::*/* matches any resource name; name the region, account and resource",
                `job-policy policy statement Broad: arn:aws:kms:eu-west-1:${ACCOUNT}:key/* matches any key name; name the region, account and resource`,
            ]);
        });

        it("documents its allow-list as config defaults", () => {
            expect(iamNoWildcardArn.configSchema?.properties.allowedWildcardTypes?.default).to.deep.equal([
                "ec2:network-interface",
                "ec2:security-group",
                "ec2:subnet",
                "ec2:vpc",
            ]);
        });
    });

    describe("iam-no-privilege-escalation", () => {
        it("passes scoped PassRole and flags iam:PutRolePolicy and PassRole on *", async () => {
            const scoped = await runResourceRule(
                iamNoPrivilegeEscalation,
                rolePolicy({
                    Effect: "Allow",
                    Action: "iam:PassRole",
                    Resource: `arn:aws:iam::${ACCOUNT}:role/job`,
                }),
            );
            expect(scoped.violations).to.deep.equal([]);
            const put = await runResourceRule(
                iamNoPrivilegeEscalation,
                rolePolicy({
                    Effect: "Allow",
                    Action: "iam:PutRolePolicy",
                    Resource: `arn:aws:iam::${ACCOUNT}:role/job`,
                }),
            );
            expect(put.violations).to.deep.equal([
                "job-policy policy statement #0: allows iam:PutRolePolicy, which escalates privileges; remove it or name the resource",
            ]);
            const pass = await runResourceRule(
                iamNoPrivilegeEscalation,
                rolePolicy({
                    Effect: "Allow",
                    Action: ["iam:Pass*"],
                    Resource: `arn:aws:iam::${ACCOUNT}:role/*`,
                }),
            );
            expect(pass.violations).to.deep.equal([
                "job-policy policy statement #0: allows iam:PassRole on a wildcard resource, which escalates privileges; remove it or name the resource",
            ]);
        });
    });

    describe("iam-no-privilege-escalation, wildcard actions", () => {
        it("expands action wildcards: iam:Put* on a role grants every Put*Policy", async () => {
            const outcome = await runResourceRule(
                iamNoPrivilegeEscalation,
                rolePolicy({
                    Effect: "Allow",
                    Action: "iam:put*",
                    Resource: `arn:aws:iam::${ACCOUNT}:role/*`,
                }),
            );
            expect(outcome.violations).to.deep.equal([
                "job-policy policy statement #0: allows iam:PutGroupPolicy, iam:PutRolePolicy, iam:PutUserPolicy, which escalates privileges; remove them or name the resource",
            ]);
        });
    });

    describe("iam-list-bucket-prefix-required", () => {
        const list = (operator: string) =>
            rolePolicy({
                Effect: "Allow",
                Action: "s3:ListBucket",
                Resource: "arn:aws:s3:::lake-bronze",
                Condition: { [operator]: { "s3:prefix": ["flights/", "flights/*"] } },
            });

        it("passes StringLike s3:prefix and flags StringLikeIfExists", async () => {
            expect(
                (await runResourceRule(iamListBucketPrefixRequired, list("StringLike"))).violations,
            ).to.deep.equal([]);
            expect(
                (await runResourceRule(iamListBucketPrefixRequired, list("StringLikeIfExists"))).violations,
            ).to.deep.equal([
                "job-policy policy statement #0: s3:ListBucket limited by StringLikeIfExists s3:prefix also lists the whole bucket when the request has no prefix; use StringLike",
            ]);
        });
    });
});
