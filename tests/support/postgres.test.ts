import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { expect } from "chai";
import { DEBIAN_POSTGRES_ROOT, findFreePort, findPostgresBinDir } from "./postgres";

describe("test PostgreSQL helper", () => {
    let root: string;
    beforeEach(() => {
        root = mkdtempSync(join(tmpdir(), "pg-root-"));
    });
    afterEach(() => rmSync(root, { recursive: true, force: true }));

    function fakeInstall(major: string): string {
        const bin = join(root, major, "bin");
        mkdirSync(bin, { recursive: true });
        writeFileSync(join(bin, "initdb"), "");
        return bin;
    }

    it("looks under Debian's /usr/lib/postgresql by default", () => {
        expect(DEBIAN_POSTGRES_ROOT).to.equal("/usr/lib/postgresql");
    });

    it("picks the newest installed major version", () => {
        fakeInstall("9");
        fakeInstall("15");
        fakeInstall("13");
        expect(findPostgresBinDir({}, root)).to.equal(join(root, "15", "bin"));
    });

    it("prefers PG_BIN when set", () => {
        fakeInstall("15");
        const custom = fakeInstall("custom");
        expect(findPostgresBinDir({ PG_BIN: custom }, root)).to.equal(custom);
    });

    it("names PG_BIN when it has no initdb", () => {
        expect(() => findPostgresBinDir({ PG_BIN: root }, root)).to.throw(`PG_BIN=${root} has no initdb`);
    });

    it("says how to install the server when none is found", () => {
        expect(() => findPostgresBinDir({}, join(root, "missing"))).to.throw(
            /apt-get install -y postgresql-15`, or set PG_BIN/,
        );
    });

    it("finds a free loopback port", async () => {
        const port = await findFreePort();
        expect(port).to.be.within(1024, 65_535);
    });
});
