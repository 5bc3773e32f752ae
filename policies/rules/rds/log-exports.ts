import type { ResourceValidationPolicy } from "@pulumi/policy";
import { rdsDatabaseOf } from "../../lib/rds";

/** RDS databases export their logs to CloudWatch Logs. */
export const rdsLogExports: ResourceValidationPolicy = {
    name: "rds-log-exports",
    description:
        "Every RDS instance and cluster exports at least one engine log (for PostgreSQL: postgresql) to CloudWatch Logs, so connections, errors and upgrades leave a record that outlives the instance.",
    severity: "medium",
    remediationSteps:
        'Set enabledCloudwatchLogsExports on the aws.rds.Instance or aws.rds.Cluster (PostgreSQL: ["postgresql", "upgrade"]).',
    url: "https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/USER_LogAccess.Procedural.UploadtoCloudWatch.html",
    validateResource: (args, reportViolation) => {
        const db = rdsDatabaseOf(args);
        if ((db.props.enabledCloudwatchLogsExports ?? []).length === 0) {
            reportViolation(
                `RDS ${db.kind} ${args.name}: exports no logs to CloudWatch Logs; set enabledCloudwatchLogsExports`,
            );
        }
    },
};
