import { readFileSync } from "node:fs";
import * as path from "node:path";
import { expect } from "chai";
import { projectConfigSchema } from "../../config/stack-config";
import { REPO_ROOT } from "../support/pulumi-harness";

describe("README configuration reference", () => {
    const readme = readFileSync(path.join(REPO_ROOT, "README.md"), "utf8");
    const reference = readme.slice(readme.indexOf("## Configuration reference"));

    it("documents every top-level key of the config schema", () => {
        const documented = [...reference.matchAll(/^\| `([a-zA-Z]+)[.`<]/gm)].map((m) => m[1]);
        expect(documented.length).to.be.greaterThan(5);
        const missing = Object.keys(projectConfigSchema.shape).filter((key) => !documented.includes(key));
        expect(missing).to.deep.equal([]);
    });
});
