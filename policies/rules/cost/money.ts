/** Amounts in the cost estimate: kept to a millionth of a dollar, shown in cents (or 4 places under a cent). */

/** `n` rounded to a millionth. */
export function roundUsd(n: number): number {
    return Math.round(n * 1e6) / 1e6;
}

/** `$1.40`, or `$0.0049` for an amount under a cent. */
export function formatUsd(n: number): string {
    return `$${n.toFixed(n !== 0 && Math.abs(n) < 0.01 ? 4 : 2)}`;
}
