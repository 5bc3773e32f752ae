/**
 * Benchmark of the bronze trigger Lambda, today's handler (before issue 15, read from git) against the
 * current one, in one run: bundle size, and sustained objects per second through queue -> handler ->
 * Glue, with p50/p99 per invocation, against moto.
 *
 * Each variant: a fresh moto server, 2,000 S3 notifications in a real moto SQS queue, drained by the
 * event-source-mapping loop (scripts/local-cloud/event-source-mapping.ts: batch size 100, 2 concurrent
 * pollers) into the bundled handler, whose Glue client talks to moto (`AWS_ENDPOINT_URL`). Job runs stay
 * STARTING (moto manual transitions never advanced), so:
 * - today's handler gets a job allowing unlimited concurrent runs (its best case: one StartJobRun per
 *   batch, never refused; with MaxConcurrentRuns 1 it refuses every batch but one);
 * - the current handler gets MaxConcurrentRuns 1, as deployed: one GetJobRuns per batch, joining the
 *   STARTING run.
 *
 * Usage: `npx tsx bench/trigger/bench.ts [--messages 2000] [--baseline <git rev>]`
 * Writes `bench/trigger/README.md` and `bench/results/trigger.json`.
 */
import { execFileSync } from "node:child_process";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { parseArgs } from "node:util";
import { GlueClient } from "@aws-sdk/client-glue";
import { SQSClient } from "@aws-sdk/client-sqs";
import type { Context, SQSBatchResponse, SQSEvent } from "aws-lambda";
import { build } from "esbuild";
import { BUNDLE_TARGET, bundleLambda } from "../../lambdas/build";
import { runEventSourceMapping } from "../../scripts/local-cloud/event-source-mapping";
import { MOTO_CREDENTIALS, MOTO_REGION, startMotoServer } from "../../scripts/local-cloud/moto-server";
import {
    createGlueJob,
    createTriggerQueues,
    listJobRuns,
    sendBodies,
} from "../../scripts/local-cloud/trigger-lake";
import { s3EventNotification } from "../../tests/lambdas/trigger/fixtures";

type Handler = (event: SQSEvent, context: Context) => Promise<SQSBatchResponse>;

/** The last commit before the bookmark design (issue 15). */
const DEFAULT_BASELINE = "1bd00818a03c791a314708afb4b76ba1a97437d4";
const JOB = "flights-silver";

interface VariantResult {
    variant: string;
    bundleBytes: number;
    messages: number;
    invocations: number;
    jobRunsStarted: number;
    seconds: number;
    objectsPerSecond: number;
    p50Ms: number;
    p99Ms: number;
}

function percentile(sorted: readonly number[], p: number): number {
    const index = Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1);
    return sorted[Math.max(0, index)] ?? Number.NaN;
}

/** Copies `lambdas/trigger` at `rev` into `dir` (inside the repository, so its imports resolve). */
function checkoutTrigger(repo: string, rev: string, dir: string): void {
    const files = execFileSync("git", ["ls-tree", "--name-only", rev, "lambdas/trigger/"], {
        cwd: repo,
        encoding: "utf8",
    })
        .split("\n")
        .filter((name) => name.endsWith(".ts"));
    mkdirSync(dir, { recursive: true });
    for (const file of files) {
        const text = execFileSync("git", ["show", `${rev}:${file}`], { cwd: repo, encoding: "utf8" });
        writeFileSync(path.join(dir, path.basename(file)), text);
    }
}

/** Today's bundle as today's lambdas/build.ts built it: everything bundled, the AWS SDK included. */
async function fullBundleBytes(entry: string): Promise<number> {
    const result = await build({
        entryPoints: [entry],
        bundle: true,
        platform: "node",
        target: BUNDLE_TARGET,
        format: "cjs",
        minify: true,
        legalComments: "none",
        mainFields: ["module", "main"],
        write: false,
        logLevel: "silent",
    });
    return result.outputFiles[0]?.contents.byteLength ?? 0;
}

async function runVariant(
    variant: string,
    entry: string,
    bundleBytes: number,
    maxConcurrentRuns: number,
    messages: number,
    workDir: string,
): Promise<VariantResult> {
    const moto = await startMotoServer();
    try {
        await moto.setTransition("glue::job_run", { progression: "manual", times: 1_000_000 });
        const glue = new GlueClient(moto.clientConfig);
        const sqs = new SQSClient(moto.clientConfig);
        await createGlueJob(glue, JOB, maxConcurrentRuns);
        const queues = await createTriggerQueues(sqs, "bronze-trigger", 10);
        const bundle = await bundleLambda(entry, path.join(workDir, variant));
        Object.assign(process.env, {
            DATASET_ROUTES: JSON.stringify([
                {
                    dataset: "flights",
                    bucket: "lake-bronze",
                    prefix: "flights/",
                    suffix: ".csv",
                    jobName: JOB,
                },
            ]),
            AWS_ENDPOINT_URL: moto.endpoint,
            AWS_REGION: MOTO_REGION,
            AWS_ACCESS_KEY_ID: MOTO_CREDENTIALS.accessKeyId,
            AWS_SECRET_ACCESS_KEY: MOTO_CREDENTIALS.secretAccessKey,
            POWERTOOLS_LOG_LEVEL: "ERROR",
            POWERTOOLS_METRICS_DISABLED: "true",
        });
        const { handler } = require(bundle.outfile) as { handler: Handler };
        await sendBodies(
            sqs,
            queues.queueUrl,
            Array.from({ length: messages }, (_, i) =>
                s3EventNotification({ key: `flights/2024/05/01/part ${i}.csv` }),
            ),
        );
        const started = performance.now();
        const stats = await runEventSourceMapping({
            sqs,
            queueUrl: queues.queueUrl,
            queueArn: queues.queueArn,
            handler,
            batchSize: 100,
            pollers: 2,
            visibilityTimeoutTicks: 1,
            maxTicks: 10_000,
        });
        const seconds = (performance.now() - started) / 1000;
        const sorted = [...stats.invocationMs].sort((a, b) => a - b);
        const runs = await listJobRuns(glue, JOB);
        sqs.destroy();
        glue.destroy();
        return {
            variant,
            bundleBytes,
            messages,
            invocations: stats.invocations,
            jobRunsStarted: runs.length,
            seconds,
            objectsPerSecond: messages / seconds,
            p50Ms: percentile(sorted, 50),
            p99Ms: percentile(sorted, 99),
        };
    } finally {
        await moto.stop();
    }
}

