/**
 * The one Pulumi mock harness every TypeScript test uses. It runs a program or component under
 * `pulumi.runtime.setMocks`, records each registered resource with its inputs, parent and dependencies, and
 * answers the AWS invokes the program makes (caller identity, region, partition, session context, Lake
 * Formation settings) with fixed values.
 */
import { readFileSync } from "node:fs";
import * as path from "node:path";
import * as pulumi from "@pulumi/pulumi";
import { parse as parseYaml } from "yaml";

export const TEST_ACCOUNT_ID = "123456789012";
export const TEST_REGION = "eu-west-1";
export const TEST_PROJECT = "medallion-lake";
export const REPO_ROOT = path.resolve(__dirname, "..", "..");

/** A resource registered under the mocks. */
export interface RecordedResource {
    /** Type token, e.g. `aws:s3/bucket:Bucket` or `medallion-lake:index:DataLake`. */
    type: string;
    /** Logical name. */
    name: string;
    /** Inputs as the engine received them (Outputs resolved). */
    inputs: Record<string, any>;
    /** URN of this resource. */
    urn?: string;
    /** URN of its parent, if any. */
    parentUrn?: string;
    /** URNs this resource depends on (explicit `dependsOn` and implicit, through inputs). */
    dependencies: string[];
    /** Per input property, the URNs of the resources its value came from (e.g. `bucket` -> the Bucket). */
    propertyDependencies: Record<string, string[]>;
    /** What the mocked provider returned as the resource's state (its outputs), inputs included. */
    outputs: Record<string, any>;
    /** Resource options the engine received: `retainOnDelete` and `replaceOnChanges`. */
    options: { retainOnDelete: boolean; replaceOnChanges: string[] };
    /** True for provider-managed resources, false for components. */
    custom: boolean;
}

/** An invoke (data source call) the program made. */
export interface RecordedInvoke {
    token: string;
    inputs: Record<string, any>;
}

/** What the mocked AWS answers. Override per test. */
export interface MockAwsEnvironment {
    accountId: string;
    region: string;
    /** ARN the caller identity returns (an assumed-role session by default). */
    callerArn: string;
    /** Lake Formation admins already present in the account. */
    existingLakeFormationAdmins: string[];
}

export const DEFAULT_AWS_ENVIRONMENT: MockAwsEnvironment = {
    accountId: TEST_ACCOUNT_ID,
    region: TEST_REGION,
    callerArn: `arn:aws:sts::${TEST_ACCOUNT_ID}:assumed-role/platform-deployer/ci-session`,
    existingLakeFormationAdmins: [],
};

/** Everything registered during one run, with lookups. */
export class Recorder {
    readonly resources: RecordedResource[] = [];
    readonly invokes: RecordedInvoke[] = [];

    /** All resources of one type token. */
    ofType(type: string): RecordedResource[] {
        return this.resources.filter((r) => r.type === type);
    }

    /** The one resource with this logical name. @throws when absent or ambiguous. */
    named(name: string, type?: string): RecordedResource {
        const found = this.resources.filter(
            (r) => r.name === name && (type === undefined || r.type === type),
        );
        if (found.length !== 1) {
            const known = this.resources.map((r) => `${r.type} ${r.name}`).join("\n  ");
            throw new Error(
                `expected one resource named ${name}, found ${found.length}. Registered:\n  ${known}`,
            );
        }
        return found[0];
    }

    /** The resource whose URN is `urn`. */
    byUrn(urn: string): RecordedResource | undefined {
        return this.resources.find((r) => r.urn === urn);
    }

    /** Children (direct) of a resource. */
    childrenOf(resource: RecordedResource): RecordedResource[] {
        return this.resources.filter((r) => r.parentUrn !== undefined && r.parentUrn === resource.urn);
    }

    /** Whether `resource` depends (directly) on `dependency`. */
    dependsOn(resource: RecordedResource, dependency: RecordedResource): boolean {
        return dependency.urn !== undefined && resource.dependencies.includes(dependency.urn);
    }

    /** Resources whose input `bucket` equals the given bucket's physical name, of one type. */
    forBucket(bucketName: string, type: string): RecordedResource[] {
        return this.ofType(type).filter(
            (r) => r.inputs.bucket === bucketName || r.inputs.bucket === `${bucketName}-id`,
        );
    }
}

function serviceOf(type: string): string {
    return type.split(":")[1]?.split("/")[0] ?? "unknown";
}

