import type { ResourceValidationPolicy } from "@pulumi/policy";
import { TYPES } from "../../lib/types";

/** Canned ACLs that grant nothing beyond the bucket owner. */
export const PRIVATE_CANNED_ACLS = ["private"];

interface AclProps {
    acl?: string;
    accessControlPolicy?: {
        owner?: { id?: string };
        grants?: {
            grantee?: { type?: string; id?: string; uri?: string; emailAddress?: string };
            permission?: string;
        }[];
    };
}

const ACL_TYPES: readonly string[] = [TYPES.bucketAcl, TYPES.bucketAclV2, TYPES.bucket, TYPES.bucketV2];

/** Buckets grant nothing by ACL to anyone but their owner. */
export const s3NoAclGrants: ResourceValidationPolicy = {
    name: "s3-no-acl-grants",
    description:
        "No bucket ACL (aws.s3.BucketAcl, the deprecated BucketAclV2, or a bucket's acl) grants access to another account, a group (AllUsers, AuthenticatedUsers, LogDelivery) or an e-mail grantee, nor uses a canned ACL other than private, so only bucket policies, which the other rules check, decide who reads lake data.",
    severity: "critical",
    remediationSteps:
        'Remove the ACL grants (keep only the owner\'s FULL_CONTROL, or set acl "private"); with BucketOwnerEnforced ownership ACLs are disabled altogether. Grant other accounts access in the bucket policy instead.',
    url: "https://docs.aws.amazon.com/AmazonS3/latest/userguide/acl-overview.html",
    validateResource: (args, reportViolation) => {
        if (!ACL_TYPES.includes(args.type)) args.notApplicable(`applies to ${ACL_TYPES.join(", ")}`);
        const props = args.props as AclProps;
        if (props.acl !== undefined && !PRIVATE_CANNED_ACLS.includes(props.acl)) {
            reportViolation(
                `${args.name}: canned ACL ${props.acl} grants access beyond the owner; use "private"`,
            );
        }
        const owner = props.accessControlPolicy?.owner?.id;
        for (const grant of props.accessControlPolicy?.grants ?? []) {
            const grantee = grant.grantee ?? {};
            if (grantee.type === "CanonicalUser" && grantee.id === owner) continue;
            const who =
                grantee.uri ?? grantee.emailAddress ?? grantee.id ?? grantee.type ?? "unknown grantee";
            reportViolation(
                `${args.name}: ACL grants ${grant.permission ?? "access"} to ${who}, not the bucket owner; remove the grant and use the bucket policy`,
            );
        }
    },
};
