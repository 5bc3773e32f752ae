/**
 * The network of the transactional source: an `awsx.ec2.Vpc` whose workload subnets have no route to the
 * internet (isolated subnets, no NAT gateway) unless a NAT strategy is chosen, an S3 gateway endpoint (free),
 * the interface endpoints the simulator Lambda and the Glue ingestion job call AWS through (each with an
 * endpoint policy naming the lake's resources, see endpoint-policies.ts), and one security group per side
 * with only the rules that side needs:
 *
 * | group       | inbound                                   | outbound                                                    |
 * | ----------- | ----------------------------------------- | ----------------------------------------------------------- |
 * | `database`  | PostgreSQL from `simulator` and `glue`    | none                                                        |
 * | `simulator` | none                                      | PostgreSQL to `database`; HTTPS to `endpoints` (or NAT)      |
 * | `glue`      | all TCP from itself (Glue's workers)      | all TCP to itself; PostgreSQL to `database`; HTTPS to S3's prefix list and `endpoints` (or NAT) |
 * | `endpoints` | HTTPS from `simulator` and `glue`         | none                                                        |
 *
 * Follows https://docs.aws.amazon.com/glue/latest/dg/setup-vpc-for-glue-access.html,
 * https://docs.aws.amazon.com/vpc/latest/privatelink/vpc-endpoints-s3.html and
 * https://docs.aws.amazon.com/vpc/latest/privatelink/create-interface-endpoint.html
 */
import * as aws from "@pulumi/aws";
import * as awsx from "@pulumi/awsx";
import * as pulumi from "@pulumi/pulumi";
import { type NameContext, resourceName } from "../../lib/naming";

/** NAT strategies of the VPC: `None` keeps the workloads off the internet. */
export const NAT_GATEWAY_STRATEGIES = ["None", "Single", "OnePerAz"] as const;
/** A NAT strategy. */
export type NatGatewayStrategy = (typeof NAT_GATEWAY_STRATEGIES)[number];

/**
 * Interface endpoints the source may create, each with who needs it. Without a NAT gateway these are the
 * only way the simulator and the ingestion job reach AWS APIs; each costs an hourly fee per subnet.
 */
export const INTERFACE_ENDPOINT_USES = {
    secretsmanager: "the simulator reads the database secret, and Glue resolves the connection's SECRET_ID",
    glue: "the ingestion job reads its JDBC connection and keeps its job bookmark through the Glue API",
    kms: "the ingestion job encrypts its job bookmarks client-side (CSE-KMS) with the lake key",
    logs: "the ingestion job writes its driver and executor logs to CloudWatch Logs",
    monitoring: "the ingestion job publishes its job metrics to CloudWatch",
} as const;
/** A service with an interface endpoint. */
export type InterfaceEndpointService = keyof typeof INTERFACE_ENDPOINT_USES;
/** Every service of {@link INTERFACE_ENDPOINT_USES}, in order. */
export const INTERFACE_ENDPOINT_SERVICES = Object.keys(INTERFACE_ENDPOINT_USES) as InterfaceEndpointService[];

/** TCP port of HTTPS, the protocol of every AWS API endpoint. */
export const HTTPS_PORT = 443;

/** The security groups of the source, one per side. */
export type SourceSecurityGroupRole = "database" | "simulator" | "glue" | "endpoints";

export interface SourceNetworkArgs {
    naming: NameContext;
    /** Region; part of endpoint service names (`com.amazonaws.<region>.<service>`). */
    region: string;
    /** IPv4 CIDR of the VPC, e.g. `10.42.0.0/16`. */
    cidrBlock: string;
    /** Availability zones the subnets span (RDS needs at least 2). */
    availabilityZones: number;
    /** Prefix length of each workload subnet, e.g. 24. */
    subnetCidrMask: number;
    /** `None`: isolated subnets; otherwise private subnets routed to NAT gateways in public subnets. */
    natGateways: NatGatewayStrategy;
    /** TCP port the database listens on. */
    databasePort: number;
    tags: Record<string, string>;
}

/** What {@link createSourceNetwork} built: the VPC and its security groups. */
export interface SourceVpc {
    vpc: awsx.ec2.Vpc;
    vpcId: pulumi.Output<string>;
    /** Subnets the database, the simulator and Glue run in (isolated, or private behind NAT). */
    subnetIds: pulumi.Output<string[]>;
    /** The subnet the Glue connection places the job in (the first workload subnet) and its zone. */
    glueSubnet: { id: pulumi.Output<string>; availabilityZone: pulumi.Output<string> };
    securityGroups: Record<SourceSecurityGroupRole, aws.ec2.SecurityGroup>;
    /** `None`: the workloads have no route to the internet. */
    natGateways: NatGatewayStrategy;
}

