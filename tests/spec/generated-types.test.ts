import { readFileSync } from "node:fs";
import * as path from "node:path";
import { expect } from "chai";
import {
    generateSpecTypes,
    PY_TYPES_FILE,
    REPO_ROOT,
    TS_TYPES_FILE,
} from "../../scripts/generate-spec-types";

describe("types generated from the dataset spec schema (npm run generate:spec)", () => {
    let generated: Record<string, string>;
    before(async function () {
        this.timeout(120_000);
        generated = await generateSpecTypes();
    });

    for (const file of [TS_TYPES_FILE, PY_TYPES_FILE]) {
        it(`${file} is what the generator makes of the current schema (run npm run generate:spec when not)`, () => {
            expect(readFileSync(path.join(REPO_ROOT, file), "utf8")).to.equal(generated[file]);
        });
    }

    it("carries the schema's defaults into the Python dataclasses and its unions into the TypeScript types", () => {
        const python = generated[PY_TYPES_FILE] ?? "";
        expect(python).to.include('compression: Literal["snappy", "zstd"] | None = "zstd"');
        expect(python).to.include('delimiter: str | None = ","');
        expect(python).to.not.include("pydantic");
        expect(generated[TS_TYPES_FILE]).to.include(
            'export type ReservedColumn = "year" | "month" | "_source_object" | "_ingested_at" | "_corrupt_record";',
        );
    });
});
