/**
 * Offline plan: what `pulumi up` would create for a stack, without AWS credentials or the Pulumi CLI.
 * Runs the program (index.ts) with the stack's `Pulumi.<stack>.yaml` under Pulumi's mock engine and prints
 * a tree of components and resources, counts by type, the cost estimate (idle per month, worst case per Glue
 * job and Athena query; docs/cost.md) and the policy pack's verdict, and writes a Mermaid diagram of every
 * resource, a zone-level one to read (zones, sources, trigger, jobs, crawlers; scripts/zone-diagram.ts) and a
 * JSON listing.
 *
 * Usage: npm run plan [-- --stack dev] [--out out] [--json] [--policy-config <pack config JSON>]
 */
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import * as path from "node:path";
import { parseArgs } from "node:util";
import type { PolicyPackConfig } from "@pulumi/policy";
import { evaluatePolicies } from "../policies/evaluate";
import { MEDALLION_POLICIES } from "../policies/rules";
import { idleMonthlyCost } from "../policies/rules/cost/idle";
import { PRICE_TABLE } from "../policies/rules/cost/prices";
import type { CostedResource } from "../policies/rules/cost/resources";
import { athenaWorstCases, jobWorstCases } from "../policies/rules/cost/worst-case";
import {
    type MockAwsEnvironment,
    REPO_ROOT,
    type RecordedResource,
    type Recorder,
    readStackConfig,
    tryRunProgram,
} from "../tests/support/pulumi-harness";
import { renderZoneMermaid, zoneGraph } from "./zone-diagram";

/** S3 configuration resources shown folded into their bucket in the diagram. */
const FOLDED_TYPES = new Set([
    "aws:s3/bucketPublicAccessBlock:BucketPublicAccessBlock",
    "aws:s3/bucketOwnershipControls:BucketOwnershipControls",
    "aws:s3/bucketServerSideEncryptionConfiguration:BucketServerSideEncryptionConfiguration",
    "aws:s3/bucketVersioning:BucketVersioning",
    "aws:s3/bucketPolicy:BucketPolicy",
    "aws:s3/bucketLogging:BucketLogging",
    "aws:s3/bucketLifecycleConfiguration:BucketLifecycleConfiguration",
]);

/** Short label of a type token: `aws:s3/bucket:Bucket` -> `s3.Bucket`. */
export function shortType(type: string): string {
    const [pkg, module, name] = type.split(":");
    if (pkg === "medallion-lake") return name;
    return `${(module ?? "").split("/")[0]}.${name}`;
}

const BUCKET_SETTINGS = [
    "public-access",
    "ownership",
    "encryption",
    "versioning",
    "policy",
    "logging",
    "lifecycle",
];

/** The S3 setting resources registered for a bucket (named `<bucket>-<setting>`), by setting. */
function bucketSettings(recorder: Recorder, bucket: RecordedResource): RecordedResource[] {
    const settingOf = (r: RecordedResource) =>
        BUCKET_SETTINGS.findIndex((s) => r.name === `${bucket.name}-${s}`);
    return recorder.resources
        .filter((r) => FOLDED_TYPES.has(r.type) && r.parentUrn === bucket.parentUrn && settingOf(r) >= 0)
        .sort((a, b) => settingOf(a) - settingOf(b));
}

/** The resource tree as indented text lines; a bucket's S3 settings are listed on the bucket's line. */
export function renderTree(recorder: Recorder): string[] {
    const lines: string[] = [];
    const folded = new Set<RecordedResource>();
    for (const bucket of recorder.ofType("aws:s3/bucket:Bucket")) {
        for (const setting of bucketSettings(recorder, bucket)) folded.add(setting);
    }
    const walk = (resource: RecordedResource, depth: number) => {
        const physical = resource.inputs.bucket ?? resource.inputs.name;
        const label = typeof physical === "string" && physical !== resource.name ? `  (${physical})` : "";
        const settings =
            resource.type === "aws:s3/bucket:Bucket"
                ? `  [${bucketSettings(recorder, resource)
                      .map((r) => r.name.slice(resource.name.length + 1))
                      .join(", ")}]`
                : "";
        lines.push(
            `${"  ".repeat(depth)}${resource.custom ? "-" : "+"} ${shortType(resource.type)} ${resource.name}${label}${settings}`,
        );
        for (const child of recorder.childrenOf(resource)) if (!folded.has(child)) walk(child, depth + 1);
    };
    for (const root of recorder.resources.filter((r) => !r.parentUrn)) walk(root, 0);
    return lines;
}

