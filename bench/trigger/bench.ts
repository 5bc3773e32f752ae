/**
 * Benchmark of the bronze trigger Lambda: bundle size, cold start, and handler latency (p50, p99) and
 * events per second against a moto Glue.
 *
 * Runs the bundle Pulumi ships (`lambdas/build.ts` output), loaded in this process with the Lambda
 * environment pointed at moto through `AWS_ENDPOINT_URL`. Each invocation gets an in-memory SQS event of
 * S3 notifications, so the figures are the handler's own (parse, plan, `StartJobRun`, log), without SQS
 * polling.
 *
 * Usage: `npx tsx bench/trigger/bench.ts [--invocations 200]`
 * Writes `bench/trigger/README.md` and `bench/results/trigger.json`.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { parseArgs } from "node:util";
import { GlueClient } from "@aws-sdk/client-glue";
import type { Context, SQSBatchResponse, SQSEvent } from "aws-lambda";
import { bundleLambda } from "../../lambdas/build";
import { MOTO_CREDENTIALS, MOTO_REGION, startMotoServer } from "../../scripts/local-cloud/moto-server";
import { createGlueJob } from "../../scripts/local-cloud/trigger-lake";
import {
    lambdaContext,
    s3EventNotification,
    sqsEvent,
    sqsRecord,
} from "../../tests/lambdas/trigger/fixtures";

type Handler = (event: SQSEvent, context: Context) => Promise<SQSBatchResponse>;

interface Scenario {
    readonly name: string;
    /** Notifications per invocation. */
    readonly batchSize: number;
    /** Datasets the notifications are spread over (one job run per dataset per invocation). */
    readonly datasets: number;
}

const SCENARIOS: Scenario[] = [
    { name: "10 events, 1 dataset (1 StartJobRun)", batchSize: 10, datasets: 1 },
    { name: "100 events, 1 dataset (1 StartJobRun)", batchSize: 100, datasets: 1 },
    { name: "100 events, 4 datasets (4 StartJobRun in parallel)", batchSize: 100, datasets: 4 },
];
const DATASETS = ["flights", "sales", "tweets", "weather"];
const WARMUP_INVOCATIONS = 20;

interface ScenarioResult {
    scenario: string;
    invocations: number;
    p50Ms: number;
    p99Ms: number;
    eventsPerSecond: number;
}

function percentile(sorted: readonly number[], p: number): number {
    const index = Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1);
    return sorted[Math.max(0, index)] ?? Number.NaN;
}

function batch(scenario: Scenario, invocation: number): SQSEvent {
    return sqsEvent(
        ...Array.from({ length: scenario.batchSize }, (_, i) => {
            const dataset = DATASETS[i % scenario.datasets] ?? "flights";
            const key = `${dataset}/2024/05/01/run ${invocation} part ${i}.csv`;
            return sqsRecord(s3EventNotification({ key }), `m-${invocation}-${i}`);
        }),
    );
}

async function measure(handler: Handler, scenario: Scenario, invocations: number): Promise<ScenarioResult> {
    const latencies: number[] = [];
    for (let n = 0; n < WARMUP_INVOCATIONS + invocations; n++) {
        const event = batch(scenario, n);
        const started = performance.now();
        const response = await handler(event, lambdaContext(`bench-${n}`));
        const elapsed = performance.now() - started;
        if (response.batchItemFailures.length > 0) {
            throw new Error(`${scenario.name}: ${response.batchItemFailures.length} messages failed`);
        }
        if (n >= WARMUP_INVOCATIONS) latencies.push(elapsed);
    }
    const sorted = [...latencies].sort((a, b) => a - b);
    const totalSeconds = latencies.reduce((sum, ms) => sum + ms, 0) / 1000;
    return {
        scenario: scenario.name,
        invocations,
        p50Ms: percentile(sorted, 50),
        p99Ms: percentile(sorted, 99),
        eventsPerSecond: (invocations * scenario.batchSize) / totalSeconds,
    };
}

