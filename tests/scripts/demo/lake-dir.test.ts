import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { expect } from "chai";
import { DEMO_LAKE_MARKER, LAKE_LAYOUT, prepareLakeDir } from "../../../scripts/demo/lake-dir";
import { REPO_ROOT } from "../../../scripts/demo/paths";

describe("demo lake directory", () => {
    let root: string;
    beforeEach(() => {
        root = mkdtempSync(path.join(tmpdir(), "demo-lake-dir-"));
    });
    afterEach(() => rmSync(root, { recursive: true, force: true }));

    it("creates a new directory with the marker and the logs folder", () => {
        const lake = path.join(root, "a", "lake");
        prepareLakeDir(lake, REPO_ROOT);
        expect(readdirSync(lake).sort()).to.deep.equal([DEMO_LAKE_MARKER, LAKE_LAYOUT.logs].sort());
    });

    it("wipes a directory the demo made", () => {
        const lake = path.join(root, "lake");
        prepareLakeDir(lake, REPO_ROOT);
        writeFileSync(path.join(lake, "old.txt"), "x");
        prepareLakeDir(lake, REPO_ROOT);
        expect(existsSync(path.join(lake, "old.txt"))).to.equal(false);
        expect(existsSync(path.join(lake, DEMO_LAKE_MARKER))).to.equal(true);
    });

    it("refuses a non-empty directory it did not make, a file, and the repository", () => {
        const foreign = path.join(root, "mine");
        mkdirSync(foreign);
        writeFileSync(path.join(foreign, "thesis.tex"), "precious");
        expect(() => prepareLakeDir(foreign, REPO_ROOT)).to.throw(
            `--lake-dir ${foreign} is not empty and was not made by the demo (no ${DEMO_LAKE_MARKER})`,
        );
        expect(readdirSync(foreign)).to.deep.equal(["thesis.tex"]);
        const file = path.join(root, "file");
        writeFileSync(file, "");
        expect(() => prepareLakeDir(file, REPO_ROOT)).to.throw(`--lake-dir ${file} is a file`);
        expect(() => prepareLakeDir(REPO_ROOT, REPO_ROOT)).to.throw("the demo wipes this directory");
        expect(() => prepareLakeDir("/", REPO_ROOT)).to.throw("the demo wipes this directory");
    });

    it("accepts an existing empty directory", () => {
        const empty = path.join(root, "empty");
        mkdirSync(empty);
        prepareLakeDir(empty, REPO_ROOT);
        expect(existsSync(path.join(empty, DEMO_LAKE_MARKER))).to.equal(true);
    });
});
