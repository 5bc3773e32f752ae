import type { PolicyResource, StackValidationPolicy } from "@pulumi/policy";
import { ofTypes } from "../../lib/stack-links";
import { TYPES } from "../../lib/types";

/** The Lake Formation principal that stands for "whatever IAM allows" (the legacy, IAM-only behaviour). */
export const IAM_ALLOWED_PRINCIPALS = "IAM_ALLOWED_PRINCIPALS";

function defaultGrantees(settings: PolicyResource): string[] {
    const lists = [
        settings.props.createDatabaseDefaultPermissions,
        settings.props.createTableDefaultPermissions,
    ];
    return lists.flatMap((list) => ((list ?? []) as { principal?: string }[]).map((p) => p.principal ?? ""));
}

/**
 * Principals of a Glue database's `createTableDefaultPermissions`
 * (`[{ permissions, principal: { dataLakePrincipalIdentifier } }]`): the grants each new table in it gets.
 */
function databaseDefaultGrantees(database: PolicyResource): string[] {
    const list = (database.props.createTableDefaultPermissions ?? []) as {
        principal?: { dataLakePrincipalIdentifier?: string };
    }[];
    return list.map((p) => p.principal?.dataLakePrincipalIdentifier ?? "");
}

/** In Lake Formation mode nothing is granted to IAM_ALLOWED_PRINCIPALS. */
export const lakeFormationNoIamAllowedPrincipals: StackValidationPolicy = {
    name: "lakeformation-no-iam-allowed-principals",
    description:
        "In Lake Formation mode (the stack manages the data lake settings and registers no location with hybrid access), neither the default create-database/create-table permissions, nor any Glue database's default permissions for new tables, nor any grant goes to IAM_ALLOWED_PRINCIPALS, because that principal hands access control back to plain IAM and bypasses every Lake Formation grant.",
    severity: "high",
    remediationSteps:
        "Leave createDatabaseDefaultPermissions and createTableDefaultPermissions empty on aws.lakeformation.DataLakeSettings and grant to named roles; create each aws.glue.CatalogDatabase after those settings (dependsOn) so its createTableDefaultPermissions stay empty; a stack that runs in hybrid mode on purpose sets this rule to disabled in its pack config.",
    url: "https://docs.aws.amazon.com/lake-formation/latest/dg/change-settings.html",
    validateStack: (args, reportViolation) => {
        const settings = ofTypes(args.resources, [TYPES.lakeFormationSettings]);
        if (settings.length === 0) args.notApplicable("the stack does not manage Lake Formation settings");
        const hybrid = ofTypes(args.resources, [TYPES.lakeFormationResource]).some(
            (r) => r.props.hybridAccessEnabled === true,
        );
        if (hybrid) args.notApplicable("a location is registered with hybrid access (hybrid mode)");
        for (const s of settings) {
            if (defaultGrantees(s).includes(IAM_ALLOWED_PRINCIPALS)) {
                reportViolation(
                    `Lake Formation settings ${s.name}: default permissions for new databases or tables go to ${IAM_ALLOWED_PRINCIPALS}; leave createDatabaseDefaultPermissions and createTableDefaultPermissions empty`,
                    s.urn,
                );
            }
        }
        for (const database of ofTypes(args.resources, [TYPES.glueCatalogDatabase])) {
            if (databaseDefaultGrantees(database).includes(IAM_ALLOWED_PRINCIPALS)) {
                reportViolation(
                    `Glue database ${database.props.name ?? database.name}: createTableDefaultPermissions give new tables to ${IAM_ALLOWED_PRINCIPALS}; create the database after the DataLakeSettings that empty the defaults (dependsOn), or recreate it so it gets none`,
                    database.urn,
                );
            }
        }
        for (const grant of ofTypes(args.resources, [TYPES.lakeFormationPermissions])) {
            if (grant.props.principal === IAM_ALLOWED_PRINCIPALS) {
                reportViolation(
                    `Lake Formation grant ${grant.name}: grants to ${IAM_ALLOWED_PRINCIPALS}; grant to the roles that need access`,
                    grant.urn,
                );
            }
        }
    },
};
