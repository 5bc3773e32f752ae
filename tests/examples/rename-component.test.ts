/**
 * examples/rename-component: a DataLake renamed from "lake" to "datalake" with an alias keeps the URN of
 * every resource it had. The mocks run the SDK's own alias computation (the one it uses when the engine
 * does not take alias specs), which gives each child the old URN the engine would match: the old parent's
 * URN, the old child name (`lake-<role>` for `datalake-<role>`), the same type.
 */
import * as pulumi from "@pulumi/pulumi";
import { expect } from "chai";
import { DataLake, type DataLakeArgs } from "../../components";
import { NEW_NAME, OLD_NAME, renamedLake } from "../../examples/rename-component/renamed-lake";
import { type Recorder, resolve, settle, setupPulumiMocks } from "../support/pulumi-harness";

const ARGS: DataLakeArgs = {
    accountId: "123456789012",
    region: "eu-west-1",
    naming: { project: "medallion-lake", stack: "dev" },
};

interface Planned {
    recorder: Recorder;
    /** Alias URNs each resource registered with, by URN (what the SDK computes without alias specs). */
    aliasUrns: Map<string, string[]>;
    /** Alias specs each resource registered with, by URN (what the engine takes and resolves itself). */
    aliasSpecs: Map<string, AliasSpec[]>;
}

/** The fields of an alias spec (pulumirpc Alias.Spec) this test reads. */
interface AliasSpec {
    name: string;
    type: string;
    stack: string;
    project: string;
    parenturn?: string;
    noparent?: boolean;
}

interface RegisterRequest {
    getType(): string;
    getName(): string;
    getAliasurnsList(): string[];
    getAliasesList(): { toObject(): { urn?: string; spec?: AliasSpec } }[];
}

/** The runtime's settings store, where `supportsAliasSpecs` says whether the SDK computes child aliases. */
function runtimeStore(): { supportsAliasSpecs: boolean } {
    // Not re-exported by @pulumi/pulumi's index; setMocks sets it (to true) in the same store.
    return require("@pulumi/pulumi/runtime/state").getStore();
}

/**
 * Registers what `build` creates under fresh mocks and records every registration's aliases. With
 * `aliasSpecs` false the SDK computes each child's alias URNs from its parent's aliases, as the engine does
 * with the specs it receives.
 */
async function plan(build: () => void, aliasSpecs = false): Promise<Planned> {
    const recorder = setupPulumiMocks({}, "dev");
    runtimeStore().supportsAliasSpecs = aliasSpecs;
    const byKey = new Map<string, { urns: string[]; specs: AliasSpec[] }>();
    const monitor = pulumi.runtime.getMonitor() as unknown as {
        registerResource(req: RegisterRequest, cb: unknown): void;
    };
    const register = monitor.registerResource.bind(monitor);
    monitor.registerResource = (req, cb) => {
        const specs = req.getAliasesList().flatMap((a) => {
            const spec = a.toObject().spec;
            return spec === undefined ? [] : [spec];
        });
        byKey.set(`${req.getType()}::${req.getName()}`, { urns: req.getAliasurnsList(), specs });
        register(req, cb);
    };
    build();
    await settle();
    const aliasUrns = new Map<string, string[]>();
    const specs = new Map<string, AliasSpec[]>();
    for (const r of recorder.resources) {
        const registered = byKey.get(`${r.type}::${r.name}`);
        aliasUrns.set(r.urn as string, registered?.urns ?? []);
        specs.set(r.urn as string, registered?.specs ?? []);
    }
    return { recorder, aliasUrns, aliasSpecs: specs };
}

/** The name the cloud knows a resource by: the bucket, the KMS alias or database name, else none. */
function physicalName(inputs: Record<string, unknown>): unknown {
    return inputs.bucket ?? inputs.name ?? null;
}

/** Every URN a resource of `p` answers to: its own and its aliases' (`extra` adds URNs by resource URN). */
function answersTo(p: Planned, extra: Map<string, string[]> = new Map()): Map<string, string[]> {
    const out = new Map<string, string[]>();
    for (const r of p.recorder.resources) {
        const urn = r.urn as string;
        out.set(urn, [urn, ...(p.aliasUrns.get(urn) ?? []), ...(extra.get(urn) ?? [])]);
    }
    return out;
}

/** For each old resource, the new resources that claim its URN, with whether type and physical name match. */
function claims(original: Planned, next: Planned, urns: Map<string, string[]>) {
    return original.recorder.resources.map((old) => ({
        old: old.name,
        claimants: next.recorder.resources
            .filter((r) => (urns.get(r.urn as string) ?? []).includes(old.urn as string))
            .map((r) => ({
                name: r.name,
                sameType: r.type === old.type,
                samePhysicalName: physicalName(r.inputs) === physicalName(old.inputs),
            })),
    }));
}

