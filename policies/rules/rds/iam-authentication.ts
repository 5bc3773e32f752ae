import type { ResourceValidationPolicy } from "@pulumi/policy";
import { rdsDatabaseOf } from "../../lib/rds";

/** RDS databases accept IAM authentication. */
export const rdsIamAuthentication: ResourceValidationPolicy = {
    name: "rds-iam-authentication",
    description:
        "Every RDS instance and cluster has IAM database authentication on, so clients can connect with short-lived IAM tokens scoped by rds-db:connect instead of long-lived passwords.",
    severity: "medium",
    remediationSteps:
        "Set iamDatabaseAuthenticationEnabled: true on the aws.rds.Instance or aws.rds.Cluster and grant rds-db:connect on the database user to the roles that connect.",
    url: "https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/UsingWithRDS.IAMDBAuth.html",
    validateResource: (args, reportViolation) => {
        const db = rdsDatabaseOf(args);
        if (db.props.iamDatabaseAuthenticationEnabled !== true) {
            reportViolation(
                `RDS ${db.kind} ${args.name}: IAM database authentication is off; set iamDatabaseAuthenticationEnabled: true`,
            );
        }
    },
};