/** What {@link createSourceEndpoints} built. */
export interface SourceEndpoints {
    s3Endpoint: aws.ec2.VpcEndpoint;
    interfaceEndpoints: Partial<Record<InterfaceEndpointService, aws.ec2.VpcEndpoint>>;
}

/** The VPC, its security groups and its endpoints. */
export type SourceNetwork = SourceVpc & SourceEndpoints;

export interface SourceEndpointsArgs {
    naming: NameContext;
    /** Region; part of endpoint service names (`com.amazonaws.<region>.<service>`). */
    region: string;
    /** Interface endpoints to create, in every workload subnet. */
    interfaceEndpoints: readonly InterfaceEndpointService[];
    /** Endpoint policy of the S3 gateway endpoint and of each interface endpoint (JSON). */
    policies: Record<"s3" | InterfaceEndpointService, pulumi.Input<string>>;
    tags: Record<string, string>;
}

type Rule = Omit<aws.vpc.SecurityGroupIngressRuleArgs, "securityGroupId" | "tags">;

/** Creates `${name}-<role>` security group rules as children of `parent`. */
function ruleMaker(name: string, tags: Record<string, string>, parent: pulumi.Resource) {
    const opts = { parent };
    return {
        tcp: (port: number, toPort = port) => ({ ipProtocol: "tcp", fromPort: port, toPort }),
        from: (source: aws.ec2.SecurityGroup, description: string) => ({
            referencedSecurityGroupId: source.id,
            description,
        }),
        ingress: (role: string, to: aws.ec2.SecurityGroup, rule: Rule) =>
            new aws.vpc.SecurityGroupIngressRule(
                `${name}-${role}`,
                { securityGroupId: to.id, ...rule, tags },
                opts,
            ),
        egress: (role: string, from: aws.ec2.SecurityGroup, rule: Rule) =>
            new aws.vpc.SecurityGroupEgressRule(
                `${name}-${role}`,
                { securityGroupId: from.id, ...rule, tags },
                opts,
            ),
    };
}

/**
 * Creates the VPC and security groups as children of `parent`, named `<name>-<role>`; the endpoints come
 * later ({@link createSourceEndpoints}), once the resources their policies name exist.
 * Under Pulumi's mocks awsx's Vpc is one remote component (its subnets and route tables come from the awsx
 * plugin at deployment), so this reads subnets and route tables only from the Vpc's outputs.
 */
export function createSourceNetwork(
    name: string,
    args: SourceNetworkArgs,
    parent: pulumi.Resource,
): SourceVpc {
    const opts = { parent };
    const { tags } = args;
    const isolated = args.natGateways === "None";
    const vpc = new awsx.ec2.Vpc(
        `${name}-vpc`,
        {
            cidrBlock: args.cidrBlock,
            numberOfAvailabilityZones: args.availabilityZones,
            enableDnsHostnames: true,
            enableDnsSupport: true,
            natGateways: { strategy: args.natGateways },
            subnetStrategy: "Auto",
            subnetSpecs: isolated
                ? [{ type: "Isolated", cidrMask: args.subnetCidrMask }]
                : [
                      { type: "Private", cidrMask: args.subnetCidrMask },
                      { type: "Public", cidrMask: 28 },
                  ],
            tags: { ...tags, Name: resourceName(args.naming, `${name}-vpc`) },
        },
        opts,
    );
    const workloadSubnets = isolated ? vpc.isolatedSubnets : vpc.privateSubnets;
    const subnetIds = isolated ? vpc.isolatedSubnetIds : vpc.privateSubnetIds;
    const firstSubnet = workloadSubnets.apply((subnets) => {
        if (subnets.length === 0) throw new Error(`${name}: the VPC has no workload subnet`);
        return subnets[0];
    });
    const glueSubnet = {
        id: firstSubnet.apply((subnet) => pulumi.output(subnet.id)),
        availabilityZone: firstSubnet.apply((subnet) => pulumi.output(subnet.availabilityZone)),
    };

    const group = (role: SourceSecurityGroupRole, description: string) =>
        new aws.ec2.SecurityGroup(
            `${name}-${role}-sg`,
            {
                name: resourceName(args.naming, `${name}-${role}`),
                description,
                vpcId: vpc.vpcId,
                tags: { ...tags, Name: resourceName(args.naming, `${name}-${role}`) },
            },
            opts,
        );
    const securityGroups: Record<SourceSecurityGroupRole, aws.ec2.SecurityGroup> = {
        database: group("database", "PostgreSQL source: accepts the simulator and Glue only"),
        simulator: group("simulator", "Simulator Lambda: PostgreSQL out, HTTPS to AWS APIs"),
        glue: group("glue", "Glue ingestion job through its JDBC connection"),
        endpoints: group("endpoints", "Interface endpoints: HTTPS from the simulator and Glue"),
    };
    const sg = securityGroups;
    const { tcp, from, ingress, egress } = ruleMaker(name, tags, parent);
    const db = tcp(args.databasePort);

    ingress("database-from-simulator", sg.database, {
        ...db,
        ...from(sg.simulator, "PostgreSQL from the simulator"),
    });
    ingress("database-from-glue", sg.database, { ...db, ...from(sg.glue, "PostgreSQL from the Glue job") });
    egress("simulator-to-database", sg.simulator, {
        ...db,
        ...from(sg.database, "PostgreSQL to the database"),
    });
    egress("glue-to-database", sg.glue, { ...db, ...from(sg.database, "PostgreSQL to the database") });
    // Glue's driver and executors talk to each other on arbitrary ports: its group must admit itself.
    ingress("glue-from-itself", sg.glue, {
        ...tcp(0, 65535),
        ...from(sg.glue, "Glue workers to each other"),
    });
    egress("glue-to-itself", sg.glue, { ...tcp(0, 65535), ...from(sg.glue, "Glue workers to each other") });

    if (!isolated) {
        const internet = {
            ...tcp(HTTPS_PORT),
            cidrIpv4: "0.0.0.0/0",
            description: "HTTPS to AWS APIs through NAT",
        };
        egress("simulator-to-internet", sg.simulator, internet);
        egress("glue-to-internet", sg.glue, internet);
    }

    return { vpc, vpcId: vpc.vpcId, subnetIds, glueSubnet, securityGroups, natGateways: args.natGateways };
}

