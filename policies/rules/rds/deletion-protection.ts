import type { ResourceValidationPolicy } from "@pulumi/policy";
import { PACK_DEFAULTS } from "../../defaults";
import { DEV_ENVIRONMENT_SCHEMA, devEnvironmentOf } from "../../lib/environment";
import { rdsDatabaseOf } from "../../lib/rds";

/** RDS databases outside dev have deletion protection. */
export const rdsDeletionProtection: ResourceValidationPolicy = {
    name: "rds-deletion-protection",
    description: `Every RDS instance and cluster outside dev (its ${PACK_DEFAULTS.environmentTagKey} tag is not one of the devEnvironments config, ${PACK_DEFAULTS.devEnvironments.join(", ")} by default) has deletion protection on, so neither a stack update nor a console click can drop the source database.`,
    severity: "medium",
    remediationSteps:
        "Set deletionProtection: true on the aws.rds.Instance or aws.rds.Cluster; a dev database carries the dev environment tag (medallion-lake:tags.environment) instead.",
    url: "https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/USER_DeleteInstance.html#USER_DeleteInstance.DeletionProtection",
    configSchema: { properties: DEV_ENVIRONMENT_SCHEMA },
    validateResource: (args, reportViolation) => {
        const db = rdsDatabaseOf(args);
        const dev = devEnvironmentOf(args, db.props.tags);
        if (dev !== undefined) args.notApplicable(`environment ${dev} is dev`);
        if (db.props.deletionProtection !== true) {
            reportViolation(
                `RDS ${db.kind} ${args.name}: deletion protection is off outside dev; set deletionProtection: true`,
            );
        }
    },
};
