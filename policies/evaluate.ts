/**
 * Runs the pack's rules without the Pulumi CLI: over resources recorded by the mock harness in tests, or
 * by the offline plan (`npm run plan`). It builds the same arguments the CrossGuard analyzer builds
 * (resource rules see a resource's inputs; stack rules see every resource's outputs, parents,
 * dependencies and property dependencies) and collects what the rules report.
 * Mirrors @pulumi/policy's server (`analyze` / `analyzeStack`), version 1.21.
 */
import type {
    EnforcementLevel,
    Policies,
    PolicyPackConfig,
    PolicyResource,
    PolicyResourceOptions,
    ResourceValidationArgs,
    ResourceValidationPolicy,
    StackValidationArgs,
    StackValidationPolicy,
} from "@pulumi/policy";
import { PACK_ENFORCEMENT_LEVEL } from "./defaults";
import { MEDALLION_POLICIES } from "./rules";

/** A resource to evaluate, as a program registers it. */
export interface EvaluatedResource {
    /** Type token, e.g. `aws:s3/bucket:Bucket`. */
    type: string;
    /** Logical name. */
    name: string;
    /** URN; one is made up from type and name when absent. */
    urn?: string;
    /** Inputs, Outputs resolved (what resource rules see). */
    inputs: Record<string, unknown>;
    /** Outputs, inputs included (what stack rules see); the inputs when absent. */
    outputs?: Record<string, unknown>;
    /** URN of the parent. */
    parentUrn?: string;
    /** URNs this resource depends on. */
    dependencies?: string[];
    /** Per input property, the URNs its value came from. */
    propertyDependencies?: Record<string, string[]>;
}

/** One violation a rule reported. */
export interface PolicyViolation {
    /** Rule id, e.g. `s3-sse-kms`. */
    policyName: string;
    /** `mandatory` blocks an update; `advisory` only warns. */
    enforcementLevel: EnforcementLevel;
    message: string;
    /** URN of the resource in violation, when the rule named one. */
    urn?: string;
}

/** Options of {@link evaluatePolicies}. */
export interface EvaluateOptions {
    /** Rules to run. @default MEDALLION_POLICIES (the whole pack) */
    policies?: Policies;
    /** Pack config, as in `--policy-pack-config`: per rule an enforcement level or `{ enforcementLevel?, ...config }`. */
    config?: PolicyPackConfig;
}

/** Thrown by `notApplicable()`; the evaluation skips the rule for that resource (or stack). */
export class NotApplicable extends Error {
    constructor(public readonly reason?: string) {
        super(reason ?? "not applicable");
        this.name = "NotApplicable";
    }
}

const DEFAULT_OPTIONS: PolicyResourceOptions = {
    protect: false,
    ignoreChanges: [],
    aliases: [],
    customTimeouts: { createSeconds: 0, updateSeconds: 0, deleteSeconds: 0 },
    additionalSecretOutputs: [],
};

function isTypeFunction(type: string) {
    return (resourceClass: object) => (resourceClass as { __pulumiType?: string }).__pulumiType === type;
}

function urnOf(resource: EvaluatedResource): string {
    return resource.urn ?? `urn:pulumi:offline::medallion-lake::${resource.type}::${resource.name}`;
}

/** The config the pack config sets for one rule, without its enforcement level. */
function configFor(config: PolicyPackConfig | undefined, policyName: string) {
    return <T extends object>(): T => {
        const entry = config?.[policyName];
        if (entry === undefined || typeof entry === "string") return {} as T;
        const { enforcementLevel: _level, ...properties } = entry;
        return properties as T;
    };
}

function enforcementLevelOf(
    config: PolicyPackConfig | undefined,
    policy: { name: string; enforcementLevel?: EnforcementLevel },
): EnforcementLevel {
    const entry = config?.[policy.name];
    const configured = typeof entry === "string" ? entry : entry?.enforcementLevel;
    const level = configured ?? policy.enforcementLevel ?? PACK_ENFORCEMENT_LEVEL;
    return level === "remediate" ? "mandatory" : level;
}

function throwNotApplicable(reason?: string): never {
    throw new NotApplicable(reason);
}

