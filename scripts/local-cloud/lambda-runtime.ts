/**
 * What the Lambda runtime gives a handler, for running one in-process outside Lambda (the demo, the
 * integration tests, the benchmark): a context object shaped as Lambda passes it, and a capture of the
 * JSON log lines Powertools Logger writes to stdout/stderr (CloudWatch Logs in the cloud).
 *
 * @see https://docs.aws.amazon.com/lambda/latest/dg/nodejs-context.html
 * @module
 */
import type { Context } from "aws-lambda";

/**
 * A Lambda context with the given request id, for a function named `bronze-trigger` (256 MB, 30 s left).
 *
 * @param awsRequestId - the invocation's request id (Powertools logs it as `function_request_id`).
 */
export function lambdaContext(awsRequestId: string): Context {
    return {
        callbackWaitsForEmptyEventLoop: true,
        functionName: "bronze-trigger",
        functionVersion: "$LATEST",
        invokedFunctionArn: "arn:aws:lambda:us-east-1:123456789012:function:bronze-trigger",
        memoryLimitInMB: "256",
        awsRequestId,
        logGroupName: "/aws/lambda/bronze-trigger",
        logStreamName: "2024/05/01/[$LATEST]0123456789abcdef",
        getRemainingTimeInMillis: () => 30_000,
        done: () => undefined,
        fail: () => undefined,
        succeed: () => undefined,
    };
}

/** One JSON log line written by Powertools Logger. */
export type LogLine = Record<string, unknown> & { level: string; message: string };

/**
 * Runs `fn` while capturing what is written to stdout and stderr (Powertools writes `warn`/`error` lines to
 * stderr), and parses the JSON lines.
 *
 * Non-JSON lines are passed through to the real stream, so other output (mocha's, the demo's) stays visible.
 *
 * @returns `fn`'s result and the parsed log lines in write order.
 */
export async function captureLogLines<T>(fn: () => Promise<T>): Promise<{ result: T; lines: LogLine[] }> {
    const lines: LogLine[] = [];
    const streams = [process.stdout, process.stderr];
    const originals = streams.map((stream) => stream.write.bind(stream));
    streams.forEach((stream, index) => {
        const original = originals[index] as typeof stream.write;
        stream.write = ((chunk: string | Uint8Array, ...rest: unknown[]) => {
            const text = typeof chunk === "string" ? chunk : Buffer.from(chunk).toString("utf8");
            let passThrough = "";
            for (const line of text.split("\n")) {
                if (line.trim() === "") continue;
                try {
                    lines.push(JSON.parse(line) as LogLine);
                } catch {
                    passThrough += `${line}\n`;
                }
            }
            return passThrough === "" ? true : original(passThrough, ...(rest as []));
        }) as typeof stream.write;
    });
    try {
        const result = await fn();
        return { result, lines };
    } finally {
        streams.forEach((stream, index) => {
            stream.write = originals[index] as typeof stream.write;
        });
    }
}
