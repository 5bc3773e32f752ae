/**
 * Step 2 of the demo: real bronze drops. `python -m medallion_local.layout` writes one CSV per day of the
 * vega-datasets flights (`<lake>/bronze/flights/YYYY/MM/DD/flights-YYYY-MM-DD.csv`), with a few
 * deterministic bad rows listed in `<lake>/layout-manifest.json`.
 *
 * @module
 */
import { createHash } from "node:crypto";
import { readFileSync, statSync } from "node:fs";
import path from "node:path";
import { LAKE_LAYOUT } from "./lake-dir";
import type { PythonExecutor } from "./python";

/** One bronze drop: a file in the local lake standing for an object in the bronze bucket. */
export interface BronzeDrop {
    /** Object key in the bronze bucket, e.g. `flights/2001/01/01/flights-2001-01-01.csv`. */
    readonly key: string;
    /** Absolute path of the local file (`<lake>/bronze/<key>`). */
    readonly file: string;
    /** Size in bytes. */
    readonly size: number;
    /** Hex MD5 of the content (the object's ETag after a single-part upload). */
    readonly md5: string;
}

/** What the layout wrote, from its manifest. */
export interface LayoutResult {
    readonly drops: BronzeDrop[];
    /** Data rows written (good and injected bad ones). */
    readonly rows: number;
    /** Injected rows per expected fate (a quarantine reason, or `duplicate`). */
    readonly injected: Record<string, number>;
}

/** Options of {@link layOutDrops}. */
export interface LayoutOptions {
    readonly lakeDir: string;
    readonly dataset: string;
    /** First day (`YYYY-MM-DD`); `undefined` for the first day of the data. */
    readonly fromDate?: string;
    /** Days to lay out; `undefined` for the layout's default. */
    readonly days?: number;
    /** Every day (all rows). */
    readonly allDays: boolean;
    readonly maxRowsPerDay?: number;
    /** Runs the layout (the demo's {@link PythonWorker}). */
    readonly python: PythonExecutor;
    readonly onProgress?: (line: string) => void;
}

/** The layout's command line for `options`. */
export function layoutArgs(
    options: Pick<LayoutOptions, "lakeDir" | "dataset" | "fromDate" | "days" | "allDays" | "maxRowsPerDay">,
): string[] {
    const args = [
        "-m",
        "medallion_local.layout",
        "--lake-dir",
        options.lakeDir,
        "--dataset",
        options.dataset,
    ];
    if (options.allDays) args.push("--all-days");
    else {
        if (options.fromDate !== undefined) args.push("--from-date", options.fromDate);
        if (options.days !== undefined) args.push("--days", String(options.days));
    }
    if (options.maxRowsPerDay !== undefined) args.push("--max-rows-per-day", String(options.maxRowsPerDay));
    return args;
}

/** Shape of one dataset's entry in `layout-manifest.json`. */
interface ManifestEntry {
    files: string[];
    rows: number;
    expected_counts: Record<string, number>;
}

/**
 * Lays out the drops and describes them.
 *
 * @throws Error when the layout fails (e.g. vega-datasets missing: run `npm ci`) or its manifest has no
 *   entry for the dataset.
 */
export async function layOutDrops(options: LayoutOptions): Promise<LayoutResult> {
    await options.python.run({
        args: layoutArgs(options),
        what: "bronze layout",
        logFile: path.join(options.lakeDir, LAKE_LAYOUT.logs, "layout.log"),
        onProgress: options.onProgress,
    });
    const manifest = JSON.parse(
        readFileSync(path.join(options.lakeDir, LAKE_LAYOUT.manifest), "utf8"),
    ) as Record<string, ManifestEntry>;
    const entry = manifest[options.dataset];
    if (entry === undefined) {
        throw new Error(
            `${LAKE_LAYOUT.manifest} has no entry for ${options.dataset}; the layout wrote nothing`,
        );
    }
    const bronzeRoot = path.join(options.lakeDir, LAKE_LAYOUT.bronze);
    const drops = entry.files.map((relative): BronzeDrop => {
        const file = path.join(options.lakeDir, relative);
        const content = readFileSync(file);
        return {
            key: path.relative(bronzeRoot, file).split(path.sep).join("/"),
            file,
            size: statSync(file).size,
            md5: createHash("md5").update(content).digest("hex"),
        };
    });
    return { drops, rows: entry.rows, injected: { ...entry.expected_counts } };
}