/** Plausible provider outputs for a resource, so dependent inputs resolve to realistic strings. */
function mockState(args: pulumi.runtime.MockResourceArgs, env: MockAwsEnvironment): Record<string, any> {
    const inputs = args.inputs as Record<string, any>;
    const physical: string = inputs.name ?? inputs.bucket ?? args.name;
    const service = serviceOf(args.type);
    const base = `arn:aws:${service}:${env.region}:${env.accountId}`;
    const state: Record<string, any> = { ...inputs, name: inputs.name ?? physical };
    switch (args.type) {
        case "aws:s3/bucket:Bucket":
            return { ...state, bucket: physical, arn: `arn:aws:s3:::${physical}`, id: physical };
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
        case "aws:lambda/function:Function":
            return { ...state, arn: `arn:aws:lambda:${env.region}:${env.accountId}:function:${physical}` };
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
        case "aws:rds/instance:Instance":
            return { ...state, ...mockRdsInstanceOutputs(inputs, args.name, env) };
        case "aws:ec2/vpcEndpoint:VpcEndpoint":
            return {
                ...state,
                prefixListId: `pl-${args.name}`,
                arn: `${base}:vpc-endpoint/vpce-${args.name}`,
            };
        case "awsx:ec2:Vpc":
            return { ...state, ...mockAwsxVpcOutputs(inputs, args.name, env) };
        default:
            return { ...state, arn: `${base}:${args.name}` };
    }
}

/**
 * Outputs of an RDS instance: endpoint address and port, and the RDS-managed master user secret when
 * `manageMasterUserPassword` is set.
 */
