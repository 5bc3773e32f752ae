import { expect } from "chai";
import {
    TRIGGER_AWS_CONNECTION_TIMEOUT_MS,
    TRIGGER_AWS_MAX_ATTEMPTS,
    TRIGGER_AWS_REQUEST_TIMEOUT_MS,
} from "../../../lambdas/trigger/defaults";
import { createGlueClient, worstCaseCallMs } from "../../../lambdas/trigger/glue-client";

describe("createGlueClient", () => {
    it("sets connection and request timeouts on the HTTP handler, 3 attempts and standard retries", async () => {
        const client = createGlueClient({ region: "us-east-1" });
        const handlerConfig = await (
            client.config.requestHandler as unknown as { configProvider: Promise<Record<string, unknown>> }
        ).configProvider;
        expect(handlerConfig).to.include({
            connectionTimeout: TRIGGER_AWS_CONNECTION_TIMEOUT_MS,
            requestTimeout: TRIGGER_AWS_REQUEST_TIMEOUT_MS,
        });
        expect(await client.config.maxAttempts()).to.equal(TRIGGER_AWS_MAX_ATTEMPTS);
        const strategy = (await client.config.retryStrategy()) as unknown as { mode: string };
        expect([strategy.constructor.name, strategy.mode]).to.deep.equal([
            "StandardRetryStrategy",
            "standard",
        ]);
        client.destroy();
    });

    it("takes other limits, which the worst-case bound follows", async () => {
        const limits = { connectionTimeoutMs: 100, requestTimeoutMs: 200, maxAttempts: 2 };
        const client = createGlueClient({ region: "us-east-1" }, limits);
        expect(await client.config.maxAttempts()).to.equal(2);
        client.destroy();
        expect(worstCaseCallMs(limits)).to.equal(2 * 300 + 1_000);
    });
});
