/**
 * The demo's terminal output: numbered step headers, indented details, and each step's elapsed time.
 *
 * @module
 */
import { type Cell, formatTable, type TableOptions } from "./text-table";

/** Indentation of the lines under a step header. */
export const DETAIL_INDENT = "      ";

/** Seconds with one decimal, e.g. `12.3 s`; from one minute on, `m:ss`, e.g. `2:05`. */
export function formatDuration(milliseconds: number): string {
    const seconds = milliseconds / 1000;
    if (seconds < 60) return `${seconds.toFixed(1)} s`;
    const whole = Math.round(seconds);
    return `${Math.floor(whole / 60)}:${String(whole % 60).padStart(2, "0")}`;
}

/** `1 run`, `2 runs`: a count and a noun, plural when the count is not 1. */
export function plural(count: number, noun: string, nouns = `${noun}s`): string {
    return `${count.toLocaleString("en-US")} ${count === 1 ? noun : nouns}`;
}

/** Writes the demo's progress; one instance per run. */
export class DemoReporter {
    private current = 0;
    private readonly started: number;

    /**
     * @param totalSteps - number of steps, shown as `[n/total]`.
     * @param write - where text goes. @defaultValue stdout
     * @param now - clock in milliseconds. @defaultValue `performance.now`
     */
    constructor(
        private readonly totalSteps: number,
        private readonly write: (text: string) => void = (text) => process.stdout.write(text),
        private readonly now: () => number = () => performance.now(),
    ) {
        this.started = now();
    }

    /** Milliseconds since the reporter was created. */
    elapsed(): number {
        return this.now() - this.started;
    }

    /** A line at the left margin. */
    say(text = ""): void {
        this.write(`${text}\n`);
    }

    /** An indented line under the current step (each line of a multi-line text is indented). */
    detail(text: string): void {
        for (const line of text.split("\n")) this.write(`${DETAIL_INDENT}${line}\n`);
    }

    /** An indented table under the current step. */
    table(columns: readonly string[], rows: readonly (readonly Cell[])[], options: TableOptions = {}): void {
        for (const line of formatTable(columns, rows, options)) this.detail(line);
    }

    /**
     * Runs one step: prints `[n/total] title`, runs `fn`, then `done in <time> (total <time>)`, or
     * `failed after <time>` before rethrowing `fn`'s error.
     */
    async step<T>(title: string, fn: () => Promise<T>): Promise<T> {
        this.current += 1;
        this.say(`\n[${this.current}/${this.totalSteps}] ${title}`);
        const began = this.now();
        try {
            const result = await fn();
            this.detail(
                `done in ${formatDuration(this.now() - began)} (total ${formatDuration(this.elapsed())})`,
            );
            return result;
        } catch (error) {
            this.detail(`failed after ${formatDuration(this.now() - began)}`);
            throw error;
        }
    }
}
