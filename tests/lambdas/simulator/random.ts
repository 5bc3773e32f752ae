/** Test random sources for the simulator. */

/** The simulator's own seeded source (mulberry32), so tests and local runs draw the same values. */
export { seededRandom } from "../../../lambdas/simulator/local-run";

/** Returns the given numbers in order, then repeats the last one. */
export function sequenceRandom(values: readonly number[]): () => number {
    let index = 0;
    return () => {
        const value = values[Math.min(index, values.length - 1)] ?? 0;
        index += 1;
        return value;
    };
}
