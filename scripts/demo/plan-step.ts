/**
 * Step 1 of the demo: the offline plan of the stack (the program under Pulumi's mock engine, as
 * `npm run plan` runs it), summarized as resources per top-level component, with the Mermaid diagram
 * written to `out/plan-<stack>.mmd`; and the names the rest of the demo uses ({@link demoTargets}).
 *
 * @module
 */
import { mkdirSync, writeFileSync } from "node:fs";
import path from "node:path";
import {
    type RecordedResource,
    type Recorder,
    readStackConfig,
    tryRunProgram,
} from "../../tests/support/pulumi-harness";
import { renderMermaid, shortType } from "../plan";
import { REPO_ROOT } from "./paths";
import { type DemoTargets, demoTargets } from "./stack-targets";

/** Resources under one top-level component (or one top-level resource). */
export interface ComponentCount {
    /** `<ComponentType> <logical name>`, e.g. `DataLake lake`. */
    readonly component: string;
    /** Provider resources under it, at any depth (the component itself not counted). */
    readonly resources: number;
}

/** What the plan step found. */
export interface PlanSummary {
    readonly components: ComponentCount[];
    /** Every provider resource of the plan. */
    readonly totalResources: number;
    /** Absolute paths of the Mermaid diagram and of the JSON listing. */
    readonly diagramFile: string;
    readonly listingFile: string;
    readonly targets: DemoTargets;
}

/** Provider resources under each top-level component, in registration order. */
export function countByComponent(recorder: Recorder): ComponentCount[] {
    const count = (node: RecordedResource): number =>
        recorder.childrenOf(node).reduce((sum, child) => sum + (child.custom ? 1 : 0) + count(child), 0);
    return recorder.resources
        .filter((r) => r.parentUrn === undefined)
        .map((root) => ({
            component: `${shortType(root.type)} ${root.name}`,
            resources: root.custom ? 1 : count(root),
        }));
}

/**
 * Runs the offline plan of `stack`, writes its diagram and listing under `outDir`, and reads the demo's
 * targets from it.
 *
 * @throws Error when the stack does not build (the program's own error message is kept).
 */
export async function planStack(stack: string, outDir: string, dataset: string): Promise<PlanSummary> {
    const config = readStackConfig(stack);
    const run = await tryRunProgram(config, stack);
    if (run.error !== undefined) {
        const message = run.error instanceof Error ? run.error.message : String(run.error);
        throw new Error(
            `the ${stack} stack does not build (npm run plan -- --stack ${stack} shows the same):\n${message}`,
        );
    }
    const { recorder } = run;
    const dir = path.resolve(REPO_ROOT, outDir);
    mkdirSync(dir, { recursive: true });
    const diagramFile = path.join(dir, `plan-${stack}.mmd`);
    const listingFile = path.join(dir, `plan-${stack}.json`);
    writeFileSync(diagramFile, renderMermaid(recorder));
    const listing = recorder.resources.map((r) => ({ type: r.type, name: r.name, inputs: r.inputs }));
    writeFileSync(listingFile, `${JSON.stringify(listing, null, 2)}\n`);
    return {
        components: countByComponent(recorder),
        totalResources: recorder.resources.filter((r) => r.custom).length,
        diagramFile,
        listingFile,
        targets: demoTargets(recorder, run.outputs, config, stack, dataset),
    };
}
