/** Test random sources for the simulator. */

/** Returns the given numbers in order, then repeats the last one. */
export function sequenceRandom(values: readonly number[]): () => number {
    let index = 0;
    return () => {
        const value = values[Math.min(index, values.length - 1)] ?? 0;
        index += 1;
        return value;
    };
}

/** A seeded uniform source in [0, 1) (mulberry32), so a test run is reproducible. */
export function seededRandom(seed: number): () => number {
    let state = seed >>> 0;
    return () => {
        state = (state + 0x6d2b79f5) >>> 0;
        let t = state;
        t = Math.imul(t ^ (t >>> 15), t | 1);
        t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
        return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
    };
}