/**
 * Creates the S3 gateway endpoint and the interface endpoints of `vpc`, each with its endpoint policy, and
 * the HTTPS rules to them, as children of `parent`, named `<name>-<role>`.
 */
export function createSourceEndpoints(
    name: string,
    args: SourceEndpointsArgs,
    network: SourceVpc,
    parent: pulumi.Resource,
): SourceEndpoints {
    const opts = { parent };
    const { tags } = args;
    const { vpc } = network;
    const sg = network.securityGroups;
    const { tcp, from, ingress, egress } = ruleMaker(name, tags, parent);

    const s3Endpoint = new aws.ec2.VpcEndpoint(
        `${name}-s3-endpoint`,
        {
            vpcId: vpc.vpcId,
            serviceName: `com.amazonaws.${args.region}.s3`,
            vpcEndpointType: "Gateway",
            routeTableIds: vpc.routeTables.apply((tables) => pulumi.all(tables.map((table) => table.id))),
            policy: args.policies.s3,
            tags: { ...tags, Name: resourceName(args.naming, `${name}-s3`) },
        },
        opts,
    );
    egress("glue-to-s3", sg.glue, {
        ...tcp(HTTPS_PORT),
        prefixListId: s3Endpoint.prefixListId,
        description: "HTTPS to S3 through the gateway endpoint",
    });

    const interfaceEndpoints: Partial<Record<InterfaceEndpointService, aws.ec2.VpcEndpoint>> = {};
    for (const service of args.interfaceEndpoints) {
        interfaceEndpoints[service] = new aws.ec2.VpcEndpoint(
            `${name}-${service}-endpoint`,
            {
                vpcId: vpc.vpcId,
                serviceName: `com.amazonaws.${args.region}.${service}`,
                vpcEndpointType: "Interface",
                privateDnsEnabled: true,
                subnetIds: network.subnetIds,
                securityGroupIds: [sg.endpoints.id],
                policy: args.policies[service],
                tags: { ...tags, Name: resourceName(args.naming, `${name}-${service}`) },
            },
            opts,
        );
    }
    const https = tcp(HTTPS_PORT);
    if (args.interfaceEndpoints.length > 0) {
        ingress("endpoints-from-simulator", sg.endpoints, {
            ...https,
            ...from(sg.simulator, "HTTPS from the simulator"),
        });
        ingress("endpoints-from-glue", sg.endpoints, {
            ...https,
            ...from(sg.glue, "HTTPS from the Glue job"),
        });
        egress("simulator-to-endpoints", sg.simulator, {
            ...https,
            ...from(sg.endpoints, "HTTPS to AWS APIs"),
        });
        egress("glue-to-endpoints", sg.glue, { ...https, ...from(sg.endpoints, "HTTPS to AWS APIs") });
    }
    return { s3Endpoint, interfaceEndpoints };
}
