/**
 * The one problem type and error of every component and of the stack config. A message lists every problem
 * at once, one line each, every line complete on its own: `<Component> <name>: <option>: got <value>; <fix>`
 * (the stack config's subject is `stack config`, its options `medallion-lake:<key>`).
 */

/** One bad option: which, what was given, and how to fix it. */
export interface Problem {
    /** The option as the caller writes it, e.g. `lifecycle.silver.infrequentAccessAfterDays` or `tags`. */
    option: string;
    /** What was given, as shown to the user (strings quoted); undefined when nothing was given. */
    got?: string;
    /** What to do instead, e.g. `use a whole number from 7 to 30`. */
    fix: string;
}

/** Shows a given value in a message: strings and structures as JSON, numbers and booleans as written. */
export function show(value: unknown): string {
    if (value === undefined) return "nothing";
    if (typeof value === "number" || typeof value === "boolean" || typeof value === "bigint")
        return String(value);
    return JSON.stringify(value) ?? String(value);
}

/** A problem with `option`: it got `value` (shown with {@link show}); `fix` says what to do. */
export function problem(option: string, value: unknown, fix: string): Problem {
    return { option, got: show(value), fix };
}

/** A problem whose `detail` already reads `got <value>; <fix>` (or is only a fix, for a missing option). */
export function problemFromDetail(option: string, detail: string): Problem {
    const match = /^got ([\s\S]*?); ([\s\S]*)$/.exec(detail);
    return match ? { option, got: match[1], fix: match[2] } : { option, fix: detail };
}

/** `<option>: <detail>` (the first `": "` ends the option) as a {@link Problem}. */
export function problemFromLine(line: string): Problem {
    const at = line.indexOf(": ");
    return problemFromDetail(line.slice(0, at), line.slice(at + 2));
}

/** `got <value>; <fix>`, or `<fix>` when nothing was given: a problem without its option. */
export function problemDetail(p: Problem): string {
    return p.got === undefined ? p.fix : `got ${p.got}; ${p.fix}`;
}

/** `<option>: got <value>; <fix>`, or `<option>: <fix>` when nothing was given. */
export function formatProblem(p: Problem): string {
    return `${p.option}: ${problemDetail(p)}`;
}

/** The subject of a component's problems: `<Component> <name>`. */
export function componentSubject(component: string, name: string): string {
    return `${component} ${name}`;
}

/** Thrown with every problem found; `message` has one line `<subject>: <problem>` per problem. */
export class ProblemsError extends Error {
    constructor(
        /** Who has the problems: `<Component> <name>` or `stack config`. */
        public readonly subject: string,
        public readonly problems: readonly Problem[],
    ) {
        super(problems.map((p) => `${subject}: ${formatProblem(p)}`).join("\n"));
        this.name = "ProblemsError";
    }
}

/** @throws ProblemsError when `problems` is not empty. */
export function throwIfProblems(subject: string, problems: readonly Problem[]): void {
    if (problems.length > 0) throw new ProblemsError(subject, problems);
}
