import { createHash } from "node:crypto";
import { mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import * as path from "node:path";
import { expect } from "chai";
import {
    CONTENT_HASH_LENGTH,
    contentHash,
    hashedFileName,
    pythonPackageFiles,
} from "../../../components/etl-job/content-hash";
import { requirementPins } from "../../../components/etl-job/python-requirements";
import { REPO_ROOT } from "../../support/pulumi-harness";

function tempFiles(files: Record<string, string>): string {
    const dir = mkdtempSync(path.join(tmpdir(), "hash-"));
    for (const [name, text] of Object.entries(files)) {
        mkdirSync(path.dirname(path.join(dir, name)), { recursive: true });
        writeFileSync(path.join(dir, name), text);
    }
    return dir;
}

describe("content hashes (lib/content-hash.ts)", () => {
    it("hashes names and bytes as documented, whatever the order given", () => {
        const dir = tempFiles({ "a.py": "A", "b.py": "BB" });
        const expected = createHash("sha256")
            .update("a.py\x001\x00A")
            .update("b.py\x002\x00BB")
            .digest("hex")
            .slice(0, CONTENT_HASH_LENGTH);
        const a = path.join(dir, "a.py");
        const b = path.join(dir, "b.py");
        expect(contentHash({ "a.py": a, "b.py": b })).to.equal(expected);
        expect(contentHash({ "b.py": b, "a.py": a })).to.equal(expected);
    });

    it("changes when a byte or a name changes", () => {
        const dir = tempFiles({ "a.py": "A", "c.py": "B" });
        const base = contentHash({ "a.py": path.join(dir, "a.py") });
        expect(contentHash({ "a.py": path.join(dir, "c.py") })).to.not.equal(base);
        expect(contentHash({ "renamed.py": path.join(dir, "a.py") })).to.not.equal(base);
    });

    it("puts the hash before the last extension", () => {
        expect(hashedFileName("bronze_to_silver.py", "0123456789abcdef")).to.equal(
            "bronze_to_silver-0123456789abcdef.py",
        );
        expect(hashedFileName("Makefile", "ab")).to.equal("Makefile-ab");
    });

    it("lists a package's files under its folder name, leaving bytecode caches and hidden files out", () => {
        const dir = tempFiles({
            "pkg/__init__.py": "",
            "pkg/io.py": "x = 1",
            "pkg/sub/__init__.py": "",
            "pkg/__pycache__/io.cpython-311.pyc": "cache",
            "pkg/stale.pyc": "cache",
            "pkg/.DS_Store": "",
        });
        expect(pythonPackageFiles(path.join(dir, "pkg"))).to.deep.equal({
            "pkg/__init__.py": path.join(dir, "pkg", "__init__.py"),
            "pkg/io.py": path.join(dir, "pkg", "io.py"),
            "pkg/sub/__init__.py": path.join(dir, "pkg", "sub", "__init__.py"),
        });
    });

    it("refuses a folder that is not a Python package", () => {
        const dir = tempFiles({ "lib/io.py": "" });
        expect(() => pythonPackageFiles(path.join(dir, "lib"))).to.throw(
            /not a Python package \(no __init__\.py\)/,
        );
    });
});

describe("requirement pins (lib/python-requirements.ts)", () => {
    it("reads exact pins from requirements.txt, matching names case- and separator-insensitively", () => {
        const file = path.join(REPO_ROOT, "requirements.txt");
        const pins = requirementPins(file, ["jsonschema", "PyYAML"]);
        expect(pins).to.have.length(2);
        expect(pins[0]).to.match(/^jsonschema==\d+\.\d+\.\d+$/);
        expect(pins[1]).to.match(/^pyyaml==\d+\.\d+\.\d+$/);
    });

    it("refuses a package that is missing or not pinned exactly", () => {
        const dir = tempFiles({ "requirements.txt": "# tools\nrequests>=2\nmoto[server]==5.2.5\n" });
        const file = path.join(dir, "requirements.txt");
        expect(requirementPins(file, ["moto"])).to.deep.equal(["moto==5.2.5"]);
        expect(() => requirementPins(file, ["requests"])).to.throw(
            `${file}: no exact pin for requests; add a line like requests==<version>`,
        );
    });
});
