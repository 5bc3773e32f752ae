/**
 * Installs Pulumi's mock engine (`pulumi.runtime.setMocks`) with realistic AWS answers, and records each
 * registered resource with its inputs, outputs, parent, dependencies and options.
 * Pulumi's guide to unit tests with mocks: https://www.pulumi.com/docs/iac/guides/testing/unit/
 */
import * as pulumi from "@pulumi/pulumi";
import { DEFAULT_AWS_ENVIRONMENT, type MockAwsEnvironment, TEST_PROJECT } from "./aws-environment";
import { mockInvoke } from "./invokes";
import { type RecordedResource, Recorder } from "./recorder";
import { mockResourceState } from "./resource-outputs";

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
 * Installs the mocks and returns the recorder for this run. Call once per test (or `before` block), before
 * the program or component registers anything; a later call replaces the mocks and starts a new recorder.
 * @param overrides what the mocked AWS answers, over {@link DEFAULT_AWS_ENVIRONMENT}
 * @param stack stack name `pulumi.getStack()` returns. @default "test"
 * @param project project name `pulumi.getProject()` returns. @default "medallion-lake"
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
                const state = mockResourceState(args, env);
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
    // The mock callbacks do not see parents, dependencies or options: read them from the engine requests.
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

/** The resolved value of an Output (or plain value), Outputs nested in it included. */
export function resolve<T>(value: pulumi.Input<T>): Promise<T> {
    return new Promise((done) => pulumi.output(value).apply((v) => done(v as T)));
}
