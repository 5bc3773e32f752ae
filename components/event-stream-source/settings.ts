/**
 * The defaults of EventStreamSource ({@link EVENT_STREAM_SOURCE_DEFAULTS}), its limits, and
 * {@link resolveEventStreamSettings}, which checks every option and the schema file at once.
 */
import { logRetentionProblem } from "../../lib/log-retention";
import { componentSubject, type Problem, problemFromDetail, throwIfProblems } from "../../lib/problems";
import { EVENT_COMPRESSIONS, type EventCompression, type EventStreamSourceArgs } from "./args";

export { EVENT_COMPRESSIONS, type EventCompression } from "./args";

import { loadEventSchema } from "./event-schema";

/** Every default of the EventStreamSource component. Docs and tests read these values; the component reads nothing else. */
export const EVENT_STREAM_SOURCE_DEFAULTS = {
    /** Dataset the events belong to (its spec is `datasets/<dataset>.yaml`). */
    dataset: "tweets",
    /** Firehose buffer size before it writes an object, in MiB (larger objects, fewer small files). */
    bufferingSizeMiB: 64,
    /** Longest time Firehose buffers before it writes an object, in seconds. */
    bufferingIntervalSeconds: 300,
    /** Compression of delivered objects. */
    compressionFormat: "GZIP" as EventCompression,
    /** Extension of delivered objects (GZIP JSON lines); the dataset spec's `bronze.suffix` must match it. */
    fileExtension: ".json.gz",
    /**
     * Time folders under the dataset prefix, from the arrival time (UTC) of each object's oldest record;
     * Hive-style, so crawlers and Athena see `year`/`month`/`day` partitions.
     */
    timePrefix: "year=!{timestamp:yyyy}/month=!{timestamp:MM}/day=!{timestamp:dd}/",
    /** Retention of the stream's CloudWatch error log group, in days. */
    logRetentionDays: 30,
    /** Compatibility mode of the registered schema: new versions must read every older event. */
    schemaCompatibility: "BACKWARD",
    /** Data format of the registered schema. */
    schemaDataFormat: "JSON",
} as const;

/** Ranges Firehose enforces on the buffering hints of an S3 destination. */
export const EVENT_STREAM_LIMITS = {
    bufferingSizeMiB: { min: 1, max: 128 },
    bufferingIntervalSeconds: { min: 0, max: 900 },
} as const;

/**
 * The compression an object suffix declares: `GZIP` for a suffix ending in `.gz` (e.g. `.json.gz`), else
 * `UNCOMPRESSED`. The program derives the stream's compression from the dataset spec's `bronze.suffix` this
 * way, so delivered objects always match what the trigger and the bronze reader expect.
 */
export function compressionForSuffix(suffix: string): EventCompression {
    return suffix.endsWith(".gz") ? "GZIP" : "UNCOMPRESSED";
}

/** The options of an EventStreamSource after defaults, validated. */
export interface EventStreamSettings {
    dataset: string;
    bronzePrefix: string;
    fileExtension: string;
    compressionFormat: EventCompression;
    bufferingSizeMiB: number;
    bufferingIntervalSeconds: number;
    logRetentionDays: number;
    /** The schema file's JSON, re-serialized compactly (formatting changes register no new version). */
    schemaDefinition: string;
}

/**
 * Applies {@link EVENT_STREAM_SOURCE_DEFAULTS} and checks every option and the schema file.
 * @throws ProblemsError listing every problem, each `EventStreamSource <name>: <option>: got X; <fix>`.
 */
export function resolveEventStreamSettings(name: string, args: EventStreamSourceArgs): EventStreamSettings {
    const d = EVENT_STREAM_SOURCE_DEFAULTS;
    const problems: Problem[] = [];
    const fail = (option: string, detail: string) => {
        problems.push(problemFromDetail(option, detail));
    };
    const whole = (option: "bufferingSizeMiB" | "bufferingIntervalSeconds", value: number) => {
        const { min, max } = EVENT_STREAM_LIMITS[option];
        if (!Number.isInteger(value) || value < min || value > max) {
            fail(option, `got ${value}; use a whole number from ${min} to ${max}`);
        }
        return value;
    };
    const dataset = args.dataset ?? d.dataset;
    if (!/^[a-z][a-z0-9_]{0,62}$/.test(dataset)) {
        fail(
            "dataset",
            `got ${JSON.stringify(dataset)}; use the dataset's lower snake_case name, e.g. "tweets"`,
        );
    }
    const bronzePrefix = args.bronzePrefix ?? `${dataset}/`;
    if (!/^[a-z0-9][a-z0-9_./-]*\/$/.test(bronzePrefix)) {
        fail(
            "bronzePrefix",
            `got ${JSON.stringify(bronzePrefix)}; use the dataset spec's bronze.prefix, a folder such as "tweets/" (lowercase, no leading slash, ending in /)`,
        );
    }
    const compressionFormat = args.compressionFormat ?? d.compressionFormat;
    if (!(EVENT_COMPRESSIONS as readonly string[]).includes(compressionFormat)) {
        fail(
            "compressionFormat",
            `got ${JSON.stringify(compressionFormat)}; use ${EVENT_COMPRESSIONS.join(" or ")}`,
        );
    }
    const fileExtension = args.fileExtension ?? d.fileExtension;
    if (!/^\.[A-Za-z0-9][A-Za-z0-9._-]*$/.test(fileExtension)) {
        fail(
            "fileExtension",
            `got ${JSON.stringify(fileExtension)}; use an extension such as "${d.fileExtension}"`,
        );
    }
    if (compressionFormat === "GZIP" && !fileExtension.endsWith(".gz")) {
        fail(
            "fileExtension",
            `got ${JSON.stringify(fileExtension)}; Firehose writes GZIP objects, so use an extension ending in .gz such as "${d.fileExtension}" (and set the dataset spec's bronze.suffix to it) so readers decompress them`,
        );
    }
    if (compressionFormat === "UNCOMPRESSED" && fileExtension.endsWith(".gz")) {
        fail(
            "fileExtension",
            `got ${JSON.stringify(fileExtension)} for UNCOMPRESSED objects; readers would try to decompress them`,
        );
    }
    const logRetentionDays = args.logRetentionDays ?? d.logRetentionDays;
    const retention = logRetentionProblem(logRetentionDays);
    if (retention !== undefined) fail("logRetentionDays", `got ${logRetentionDays}; ${retention}`);
    const bufferingSizeMiB = whole("bufferingSizeMiB", args.bufferingSizeMiB ?? d.bufferingSizeMiB);
    const bufferingIntervalSeconds = whole(
        "bufferingIntervalSeconds",
        args.bufferingIntervalSeconds ?? d.bufferingIntervalSeconds,
    );
    let schemaDefinition = "";
    const schemaProblem = Symbol("schemaFile");
    try {
        schemaDefinition = loadEventSchema(args.schemaFile, (detail) => {
            fail("schemaFile", detail);
            throw schemaProblem;
        });
    } catch (error) {
        if (error !== schemaProblem) throw error;
    }
    throwIfProblems(componentSubject("EventStreamSource", name), problems);
    return {
        dataset,
        bronzePrefix,
        fileExtension,
        compressionFormat,
        bufferingSizeMiB,
        bufferingIntervalSeconds,
        logRetentionDays,
        schemaDefinition,
    };
}