const LAKE_TYPE = "medallion-lake:index:DataLake";

describe("example: rename a component without replacing it (aliases)", () => {
    let original: Planned;
    let renamed: Planned;
    let renamedWithSpecs: Planned;
    let unaliased: Planned;
    /** The URN the engine makes of the renamed component's alias spec (a top-level resource's). */
    let componentAliasUrn: string;

    before(async () => {
        original = await plan(() => new DataLake(OLD_NAME, ARGS));
        renamed = await plan(() => renamedLake(ARGS));
        unaliased = await plan(() => new DataLake(NEW_NAME, ARGS));
        renamedWithSpecs = await plan(() => renamedLake(ARGS), true);
        const lake = renamedWithSpecs.recorder.named(NEW_NAME, LAKE_TYPE);
        const [spec] = renamedWithSpecs.aliasSpecs.get(lake.urn as string) ?? [];
        componentAliasUrn = await resolve(pulumi.createUrn(spec.name || lake.name, spec.type || lake.type));
    });

    after(() => {
        runtimeStore().supportsAliasSpecs = true;
    });

    it("plans the same resources under the new name, every one of them renamed", () => {
        expect(original.recorder.resources.length).to.be.greaterThan(50);
        const expected = original.recorder.resources
            .map((r) => `${r.type} ${NEW_NAME}${r.name.slice(OLD_NAME.length)}`)
            .sort();
        expect(renamed.recorder.resources.map((r) => `${r.type} ${r.name}`).sort()).to.deep.equal(expected);
        expect(renamed.recorder.resources.filter((r) => r.name.startsWith(`${OLD_NAME}-`))).to.deep.equal([]);
    });

    it("registers the component with one alias spec, the old name, and nothing else changed", () => {
        const lake = renamedWithSpecs.recorder.named(NEW_NAME, LAKE_TYPE);
        expect(renamedWithSpecs.aliasSpecs.get(lake.urn as string)).to.deep.equal([
            { name: OLD_NAME, type: "", stack: "", project: "", parenturn: undefined, noparent: undefined },
        ]);
        const old = original.recorder.named(OLD_NAME, LAKE_TYPE);
        expect(old.urn).to.equal("urn:pulumi:dev::medallion-lake::medallion-lake:index:DataLake::lake");
        expect(componentAliasUrn).to.equal(old.urn);
    });

    it("gives every child the URN its old name had (lake-bronze for datalake-bronze)", () => {
        const bronze = renamed.recorder.named(`${NEW_NAME}-bronze`, "aws:s3/bucket:Bucket");
        expect(renamed.aliasUrns.get(bronze.urn as string)).to.include(
            "urn:pulumi:dev::medallion-lake::medallion-lake:index:DataLake$aws:s3/bucket:Bucket::lake-bronze",
        );
        // Children need no alias spec of their own: the engine derives theirs from the component's.
        const childSpecs = renamedWithSpecs.recorder.resources
            .filter((r) => r.type !== LAKE_TYPE)
            .flatMap((r) => renamedWithSpecs.aliasSpecs.get(r.urn as string) ?? [])
            .filter((spec) => spec.name === OLD_NAME || spec.name.startsWith(`${OLD_NAME}-`));
        expect(childSpecs).to.deep.equal([]);
    });

    it("has each old resource claimed by exactly one new one, of its type and with its physical name", () => {
        const lake = renamed.recorder.named(NEW_NAME, LAKE_TYPE);
        const urns = answersTo(renamed, new Map([[lake.urn as string, [componentAliasUrn]]]));
        for (const { old, claimants } of claims(original, renamed, urns)) {
            expect(claimants, old).to.deep.equal([
                { name: `${NEW_NAME}${old.slice(OLD_NAME.length)}`, sameType: true, samePhysicalName: true },
            ]);
        }
    });

    it("keeps every bucket name, since none derives from the logical name", () => {
        const names = (p: Planned) =>
            p.recorder
                .ofType("aws:s3/bucket:Bucket")
                .map((b) => b.inputs.bucket)
                .sort();
        expect(names(renamed)).to.deep.equal(names(original));
        expect(names(renamed)).to.include("medallion-lake-dev-bronze-123456789012-eu-west-1");
    });

    it("without the alias, no new resource claims an old URN: pulumi up would delete and recreate them all", () => {
        const claimed = claims(original, unaliased, answersTo(unaliased)).filter(
            ({ claimants }) => claimants.length > 0,
        );
        expect(claimed).to.deep.equal([]);
    });
});
