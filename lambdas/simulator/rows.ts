/**
 * Random rows for `random_data`: `valor` is random alphanumeric text, `fecha` a time spread over the schedule
 * interval that ends at the invocation time (as if the rows had been written since the previous run),
 * `categoria` one of {@link CATEGORIAS} and `importe` a random amount.
 */
import { CATEGORIAS } from "./table";

/** A row to insert (the database assigns `id`). */
export interface RandomDataRow {
    /** Random text of {@link MIN_VALOR_LENGTH}–{@link MAX_VALOR_LENGTH} characters from {@link VALOR_ALPHABET}. */
    readonly valor: string;
    /** Event time, UTC; within `[now - spreadMs, now]`. */
    readonly fecha: Date;
    /** One of {@link CATEGORIAS}. */
    readonly categoria: string;
    /** Amount in `[MIN_IMPORTE, MAX_IMPORTE]`, two decimals. */
    readonly importe: number;
}

/** Characters `valor` is drawn from. */
export const VALOR_ALPHABET = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";

/** Shortest `valor`, in characters. */
export const MIN_VALOR_LENGTH = 8;

/** Longest `valor`, in characters. */
export const MAX_VALOR_LENGTH = 32;

/** Smallest `importe`. */
export const MIN_IMPORTE = 1;

/** Largest `importe`. */
export const MAX_IMPORTE = 500;

/** The EventBridge Scheduler rate, `rate(2 minutes)`, in milliseconds: how far back `fecha` is spread. */
export const SCHEDULE_INTERVAL_MS = 2 * 60 * 1000;

/** Source of uniform numbers in `[0, 1)`; `Math.random` in the Lambda, a seeded one in tests. */
export type RandomSource = () => number;

/** Options of {@link generateRows}. */
export interface GenerateRowsOptions {
    /** Invocation time: the latest possible `fecha`. */
    readonly now: Date;
    /** @default Math.random */
    readonly random?: RandomSource;
    /** Width of the `fecha` window ending at `now`, in ms. @default SCHEDULE_INTERVAL_MS */
    readonly spreadMs?: number;
}

/** A uniform integer in `[min, max]`. */
export function randomInt(random: RandomSource, min: number, max: number): number {
    return min + Math.floor(random() * (max - min + 1));
}

/** A random amount in `[MIN_IMPORTE, MAX_IMPORTE]` with two decimals. */
export function randomImporte(random: RandomSource = Math.random): number {
    return randomInt(random, MIN_IMPORTE * 100, MAX_IMPORTE * 100) / 100;
}

/** A random element of {@link CATEGORIAS}. */
export function randomCategoria(random: RandomSource = Math.random): string {
    return CATEGORIAS[randomInt(random, 0, CATEGORIAS.length - 1)] ?? CATEGORIAS[0];
}

/** Random text of a random length between {@link MIN_VALOR_LENGTH} and {@link MAX_VALOR_LENGTH}. */
export function randomValor(random: RandomSource = Math.random): string {
    const length = randomInt(random, MIN_VALOR_LENGTH, MAX_VALOR_LENGTH);
    let text = "";
    for (let i = 0; i < length; i += 1) {
        text += VALOR_ALPHABET[randomInt(random, 0, VALOR_ALPHABET.length - 1)];
    }
    return text;
}

/**
 * Makes `count` rows sorted by `fecha` ascending, so the serial `id` the database assigns grows with `fecha`.
 *
 * @throws RangeError when `count` is not a positive integer or `spreadMs` is negative.
 */
export function generateRows(count: number, options: GenerateRowsOptions): RandomDataRow[] {
    if (!Number.isInteger(count) || count < 1) {
        throw new RangeError(`count must be a positive integer (rows to insert), got ${count}`);
    }
    const random = options.random ?? Math.random;
    const spreadMs = options.spreadMs ?? SCHEDULE_INTERVAL_MS;
    if (!(spreadMs >= 0)) {
        throw new RangeError(`spreadMs must be >= 0 (window of fecha, in ms), got ${spreadMs}`);
    }
    const end = options.now.getTime();
    const rows = Array.from({ length: count }, () => ({
        valor: randomValor(random),
        fecha: new Date(end - Math.floor(random() * spreadMs)),
        categoria: randomCategoria(random),
        importe: randomImporte(random),
    }));
    return rows.sort((a, b) => a.fecha.getTime() - b.fecha.getTime());
}
