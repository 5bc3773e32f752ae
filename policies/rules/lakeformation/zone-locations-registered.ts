import type { PolicyResource, StackValidationPolicy } from "@pulumi/policy";
import { bucketIdentifiers } from "../../lib/s3-buckets";
import { ofTypes, referencedBy, stringProp } from "../../lib/stack-links";
import { S3_BUCKET_TYPES, TYPES } from "../../lib/types";
import { ZONE_TAG_KEY } from "../../shared-constants";

/** The S3 bucket name of an `arn:<partition>:s3:::<bucket>[/<prefix>]` location, or undefined. */
export function bucketOfLocation(arn: string): string | undefined {
    return /^arn:[a-z-]+:s3:::([^/]+)/.exec(arn)?.[1];
}

const LAKE_FORMATION_TYPES = [
    TYPES.lakeFormationSettings,
    TYPES.lakeFormationResource,
    TYPES.lakeFormationPermissions,
];

/** With Lake Formation in use, each zone bucket is a registered location. */
export const lakeFormationZoneLocationsRegistered: StackValidationPolicy = {
    name: "lakeformation-zone-locations-registered",
    description:
        "When the stack uses Lake Formation, every zone bucket (tagged medallion-lake:zone) is registered as a Lake Formation data location, so Lake Formation, not bucket policies, decides who reads each zone.",
    severity: "high",
    remediationSteps:
        "Register an aws.lakeformation.Resource with arn set to the zone bucket's ARN (LakeFormationAdmin does this for every zone).",
    url: "https://docs.aws.amazon.com/lake-formation/latest/dg/register-data-lake.html",
    validateStack: (args, reportViolation) => {
        if (ofTypes(args.resources, LAKE_FORMATION_TYPES).length === 0) {
            args.notApplicable("the stack does not use Lake Formation");
        }
        const registrations = ofTypes(args.resources, [TYPES.lakeFormationResource]);
        const zoneBuckets = ofTypes(args.resources, S3_BUCKET_TYPES).filter(
            (b) => b.props.tags?.[ZONE_TAG_KEY] !== undefined,
        );
        for (const bucket of zoneBuckets) {
            const name = stringProp(bucket, "bucket") ?? bucket.name;
            const registered = registrations.some(
                (r: PolicyResource) =>
                    referencedBy(r, "arn", [bucket], bucketIdentifiers, (v) => bucketOfLocation(v) ?? v)
                        .length > 0,
            );
            if (!registered) {
                reportViolation(
                    `zone bucket ${name} (${bucket.props.tags[ZONE_TAG_KEY]}): not registered with Lake Formation; register an aws.lakeformation.Resource for arn:aws:s3:::${name}`,
                    bucket.urn,
                );
            }
        }
    },
};
