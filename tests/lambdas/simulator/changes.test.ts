import { expect } from "chai";
import { planChanges } from "../../../lambdas/simulator/changes";
import { sequenceRandom } from "./random";

describe("simulator change plan", () => {
    it("picks distinct earlier ids, the first ones updated with a new importe and the rest soft-deleted", () => {
        // ids: 1 + floor(r * 10) -> 1, 6, 6 (drawn again: skipped), 10; then importe = (100 + floor(r * 49901)) / 100
        const plan = planChanges({
            maxExistingId: 10,
            updates: 2,
            deletes: 1,
            random: sequenceRandom([0, 0.5, 0.5, 0.95, 0.1, 0.2]),
        });
        expect(plan).to.deep.equal({
            updates: [
                { id: 1, importe: 50.9 },
                { id: 6, importe: 100.8 },
            ],
            deletes: [10],
        });
    });

    it("plans nothing on an empty table", () => {
        expect(planChanges({ maxExistingId: 0, updates: 2, deletes: 1 })).to.deep.equal({
            updates: [],
            deletes: [],
        });
    });

    it("changes at most every earlier row, updates first, when fewer rows exist than changes asked", () => {
        const plan = planChanges({
            maxExistingId: 2,
            updates: 2,
            deletes: 1,
            random: sequenceRandom([0, 0.9, 0]),
        });
        expect(plan.updates.map((u) => u.id)).to.deep.equal([1, 2]);
        expect(plan.deletes).to.deep.equal([]);
    });

    it("rejects a negative or fractional count, naming the field", () => {
        expect(() => planChanges({ maxExistingId: 5, updates: -1, deletes: 0 })).to.throw(
            RangeError,
            "updates must be a non-negative integer, got -1",
        );
        expect(() => planChanges({ maxExistingId: 5, updates: 0, deletes: 1.5 })).to.throw(
            RangeError,
            "deletes must be a non-negative integer, got 1.5",
        );
    });
});
