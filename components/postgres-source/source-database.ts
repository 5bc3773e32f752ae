/**
 * The RDS for PostgreSQL instance of the transactional source: in the source's subnets, never publicly
 * accessible, storage encrypted with the lake key, TLS required (`rds.force_ssl = 1` in its own parameter
 * group), the master password generated and rotated by RDS in Secrets Manager (encrypted with the lake key),
 * automated backups, CloudWatch log exports into log groups with explicit retention, and deletion
 * protection plus a final snapshot when the data is retained.
 *
 * Follows https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/rds-secrets-manager.html,
 * https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/PostgreSQL.Concepts.General.SSL.html and
 * https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/USER_LogAccess.Procedural.UploadtoCloudWatch.html
 */
import * as aws from "@pulumi/aws";
import type * as pulumi from "@pulumi/pulumi";
import { type NameContext, resourceName } from "../../lib/naming";

/** The parameter that makes PostgreSQL refuse connections without TLS. */
export const FORCE_SSL_PARAMETER = { name: "rds.force_ssl", value: "1", applyMethod: "immediate" } as const;

/** Settings of the instance, after defaults and validation (see `POSTGRES_SOURCE_DEFAULTS`). */
export interface SourceDatabaseSettings {
    /** Major (e.g. `17`) or major.minor engine version; minor versions are upgraded automatically. */
    engineVersion: string;
    instanceClass: string;
    allocatedStorageGiB: number;
    /** Storage autoscaling ceiling in GiB; equal to `allocatedStorageGiB` turns autoscaling off. */
    maxAllocatedStorageGiB: number;
    storageType: string;
    databaseName: string;
    masterUsername: string;
    port: number;
    multiAz: boolean;
    backupRetentionDays: number;
    backupWindow: string;
    maintenanceWindow: string;
    iamDatabaseAuthentication: boolean;
    caCertIdentifier: string;
    logExports: readonly string[];
    logRetentionDays: number;
    engineLifecycleSupport: string;
}

export interface SourceDatabaseArgs {
    naming: NameContext;
    settings: SourceDatabaseSettings;
    /** Subnets of the DB subnet group (at least two availability zones). */
    subnetIds: pulumi.Input<pulumi.Input<string>[]>;
    securityGroupId: pulumi.Input<string>;
    /** The lake key: storage, the master secret and the log groups are encrypted with it. */
    kmsKeyArn: pulumi.Input<string>;
    /** Deletion protection on and a final snapshot on delete; off: deleted with no snapshot. */
    retainOnDelete: boolean;
    tags: Record<string, string>;
}

/** What {@link createSourceDatabase} built. */
export interface SourceDatabase {
    instance: aws.rds.Instance;
    identifier: string;
    parameterGroup: aws.rds.ParameterGroup;
    subnetGroup: aws.rds.SubnetGroup;
    logGroups: aws.cloudwatch.LogGroup[];
    /** ARN of the RDS-managed master user secret (JSON `username`/`password`). */
    secretArn: pulumi.Output<string>;
}

/** `postgres<major>`: the parameter group family of an engine version such as `17` or `16.4`. */
export function postgresParameterGroupFamily(engineVersion: string): string {
    return `postgres${engineVersion.split(".")[0]}`;
}

/** Creates the instance and what it needs as children of `parent`, named `<name>-<role>`. */
export function createSourceDatabase(
    name: string,
    args: SourceDatabaseArgs,
    parent: pulumi.Resource,
): SourceDatabase {
    const { settings, tags } = args;
    const opts = { parent };
    const identifier = resourceName(args.naming, `${name}-db`, 63);
    const family = postgresParameterGroupFamily(settings.engineVersion);

    const subnetGroup = new aws.rds.SubnetGroup(
        `${name}-db-subnets`,
        {
            name: identifier,
            description: `Private subnets of ${identifier}`,
            subnetIds: args.subnetIds,
            tags,
        },
        opts,
    );
    const parameterGroup = new aws.rds.ParameterGroup(
        `${name}-db-parameters`,
        {
            name: `${identifier}-${family}`,
            family,
            description: `${identifier}: TLS required`,
            parameters: [{ ...FORCE_SSL_PARAMETER }],
            tags,
        },
        opts,
    );
    // RDS creates export log groups without retention; creating them first keeps retention and encryption ours.
    const logGroups = settings.logExports.map(
        (log) =>
            new aws.cloudwatch.LogGroup(
                `${name}-db-log-${log}`,
                {
                    name: `/aws/rds/instance/${identifier}/${log}`,
                    retentionInDays: settings.logRetentionDays,
                    kmsKeyId: args.kmsKeyArn,
                    tags,
                },
                opts,
            ),
    );

    const instance = new aws.rds.Instance(
        `${name}-db`,
        {
            identifier,
            engine: "postgres",
            engineVersion: settings.engineVersion,
            engineLifecycleSupport: settings.engineLifecycleSupport,
            autoMinorVersionUpgrade: true,
            allowMajorVersionUpgrade: false,
            instanceClass: settings.instanceClass,
            allocatedStorage: settings.allocatedStorageGiB,
            maxAllocatedStorage: settings.maxAllocatedStorageGiB,
            storageType: settings.storageType,
            storageEncrypted: true,
            kmsKeyId: args.kmsKeyArn,
            dbName: settings.databaseName,
            username: settings.masterUsername,
            manageMasterUserPassword: true,
            masterUserSecretKmsKeyId: args.kmsKeyArn,
            port: settings.port,
            iamDatabaseAuthenticationEnabled: settings.iamDatabaseAuthentication,
            caCertIdentifier: settings.caCertIdentifier,
            parameterGroupName: parameterGroup.name,
            dbSubnetGroupName: subnetGroup.name,
            vpcSecurityGroupIds: [args.securityGroupId],
            publiclyAccessible: false,
            multiAz: settings.multiAz,
            backupRetentionPeriod: settings.backupRetentionDays,
            backupWindow: settings.backupWindow,
            maintenanceWindow: settings.maintenanceWindow,
            copyTagsToSnapshot: true,
            deleteAutomatedBackups: !args.retainOnDelete,
            deletionProtection: args.retainOnDelete,
            skipFinalSnapshot: !args.retainOnDelete,
            finalSnapshotIdentifier: args.retainOnDelete ? `${identifier}-final` : undefined,
            enabledCloudwatchLogsExports: [...settings.logExports],
            applyImmediately: false,
            tags,
        },
        { parent, dependsOn: logGroups },
    );
    const secretArn = instance.masterUserSecrets.apply((secrets) => {
        const arn = secrets?.[0]?.secretArn;
        if (arn === undefined) {
            throw new Error(
                `${identifier}: RDS returned no master user secret; is manageMasterUserPassword on?`,
            );
        }
        return arn;
    });
    return { instance, identifier, parameterGroup, subnetGroup, logGroups, secretArn };
}
