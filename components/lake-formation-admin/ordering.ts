/**
 * Ordering across components that must be built in the other order. Lake Formation needs the lake (its
 * buckets and databases) and the Glue roles to exist in the program before it can register and grant, yet
 * in AWS:
 * - the lake's Glue databases must be created after the data lake settings empty the default permissions
 *   (a database created before that keeps `IAM_ALLOWED_PRINCIPALS` and ignores Lake Formation), and
 * - Glue jobs and crawlers must be created after the grants their roles need (a crawler that runs before its
 *   grants fails with AccessDeniedException).
 *
 * A {@link LaterResources} is created before those components, handed to them as a resource
 * transformation, and resolved with the Lake Formation resources once they exist. Pulumi waits on the
 * promise before registering the matching children.
 * Follows https://www.pulumi.com/docs/iac/concepts/options/transformations/ and
 * https://www.pulumi.com/docs/iac/concepts/options/dependson/
 */
import * as pulumi from "@pulumi/pulumi";

/**
 * Resources created later in the program that earlier resources wait for. Resolve it exactly once; a
 * program that never resolves it never finishes registering the resources that wait.
 */
export class LaterResources {
    /** The resources, once {@link resolve} is called. */
    readonly resources: Promise<pulumi.Resource[]>;
    private settle?: (resources: pulumi.Resource[]) => void;

    /** @param description What the resources are, e.g. `Lake Formation data lake settings`; used in errors. */
    constructor(readonly description: string) {
        this.resources = new Promise((resolve) => {
            this.settle = resolve;
        });
    }

    /**
     * Hands over the resources the waiting resources depend on.
     * @throws Error when called twice.
     */
    resolve(resources: pulumi.Resource[]): void {
        if (this.settle === undefined) {
            throw new Error(`${this.description}: resolve() was already called; call it once`);
        }
        this.settle(resources);
        this.settle = undefined;
    }

    /**
     * A resource transformation (resource option `transformations`) that adds these resources to the
     * `dependsOn` of every resource, the component's children included, whose type token is in `types`,
     * e.g. `["aws:glue/catalogDatabase:CatalogDatabase"]`.
     * @throws Error from the transformation when a matching resource has an Output in `dependsOn`.
     */
    waitFor(types: readonly string[]): pulumi.ResourceTransformation {
        return (args) => {
            if (!types.includes(args.type)) return undefined;
            return {
                props: args.props,
                opts: { ...args.opts, dependsOn: this.after(args.name, args.opts.dependsOn) },
            };
        };
    }

    private async after(
        name: string,
        existing: pulumi.ResourceOptions["dependsOn"],
    ): Promise<pulumi.Resource[]> {
        const [before, later] = await Promise.all([flatten(name, existing), this.resources]);
        return [...before, ...later];
    }
}

type DependsOn = pulumi.ResourceOptions["dependsOn"] | pulumi.Input<pulumi.Resource>;

async function flatten(name: string, value: DependsOn): Promise<pulumi.Resource[]> {
    if (value === undefined) return [];
    if (pulumi.Output.isInstance(value)) {
        throw new Error(
            `${name}: dependsOn holds an Output, which LaterResources cannot merge; pass resources or promises`,
        );
    }
    const resolved = await value;
    if (Array.isArray(resolved)) {
        const lists = await Promise.all(resolved.map((item) => flatten(name, item)));
        return lists.flat();
    }
    return [resolved as pulumi.Resource];
}

/** Type tokens of the Glue resources that run as a granted role: jobs and crawlers. */
export const GLUE_RUNNER_TYPES: readonly string[] = ["aws:glue/job:Job", "aws:glue/crawler:Crawler"];

/** Anything that hands out the grants of a grantee label, e.g. a `LakeFormationAdmin`. */
export interface GrantSource {
    grantsFor(grantee: string): pulumi.Resource[];
}

/**
 * One {@link LaterResources} per grantee label: Glue jobs and crawlers created before the Lake Formation
 * component wait for the grants of their role.
 *
 * ```ts
 * const grantsReady = new LaterGrants();
 * const job = new EtlJob("bronze-to-silver", args, { transformations: [grantsReady.waitFor("job-bronze-to-silver")] });
 * const lf = new LakeFormationAdmin("lake-formation", { ..., dataAccess: glueDataAccess("job-bronze-to-silver", ...) });
 * grantsReady.resolve(lf); // or grantsReady.resolve(undefined) when Lake Formation is off
 * ```
 */
export class LaterGrants {
    private readonly gates = new Map<string, LaterResources>();
    private resolved = false;

    /**
     * A transformation making the jobs and crawlers (see {@link GLUE_RUNNER_TYPES}) of a component wait
     * for the grants of `grantee`.
     * @throws Error when called after {@link resolve} (the resources would never be registered).
     */
    waitFor(grantee: string, types: readonly string[] = GLUE_RUNNER_TYPES): pulumi.ResourceTransformation {
        if (this.resolved) {
            throw new Error(
                `LaterGrants.waitFor("${grantee}"): the grants were already handed out (resolve() ran), so this ` +
                    "resource would wait forever. Create the job or crawler before the Lake Formation block.",
            );
        }
        let gate = this.gates.get(grantee);
        if (gate === undefined) {
            gate = new LaterResources(`Lake Formation grants of "${grantee}"`);
            this.gates.set(grantee, gate);
        }
        return gate.waitFor(types);
    }

    /** The grantee labels something waits for, in the order first asked. */
    get grantees(): string[] {
        return [...this.gates.keys()];
    }

    /**
     * Releases every waiting resource: with the grantee's grants, or with nothing when `source` is
     * undefined (Lake Formation off).
     * @throws Error from `source.grantsFor` when a waited-for grantee has no grants (a wiring mistake).
     */
    resolve(source: GrantSource | undefined): void {
        this.resolved = true;
        for (const [grantee, gate] of this.gates) gate.resolve(source?.grantsFor(grantee) ?? []);
    }
}
