/**
 * Every folder of the tree says what lives in it: a `README.md` that opens with a `# <title>` heading
 * and a line of description, or, for a Python package, an `__init__.py` that opens with a docstring.
 */
import { execFileSync } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import * as path from "node:path";
import { expect } from "chai";

const REPO_ROOT = path.resolve(__dirname, "..", "..");

/** Why a folder's opening text is missing or malformed; undefined when it is fine. */
function openingProblem(folder: string): string | undefined {
    const readme = path.join(REPO_ROOT, folder, "README.md");
    const init = path.join(REPO_ROOT, folder, "__init__.py");
    if (existsSync(readme)) {
        const lines = readFileSync(readme, "utf8").split("\n");
        if (!lines[0].startsWith("# ")) return 'README.md must open with a "# <title>" heading';
        if (!lines.slice(1).some((line) => line.trim() !== "")) return "README.md has no description line";
        return undefined;
    }
    if (existsSync(init)) {
        return readFileSync(init, "utf8").trimStart().startsWith('"""')
            ? undefined
            : "__init__.py must open with a docstring";
    }
    return "no README.md (or package __init__.py docstring) saying what lives here";
}

describe("the tree's folders", () => {
    const folders = [
        ...new Set(
            execFileSync("git", ["ls-files"], { cwd: REPO_ROOT, encoding: "utf8" })
                .split("\n")
                .filter((file) => file !== "" && existsSync(path.join(REPO_ROOT, file)))
                .map((file) => path.dirname(file))
                .filter((folder) => folder !== "."),
        ),
    ].sort();

    it("are many (the listing works)", () => {
        expect(folders).to.include.members(["components/etl-job", "glue/medallion_glue/silver", "lib"]);
    });

    it("each open with a README.md or a package docstring saying what lives there", () => {
        const problems = folders.flatMap((folder) => {
            const problem = openingProblem(folder);
            return problem === undefined ? [] : [`${folder}: ${problem}`];
        });
        expect(problems).to.deep.equal([]);
    });

    it("reports a folder without one", () => {
        expect(openingProblem("tests/fixtures")).to.equal(
            "no README.md (or package __init__.py docstring) saying what lives here",
        );
    });
});