/** Resource counts by type token, most frequent first. */
export function countByType(recorder: Recorder): [string, number][] {
    const counts = new Map<string, number>();
    for (const r of recorder.resources) counts.set(r.type, (counts.get(r.type) ?? 0) + 1);
    return [...counts.entries()].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]));
}

/** A Mermaid flowchart: a subgraph per component, a node per resource (S3 settings folded), dependency edges. */
export function renderMermaid(recorder: Recorder): string {
    const id = (r: RecordedResource) => `n${recorder.resources.indexOf(r)}`;
    const shown = (r: RecordedResource) => !FOLDED_TYPES.has(r.type);
    const lines = ["flowchart LR"];
    const walk = (resource: RecordedResource, depth: number) => {
        const pad = "  ".repeat(depth + 1);
        if (!resource.custom) {
            lines.push(`${pad}subgraph ${id(resource)}["${shortType(resource.type)}: ${resource.name}"]`);
            for (const child of recorder.childrenOf(resource)) walk(child, depth + 1);
            lines.push(`${pad}end`);
        } else if (shown(resource)) {
            lines.push(`${pad}${id(resource)}["${shortType(resource.type)}<br/>${resource.name}"]`);
        }
    };
    for (const root of recorder.resources.filter((r) => !r.parentUrn)) walk(root, 0);
    for (const r of recorder.resources.filter((x) => x.custom && shown(x))) {
        for (const dep of r.dependencies) {
            const target = recorder.byUrn(dep);
            if (target?.custom && shown(target) && target !== r) lines.push(`  ${id(target)} --> ${id(r)}`);
        }
    }
    return `${lines.join("\n")}\n`;
}

/**
 * What the mocked AWS answers for a stack: its `aws:region` and the first of its `aws:allowedAccountIds` (so
 * ARNs carry the stack's own account), the harness defaults for what the config does not set.
 */
export function planEnvironment(config: Record<string, string>): Partial<MockAwsEnvironment> {
    const env: Partial<MockAwsEnvironment> = {};
    if (config["aws:region"] !== undefined) env.region = config["aws:region"];
    let accounts: unknown;
    try {
        accounts = JSON.parse(config["aws:allowedAccountIds"] ?? "[]");
    } catch {
        accounts = [];
    }
    const account = Array.isArray(accounts) ? accounts[0] : undefined;
    if (typeof account === "string" && /^\d{12}$/.test(account)) {
        env.accountId = account;
        env.callerArn = `arn:aws:sts::${account}:assumed-role/platform-deployer/ci-session`;
    }
    return env;
}

const money = (usd: number) => `$${usd.toFixed(2)}`;

/**
 * The cost estimate as text lines: the idle monthly cost with its items, then the worst case of each Glue
 * job (per run, and per month when scheduled) and of one Athena query per workgroup, priced for `region`
 * from the pinned price table. A region without prices is said to have none.
 */
export function renderCostEstimate(resources: CostedResource[], region: string): string[] {
    const idle = idleMonthlyCost(resources, region);
    const source = `price table of ${PRICE_TABLE.readOn}, policies/rules/cost/prices.ts`;
    if (!idle.priced) {
        return [
            `Cost estimate: no prices for ${region} in the ${source} (it has ${Object.keys(PRICE_TABLE.regions).join(", ")}); nothing estimated.`,
        ];
    }
    const lines = [`Idle monthly cost in ${region}: ${money(idle.totalUsd)} (${source}; see docs/cost.md)`];
    for (const i of idle.items) {
        lines.push(`  ${money(i.monthlyUsd).padStart(9)}  ${i.item} ${i.resource}: ${i.formula}`);
    }
    for (const missing of idle.unpriced) lines.push(`  not priced: ${missing}`);
    for (const note of idle.notes) lines.push(`  $0: ${note}`);
    lines.push("", "Worst case per Glue job (every run reaches its timeout):");
    for (const job of jobWorstCases(resources, region)) {
        lines.push(`  ${job.resource}: ${job.formula}`);
    }
    lines.push("", "Worst case per Athena query (stopped at the workgroup's bytes-scanned cut-off):");
    for (const workgroup of athenaWorstCases(resources, region)) {
        const perQuery =
            workgroup.perQueryUsd === undefined ? "no upper bound" : `$${workgroup.perQueryUsd}/query`;
        lines.push(`  ${workgroup.resource}: ${perQuery} (${workgroup.formula})`);
    }
    return lines;
}

/**
 * What to tell the user when `Pulumi.<stack>.yaml` is missing from `dir`: the file, the stacks that exist and
 * how to create it; undefined when the file exists.
 */
