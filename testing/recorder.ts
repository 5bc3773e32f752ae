/** What the mocks record while a program runs: every resource and invoke, with lookups. */

/**
 * Resource properties as the engine passes them: any JSON-like value per property. Typed loosely so that a
 * test can reach into nested inputs (`inputs.extendedS3Configuration.roleArn`) without a cast per level.
 */
// biome-ignore lint/suspicious/noExplicitAny: property values are whatever the resource's schema allows
export type PropertyMap = Record<string, any>;

/** A resource registered under the mocks. */
export interface RecordedResource {
    /** Type token, e.g. `aws:s3/bucket:Bucket` or `medallion-lake:index:DataLake`. */
    type: string;
    /** Logical name. */
    name: string;
    /** Inputs as the engine received them (Outputs resolved). */
    inputs: PropertyMap;
    /** URN of this resource. */
    urn?: string;
    /** URN of its parent, if any. */
    parentUrn?: string;
    /** URNs this resource depends on (explicit `dependsOn` and implicit, through inputs). */
    dependencies: string[];
    /** Per input property, the URNs of the resources its value came from (e.g. `bucket` -> the Bucket). */
    propertyDependencies: Record<string, string[]>;
    /** What the mocked provider returned as the resource's state (its outputs), inputs included. */
    outputs: PropertyMap;
    /** Resource options the engine received: `retainOnDelete` and `replaceOnChanges`. */
    options: { retainOnDelete: boolean; replaceOnChanges: string[] };
    /** True for provider-managed resources, false for components. */
    custom: boolean;
}

/** An invoke (data source call) the program made. */
export interface RecordedInvoke {
    /** Function token, e.g. `aws:index/getCallerIdentity:getCallerIdentity`. */
    token: string;
    inputs: PropertyMap;
}

/** Everything registered during one run, with lookups. */
export class Recorder {
    readonly resources: RecordedResource[] = [];
    readonly invokes: RecordedInvoke[] = [];

    /** All resources of one type token. */
    ofType(type: string): RecordedResource[] {
        return this.resources.filter((r) => r.type === type);
    }

    /**
     * The one resource with this logical name (and type, when given).
     * @throws Error listing every registered resource when none or several match.
     */
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
