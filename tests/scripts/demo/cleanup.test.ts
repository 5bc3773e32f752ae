import { expect } from "chai";
import { Cleanup, SIGNAL_EXIT_CODES, stopOnSignals } from "../../../scripts/demo/cleanup";

describe("demo cleanup", () => {
    it("stops newest first, each once, and keeps going after a failure", async () => {
        const cleanup = new Cleanup();
        const order: string[] = [];
        cleanup.add("moto", async () => {
            order.push("moto");
        });
        cleanup.add("spark", async () => {
            order.push("spark");
            throw new Error("already gone");
        });
        const remove = cleanup.add(
            "never",
            async () => {
                order.push("never");
            },
            4242,
        );
        remove();
        expect(cleanup.pending()).to.deep.equal(["moto", "spark"]);
        expect(await cleanup.runAll()).to.deep.equal(["spark: already gone"]);
        expect(order).to.deep.equal(["spark", "moto"]);
        expect(await cleanup.runAll()).to.deep.equal([]);
        expect(order).to.have.length(2);
        expect(cleanup.history()).to.deep.equal([
            { name: "moto" },
            { name: "spark" },
            { name: "never", pid: 4242 },
        ]);
    });

    it("on SIGINT runs the cleanup, then exits 130", async () => {
        const cleanup = new Cleanup();
        let stopped = false;
        cleanup.add("moto server", async () => {
            stopped = true;
        });
        const said: string[] = [];
        let resolveExit: (code: number) => void = () => undefined;
        const exited = new Promise<number>((resolve) => {
            resolveExit = resolve;
        });
        const guard = stopOnSignals(cleanup, (text) => said.push(text), resolveExit);
        expect(guard.received()).to.equal(undefined);
        process.emit("SIGINT", "SIGINT");
        expect(await exited).to.equal(SIGNAL_EXIT_CODES.SIGINT);
        guard.dispose();
        expect(guard.received()).to.equal("SIGINT");
        expect(stopped).to.equal(true);
        expect(said).to.deep.equal(["\nSIGINT: stopping moto server..."]);
        expect(SIGNAL_EXIT_CODES).to.deep.equal({ SIGINT: 130, SIGTERM: 143 });
    });
});
