import { Logger } from "@aws-lambda-powertools/logger";

/** A silent Powertools logger that keeps the messages and attributes the code under test logged. */
export class RecordingLogger extends Logger {
    readonly records: Array<{ level: "info" | "error"; message: string; extra: unknown[] }> = [];

    constructor() {
        super({ serviceName: "simulator-test", logLevel: "SILENT" });
    }

    override info(message: string, ...extra: unknown[]): void {
        this.records.push({ level: "info", message, extra });
    }

    override error(message: string, ...extra: unknown[]): void {
        this.records.push({ level: "error", message, extra });
    }
}
