import type { ResourceValidationPolicy } from "@pulumi/policy";
import { rdsDatabaseOf } from "../../lib/rds";

/** RDS instances are not publicly accessible. */
export const rdsNotPublic: ResourceValidationPolicy = {
    name: "rds-not-public",
    description:
        "No RDS instance is publicly accessible, so its endpoint never resolves to a public address and the database is reachable only from inside its VPC.",
    severity: "critical",
    remediationSteps:
        "Set publiclyAccessible: false (the default) on the aws.rds.Instance and place it in private subnets.",
    url: "https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/USER_VPC.WorkingWithRDSInstanceinaVPC.html#USER_VPC.Hiding",
    validateResource: (args, reportViolation) => {
        const db = rdsDatabaseOf(args, true);
        if (db.props.publiclyAccessible === true) {
            reportViolation(`RDS instance ${args.name}: publicly accessible; set publiclyAccessible: false`);
        }
    },
};
