/** The Lake Formation rules. */
import { lakeFormationNoIamAllowedPrincipals } from "./no-iam-allowed-principals";
import { lakeFormationZoneLocationsRegistered } from "./zone-locations-registered";

export const LAKE_FORMATION_POLICIES = [
    lakeFormationNoIamAllowedPrincipals,
    lakeFormationZoneLocationsRegistered,
];
export { IAM_ALLOWED_PRINCIPALS } from "./no-iam-allowed-principals";
export { lakeFormationNoIamAllowedPrincipals, lakeFormationZoneLocationsRegistered };
