import type { ResourceValidationPolicy } from "@pulumi/policy";
import { listOf } from "../../lib/policy-document";
import { TYPES } from "../../lib/types";

/** The CIDR blocks that mean "any address". */
export const ANY_ADDRESS = ["0.0.0.0/0", "::/0"] as const;

/** The open CIDR blocks among `blocks`. */
function open(...blocks: unknown[]): string[] {
    return blocks.flatMap(listOf).filter((b) => (ANY_ADDRESS as readonly string[]).includes(b));
}

/** The open CIDR blocks a security group, security group rule or ingress rule admits, by rule. */
function openIngress(type: string, props: Record<string, unknown>): string[] {
    if (type === TYPES.securityGroup) {
        return ((props.ingress ?? []) as Record<string, unknown>[]).flatMap((rule) =>
            open(rule.cidrBlocks, rule.ipv6CidrBlocks),
        );
    }
    if (type === TYPES.securityGroupRule) {
        return props.type === "ingress" ? open(props.cidrBlocks, props.ipv6CidrBlocks) : [];
    }
    return open(props.cidrIpv4, props.cidrIpv6);
}

const INGRESS_TYPES: readonly string[] = [
    TYPES.securityGroup,
    TYPES.securityGroupRule,
    TYPES.securityGroupIngressRule,
];

/** No security group admits traffic from any address. */
export const networkSecurityGroupNoOpenIngress: ResourceValidationPolicy = {
    name: "network-security-group-no-open-ingress",
    description:
        "No security group admits inbound traffic from 0.0.0.0/0 or ::/0, in its inline ingress rules, an aws.ec2.SecurityGroupRule or an aws.vpc.SecurityGroupIngressRule, so the database, Glue workers and endpoints accept connections only from the lake's own security groups.",
    severity: "high",
    remediationSteps:
        "Reference the client's security group (referencedSecurityGroupId / sourceSecurityGroupId) or a private CIDR instead of 0.0.0.0/0 or ::/0.",
    url: "https://docs.aws.amazon.com/vpc/latest/userguide/security-group-rules.html",
    validateResource: (args, reportViolation) => {
        if (!INGRESS_TYPES.includes(args.type)) args.notApplicable(`applies to ${INGRESS_TYPES.join(", ")}`);
        const blocks = openIngress(args.type, args.props);
        if (blocks.length > 0) {
            reportViolation(
                `${args.name}: admits inbound traffic from ${[...new Set(blocks)].join(", ")}; reference a security group or a private CIDR`,
            );
        }
    },
};
