/**
 * Command line over {@link loadDatasetSpecs} for the Python side's local tools (the local runner, the demo,
 * `python -m medallion_local.validate_specs`), so specs are checked by the one validator deploy uses:
 * `tsx spec/check-specs-cli.ts [--schema <file>] [--sql-dir <dir>] <datasets dir>...`. With `--sql-dir`, each
 * gold table must also have its `<dir>/<table>.sql` ({@link goldSqlFiles}, as `index.ts` checks on deploy).
 *
 * Prints one JSON object, datasets dir (as given) -> the issues of that directory (`[]` when its specs are
 * valid), each `{file, field, problem, fix}` as {@link DatasetSpecIssue}; exits 0 unless it could not run
 * (usage error or an unexpected failure, then exit 2 with the reason on stderr).
 */
import { parseArgs } from "node:util";
import { DatasetSpecError, type DatasetSpecIssue, goldSqlFiles, loadDatasetSpecs } from "./dataset-specs";

/** The issues of every directory, by directory. */
export function checkSpecDirectories(
    dirs: readonly string[],
    schemaFile?: string,
    sqlDir?: string,
): Record<string, DatasetSpecIssue[]> {
    const issuesOf = (check: () => void): DatasetSpecIssue[] => {
        try {
            check();
            return [];
        } catch (error) {
            if (!(error instanceof DatasetSpecError)) throw error;
            return error.issues;
        }
    };
    const results: Record<string, DatasetSpecIssue[]> = {};
    for (const dir of dirs) {
        results[dir] = issuesOf(() => {
            const loaded = loadDatasetSpecs(dir, schemaFile === undefined ? {} : { schemaFile });
            const missingSql =
                sqlDir === undefined
                    ? []
                    : loaded.flatMap((spec) => issuesOf(() => goldSqlFiles(spec, sqlDir)));
            if (missingSql.length > 0) throw new DatasetSpecError(missingSql);
        });
    }
    return results;
}

const USAGE = "usage: tsx spec/check-specs-cli.ts [--schema <file>] [--sql-dir <dir>] <datasets dir>...\n";

function main(argv: string[]): number {
    let parsed: ReturnType<typeof parseCommandLine>;
    try {
        parsed = parseCommandLine(argv);
    } catch (error) {
        process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n${USAGE}`);
        return 2;
    }
    if (parsed.positionals.length === 0) {
        process.stderr.write(USAGE);
        return 2;
    }
    const { schema, "sql-dir": sqlDir } = parsed.values;
    process.stdout.write(`${JSON.stringify(checkSpecDirectories(parsed.positionals, schema, sqlDir))}\n`);
    return 0;
}

/** Node's own parser (`util.parseArgs`): unknown options and options without a value throw. */
function parseCommandLine(argv: string[]) {
    return parseArgs({
        args: argv,
        allowPositionals: true,
        options: { schema: { type: "string" }, "sql-dir": { type: "string" } },
    });
}

if (require.main === module) {
    try {
        process.exitCode = main(process.argv.slice(2));
    } catch (error) {
        process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
        process.exitCode = 2;
    }
}
