/**
 * Every rule of the medallion-lake policy pack, in the order docs/policies.md lists them. Importing this
 * module starts nothing: only `policies/index.ts` constructs the PolicyPack (which serves it over gRPC).
 */
import type { Policies } from "@pulumi/policy";
import { ATHENA_POLICIES } from "./athena";
import { CLOUDWATCH_POLICIES } from "./cloudwatch";
import { COST_POLICIES } from "./cost";
import { FIREHOSE_POLICIES } from "./firehose";
import { GLUE_POLICIES } from "./glue";
import { IAM_POLICIES } from "./iam";
import { KMS_POLICIES } from "./kms";
import { LAKE_FORMATION_POLICIES } from "./lakeformation";
import { LAMBDA_POLICIES } from "./lambda";
import { MESSAGING_POLICIES } from "./messaging";
import { NETWORK_POLICIES } from "./network";
import { RDS_POLICIES } from "./rds";
import { S3_POLICIES, S3_RESOURCE_POLICIES } from "./s3";

/** The pack's rules. */
export const MEDALLION_POLICIES: Policies = [
    ...S3_POLICIES,
    ...S3_RESOURCE_POLICIES,
    ...KMS_POLICIES,
    ...IAM_POLICIES,
    ...LAMBDA_POLICIES,
    ...MESSAGING_POLICIES,
    ...GLUE_POLICIES,
    ...LAKE_FORMATION_POLICIES,
    ...ATHENA_POLICIES,
    ...CLOUDWATCH_POLICIES,
    ...FIREHOSE_POLICIES,
    ...RDS_POLICIES,
    ...NETWORK_POLICIES,
    ...COST_POLICIES,
];
