/**
 * Import-graph check of the TypeScript tree (run by `npm run check:imports`, part of `npm test`): fails on
 * any import circle and on any import that runs upward through the layers. Prints each offending edge.
 *
 * Layers, lowest first: `lib/` (shared by two or more components) and `spec/` (the dataset spec), then
 * `components/` (the package), then `config/` and `index.ts` (the program). Built on madge's JS API:
 * https://github.com/pahen/madge#api
 */
import * as path from "node:path";

/** The part of madge's API this check uses (madge ships no type declarations). */
interface MadgeResult {
    /** File -> the files it imports, relative to `baseDir`. */
    obj(): Record<string, string[]>;
    /** Each import circle as the files along it. */
    circular(): string[][];
}
type Madge = (path: string, config: Record<string, unknown>) => Promise<MadgeResult>;
const madge = require("madge") as Madge;

const ROOT = path.resolve(__dirname, "..");

/** An import that must not exist: from files under `from` to files under any of `to`. */
interface LayerRule {
    from: string;
    to: readonly string[];
    why: string;
}

/** The upward imports the tree refuses. Paths are relative to the repository root, folders end in `/`. */
export const LAYER_RULES: readonly LayerRule[] = [
    {
        from: "lib/",
        to: ["components/", "config/", "index.ts"],
        why: "lib/ is shared code below the components",
    },
    {
        from: "components/",
        to: ["config/", "index.ts"],
        why: "components are the package; config/ is the program's",
    },
    {
        from: "spec/",
        to: ["components/", "config/", "index.ts"],
        why: "the dataset spec is below the components",
    },
];

/** Folders and files madge never reads: installed packages, build output, the local lake. */
const EXCLUDED = [/(^|\/)node_modules\//, /^dist\//, /^\.lake\//, /^glue\//, /^\.venv\//];

const under = (file: string, prefix: string) =>
    prefix.endsWith("/") ? file.startsWith(prefix) : file === prefix;

/** Every edge that breaks a {@link LAYER_RULES} rule, as `from -> to (why)`. */
export function upwardImports(graph: Readonly<Record<string, readonly string[]>>): string[] {
    const found: string[] = [];
    for (const [from, imports] of Object.entries(graph)) {
        for (const rule of LAYER_RULES) {
            if (!under(from, rule.from)) continue;
            for (const to of imports) {
                if (rule.to.some((prefix) => under(to, prefix))) found.push(`${from} -> ${to} (${rule.why})`);
            }
        }
    }
    return found.sort();
}

async function main(): Promise<number> {
    const result = await madge(ROOT, {
        baseDir: ROOT,
        fileExtensions: ["ts"],
        tsConfig: path.join(ROOT, "tsconfig.json"),
        excludeRegExp: EXCLUDED,
        detectiveOptions: { ts: { skipTypeImports: false }, tsx: { skipTypeImports: false } },
    });
    const circles = result.circular();
    const upward = upwardImports(result.obj());
    for (const circle of circles) console.error(`import circle: ${[...circle, circle[0]].join(" -> ")}`);
    for (const edge of upward) console.error(`upward import: ${edge}`);
    const files = Object.keys(result.obj()).length;
    if (circles.length > 0 || upward.length > 0) {
        console.error(
            `check:imports: ${circles.length} circle(s), ${upward.length} upward import(s) in ${files} files`,
        );
        return 1;
    }
    console.log(`check:imports: no import circle and no upward import in ${files} files`);
    return 0;
}

if (require.main === module) {
    main().then(
        (code) => process.exit(code),
        (error) => {
            console.error(error);
            process.exit(1);
        },
    );
}
