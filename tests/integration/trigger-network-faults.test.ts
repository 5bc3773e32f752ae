/**
 * Network faults on the trigger's real HTTP path: a proxy in front of moto resets the connection of, or
 * never answers, the first `StartJobRun` requests. The Glue client has the production settings scaled
 * down (request timeout 300 ms instead of 5 s, same 3 attempts, standard retries), and the invocation a
 * 3 s budget: it must return before that, report what no run owns, and start no run twice.
 */
import { createServer, request as httpRequest, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { Logger } from "@aws-lambda-powertools/logger";
import { expect } from "chai";
import { createTriggerHandler } from "../../lambdas/trigger/create-handler";
import { createGlueClient } from "../../lambdas/trigger/glue-client";
import { MOTO_CREDENTIALS, MOTO_REGION } from "../../scripts/local-cloud/moto-server";
import { createGlueJob, listJobRuns } from "../../scripts/local-cloud/trigger-lake";
import {
    captureLogLines,
    lambdaContext,
    s3EventNotification,
    sqsEvent,
    sqsRecord,
    TEST_ROUTES,
} from "../lambdas/trigger/fixtures";
import { type MotoTriggerLake, startMotoTriggerLake } from "../support/moto-trigger-lake";

type Fault = "reset" | "hang";
const BUDGET_MS = 3_000;

describe("trigger Lambda: connection resets and StartJobRun calls that never answer (moto behind a proxy)", function () {
    this.timeout(60_000);
    let lake: MotoTriggerLake;
    let proxy: Server;
    let faults: Fault[] = [];
    const hung: Array<() => void> = [];

    before(async () => {
        lake = await startMotoTriggerLake(["flights-silver"], 3);
        const target = new URL(lake.moto.endpoint);
        proxy = createServer((req, res) => {
            const chunks: Buffer[] = [];
            req.on("data", (chunk: Buffer) => chunks.push(chunk));
            req.on("end", () => {
                const fault =
                    req.headers["x-amz-target"] === "AWSGlue.StartJobRun" ? faults.shift() : undefined;
                if (fault === "reset") {
                    req.socket.destroy();
                    return;
                }
                if (fault === "hang") {
                    hung.push(() => res.destroy());
                    return;
                }
                const upstream = httpRequest(
                    {
                        host: target.hostname,
                        port: target.port,
                        path: req.url,
                        method: req.method,
                        headers: req.headers,
                    },
                    (answer) => {
                        res.writeHead(answer.statusCode ?? 500, answer.headers);
                        answer.pipe(res);
                    },
                );
                upstream.end(Buffer.concat(chunks));
            });
        });
        await new Promise<void>((resolve) => proxy.listen(0, "127.0.0.1", resolve));
    });

    after(async () => {
        for (const release of hung) release();
        await new Promise<void>((resolve) => proxy?.close(() => resolve()));
        await lake?.moto.stop();
    });

    async function invoke(messageId: string) {
        const { port } = proxy.address() as AddressInfo;
        const glue = createGlueClient(
            {
                endpoint: `http://127.0.0.1:${port}`,
                region: MOTO_REGION,
                credentials: { ...MOTO_CREDENTIALS },
            },
            { connectionTimeoutMs: 200, requestTimeoutMs: 300 },
        );
        const handler = createTriggerHandler({
            glue,
            routes: TEST_ROUTES,
            logger: new Logger({ serviceName: "trigger-faults" }),
            deadlineMarginMs: 500,
        });
        const context = { ...lambdaContext(messageId), getRemainingTimeInMillis: () => BUDGET_MS };
        const started = performance.now();
        const { result, lines } = await captureLogLines(() =>
            handler(
                sqsEvent(sqsRecord(s3EventNotification({ key: `flights/${messageId}.csv` }), messageId)),
                context,
            ),
        );
        glue.destroy();
        return { result, lines, elapsedMs: performance.now() - started };
    }

    it("retries a reset connection and starts exactly one run", async () => {
        faults = ["reset"];
        const { result, elapsedMs } = await invoke("reset");
        expect(result.batchItemFailures).to.deep.equal([]);
        expect(await listJobRuns(lake.glue, "flights-silver")).to.have.length(1);
        expect(elapsedMs).to.be.below(BUDGET_MS);
    });

    it("gives up on a StartJobRun that never answers within the budget and returns the message", async () => {
        await lake.moto.reset();
        await createGlueJob(lake.glue, "flights-silver", 1);
        faults = ["hang", "hang", "hang"];
        const { result, lines, elapsedMs } = await invoke("hang");
        expect(result.batchItemFailures).to.deep.equal([{ itemIdentifier: "hang" }]);
        expect(elapsedMs).to.be.below(BUDGET_MS);
        expect(lines.find((line) => line.retryable === true)?.errorName).to.be.oneOf([
            "TimeoutError",
            "AbortError",
        ]);
        expect(await listJobRuns(lake.glue, "flights-silver")).to.have.length(0);
    });

    it("on redelivery after the hang, starts the one run that owns the object", async () => {
        faults = [];
        const { result } = await invoke("hang");
        expect(result.batchItemFailures).to.deep.equal([]);
        expect(await listJobRuns(lake.glue, "flights-silver")).to.have.length(1);
    });
});
