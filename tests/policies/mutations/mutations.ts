/**
 * The insecure changes the mutation tests make to the all-features stack, one per row: which resource,
 * what changes in its inputs (or which resource is added), and the rule that must catch it.
 */
import type { EvaluatedResource } from "../../../policies/evaluate";
import { TYPES } from "../../../policies/lib/types";
import { ACCOUNT } from "../support/fixtures";
import {
    added,
    addStatement,
    dropStatements,
    editTrust,
    FOREIGN_ACCOUNT,
    isTlsDeny,
    merge,
    type Props,
} from "./edit";

/** A resource of the stack, by type token and logical name. */
export interface ResourceRef {
    type: string;
    name: string;
}

/** One insecure change. */
export interface Mutation {
    /** What the change does, for the test title. */
    name: string;
    /** The resource changed (or, for `add`, the resource added). */
    target: ResourceRef;
    /** The rule that must report a mandatory violation naming the target (or `reportedOn`). */
    rule: string;
    /** Changes the target's inputs; the tests apply it to a copy of its inputs and of its outputs. */
    change?: (props: Props) => Props;
    /** Instead of a change: the resources the mutation registers beside the stack's (the target among them). */
    add?: (stack: EvaluatedResource[]) => EvaluatedResource[];
    /** Where the rule reports it when not on the target (a bucket for its configuration resource). */
    reportedOn?: ResourceRef;
}

const ref = (type: string, name: string): ResourceRef => ({ type, name });
const set = (change: Props) => (props: Props) => ({ ...props, ...change });
const unset =
    (...keys: string[]) =>
    (props: Props) =>
        Object.fromEntries(Object.entries(props).filter(([k]) => !keys.includes(k)));

const FOREIGN_ROOT = `arn:aws:iam::${FOREIGN_ACCOUNT}:root`;
const allow = (principal: unknown, action: string, resource: string | string[] = "*") => ({
    Effect: "Allow",
    Principal: principal,
    Action: action,
    Resource: resource,
});
const grant = (action: string | string[], resource: string | string[]) => ({
    Effect: "Allow",
    Action: action,
    Resource: resource,
});

function find(stack: EvaluatedResource[], type: string, name: string): EvaluatedResource {
    const found = stack.find((r) => r.type === type && r.name === name);
    if (found === undefined) throw new Error(`the stack has no ${type} ${name}`);
    return found;
}

const bucket = (name: string) => ref(TYPES.bucket, name);
const rolePolicy = (name: string) => ref(TYPES.iamRolePolicy, name);
const role = (name: string) => ref(TYPES.iamRole, name);
const job = (name: string) => ref(TYPES.glueJob, name);
const DB = ref(TYPES.rdsInstance, "transactional-db");
const prod = (change: Props) => (props: Props) => ({
    ...props,
    ...change,
    tags: { ...(props.tags as Props), environment: "prod" },
});

