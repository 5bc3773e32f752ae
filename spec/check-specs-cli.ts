/**
 * Command line over {@link loadDatasetSpecs} for the Python side's local tools (the local runner, the demo,
 * `python -m medallion_local.validate_specs`), so specs are checked by the one validator deploy uses:
 * `tsx spec/check-specs-cli.ts [--schema <file>] <datasets dir>...`.
 *
 * Prints one JSON object, datasets dir (as given) -> the issues of that directory (`[]` when its specs are
 * valid), each `{file, field, problem, fix}` as {@link DatasetSpecIssue}; exits 0 unless it could not run
 * (usage error or an unexpected failure, then exit 2 with the reason on stderr).
 */
import { DatasetSpecError, type DatasetSpecIssue, loadDatasetSpecs } from "./dataset-specs";

/** The issues of every directory, by directory. */
export function checkSpecDirectories(
    dirs: readonly string[],
    schemaFile?: string,
): Record<string, DatasetSpecIssue[]> {
    const results: Record<string, DatasetSpecIssue[]> = {};
    for (const dir of dirs) {
        try {
            loadDatasetSpecs(dir, schemaFile === undefined ? {} : { schemaFile });
            results[dir] = [];
        } catch (error) {
            if (!(error instanceof DatasetSpecError)) throw error;
            results[dir] = error.issues;
        }
    }
    return results;
}

function main(argv: string[]): number {
    const schemaAt = argv.indexOf("--schema");
    const schemaFile = schemaAt === -1 ? undefined : argv[schemaAt + 1];
    const dirs = schemaAt === -1 ? argv : argv.filter((_, i) => i !== schemaAt && i !== schemaAt + 1);
    if (dirs.length === 0 || (schemaAt !== -1 && schemaFile === undefined)) {
        process.stderr.write("usage: tsx spec/check-specs-cli.ts [--schema <file>] <datasets dir>...\n");
        return 2;
    }
    process.stdout.write(`${JSON.stringify(checkSpecDirectories(dirs, schemaFile))}\n`);
    return 0;
}

if (require.main === module) {
    try {
        process.exitCode = main(process.argv.slice(2));
    } catch (error) {
        process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
        process.exitCode = 2;
    }
}
