/**
 * The resources the cost estimate reads, as `npm run plan` records them under the mocks or CrossGuard hands
 * them to a stack rule, and safe reads of their properties: during a preview CrossGuard's props throw
 * `UnknownValueError` for values the deployment computes, at any depth.
 */
import { UnknownValueError } from "@pulumi/policy";

/** A resource as the estimate reads it: type token, logical name and its properties (inputs). */
export interface CostedResource {
    type: string;
    name: string;
    props: Record<string, unknown>;
}

/** Type tokens of the resources the estimate prices or mentions. */
export const COST_TYPES = {
    kmsKey: "aws:kms/key:Key",
    metricAlarm: "aws:cloudwatch/metricAlarm:MetricAlarm",
    compositeAlarm: "aws:cloudwatch/compositeAlarm:CompositeAlarm",
    vpcEndpoint: "aws:ec2/vpcEndpoint:VpcEndpoint",
    natGateway: "aws:ec2/natGateway:NatGateway",
    awsxVpc: "awsx:ec2:Vpc",
    rdsInstance: "aws:rds/instance:Instance",
    secret: "aws:secretsmanager/secret:Secret",
    crawler: "aws:glue/crawler:Crawler",
    tableOptimizer: "aws:glue/catalogTableOptimizer:CatalogTableOptimizer",
    glueJob: "aws:glue/job:Job",
    glueTrigger: "aws:glue/trigger:Trigger",
    firehose: "aws:kinesis/firehoseDeliveryStream:FirehoseDeliveryStream",
    workgroup: "aws:athena/workgroup:Workgroup",
    schedule: "aws:scheduler/schedule:Schedule",
    quicksightDataSource: "aws:quicksight/dataSource:DataSource",
    quicksightDataSet: "aws:quicksight/dataSet:DataSet",
    quicksightDashboard: "aws:quicksight/dashboard:Dashboard",
    cloudControlResource: "aws:cloudcontrol/resource:Resource",
} as const;

/** What `read` returns, or undefined when it touches a value a preview does not know yet. */
export function known<T>(read: () => T): T | undefined {
    try {
        return read();
    } catch (error) {
        if (error instanceof UnknownValueError) return undefined;
        throw error;
    }
}

/**
 * The value at `path` under the resource's props (`prop(r, "configuration", "bytesScannedCutoffPerQuery")`),
 * or undefined when absent or not known yet.
 */
// biome-ignore lint/suspicious/noExplicitAny: provider inputs are untyped; each caller checks the shape it reads
export function prop(resource: CostedResource, ...path: string[]): any {
    return known(() => {
        let value: unknown = resource.props;
        for (const key of path) {
            if (value === null || typeof value !== "object") return undefined;
            value = (value as Record<string, unknown>)[key];
        }
        return value;
    });
}

/** The resources of one type token. */
export function ofType(resources: CostedResource[], type: string): CostedResource[] {
    return resources.filter((r) => r.type === type);
}
