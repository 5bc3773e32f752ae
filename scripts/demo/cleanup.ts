/**
 * Stops what the demo started (moto, Python/Spark processes) when it ends, fails, or is interrupted, so
 * nothing is left running.
 *
 * @module
 */

/** One thing to stop. */
interface CleanupTask {
    readonly name: string;
    readonly run: () => Promise<void>;
}

/** Something the demo started, as registered with {@link Cleanup.add}. */
export interface StartedProcess {
    readonly name: string;
    /** Process id; for a process started in its own group, also the group id. */
    readonly pid?: number;
}

/** Stop actions, run last-registered first, each at most once. */
export class Cleanup {
    private readonly tasks: CleanupTask[] = [];
    private readonly started: StartedProcess[] = [];

    /**
     * Registers a stop action.
     *
     * @param name - what it stops, for messages (e.g. `moto server`).
     * @param pid - its process (group) id, recorded in {@link Cleanup.history}.
     * @returns a function that unregisters the action (once the thing stopped by itself).
     */
    add(name: string, run: () => Promise<void>, pid?: number): () => void {
        const task = { name, run };
        this.tasks.push(task);
        this.started.push(pid === undefined ? { name } : { name, pid });
        return () => {
            const index = this.tasks.indexOf(task);
            if (index >= 0) this.tasks.splice(index, 1);
        };
    }

    /** Everything ever registered, stopped or not, in registration order (for the demo's summary). */
    history(): StartedProcess[] {
        return [...this.started];
    }

    /** Names of the registered actions, in registration order. */
    pending(): string[] {
        return this.tasks.map((task) => task.name);
    }

    /**
     * Runs every registered action, newest first, and unregisters them. An action that throws does not stop
     * the others.
     *
     * @returns the names of the actions that failed, with their error messages.
     */
    async runAll(): Promise<string[]> {
        const failures: string[] = [];
        while (this.tasks.length > 0) {
            const task = this.tasks.pop() as CleanupTask;
            try {
                await task.run();
            } catch (error) {
                failures.push(`${task.name}: ${(error as Error).message}`);
            }
        }
        return failures;
    }
}

/** Exit code of a process ended by `signal`, as shells report it (128 + signal number). */
export const SIGNAL_EXIT_CODES = { SIGINT: 130, SIGTERM: 143 } as const;

/** Handlers installed by {@link stopOnSignals}. */
export interface SignalGuard {
    /** The signal received, if any (the demo's own error after an interrupt is then not a failure). */
    received(): keyof typeof SIGNAL_EXIT_CODES | undefined;
    /** Removes the handlers. */
    dispose(): void;
}

/**
 * On SIGINT (Ctrl-C) or SIGTERM: runs `cleanup`, then exits with {@link SIGNAL_EXIT_CODES}. A second signal
 * while cleaning up exits at once.
 *
 * @param cleanup - what to stop.
 * @param say - where to report (stderr by default).
 * @param exit - ends the process. @defaultValue `process.exit`
 */
export function stopOnSignals(
    cleanup: Cleanup,
    say: (text: string) => void = (text) => process.stderr.write(`${text}\n`),
    exit: (code: number) => void = (code) => process.exit(code),
): SignalGuard {
    let received: keyof typeof SIGNAL_EXIT_CODES | undefined;
    const handler = (signal: keyof typeof SIGNAL_EXIT_CODES) => {
        const code = SIGNAL_EXIT_CODES[signal];
        if (received !== undefined) {
            exit(code);
            return;
        }
        received = signal;
        say(`\n${signal}: stopping ${cleanup.pending().join(", ") || "nothing (no server running)"}...`);
        void cleanup.runAll().then((failures) => {
            for (const failure of failures) say(`could not stop ${failure}`);
            exit(code);
        });
    };
    const onInt = () => handler("SIGINT");
    const onTerm = () => handler("SIGTERM");
    process.on("SIGINT", onInt);
    process.on("SIGTERM", onTerm);
    return {
        received: () => received,
        dispose: () => {
            process.removeListener("SIGINT", onInt);
            process.removeListener("SIGTERM", onTerm);
        },
    };
}