async function main(): Promise<void> {
    const { values } = parseArgs({
        options: {
            messages: { type: "string", default: "2000" },
            baseline: { type: "string", default: DEFAULT_BASELINE },
        },
    });
    const messages = Number.parseInt(values.messages ?? "2000", 10);
    const baseline = values.baseline ?? DEFAULT_BASELINE;
    const repo = path.resolve(__dirname, "..", "..");
    mkdirSync(path.join(repo, ".cache"), { recursive: true });
    const workDir = mkdtempSync(path.join(repo, ".cache", "trigger-bench-"));
    try {
        const oldDir = path.join(workDir, "today-src");
        checkoutTrigger(repo, baseline, oldDir);
        const oldEntry = path.join(oldDir, "handler.ts");
        const newEntry = path.join(repo, "lambdas/trigger/handler.ts");
        const newBundle = await bundleLambda(newEntry, path.join(workDir, "size"));
        const results = [
            await runVariant(
                "today",
                oldEntry,
                await fullBundleBytes(oldEntry),
                1_000_000,
                messages,
                workDir,
            ),
            await runVariant("new", newEntry, newBundle.bytes, 1, messages, workDir),
        ];
        for (const result of results) console.log(JSON.stringify(result));
        const report = {
            date: new Date().toISOString().slice(0, 10),
            node: process.version,
            cpus: os.cpus().length,
            baseline,
            results,
        };
        mkdirSync(path.join(repo, "bench/results"), { recursive: true });
        writeFileSync(path.join(repo, "bench/results/trigger.json"), `${JSON.stringify(report, null, 4)}\n`);
        writeFileSync(path.join(repo, "bench/trigger/README.md"), renderReadme(report));
    } finally {
        rmSync(workDir, { recursive: true, force: true });
    }
}

function renderReadme(report: {
    date: string;
    node: string;
    cpus: number;
    baseline: string;
    results: VariantResult[];
}): string {
    const kb = (bytes: number) => `${(bytes / 1024).toFixed(1)} KB`;
    const rows = report.results.map(
        (r) =>
            `| ${r.variant} | ${kb(r.bundleBytes)} | ${r.messages} | ${r.invocations} | ${r.jobRunsStarted} | ${r.seconds.toFixed(1)} | ${Math.round(r.objectsPerSecond)} | ${r.p50Ms.toFixed(1)} | ${r.p99Ms.toFixed(1)} |`,
    );
    return `# Trigger Lambda benchmark

Measured by \`npx tsx bench/trigger/bench.ts\` on ${report.date} (Node ${report.node}, ${report.cpus} CPUs,
moto server on loopback). "today" is \`lambdas/trigger/\` at \`${report.baseline.slice(0, 12)}\` (before
issue 15), bundled as it was (AWS SDK included); "new" is the current handler (AWS SDK from the Lambda
runtime). Not part of the test suite. Raw figures: \`bench/results/trigger.json\` (not committed).

Each variant drains ${report.results[0]?.messages ?? 0} S3 notifications from a moto SQS queue through the bundled
handler (batch size 100, 2 concurrent pollers, as deployed). Today's handler gets a job allowing unlimited
concurrent runs (its best case: one \`StartJobRun\` per batch, never refused); the new one a job with
MaxConcurrentRuns 1 (as deployed), where each batch costs one \`GetJobRuns\` and joins the STARTING run.
objects/s = notifications / wall time of the drain (receive, invoke, delete, all against moto); p50/p99 are
per invocation (handler time only).

| variant | bundle | messages | invocations | job runs started | seconds | objects/s | p50 (ms) | p99 (ms) |
|---|---|---|---|---|---|---|---|---|
${rows.join("\n")}

Figures include moto's SQS and Glue over loopback on a shared 2-CPU machine (noise shows in p99). In AWS,
the Glue round trips replace moto's; the trigger's own capacity at default settings (poll model, simulated
time) is in \`docs/trigger.md\`.
`;
}

main().catch((error: unknown) => {
    console.error(error);
    process.exitCode = 1;
});
