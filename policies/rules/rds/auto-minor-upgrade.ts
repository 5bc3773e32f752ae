import type { ResourceValidationPolicy } from "@pulumi/policy";
import { rdsDatabaseOf } from "../../lib/rds";

/** RDS instances take minor engine upgrades. */
export const rdsAutoMinorUpgrade: ResourceValidationPolicy = {
    name: "rds-auto-minor-upgrade",
    description:
        "No RDS instance turns automatic minor version upgrades off, so engine security patches are applied in the maintenance window.",
    severity: "medium",
    remediationSteps: "Set autoMinorVersionUpgrade: true (the default) on the aws.rds.Instance.",
    url: "https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/USER_UpgradeDBInstance.Upgrading.html#USER_UpgradeDBInstance.Upgrading.AutoMinorVersionUpgrades",
    validateResource: (args, reportViolation) => {
        const db = rdsDatabaseOf(args, true);
        if (db.props.autoMinorVersionUpgrade === false) {
            reportViolation(
                `RDS instance ${args.name}: automatic minor version upgrades are off; set autoMinorVersionUpgrade: true`,
            );
        }
    },
};
