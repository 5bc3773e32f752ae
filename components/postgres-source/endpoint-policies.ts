/**
 * Endpoint policies of the transactional source's VPC endpoints: each allows its service only on the
 * lake's resources the workloads in the VPC use (the simulator Lambda and the Glue ingestion job), so a
 * compromised workload cannot reach other buckets, secrets, keys, log groups or catalogs through them.
 * The roles still decide what each workload may do; an endpoint policy only narrows what passes the endpoint.
 * An endpoint with no policy allows full access.
 *
 * Follows https://docs.aws.amazon.com/vpc/latest/privatelink/vpc-endpoints-access.html and
 * https://docs.aws.amazon.com/vpc/latest/privatelink/vpc-endpoints-s3.html#edit-vpc-endpoint-policy-s3
 */
import * as pulumi from "@pulumi/pulumi";
import { type AwsTarget, partitionOf } from "../../lib/aws";
import {
    bucketArn,
    GLUE_CATALOG_READ_ACTIONS,
    glueCatalogArn,
    glueConnectionArn,
    glueDatabaseArn,
} from "../../lib/glue-iam";
import { policyDocument, type Statement } from "../../lib/iam";
import { SECRET_READ_ACTIONS } from "./iam";
import type { InterfaceEndpointService } from "./source-network";

/** What the endpoints let through: the lake's resources the VPC's workloads use. */
export interface SourceEndpointResources {
    target: AwsTarget;
    /** Buckets the ingestion job reads or writes (artifacts, bronze, the silver quarantine, Spark UI logs). */
    bucketNames: readonly string[];
    /** The database's RDS-managed secret. */
    secretArn: pulumi.Input<string>;
    /** The lake key (job bookmarks are encrypted client-side with it). */
    keyArn: pulumi.Input<string>;
    /** The log groups the ingestion job writes. */
    logGroupArns: readonly pulumi.Input<string>[];
    /** The Glue JDBC connection the job reads. */
    connectionName: string;
    /** The ingestion job's name. */
    jobName: string;
    /** Glue databases the job opens (Spark's catalog client opens `default`). */
    databases: readonly string[];
    /** CloudWatch metric namespaces the job publishes to. */
    metricNamespaces: readonly string[];
}

/** S3 actions through the gateway endpoint: what Spark's connector does with objects and listings. */
export const S3_ENDPOINT_ACTIONS = [
    "s3:AbortMultipartUpload",
    "s3:DeleteObject",
    "s3:GetBucketLocation",
    "s3:GetObject",
    "s3:GetObjectVersion",
    "s3:ListBucket",
    "s3:PutObject",
] as const;

/** KMS actions through the endpoint: client-side encryption of job bookmarks (CSE-KMS). */
export const KMS_ENDPOINT_ACTIONS = [
    "kms:Decrypt",
    "kms:DescribeKey",
    "kms:Encrypt",
    "kms:GenerateDataKey",
] as const;

/** CloudWatch Logs actions through the endpoint: Glue's encrypted job log groups. */
export const LOGS_ENDPOINT_ACTIONS = [
    "logs:AssociateKmsKey",
    "logs:CreateLogGroup",
    "logs:CreateLogStream",
    "logs:PutLogEvents",
] as const;

/** Glue catalog actions through the endpoint: reading the connection and the databases the job opens. */
export const GLUE_ENDPOINT_ACTIONS = ["glue:GetConnection", ...GLUE_CATALOG_READ_ACTIONS] as const;

function allow(sid: string, actions: readonly string[], resources: pulumi.Input<string>[]): Statement {
    return { Sid: sid, Effect: "Allow", Principal: "*", Action: [...actions], Resource: resources };
}

/** The statements of each endpoint's policy. */
export function sourceEndpointStatements(
    r: SourceEndpointResources,
): Record<"s3" | InterfaceEndpointService, Statement[]> {
    const { target } = r;
    const jobArn = `arn:${partitionOf(target.region)}:glue:${target.region}:${target.accountId}:job/${r.jobName}`;
    const buckets = r.bucketNames.map((name) => bucketArn(target.region, name));
    return {
        s3: [allow("LakeBuckets", S3_ENDPOINT_ACTIONS, [...buckets, ...buckets.map((b) => `${b}/*`)])],
        secretsmanager: [allow("DatabaseSecret", SECRET_READ_ACTIONS, [r.secretArn])],
        glue: [
            allow("ConnectionAndDatabases", GLUE_ENDPOINT_ACTIONS, [
                glueCatalogArn(target),
                glueConnectionArn(target, r.connectionName),
                ...r.databases.map((d) => glueDatabaseArn(target, d)),
            ]),
            // The calls Glue's job runtime makes on its own job (job bookmarks) are not listed one by one in
            // the service authorization reference: any action, on this job only.
            allow("IngestionJob", ["glue:*"], [jobArn]),
        ],
        kms: [allow("LakeKey", KMS_ENDPOINT_ACTIONS, [r.keyArn])],
        logs: [
            allow(
                "JobLogGroups",
                LOGS_ENDPOINT_ACTIONS,
                r.logGroupArns.flatMap((arn) => [arn, pulumi.interpolate`${arn}:*`]),
            ),
        ],
        monitoring: [
            {
                ...allow("JobMetrics", ["cloudwatch:PutMetricData"], ["*"]),
                Condition: {
                    StringEquals: {
                        "cloudwatch:namespace": [...r.metricNamespaces],
                        "aws:PrincipalAccount": target.accountId,
                    },
                },
            },
        ],
    };
}

/** Each endpoint's policy document. */
export function sourceEndpointPolicies(
    r: SourceEndpointResources,
): Record<"s3" | InterfaceEndpointService, pulumi.Output<string>> {
    const statements = sourceEndpointStatements(r);
    return Object.fromEntries(
        Object.entries(statements).map(([service, s]) => [service, policyDocument(s)]),
    ) as Record<"s3" | InterfaceEndpointService, pulumi.Output<string>>;
}
