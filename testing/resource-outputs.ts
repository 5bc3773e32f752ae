/**
 * Plausible provider outputs for every resource type the components register, so that dependent inputs
 * resolve to realistic strings: ARNs in each service's documented format (Service Authorization Reference,
 * https://docs.aws.amazon.com/service-authorization/latest/reference/), queue URLs, RDS endpoints and the
 * outputs of an awsx VPC.
 */
import type * as pulumi from "@pulumi/pulumi";
import type { MockAwsEnvironment } from "./aws-environment";
import type { PropertyMap } from "./recorder";

function serviceOf(type: string): string {
    return type.split(":")[1]?.split("/")[0] ?? "unknown";
}

/**
 * The part after `arn:aws:<service>:<region>:<account>:` of a regional resource's ARN, by type token, from
 * its physical name and inputs. Types missing here get `<logical name>`.
 */
const ARN_RESOURCE_PARTS: Record<string, (physical: string, inputs: PropertyMap) => string> = {
    "aws:athena/workgroup:Workgroup": (name) => `workgroup/${name}`,
    "aws:cloudwatch/metricAlarm:MetricAlarm": (name) => `alarm:${name}`,
    "aws:cloudwatch/logStream:LogStream": (name, inputs) =>
        `log-group:${inputs.logGroupName}:log-stream:${name}`,
    "aws:glue/connection:Connection": (name) => `connection/${name}`,
    "aws:glue/trigger:Trigger": (name) => `trigger/${name}`,
    "aws:kms/alias:Alias": (name) => name,
    "aws:quicksight/dataSet:DataSet": (_, inputs) => `dataset/${inputs.dataSetId}`,
    "aws:quicksight/dataSource:DataSource": (_, inputs) => `datasource/${inputs.dataSourceId}`,
    "aws:rds/parameterGroup:ParameterGroup": (name) => `pg:${name}`,
    "aws:rds/subnetGroup:SubnetGroup": (name) => `subgrp:${name}`,
    "aws:scheduler/schedule:Schedule": (name, inputs) => `schedule/${inputs.groupName ?? "default"}/${name}`,
};

/**
 * The mocked provider state of a resource: its inputs, a `name`, and the outputs AWS would add (ARN, id,
 * URL, endpoint) for its type.
 */
export function mockResourceState(
    args: pulumi.runtime.MockResourceArgs,
    env: MockAwsEnvironment,
): PropertyMap {
    const inputs = args.inputs as PropertyMap;
    const physical: string = inputs.name ?? inputs.bucket ?? args.name;
    const service = serviceOf(args.type);
    const base = `arn:aws:${service}:${env.region}:${env.accountId}`;
    const state: PropertyMap = { ...inputs, name: inputs.name ?? physical };
    switch (args.type) {
        case "aws:s3/bucket:Bucket":
            return {
                ...state,
                bucket: physical,
                arn: `arn:aws:s3:::${physical}`,
                id: physical,
                bucketRegionalDomainName: `${physical}.s3.${env.region}.amazonaws.com`,
            };
        case "aws:kms/key:Key":
            return { ...state, keyId: `${args.name}-key-id`, arn: `${base}:key/${args.name}-key-id` };
        case "aws:iam/role:Role":
            return {
                ...state,
                arn: `arn:aws:iam::${env.accountId}:role/${physical}`,
                uniqueId: `AROA${args.name}`,
            };
        case "aws:iam/policy:Policy":
            return { ...state, arn: `arn:aws:iam::${env.accountId}:policy/${physical}` };
        case "aws:sqs/queue:Queue":
            return {
                ...state,
                arn: `${base}:${physical}`,
                url: `https://sqs.${env.region}.amazonaws.com/${env.accountId}/${physical}`,
            };
        case "aws:cloudwatch/logGroup:LogGroup":
            return { ...state, arn: `arn:aws:logs:${env.region}:${env.accountId}:log-group:${physical}` };
        case "aws:glue/job:Job":
            return { ...state, arn: `${base}:job/${physical}` };
        case "aws:glue/crawler:Crawler":
            return { ...state, arn: `${base}:crawler/${physical}` };
        case "aws:glue/catalogDatabase:CatalogDatabase":
            return { ...state, arn: `${base}:database/${physical}` };
        case "aws:lambda/function:Function": {
            const arn = `arn:aws:lambda:${env.region}:${env.accountId}:function:${physical}`;
            return {
                ...state,
                arn,
                qualifiedArn: `${arn}:$LATEST`,
                version: "$LATEST",
                invokeArn: `arn:aws:apigateway:${env.region}:lambda:path/2015-03-31/functions/${arn}/invocations`,
            };
        }
        case "aws:sns/topic:Topic":
            return { ...state, arn: `${base}:${physical}` };
        case "aws:kinesis/firehoseDeliveryStream:FirehoseDeliveryStream":
            return {
                ...state,
                arn: `arn:aws:firehose:${env.region}:${env.accountId}:deliverystream/${physical}`,
            };
        case "aws:glue/registry:Registry":
            return { ...state, arn: `${base}:registry/${inputs.registryName ?? physical}` };
        case "aws:glue/schema:Schema": {
            const registry = String(inputs.registryArn ?? "").split("registry/")[1] ?? "default-registry";
            return { ...state, arn: `${base}:schema/${registry}/${inputs.schemaName ?? physical}` };
        }
        case "aws:cloudwatch/eventRule:EventRule":
            return { ...state, arn: `arn:aws:events:${env.region}:${env.accountId}:rule/${physical}` };
        case "aws:ec2/securityGroup:SecurityGroup":
            return { ...state, arn: `${base}:security-group/${args.name}-id` };
        case "aws:rds/instance:Instance":
            return { ...state, ...mockRdsInstanceOutputs(inputs, args.name, env) };
        case "aws:ec2/vpcEndpoint:VpcEndpoint":
            return {
                ...state,
                prefixListId: `pl-${args.name}`,
                arn: `${base}:vpc-endpoint/vpce-${args.name}`,
            };
        case "aws:cloudcontrol/resource:Resource":
            // Cloud Control returns the resource's current properties; a created resource has what was asked.
            return { ...state, properties: inputs.desiredState };
        case "awsx:ec2:Vpc":
            return { ...state, ...mockAwsxVpcOutputs(inputs, args.name, env) };
        default: {
            const part = ARN_RESOURCE_PARTS[args.type];
            return { ...state, arn: `${base}:${part === undefined ? args.name : part(physical, inputs)}` };
        }
    }
}

