/**
 * `npm run demo` (after `scripts/setup.sh`): the medallion lake on this machine, on real data, with no AWS
 * account, Docker or Pulumi CLI. See docs/demo.md.
 *
 * Exit codes: 0 done, 1 a step failed, 2 bad arguments, 130/143 interrupted (SIGINT/SIGTERM). Whatever
 * happens, the servers and processes the demo started are stopped (unless `--keep-servers`, which keeps
 * moto running until Ctrl-C).
 *
 * @module
 */
import { Cleanup, stopOnSignals } from "./cleanup";
import { DEMO_USAGE, DemoUsageError, parseDemoArgs } from "./options";
import { type DemoRunSummary, runDemo } from "./run-demo";

// The pinned AWS SDK runs on Node 20, the project's floor; its notice about versions published after
// January 2027 would only interrupt the demo's output.
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= "true";

/** Exit code for bad arguments. */
export const USAGE_EXIT_CODE = 2;

async function main(argv: readonly string[]): Promise<number> {
    let parsed: ReturnType<typeof parseDemoArgs>;
    try {
        parsed = parseDemoArgs(argv);
    } catch (error) {
        if (error instanceof DemoUsageError) {
            process.stderr.write(`npm run demo: ${error.message}\n`);
            return USAGE_EXIT_CODE;
        }
        throw error;
    }
    if (parsed.help) {
        process.stdout.write(`${DEMO_USAGE}\n`);
        return 0;
    }
    const { options } = parsed;
    const cleanup = new Cleanup();
    const signals = stopOnSignals(cleanup);
    let failed = false;
    let summary: DemoRunSummary | undefined;
    try {
        summary = await runDemo(options, { cleanup });
    } catch (error) {
        failed = true;
        // After Ctrl-C the running step fails because its process was stopped: the signal handler reports it.
        if (signals.received() !== undefined) await new Promise<never>(() => undefined);
        process.stderr.write(
            `\nThe demo failed: ${error instanceof Error ? error.message : String(error)}\n`,
        );
    }
    if (options.keepServers && summary?.motoEndpoint !== undefined && cleanup.pending().length > 0) {
        const job = summary.targets.route.value.jobName;
        process.stdout.write(
            `\nStill running (--keep-servers): ${cleanup.pending().join(", ")}.\n` +
                "Point the AWS CLI or an SDK at it (any credentials), e.g.\n" +
                `  aws --endpoint-url ${summary.motoEndpoint} --region ${summary.targets.region} glue get-job-runs --job-name ${job}\n` +
                "Press Ctrl-C to stop.\n",
        );
        await new Promise<never>(() => undefined);
    }
    const stopped = cleanup.pending();
    const failures = await cleanup.runAll();
    if (stopped.length > 0) process.stdout.write(`Stopped: ${stopped.join(", ")}.\n`);
    for (const failure of failures) process.stderr.write(`Could not stop ${failure}\n`);
    return failed || failures.length > 0 ? 1 : 0;
}

main(process.argv.slice(2)).then(
    (code) => process.exit(code),
    (error) => {
        process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
        process.exit(1);
    },
);
