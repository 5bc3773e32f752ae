import type { PolicyResource, StackValidationPolicy } from "@pulumi/policy";
import {
    conditionKeysOf,
    isAllow,
    listOf,
    PolicyDocumentError,
    type PolicyStatement,
    parsePolicyDocument,
} from "../../lib/policy-document";
import { groupByReference, ofTypes, stringProp } from "../../lib/stack-links";
import { TYPES } from "../../lib/types";
import { isActionOnlyOnStar } from "../iam/no-wildcard-resource";

/** Endpoint types that take an endpoint policy (Gateway Load Balancer and resource endpoints do not). */
const POLICY_ENDPOINT_TYPES = ["Gateway", "Interface"];

/** Condition keys that pin `Resource: "*"` to the stack's account or organization (lowercase). */
const RESOURCE_SCOPING_KEYS = [
    "aws:resourceaccount",
    "aws:resourceorgid",
    "aws:resourceorgpaths",
    "aws:principalaccount",
    "aws:principalorgid",
];

/** Why an Allow statement of an endpoint policy opens the endpoint to any resource, or undefined. */
function openStatement(statement: PolicyStatement): string | undefined {
    if (statement.NotResource !== undefined || statement.NotAction !== undefined)
        return "NotResource/NotAction";
    if (!listOf(statement.Resource).includes("*")) return undefined;
    if (RESOURCE_SCOPING_KEYS.some((k) => conditionKeysOf(statement).includes(k))) return undefined;
    const scopable = listOf(statement.Action).filter((a) => !isActionOnlyOnStar(a));
    return scopable.length > 0 ? `${scopable.join(", ")} on Resource *` : undefined;
}

function endpointIdentifiers(endpoint: PolicyResource): (string | undefined)[] {
    return [stringProp(endpoint, "id")];
}

/** VPC endpoints carry a policy scoped to the lake's resources. */
export const networkVpcEndpointPolicy: StackValidationPolicy = {
    name: "network-vpc-endpoint-policy",
    description:
        "Every gateway and interface VPC endpoint has an endpoint policy (inline or an aws.ec2.VpcEndpointPolicy) whose statements name the resources they allow, or pin Resource * to the account with aws:ResourceAccount / aws:PrincipalAccount, so a compromised workload in the VPC cannot reach other accounts' buckets, secrets or keys through it; an absent policy allows full access.",
    severity: "high",
    remediationSteps:
        "Set policy on the aws.ec2.VpcEndpoint (or register an aws.ec2.VpcEndpointPolicy) that allows the actions the VPC's workloads need on the lake's bucket, secret, key, log group and Glue ARNs; for actions AWS only allows on *, add Condition StringEquals aws:PrincipalAccount.",
    url: "https://docs.aws.amazon.com/vpc/latest/privatelink/vpc-endpoints-access.html",
    validateStack: (args, reportViolation) => {
        const endpoints = ofTypes(args.resources, [TYPES.vpcEndpoint]).filter((e) =>
            POLICY_ENDPOINT_TYPES.includes(stringProp(e, "vpcEndpointType") ?? "Gateway"),
        );
        const attached = groupByReference(
            ofTypes(args.resources, [TYPES.vpcEndpointPolicy]),
            "vpcEndpointId",
            endpoints,
            endpointIdentifiers,
        );
        for (const endpoint of endpoints) {
            const sources = [endpoint, ...(attached.get(endpoint) ?? [])];
            const service = stringProp(endpoint, "serviceName") ?? "its service";
            let policies = 0;
            for (const source of sources) {
                try {
                    const doc = parsePolicyDocument(source.props.policy);
                    if (doc === undefined) continue;
                    policies += 1;
                    for (const [index, statement] of doc.Statement.entries()) {
                        const reason = isAllow(statement) ? openStatement(statement) : undefined;
                        if (reason !== undefined) {
                            reportViolation(
                                `VPC endpoint ${endpoint.name} (${service}): policy statement ${statement.Sid ?? index} allows ${reason}; name the lake's resources or add an aws:ResourceAccount condition`,
                                endpoint.urn,
                            );
                        }
                    }
                } catch (error) {
                    if (!(error instanceof PolicyDocumentError)) throw error;
                    reportViolation(
                        `VPC endpoint ${endpoint.name}: ${source.name} policy ${error.message}`,
                        endpoint.urn,
                    );
                }
            }
            if (policies === 0) {
                reportViolation(
                    `VPC endpoint ${endpoint.name} (${service}): no endpoint policy, so it allows full access; set a policy scoped to the lake's resources`,
                    endpoint.urn,
                );
            }
        }
    },
};