export const MUTATIONS: Mutation[] = [
    // S3
    {
        name: "bronze public access block lets bucket policies make it public",
        target: ref(TYPES.bucketPublicAccessBlock, "lake-bronze-public-access"),
        change: set({ blockPublicPolicy: false }),
        rule: "s3-public-access-block",
        reportedOn: bucket("lake-bronze"),
    },
    {
        name: "silver default encryption falls back to SSE-S3",
        target: ref(TYPES.bucketEncryption, "lake-silver-encryption"),
        change: set({ rules: [{ applyServerSideEncryptionByDefault: { sseAlgorithm: "AES256" } }] }),
        rule: "s3-sse-kms",
        reportedOn: bucket("lake-silver"),
    },
    {
        name: "gold bucket policy loses its TLS-only deny",
        target: ref(TYPES.bucketPolicy, "lake-gold-policy"),
        change: dropStatements(isTlsDeny),
        rule: "s3-tls-only",
        reportedOn: bucket("lake-gold"),
    },
    {
        name: "bronze bucket policy lets anyone read objects",
        target: ref(TYPES.bucketPolicy, "lake-bronze-policy"),
        change: addStatement(allow("*", "s3:GetObject", "arn:aws:s3:::medallion-lake-dev-bronze-*/*")),
        rule: "iam-resource-policy-private",
    },
    {
        name: "silver bucket policy lets another account read",
        target: ref(TYPES.bucketPolicy, "lake-silver-policy"),
        change: addStatement(allow({ AWS: FOREIGN_ROOT }, "s3:GetObject", "arn:aws:s3:::silver/*")),
        rule: "iam-resource-policy-private",
    },
    {
        name: "gold versioning suspended",
        target: ref(TYPES.bucketVersioning, "lake-gold-versioning"),
        change: set({ versioningConfiguration: { status: "Suspended" } }),
        rule: "s3-versioning",
        reportedOn: bucket("lake-gold"),
    },
    {
        name: "artifacts lifecycle rules disabled",
        target: ref(TYPES.bucketLifecycle, "lake-artifacts-lifecycle"),
        change: (props) => ({
            ...props,
            rules: (props.rules as Props[]).map((rule) => ({ ...rule, status: "Disabled" })),
        }),
        rule: "s3-lifecycle",
        reportedOn: bucket("lake-artifacts"),
    },
    {
        name: "Athena results bucket lets object writers own objects (ACLs back on)",
        target: ref(TYPES.bucketOwnershipControls, "lake-athena-results-ownership"),
        change: set({ rule: { objectOwnership: "ObjectWriter" } }),
        rule: "s3-bucket-owner-enforced",
        reportedOn: bucket("lake-athena-results"),
    },
    {
        name: "bronze ACL grants READ to another account",
        target: ref(TYPES.bucketAclV2, "lake-bronze-acl"),
        add: (stack) => [
            added(
                TYPES.bucketAclV2,
                "lake-bronze-acl",
                {
                    accessControlPolicy: {
                        owner: { id: "owner-canonical-id" },
                        grants: [
                            {
                                grantee: { type: "CanonicalUser", id: "other-canonical-id" },
                                permission: "READ",
                            },
                        ],
                    },
                },
                { resource: find(stack, TYPES.bucket, "lake-bronze"), property: "bucket" },
            ),
        ],
        rule: "s3-no-acl-grants",
    },
    {
        name: "access logs bucket gets the public-read canned ACL",
        target: ref(TYPES.bucketAcl, "lake-access-logs-acl"),
        add: (stack) => [
            added(
                TYPES.bucketAcl,
                "lake-access-logs-acl",
                { acl: "public-read" },
                { resource: find(stack, TYPES.bucket, "lake-access-logs"), property: "bucket" },
            ),
        ],
        rule: "s3-no-acl-grants",
    },
    // KMS
    {
        name: "lake key rotation off",
        target: ref(TYPES.kmsKey, "lake-key"),
        change: set({ enableKeyRotation: false }),
        rule: "kms-key-rotation",
    },
    {
        name: "lake key policy lets anyone decrypt",
        target: ref(TYPES.kmsKey, "lake-key"),
        change: addStatement(allow("*", "kms:Decrypt")),
        rule: "kms-key-policy-not-public",
    },
    {
        name: "lake key policy lets another account decrypt",
        target: ref(TYPES.kmsKey, "lake-key"),
        change: addStatement(allow({ AWS: FOREIGN_ROOT }, "kms:Decrypt")),
        rule: "iam-resource-policy-private",
    },
    // SQS
    {
        name: "trigger queue policy lets anyone send",
        target: ref(TYPES.sqsQueuePolicy, "bronze-trigger-queue-policy"),
        change: addStatement(allow("*", "sqs:SendMessage")),
        rule: "iam-resource-policy-private",
    },
    {
        name: "trigger DLQ policy lets another account read messages",
        target: ref(TYPES.sqsQueuePolicy, "bronze-trigger-dlq-policy"),
        change: addStatement(allow({ AWS: FOREIGN_ACCOUNT }, "sqs:ReceiveMessage")),
        rule: "iam-resource-policy-private",
    },
    {
        name: "trigger queue loses its KMS key",
        target: ref(TYPES.sqsQueue, "bronze-trigger-queue"),
        change: unset("kmsMasterKeyId", "sqsManagedSseEnabled"),
        rule: "sqs-encrypted",
    },
    {
        name: "simulator DLQ policy loses its TLS-only deny",
        target: ref(TYPES.sqsQueuePolicy, "transactional-simulator-dlq-policy"),
        change: dropStatements(isTlsDeny),
        rule: "sqs-tls-only",
        reportedOn: ref(TYPES.sqsQueue, "transactional-simulator-dlq"),
    },
    // SNS
    {
        name: "alarm topic policy lets anyone publish",
        target: ref(TYPES.snsTopicPolicy, "bronze-trigger-alarms-policy"),
        change: addStatement(allow("*", "sns:Publish")),
        rule: "iam-resource-policy-private",
    },
    {
        name: "alarm topic policy lets a service publish for another account",
        target: ref(TYPES.snsTopicPolicy, "bronze-trigger-alarms-policy"),
        change: addStatement({
            ...allow({ Service: "events.amazonaws.com" }, "sns:Publish"),
            Condition: { StringEquals: { "aws:SourceAccount": FOREIGN_ACCOUNT } },
        }),
        rule: "iam-resource-policy-private",
    },
    {
        name: "alarm topic loses its KMS key",
        target: ref(TYPES.snsTopic, "bronze-trigger-alarms"),
        change: unset("kmsMasterKeyId"),
        rule: "sns-encrypted",
    },
    {
        name: "alarm topic policy loses its TLS-only deny",
        target: ref(TYPES.snsTopicPolicy, "bronze-trigger-alarms-policy"),
        change: dropStatements(isTlsDeny),
        rule: "sns-tls-only",
        reportedOn: ref(TYPES.snsTopic, "bronze-trigger-alarms"),
    },
    // IAM identity policies
    {
        name: "job role decrypts with any key of any account (arn:aws:kms:*:*:key/*)",
        target: rolePolicy("flights-bronze-to-silver-role-policy"),
        change: addStatement(grant("kms:Decrypt", "arn:aws:kms:*:*:key/*")),
        rule: "iam-no-wildcard-arn",
    },
    {
        name: "crawler role reads every bucket (arn:aws:s3:::*/*)",
        target: rolePolicy("flights-crawler-role-policy"),
        change: addStatement(grant("s3:GetObject", "arn:aws:s3:::*/*")),
        rule: "iam-no-wildcard-arn",
    },
    {
        name: "Firehose role may write its own policy (iam:PutRolePolicy)",
        target: rolePolicy("event-stream-role-policy"),
        change: addStatement(
            grant("iam:PutRolePolicy", `arn:aws:iam::${ACCOUNT}:role/medallion-lake-dev-tweets-firehose`),
        ),
        rule: "iam-no-privilege-escalation",
    },
    {
        name: "ingestion role may pass any role",
        target: rolePolicy("transactional-ingestion-role-policy"),
        change: addStatement(grant("iam:PassRole", `arn:aws:iam::${ACCOUNT}:role/*`)),
        rule: "iam-no-privilege-escalation",
    },
    {
        name: "job role may update any function's code",
        target: rolePolicy("sales-silver-to-gold-role-policy"),
        change: addStatement(
            grant("lambda:UpdateFunctionCode", `arn:aws:lambda:eu-west-1:${ACCOUNT}:function:*`),
        ),
        rule: "iam-no-privilege-escalation",
    },
    {
        name: "producer policy allows every action",
        target: ref(TYPES.iamPolicy, "event-stream-producer-policy"),
        change: addStatement(grant("*", "arn:aws:firehose:eu-west-1:123456789012:deliverystream/x")),
        rule: "iam-no-wildcard-action",
    },
    {
        name: "job role reads objects on Resource *",
        target: rolePolicy("tweets-silver-to-gold-role-policy"),
        change: addStatement(grant("s3:GetObject", "*")),
        rule: "iam-no-wildcard-resource",
    },
    {
        name: "job role lists a bucket under StringLikeIfExists s3:prefix",
        target: rolePolicy("sales-bronze-to-silver-role-policy"),
        change: addStatement({
            ...grant("s3:ListBucket", "arn:aws:s3:::medallion-lake-dev-gold-123456789012-eu-west-1"),
            Condition: { StringLikeIfExists: { "s3:prefix": ["sales/*"] } },
        }),
        rule: "iam-list-bucket-prefix-required",
    },
    {
        name: "Firehose producer policy may create access keys",
        target: ref(TYPES.iamPolicy, "event-stream-producer-policy"),
        change: addStatement(grant("iam:CreateAccessKey", `arn:aws:iam::${ACCOUNT}:user/ops`)),
        rule: "iam-no-privilege-escalation",
    },
    // IAM trust and attachments
    {
        name: "schedule role trusts another account without sts:ExternalId",
        target: role("transactional-schedule-role"),
        change: editTrust(() => ({
            Effect: "Allow",
            Principal: { AWS: FOREIGN_ROOT },
            Action: "sts:AssumeRole",
        })),
        rule: "iam-cross-account-trust-external-id",
    },
    {
        name: "crawler role trusts principal *",
        target: role("flights-crawler-role"),
        change: editTrust((s) => ({ ...s, Principal: "*" })),
        rule: "iam-trust-policy-scoped",
    },
    {
        name: "Firehose role trust loses aws:SourceAccount",
        target: role("event-stream-role"),
        change: editTrust(({ Condition: _condition, ...s }) => s),
        rule: "iam-trust-policy-scoped",
    },
    {
        name: "trigger role gets AdministratorAccess",
        target: role("bronze-trigger-role"),
        change: set({ managedPolicyArns: ["arn:aws:iam::aws:policy/AdministratorAccess"] }),
        rule: "iam-no-full-access-managed-policies",
    },
    // Lambda
    {
        name: "trigger function environment back under the AWS-managed key",
        target: ref(TYPES.lambdaFunction, "bronze-trigger-function"),
        change: unset("kmsKeyArn"),
        rule: "lambda-environment-encrypted",
    },
    {
        name: "simulator on a deprecated runtime (nodejs16.x)",
        target: ref(TYPES.lambdaFunction, "transactional-simulator"),
        change: set({ runtime: "nodejs16.x" }),
        rule: "lambda-supported-runtime",
    },
    {
        name: "trigger function gets a URL with auth type NONE",
        target: ref(TYPES.lambdaFunctionUrl, "bronze-trigger-url"),
        add: () => [
            added(TYPES.lambdaFunctionUrl, "bronze-trigger-url", {
                functionName: "medallion-lake-dev-bronze-trigger",
                authorizationType: "NONE",
            }),
        ],
        rule: "lambda-url-auth",
    },
    {
        name: "another account may invoke the trigger",
        target: ref(TYPES.lambdaPermission, "bronze-trigger-foreign-invoke"),
        add: () => [
            added(TYPES.lambdaPermission, "bronze-trigger-foreign-invoke", {
                action: "lambda:InvokeFunction",
                function: "medallion-lake-dev-bronze-trigger",
                principal: FOREIGN_ACCOUNT,
            }),
        ],
        rule: "lambda-permission-same-account",
    },
    {
        name: "S3 may invoke the trigger for any bucket",
        target: ref(TYPES.lambdaPermission, "bronze-trigger-s3-invoke"),
        add: () => [
            added(TYPES.lambdaPermission, "bronze-trigger-s3-invoke", {
                action: "lambda:InvokeFunction",
                function: "medallion-lake-dev-bronze-trigger",
                principal: "s3.amazonaws.com",
            }),
        ],
        rule: "lambda-permission-source-scoped",
    },
    {
        name: "trigger queue loses its redrive policy (failed events dropped)",
        target: ref(TYPES.sqsQueue, "bronze-trigger-queue"),
        change: unset("redrivePolicy"),
        rule: "lambda-failure-destination",
        reportedOn: ref(TYPES.lambdaFunction, "bronze-trigger-function"),
    },
    // RDS
    {
        name: "database storage unencrypted",
        target: DB,
        change: set({ storageEncrypted: false }),
        rule: "rds-storage-encrypted",
    },
    {
        name: "database publicly accessible",
        target: DB,
        change: set({ publiclyAccessible: true }),
        rule: "rds-not-public",
    },
    {
        name: "database IAM authentication off",
        target: DB,
        change: set({ iamDatabaseAuthenticationEnabled: false }),
        rule: "rds-iam-authentication",
    },
    {
        name: "database tagged prod without deletion protection",
        target: DB,
        change: prod({ deletionProtection: false }),
        rule: "rds-deletion-protection",
    },
    {
        name: "database tagged prod keeps one day of backups",
        target: DB,
        change: prod({ deletionProtection: true, backupRetentionPeriod: 1 }),
        rule: "rds-backup-retention",
    },
    {
        name: "database minor version upgrades off",
        target: DB,
        change: set({ autoMinorVersionUpgrade: false }),
        rule: "rds-auto-minor-upgrade",
    },
    {
        name: "database exports no logs",
        target: DB,
        change: set({ enabledCloudwatchLogsExports: [] }),
        rule: "rds-log-exports",
    },
    {
        name: "database on the expired rds-ca-2019",
        target: DB,
        change: set({ caCertIdentifier: "rds-ca-2019" }),
        rule: "rds-current-ca",
    },
    // Firehose
    {
        name: "Firehose server-side encryption off",
        target: ref(TYPES.firehoseStream, "event-stream-stream"),
        change: set({ serverSideEncryption: { enabled: false } }),
        rule: "firehose-sse",
    },
    // Network
    {
        name: "database accepts PostgreSQL from 0.0.0.0/0",
        target: ref(TYPES.securityGroupIngressRule, "transactional-database-from-glue"),
        change: (props) => ({ ...unset("referencedSecurityGroupId")(props), cidrIpv4: "0.0.0.0/0" }),
        rule: "network-security-group-no-open-ingress",
    },
    {
        name: "endpoints security group gets inline HTTPS ingress from ::/0",
        target: ref(TYPES.securityGroup, "transactional-endpoints-sg"),
        change: set({ ingress: [{ fromPort: 443, toPort: 443, protocol: "tcp", ipv6CidrBlocks: ["::/0"] }] }),
        rule: "network-security-group-no-open-ingress",
    },
    {
        name: "a SecurityGroupRule opens SSH to 0.0.0.0/0 on the Glue security group",
        target: ref(TYPES.securityGroupRule, "transactional-glue-ssh"),
        add: () => [
            added(TYPES.securityGroupRule, "transactional-glue-ssh", {
                type: "ingress",
                fromPort: 22,
                toPort: 22,
                protocol: "tcp",
                cidrBlocks: ["0.0.0.0/0"],
                securityGroupId: "transactional-glue-sg-id",
            }),
        ],
        rule: "network-security-group-no-open-ingress",
    },
    {
        name: "S3 gateway endpoint policy allows everything",
        target: ref(TYPES.vpcEndpoint, "transactional-s3-endpoint"),
        change: set({ policy: JSON.stringify({ Version: "2012-10-17", Statement: [allow("*", "*")] }) }),
        rule: "network-vpc-endpoint-policy",
    },
    {
        name: "KMS interface endpoint loses its policy",
        target: ref(TYPES.vpcEndpoint, "transactional-kms-endpoint"),
        change: unset("policy"),
        rule: "network-vpc-endpoint-policy",
    },
    // Glue
    {
        name: "job runs without a security configuration",
        target: job("flights-bronze-to-silver-job"),
        change: unset("securityConfiguration"),
        rule: "glue-security-configuration",
    },
    {
        name: "security configuration stops encrypting S3 output",
        target: ref(TYPES.glueSecurityConfiguration, "glue-security-config"),
        change: merge("encryptionConfiguration", { s3Encryption: { s3EncryptionMode: "DISABLED" } }),
        rule: "glue-security-configuration",
    },
    {
        name: "job on Glue 2.0",
        target: job("sales-bronze-to-silver-job"),
        change: set({ glueVersion: "2.0" }),
        rule: "glue-supported-version",
    },
    {
        name: "job without a timeout",
        target: job("tweets-bronze-to-silver-job"),
        change: unset("timeout"),
        rule: "glue-job-timeout",
    },
    {
        name: "ingestion job gets the database password as an argument",
        target: job("transactional-ingestion-job"),
        change: merge("defaultArguments", { "--db_password": "hunter2-hunter2" }),
        rule: "glue-no-secret-arguments",
    },
    {
        name: "catalog encryption stops encrypting connection passwords",
        target: ref(TYPES.glueCatalogEncryption, "lake-catalog-encryption"),
        change: (props) => ({
            dataCatalogEncryptionSettings: {
                ...(props.dataCatalogEncryptionSettings as Props),
                connectionPasswordEncryption: { returnConnectionPasswordEncrypted: false },
            },
        }),
        rule: "glue-catalog-encryption",
    },
    // Athena
    {
        name: "workgroup lets clients override its settings",
        target: ref(TYPES.athenaWorkgroup, "lake-workgroup"),
        change: merge("configuration", { enforceWorkgroupConfiguration: false }),
        rule: "athena-workgroup-enforced",
    },
    {
        name: "workgroup results unencrypted",
        target: ref(TYPES.athenaWorkgroup, "lake-workgroup"),
        change: merge("configuration", { resultConfiguration: { outputLocation: "s3://results/" } }),
        rule: "athena-results-encrypted",
    },
    {
        name: "workgroup without a scan cutoff",
        target: ref(TYPES.athenaWorkgroup, "lake-workgroup"),
        change: (props) => ({
            ...props,
            configuration: unset("bytesScannedCutoffPerQuery")(props.configuration as Props),
        }),
        rule: "athena-scan-cutoff",
    },
    // Lake Formation
    {
        name: "new tables default to IAM_ALLOWED_PRINCIPALS",
        target: ref(TYPES.lakeFormationSettings, "lake-formation-settings"),
        change: set({
            createTableDefaultPermissions: [
                {
                    permissions: ["ALL"],
                    principal: "IAM_ALLOWED_PRINCIPALS",
                },
            ],
        }),
        rule: "lakeformation-no-iam-allowed-principals",
    },
    // CloudWatch Logs
    {
        name: "crawler log group kept forever",
        target: ref(TYPES.logGroup, "flights-crawler-logs"),
        change: unset("retentionInDays"),
        rule: "cloudwatch-log-group-retention",
    },
];