function mockRdsInstanceOutputs(inputs: Record<string, any>, name: string, env: MockAwsEnvironment) {
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
function mockAwsxVpcOutputs(inputs: Record<string, any>, name: string, env: MockAwsEnvironment) {
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

function mockInvoke(args: pulumi.runtime.MockCallArgs, env: MockAwsEnvironment): Record<string, any> {
    switch (args.token) {
        case "aws:index/getCallerIdentity:getCallerIdentity":
            return {
                accountId: env.accountId,
                arn: env.callerArn,
                userId: "AROAEXAMPLE:ci-session",
                id: env.accountId,
            };
        case "aws:index/getRegion:getRegion":
            return { name: env.region, region: env.region, id: env.region };
        case "aws:index/getPartition:getPartition":
            return { partition: "aws", dnsSuffix: "amazonaws.com", id: "aws" };
        case "aws:iam/getSessionContext:getSessionContext": {
            const match = /^arn:aws:sts::(\d{12}):assumed-role\/([^/]+)\/(.+)$/.exec(String(args.inputs.arn));
            const issuerArn = match ? `arn:aws:iam::${match[1]}:role/${match[2]}` : String(args.inputs.arn);
            return {
                arn: args.inputs.arn,
                issuerArn,
                issuerName: match?.[2] ?? "",
                sessionName: match?.[3] ?? "",
            };
        }
        case "aws:lakeformation/getDataLakeSettings:getDataLakeSettings":
            return { admins: env.existingLakeFormationAdmins, readOnlyAdmins: [] };
        default:
            return {};
    }
}

interface MonitorRequest {
    getType(): string;
    getName(): string;
    getParent(): string;
    getDependenciesList(): string[];
    getPropertydependenciesMap(): {
        forEach(cb: (deps: { getUrnsList(): string[] }, key: string) => void): void;
    };
    getRetainondelete(): boolean | undefined;
    getReplaceonchangesList(): string[];
}

/**
 * Installs the mocks and returns the recorder for this run. Call once per test (or `before` block).
 */
export function setupPulumiMocks(
    overrides: Partial<MockAwsEnvironment> = {},
    stack = "test",
    project = TEST_PROJECT,
): Recorder {
    const env = { ...DEFAULT_AWS_ENVIRONMENT, ...overrides };
    const recorder = new Recorder();
    const pending = new Map<
        string,
        {
            parent: string;
            dependencies: string[];
            propertyDependencies: Record<string, string[]>;
            options: RecordedResource["options"];
        }
    >();
    pulumi.runtime.setMocks(
        {
            newResource(args) {
                const meta = pending.get(`${args.type}::${args.name}`);
                const state = mockState(args, env);
                recorder.resources.push({
                    type: args.type,
                    name: args.name,
                    inputs: args.inputs,
                    parentUrn: meta?.parent || undefined,
                    dependencies: meta?.dependencies ?? [],
                    propertyDependencies: meta?.propertyDependencies ?? {},
                    outputs: state,
                    options: meta?.options ?? { retainOnDelete: false, replaceOnChanges: [] },
                    custom: args.custom ?? true,
                });
                return { id: state.id ?? `${args.name}-id`, state };
            },
            call(args) {
                recorder.invokes.push({ token: args.token, inputs: args.inputs });
                return mockInvoke(args, env);
            },
        },
        project,
        stack,
        false,
    );
    const monitor = pulumi.runtime.getMonitor() as unknown as {
        registerResource(
            req: MonitorRequest,
            cb: (err: unknown, res: { getUrn(): string } | undefined) => void,
        ): void;
    };
    const register = monitor.registerResource.bind(monitor);
    monitor.registerResource = (req, cb) => {
        const propertyDependencies: Record<string, string[]> = {};
        req.getPropertydependenciesMap().forEach((deps, key) => {
            propertyDependencies[key] = deps.getUrnsList();
        });
        pending.set(`${req.getType()}::${req.getName()}`, {
            parent: req.getParent(),
            dependencies: req.getDependenciesList(),
            propertyDependencies,
            options: {
                retainOnDelete: req.getRetainondelete() ?? false,
                replaceOnChanges: req.getReplaceonchangesList(),
            },
        });
        register(req, (err, res) => {
            if (res) {
                const found = recorder.resources.find(
                    (r) => r.type === req.getType() && r.name === req.getName(),
                );
                if (found) found.urn = res.getUrn();
            }
            cb(err, res);
        });
    };
    return recorder;
}

/** Waits until every pending registration and invoke has finished. */
export async function settle(): Promise<void> {
    const runtime = pulumi.runtime as unknown as { waitForRPCs?: () => Promise<void> };
    for (let i = 0; i < 3; i++) {
        if (runtime.waitForRPCs) await runtime.waitForRPCs();
        await new Promise((resolve) => setImmediate(resolve));
    }
}

/** The resolved value of an Output (or plain value). */
export function resolve<T>(value: pulumi.Input<T>): Promise<T> {
    return new Promise((done) => pulumi.output(value).apply((v) => done(v as T)));
}

/**
 * Reads `Pulumi.<stack>.yaml` as the flat map Pulumi hands the program: structured values JSON-encoded,
 * scalars as strings.
 */
export function readStackConfig(stack: string, dir = REPO_ROOT): Record<string, string> {
    const file = path.join(dir, `Pulumi.${stack}.yaml`);
    const doc = parseYaml(readFileSync(file, "utf8")) as { config?: Record<string, unknown> };
    return flattenConfig(doc.config ?? {});
}

/** Turns config values into Pulumi's raw representation (JSON for objects and arrays). */
export function flattenConfig(config: Record<string, unknown>): Record<string, string> {
    const raw: Record<string, string> = {};
    for (const [key, value] of Object.entries(config)) {
        raw[key] = typeof value === "string" ? value : JSON.stringify(value);
    }
    return raw;
}

/** What one run of the program produced: the recorder always, the outputs or the error it threw. */
export interface ProgramRun {
    recorder: Recorder;
    outputs: Record<string, unknown>;
    error?: unknown;
}

/**
 * Runs the whole program (`index.ts`) under the mocks with the given raw config, and returns the recorder
 * and the stack exports once every resource is registered. A program that throws is reported in `error`.
 */
export async function tryRunProgram(
    rawConfig: Record<string, string>,
    stack = "dev",
    env: Partial<MockAwsEnvironment> = {},
): Promise<ProgramRun> {
    const recorder = setupPulumiMocks(env, stack);
    pulumi.runtime.setAllConfig(rawConfig);
    const entry = require.resolve(path.join(REPO_ROOT, "index.ts"));
    for (const key of Object.keys(require.cache)) {
        if (
            key.startsWith(REPO_ROOT) &&
            !key.includes("node_modules") &&
            !key.includes(`${path.sep}tests${path.sep}`)
        ) {
            delete require.cache[key];
        }
    }
    const outputs: Record<string, unknown> = {};
    try {
        const exports = require(entry) as Record<string, unknown>;
        for (const [key, value] of Object.entries(exports))
            outputs[key] = await resolve(value as pulumi.Input<unknown>);
    } catch (error) {
        await settle();
        return { recorder, outputs, error };
    }
    await settle();
    return { recorder, outputs };
}

/** Like {@link tryRunProgram}, but rethrows the program's error. */
export async function runProgram(
    rawConfig: Record<string, string>,
    stack = "dev",
    env: Partial<MockAwsEnvironment> = {},
): Promise<{ recorder: Recorder; outputs: Record<string, unknown> }> {
    const run = await tryRunProgram(rawConfig, stack, env);
    if (run.error !== undefined) throw run.error;
    return run;
}