async function main(): Promise<void> {
    const { values } = parseArgs({ options: { invocations: { type: "string", default: "200" } } });
    const invocations = Number.parseInt(values.invocations ?? "200", 10);
    if (!Number.isInteger(invocations) || invocations < 10) {
        throw new Error("--invocations must be an integer >= 10");
    }
    const repo = path.resolve(__dirname, "..", "..");
    const workDir = mkdtempSync(path.join(os.tmpdir(), "trigger-bench-"));
    const moto = await startMotoServer();
    try {
        const bundle = await bundleLambda(path.join(repo, "lambdas/trigger/handler.ts"), workDir);
        const glue = new GlueClient(moto.clientConfig);
        for (const dataset of DATASETS) await createGlueJob(glue, `${dataset}-silver`, 1_000_000);
        Object.assign(process.env, {
            DATASET_ROUTES: JSON.stringify(
                DATASETS.map((dataset) => ({
                    dataset,
                    bucket: "lake-bronze",
                    prefix: `${dataset}/`,
                    suffix: ".csv",
                    jobName: `${dataset}-silver`,
                })),
            ),
            AWS_ENDPOINT_URL: moto.endpoint,
            AWS_REGION: MOTO_REGION,
            AWS_ACCESS_KEY_ID: MOTO_CREDENTIALS.accessKeyId,
            AWS_SECRET_ACCESS_KEY: MOTO_CREDENTIALS.secretAccessKey,
            POWERTOOLS_LOG_LEVEL: "ERROR",
        });
        const initStarted = performance.now();
        const { handler } = require(bundle.outfile) as { handler: Handler };
        const initMs = performance.now() - initStarted;

        const results: ScenarioResult[] = [];
        for (const scenario of SCENARIOS) {
            results.push(await measure(handler, scenario, invocations));
            console.log(JSON.stringify(results.at(-1)));
        }
        const report = {
            date: new Date().toISOString().slice(0, 10),
            node: process.version,
            cpus: os.cpus().length,
            bundleBytes: bundle.bytes,
            bundleKB: Math.round((bundle.bytes / 1024) * 10) / 10,
            initMs,
            results,
        };
        mkdirSync(path.join(repo, "bench/results"), { recursive: true });
        writeFileSync(path.join(repo, "bench/results/trigger.json"), `${JSON.stringify(report, null, 4)}\n`);
        writeFileSync(path.join(repo, "bench/trigger/README.md"), renderReadme(report));
        console.log(`bundle ${report.bundleKB} KB, init ${initMs.toFixed(0)} ms`);
    } finally {
        await moto.stop();
        rmSync(workDir, { recursive: true, force: true });
    }
}

function renderReadme(report: {
    date: string;
    node: string;
    cpus: number;
    bundleKB: number;
    bundleBytes: number;
    initMs: number;
    results: ScenarioResult[];
}): string {
    const rows = report.results.map(
        (r) =>
            `| ${r.scenario} | ${r.invocations} | ${r.p50Ms.toFixed(1)} | ${r.p99Ms.toFixed(1)} | ${Math.round(r.eventsPerSecond)} |`,
    );
    return `# Trigger Lambda benchmark

Measured by \`npx tsx bench/trigger/bench.ts\` on ${report.date} (Node ${report.node}, ${report.cpus} CPUs,
moto server on loopback). Not part of the test suite; rerun it after changing \`lambdas/trigger/\`.
Raw figures: \`bench/results/trigger.json\` (not committed).

## Bundle

| artifact | size |
|---|---|
| \`index.js\` (esbuild, minified, AWS SDK Glue client + Powertools logger + zod/mini bundled) | ${report.bundleKB} KB (${report.bundleBytes} bytes) |

Cold start (loading the bundle and validating \`DATASET_ROUTES\` in this process): ${report.initMs.toFixed(0)} ms.

## Handler latency against moto

The bundled handler is invoked with in-memory SQS events of S3 notifications; each invocation starts one
Glue job run per dataset in moto (jobs allow unlimited concurrent runs, so no run is refused). Latency is
per invocation, after ${WARMUP_INVOCATIONS} warm-up invocations; events/s is notifications divided by the
summed handler time (one invocation at a time).

| scenario | invocations | p50 (ms) | p99 (ms) | events/s |
|---|---|---|---|---|
${rows.join("\n")}

The figures include moto's \`StartJobRun\` over loopback (moto's clock helper is replaced by a faster
equivalent, see \`scripts/local-cloud/moto-server.ts\`) and, on this shared 2-CPU machine, noise from other
processes, which shows in p99. In AWS, the \`StartJobRun\` round trip replaces moto's.
`;
}

main().catch((error: unknown) => {
    console.error(error);
    process.exitCode = 1;
});