/** The arguments CrossGuard passes a resource rule for `resource`. */
export function resourceValidationArgs(
    resource: EvaluatedResource,
    policyName: string,
    config?: PolicyPackConfig,
): ResourceValidationArgs {
    const props = resource.inputs;
    const isType = isTypeFunction(resource.type);
    return {
        type: resource.type,
        props,
        urn: urnOf(resource),
        name: resource.name,
        opts: { ...DEFAULT_OPTIONS, parent: resource.parentUrn },
        stackTags: new Map(),
        isType,
        asType: ((resourceClass: object) =>
            isType(resourceClass) ? props : undefined) as ResourceValidationArgs["asType"],
        getConfig: configFor(config, policyName),
        notApplicable: throwNotApplicable,
    };
}

/** The `PolicyResource`s CrossGuard passes stack rules, linked to their parents and dependencies. */
export function policyResources(resources: EvaluatedResource[]): PolicyResource[] {
    const byUrn = new Map<string, PolicyResource>();
    const built = resources.map((resource) => {
        const props = resource.outputs ?? resource.inputs;
        const isType = isTypeFunction(resource.type);
        const policyResource: PolicyResource = {
            type: resource.type,
            props,
            urn: urnOf(resource),
            name: resource.name,
            opts: { ...DEFAULT_OPTIONS, parent: resource.parentUrn },
            dependencies: [],
            propertyDependencies: {},
            isType,
            asType: ((resourceClass: object) =>
                isType(resourceClass) ? props : undefined) as PolicyResource["asType"],
        };
        byUrn.set(policyResource.urn, policyResource);
        return { resource, policyResource };
    });
    const lookup = (urns: string[] | undefined) =>
        (urns ?? []).map((u) => byUrn.get(u)).filter((r): r is PolicyResource => r !== undefined);
    for (const { resource, policyResource } of built) {
        if (resource.parentUrn !== undefined) policyResource.parent = byUrn.get(resource.parentUrn);
        policyResource.dependencies = lookup(resource.dependencies);
        for (const [property, urns] of Object.entries(resource.propertyDependencies ?? {})) {
            policyResource.propertyDependencies[property] = lookup(urns);
        }
    }
    return built.map((b) => b.policyResource);
}

/** The arguments CrossGuard passes a stack rule. */
export function stackValidationArgs(
    resources: PolicyResource[],
    policyName: string,
    config?: PolicyPackConfig,
): StackValidationArgs {
    return {
        resources,
        stackTags: new Map(),
        getConfig: configFor(config, policyName),
        notApplicable: throwNotApplicable,
    };
}

function isStackPolicy(
    policy: ResourceValidationPolicy | StackValidationPolicy,
): policy is StackValidationPolicy {
    return typeof (policy as StackValidationPolicy).validateStack === "function";
}

async function runGuarded(run: () => void | Promise<void>): Promise<void> {
    try {
        await run();
    } catch (error) {
        if (!(error instanceof NotApplicable)) throw error;
    }
}

/**
 * Runs every rule over the resources and returns what they report, in rule order. Rules set to
 * `disabled` in the config are skipped.
 * @throws Error from a rule that fails (not a violation: a bug), prefixed with the rule's name.
 */
export async function evaluatePolicies(
    resources: EvaluatedResource[],
    options: EvaluateOptions = {},
): Promise<PolicyViolation[]> {
    const policies = options.policies ?? MEDALLION_POLICIES;
    const violations: PolicyViolation[] = [];
    const stackResources = policyResources(resources);
    for (const policy of policies) {
        const enforcementLevel = enforcementLevelOf(options.config, policy);
        if (enforcementLevel === "disabled") continue;
        const report = (message: string, urn?: string) =>
            violations.push({ policyName: policy.name, enforcementLevel, message, urn });
        try {
            if (isStackPolicy(policy)) {
                const args = stackValidationArgs(stackResources, policy.name, options.config);
                await runGuarded(() => policy.validateStack(args, report));
                continue;
            }
            const validations = [policy.validateResource ?? []].flat();
            for (const resource of resources) {
                const args = resourceValidationArgs(resource, policy.name, options.config);
                const reportForResource = (message: string) => report(message, args.urn);
                for (const validate of validations) {
                    await runGuarded(() => validate(args, reportForResource));
                }
            }
        } catch (error) {
            throw new Error(`policy ${policy.name} failed: ${(error as Error).message}`, { cause: error });
        }
    }
    return violations;
}