export function missingStackFileMessage(stack: string, dir: string = REPO_ROOT): string | undefined {
    const file = path.join(dir, `Pulumi.${stack}.yaml`);
    if (existsSync(file)) return undefined;
    const stacks = readdirSync(dir)
        .map((name) => /^Pulumi\.(.+)\.yaml$/.exec(name)?.[1])
        .filter((name): name is string => name !== undefined)
        .sort();
    return [
        `No stack file for stack "${stack}": ${file} does not exist.`,
        `Stacks with a file here: ${stacks.length > 0 ? stacks.join(", ") : "none"}.`,
        `Create it with \`pulumi stack init ${stack}\` and \`pulumi config set\` (see "Deploying for real" in README.md),`,
        `or copy Pulumi.dev.yaml to Pulumi.${stack}.yaml and edit aws:region and aws:allowedAccountIds.`,
    ].join("\n");
}

async function main(): Promise<void> {
    const { values } = parseArgs({
        options: {
            stack: { type: "string", default: "dev" },
            out: { type: "string", default: "out" },
            json: { type: "boolean", default: false },
            "policy-config": { type: "string" },
        },
    });
    const stack = values.stack as string;
    const missing = missingStackFileMessage(stack);
    if (missing !== undefined) {
        console.error(missing);
        process.exit(2);
    }
    const config = readStackConfig(stack);
    const region = config["aws:region"] ?? "(aws:region not set)";
    const policyConfigFile = values["policy-config"] as string | undefined;
    const policyConfig: PolicyPackConfig | undefined =
        policyConfigFile === undefined ? undefined : JSON.parse(readFileSync(policyConfigFile, "utf8"));
    const run = await tryRunProgram(config, stack, planEnvironment(config));
    if (run.error !== undefined) {
        console.error(
            `The ${stack} stack does not build:\n${run.error instanceof Error ? run.error.message : String(run.error)}`,
        );
        process.exit(1);
    }
    const { recorder } = run;
    const outDir = path.resolve(REPO_ROOT, values.out as string);
    mkdirSync(outDir, { recursive: true });
    const mermaidFile = path.join(outDir, `plan-${stack}.mmd`);
    const jsonFile = path.join(outDir, `plan-${stack}.json`);
    writeFileSync(mermaidFile, renderMermaid(recorder));
    const zonesFile = path.join(outDir, `plan-${stack}-zones.mmd`);
    writeFileSync(zonesFile, renderZoneMermaid(zoneGraph(recorder)));
    const listing = recorder.resources.map((r) => ({ type: r.type, name: r.name, inputs: r.inputs }));
    writeFileSync(jsonFile, `${JSON.stringify(listing, null, 2)}\n`);

    if (values.json) {
        console.log(JSON.stringify(listing, null, 2));
        return;
    }
    console.log(`Offline plan of stack "${stack}" (Pulumi mock engine; no AWS calls, no Pulumi CLI)\n`);
    console.log(renderTree(recorder).join("\n"));
    console.log(`\nResources by type (${recorder.resources.length} in all):`);
    for (const [type, count] of countByType(recorder)) console.log(`  ${String(count).padStart(4)}  ${type}`);
    console.log("\nStack outputs:");
    for (const [key, value] of Object.entries(run.outputs)) console.log(`  ${key}: ${JSON.stringify(value)}`);
    console.log("");
    const costed = recorder.resources.map((r) => ({ type: r.type, name: r.name, props: r.inputs }));
    console.log(renderCostEstimate(costed, region).join("\n"));
    const violations = await evaluatePolicies(recorder.resources, { config: policyConfig });
    const mandatory = violations.filter((v) => v.enforcementLevel === "mandatory").length;
    console.log(
        `\nPolicy pack (${MEDALLION_POLICIES.length} rules, policies/): ${mandatory} mandatory and ${violations.length - mandatory} advisory violations`,
    );
    for (const v of violations) console.log(`  [${v.enforcementLevel}] ${v.policyName}: ${v.message}`);
    console.log(`\nZone diagram (Mermaid): ${path.relative(process.cwd(), zonesFile)}`);
    console.log(`Full resource graph (Mermaid): ${path.relative(process.cwd(), mermaidFile)}`);
    console.log(`Full listing with inputs (JSON): ${path.relative(process.cwd(), jsonFile)}`);
    if (mandatory > 0) process.exitCode = 1;
}

if (require.main === module) {
    main().catch((err) => {
        console.error(err);
        process.exit(1);
    });
}
