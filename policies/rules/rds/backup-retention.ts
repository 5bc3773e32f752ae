import type { ResourceValidationPolicy } from "@pulumi/policy";
import { PACK_DEFAULTS } from "../../defaults";
import { ruleConfig } from "../../lib/config";
import { DEV_ENVIRONMENT_SCHEMA, devEnvironmentOf } from "../../lib/environment";
import { rdsDatabaseOf } from "../../lib/rds";

/** Config of `rds-backup-retention` besides the dev environments. */
export interface BackupRetentionConfig {
    /** Fewest days of automated backups outside dev. */
    minRetentionDays: number;
}

/** RDS databases outside dev keep automated backups long enough. */
export const rdsBackupRetention: ResourceValidationPolicy = {
    name: "rds-backup-retention",
    description: `Every RDS instance and cluster outside dev keeps automated backups for at least the configured number of days (${PACK_DEFAULTS.rdsMinBackupRetentionDays} by default), so a bad write found a week later can still be undone by a point-in-time restore.`,
    severity: "medium",
    remediationSteps:
        "Set backupRetentionPeriod (days) on the aws.rds.Instance or aws.rds.Cluster to at least the rule's minRetentionDays (the lake's database.backupRetentionDays setting).",
    url: "https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/USER_WorkingWithAutomatedBackups.html",
    configSchema: {
        properties: {
            ...DEV_ENVIRONMENT_SCHEMA,
            minRetentionDays: {
                type: "integer",
                minimum: 1,
                maximum: 35,
                default: PACK_DEFAULTS.rdsMinBackupRetentionDays,
                description: "Fewest days of automated backups outside dev.",
            },
        },
    },
    validateResource: (args, reportViolation) => {
        const db = rdsDatabaseOf(args);
        const dev = devEnvironmentOf(args, db.props.tags);
        if (dev !== undefined) args.notApplicable(`environment ${dev} is dev`);
        const { minRetentionDays } = ruleConfig<BackupRetentionConfig>(args, {
            minRetentionDays: PACK_DEFAULTS.rdsMinBackupRetentionDays,
        });
        const days = db.props.backupRetentionPeriod ?? 1;
        if (days < minRetentionDays) {
            reportViolation(
                `RDS ${db.kind} ${args.name}: keeps backups ${days} day(s) outside dev; set backupRetentionPeriod to at least ${minRetentionDays}`,
            );
        }
    },
};
