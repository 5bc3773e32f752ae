/**
 * The RDS databases the RDS rules check: `aws.rds.Instance` and `aws.rds.Cluster` (Aurora and Multi-AZ
 * clusters), with the settings both carry under the same input names.
 * https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/CHAP_BestPractices.Security.html
 */
import type { ResourceValidationArgs } from "@pulumi/policy";
import { TYPES } from "./types";

/** An RDS database's inputs, as far as the rules read them. */
export interface RdsDatabase {
    /** `instance` or `cluster`, for messages. */
    kind: "instance" | "cluster";
    props: {
        storageEncrypted?: boolean;
        publiclyAccessible?: boolean;
        iamDatabaseAuthenticationEnabled?: boolean;
        deletionProtection?: boolean;
        backupRetentionPeriod?: number;
        autoMinorVersionUpgrade?: boolean;
        enabledCloudwatchLogsExports?: string[];
        caCertIdentifier?: string;
        tags?: Record<string, string>;
    };
}

/**
 * The database the args describe; declines (`notApplicable`) any other resource, and clusters for rules
 * about instance-only settings.
 */
export function rdsDatabaseOf(args: ResourceValidationArgs, instancesOnly = false): RdsDatabase {
    if (args.type === TYPES.rdsInstance) return { kind: "instance", props: args.props };
    if (args.type === TYPES.rdsCluster && !instancesOnly) return { kind: "cluster", props: args.props };
    return args.notApplicable(
        instancesOnly
            ? `applies to ${TYPES.rdsInstance}`
            : `applies to ${TYPES.rdsInstance} and ${TYPES.rdsCluster}`,
    );
}