/**
 * Outputs of an RDS instance: endpoint address and port, and the RDS-managed master user secret when
 * `manageMasterUserPassword` is set.
 */
function mockRdsInstanceOutputs(inputs: PropertyMap, name: string, env: MockAwsEnvironment) {
    const identifier: string = inputs.identifier ?? name;
    const address = `${identifier}.c0ffee123456.${env.region}.rds.amazonaws.com`;
    const port: number = inputs.port ?? 5432;
    const secretArn = `arn:aws:secretsmanager:${env.region}:${env.accountId}:secret:rds!db-${identifier}-AbCdEf`;
    return {
        identifier,
        address,
        port,
        endpoint: `${address}:${port}`,
        arn: `arn:aws:rds:${env.region}:${env.accountId}:db:${identifier}`,
        masterUserSecrets: inputs.manageMasterUserPassword
            ? [{ secretArn, kmsKeyId: inputs.masterUserSecretKmsKeyId, secretStatus: "active" }]
            : [],
    };
}

/**
 * Outputs of an `awsx.ec2.Vpc`. awsx 3 is a multi-language component: under mocks it registers as one
 * remote resource (no plugin runs, so no subnet, route table or invoke is registered); these outputs stand in
 * for what the plugin would create. One subnet (and route table) per subnet spec type and availability zone
 * (`numberOfAvailabilityZones`, default 3, zones `<region>a`, `<region>b`, ...); subnets are plain objects
 * with `id` and `availabilityZone`, route tables with `id`.
 */
function mockAwsxVpcOutputs(inputs: PropertyMap, name: string, env: MockAwsEnvironment) {
    const zones: string[] =
        inputs.availabilityZoneNames ??
        Array.from(
            { length: inputs.numberOfAvailabilityZones ?? 3 },
            (_, i) => `${env.region}${"abcdef"[i]}`,
        );
    const specs: Array<{ type: string }> = inputs.subnetSpecs ?? [{ type: "Private" }, { type: "Public" }];
    const subnets: Record<string, Array<{ id: string; availabilityZone: string }>> = {
        Private: [],
        Public: [],
        Isolated: [],
    };
    for (const spec of specs) {
        if (spec.type === "Unused") continue;
        zones.forEach((zone, i) => {
            subnets[spec.type].push({
                id: `subnet-${name}-${spec.type.toLowerCase()}-${i + 1}`,
                availabilityZone: zone,
            });
        });
    }
    const all = [...subnets.Private, ...subnets.Public, ...subnets.Isolated];
    const strategy = inputs.natGateways?.strategy ?? (subnets.Public.length > 0 ? "OnePerAz" : "None");
    const natCount = strategy === "None" ? 0 : strategy === "Single" ? 1 : zones.length;
    return {
        vpcId: `vpc-${name}`,
        vpc: { id: `vpc-${name}`, cidrBlock: inputs.cidrBlock ?? "10.0.0.0/16" },
        subnets: all,
        privateSubnets: subnets.Private,
        publicSubnets: subnets.Public,
        isolatedSubnets: subnets.Isolated,
        privateSubnetIds: subnets.Private.map((s) => s.id),
        publicSubnetIds: subnets.Public.map((s) => s.id),
        isolatedSubnetIds: subnets.Isolated.map((s) => s.id),
        routeTables: all.map((s) => ({ id: s.id.replace(/^subnet-/, "rtb-") })),
        natGateways: Array.from({ length: natCount }, (_, i) => ({ id: `nat-${name}-${i + 1}` })),
        internetGateway: subnets.Public.length > 0 ? { id: `igw-${name}` } : undefined,
    };
}
