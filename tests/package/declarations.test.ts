/**
 * The published declarations (`tsc -p tsconfig.build.json`) import no `.json` file: a consumer whose
 * tsconfig has neither `resolveJsonModule` nor `skipLibCheck` (as `pulumi new typescript` writes) could not
 * type-check `import "medallion-lake"` otherwise. The contract-typed helpers of lib/glue-job-contract.ts
 * are `@internal` and stripped (`stripInternal`).
 */
import { execFileSync } from "node:child_process";
import { mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import * as path from "node:path";
import { expect } from "chai";

const REPO_ROOT = path.resolve(__dirname, "..", "..");

function declarationFiles(dir: string): string[] {
    return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
        const full = path.join(dir, entry.name);
        if (entry.isDirectory()) return declarationFiles(full);
        return entry.name.endsWith(".d.ts") ? [full] : [];
    });
}

describe("published declarations", function () {
    this.timeout(180_000);
    let outDir: string;
    before(() => {
        outDir = mkdtempSync(path.join(tmpdir(), "medallion-lake-dts-"));
        execFileSync(
            path.join(REPO_ROOT, "node_modules", ".bin", "tsc"),
            ["-p", "tsconfig.build.json", "--outDir", outDir],
            { cwd: REPO_ROOT, stdio: "pipe" },
        );
    });
    after(() => rmSync(outDir, { recursive: true, force: true }));

    it("import no .json file", () => {
        const files = declarationFiles(outDir);
        expect(files.map((f) => path.relative(outDir, f))).to.include("lib/glue-job-contract.d.ts");
        const importsJson = files.filter((f) => /from "[^"]+\.json"/.test(readFileSync(f, "utf8")));
        expect(importsJson.map((f) => path.relative(outDir, f))).to.deep.equal([]);
    });

    it("keep the contract's public values and leave out its @internal typed helpers", () => {
        const contract = readFileSync(path.join(outDir, "lib", "glue-job-contract.d.ts"), "utf8");
        expect(contract).to.include("export declare const RUN_ONLY_ARGUMENTS");
        expect(contract).to.not.include("jobArguments");
    });
});
