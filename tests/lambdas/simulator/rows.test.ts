import { expect } from "chai";
import {
    generateRows,
    MAX_VALOR_LENGTH,
    MIN_VALOR_LENGTH,
    randomValor,
    SCHEDULE_INTERVAL_MS,
    VALOR_ALPHABET,
} from "../../../lambdas/simulator/rows";
import { sequenceRandom } from "./random";

const NOW = new Date("2024-03-31T23:59:30.000Z");

describe("simulator rows", () => {
    it("spreads fecha over the 2-minute schedule interval ending at now", () => {
        expect(SCHEDULE_INTERVAL_MS).to.equal(120_000);
        const rows = generateRows(50, { now: NOW });
        expect(rows).to.have.length(50);
        for (const row of rows) {
            expect(row.fecha.getTime()).to.be.within(NOW.getTime() - 120_000, NOW.getTime());
        }
    });

    it("sorts rows by fecha so serial ids grow with time", () => {
        const fechas = generateRows(100, { now: NOW }).map((row) => row.fecha.getTime());
        expect(fechas).to.deep.equal([...fechas].sort((a, b) => a - b));
    });

    it("derives valor length and characters from the random source", () => {
        expect([MIN_VALOR_LENGTH, MAX_VALOR_LENGTH]).to.deep.equal([8, 32]);
        // 0 picks the shortest length and then the first character each time.
        expect(randomValor(() => 0)).to.equal("aaaaaaaa");
        // 0.999... picks the longest length and the last character.
        expect(randomValor(() => 0.999999)).to.equal("9".repeat(32));
        for (const row of generateRows(20, { now: NOW })) {
            expect(row.valor.length).to.be.within(8, 32);
            expect([...row.valor].every((char) => VALOR_ALPHABET.includes(char))).to.equal(true);
        }
    });

    it("places fecha at now minus random * spread", () => {
        // Draws: 8 valor length + 8 characters with 0, then 0.5 for the fecha offset.
        const random = sequenceRandom([...Array(9).fill(0), 0.5]);
        const [row] = generateRows(1, { now: NOW, random, spreadMs: 60_000 });
        expect(row?.valor).to.equal("aaaaaaaa");
        expect(row?.fecha.toISOString()).to.equal("2024-03-31T23:59:00.000Z");
    });

    it("rejects a count that is not a positive integer, naming it", () => {
        expect(() => generateRows(0, { now: NOW })).to.throw(RangeError, /count must be a positive integer/);
        expect(() => generateRows(1.5, { now: NOW })).to.throw(RangeError, /got 1.5/);
        expect(() => generateRows(1, { now: NOW, spreadMs: -1 })).to.throw(
            RangeError,
            /spreadMs must be >= 0/,
        );
    });
});
