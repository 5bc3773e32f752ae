/**
 * The source component package (PulumiPlugin.yaml, issue 17 item 6): Pulumi's analyzer, the one
 * `pulumi package add` runs to generate SDKs for Python, Go, .NET and YAML, accepts every component the
 * plugin entry exports, and the schema names each with its token, its inputs and its outputs.
 */
import { readFileSync } from "node:fs";
import * as path from "node:path";
import { expect } from "chai";
import { MEDALLION_LAKE_DEFAULTS } from "../../components/multi-language";
import { componentPackage, REPO_ROOT } from "../examples/component-package";

const rootPackageJson = JSON.parse(readFileSync(path.join(REPO_ROOT, "package.json"), "utf8"));

const MEDALLION_LAKE_INPUTS = [
    "accountId",
    "region",
    "datasetsDir",
    "datasets",
    "trigger",
    "alarmEmails",
    "tags",
];
const MEDALLION_LAKE_OUTPUTS = [
    "bronzeBucketName",
    "silverBucketName",
    "goldBucketName",
    "artifactsBucketName",
    "keyArn",
    "databaseNames",
    "workgroupName",
    "jobNames",
    "datasetNames",
    "alarmTopicArn",
];

describe("source component package (PulumiPlugin.yaml)", function () {
    this.timeout(300_000);

    it("is a nodejs plugin whose entry is the multi-language facade", () => {
        const { manifest, dir } = componentPackage();
        expect(manifest).to.deep.equal({ runtime: "nodejs", main: "components/multi-language" });
        expect(path.relative(REPO_ROOT, dir)).to.equal(path.join("components", "multi-language"));
    });

    it("names the provider and version after the repo's package.json", () => {
        const { packageJson } = componentPackage();
        expect(packageJson.name).to.equal(rootPackageJson.name);
        expect(packageJson.version).to.equal(rootPackageJson.version);
        expect(packageJson.main).to.equal("index.ts");
    });

    it("the npm package ships the manifest (package.json files)", () => {
        expect(rootPackageJson.files).to.include("PulumiPlugin.yaml");
    });

    it("the analyzer accepts every component the entry exports, with no extra types", () => {
        const { componentNames, analysis } = componentPackage();
        expect(componentNames).to.deep.equal(["MedallionLake"]);
        expect(Object.keys(analysis.components)).to.deep.equal(["MedallionLake"]);
        expect(analysis.typeDefinitions).to.deep.equal({});
        expect(analysis.dependencies).to.deep.equal([]);
    });

    it("the schema's resource tokens are medallion-lake:index:<ClassName>", () => {
        const { schema } = componentPackage();
        expect(schema.name).to.equal("medallion-lake");
        expect(Object.keys(schema.resources)).to.deep.equal(["medallion-lake:index:MedallionLake"]);
        expect(schema.resources["medallion-lake:index:MedallionLake"].isComponent).to.equal(true);
    });

    it("MedallionLake's inputs: accountId and region required, all plain", () => {
        const { schema } = componentPackage();
        const resource = schema.resources["medallion-lake:index:MedallionLake"];
        expect(Object.keys(resource.inputProperties ?? {})).to.deep.equal(MEDALLION_LAKE_INPUTS);
        expect(resource.requiredInputs).to.deep.equal(["accountId", "region"]);
        const inputs = resource.inputProperties ?? {};
        expect(inputs.accountId).to.include({ type: "string", plain: true });
        expect(inputs.trigger).to.include({ type: "boolean", plain: true });
        expect(inputs.datasets).to.deep.include({ type: "array", items: { type: "string", plain: true } });
        expect(inputs.tags).to.deep.include({
            type: "object",
            additionalProperties: { type: "string", plain: true },
        });
    });

    it("MedallionLake's outputs: names and ARNs, alarmTopicArn the only optional one", () => {
        const { schema } = componentPackage();
        const resource = schema.resources["medallion-lake:index:MedallionLake"];
        expect(Object.keys(resource.properties ?? {})).to.deep.equal(MEDALLION_LAKE_OUTPUTS);
        expect(resource.required).to.deep.equal(
            MEDALLION_LAKE_OUTPUTS.filter((o) => o !== "alarmTopicArn").sort(),
        );
        expect(resource.properties?.jobNames).to.deep.include({ type: "array", items: { type: "string" } });
    });

    it("MEDALLION_LAKE_DEFAULTS: the shipped datasets/ and a trigger", () => {
        expect(MEDALLION_LAKE_DEFAULTS).to.deep.equal({
            datasetsDir: path.join(REPO_ROOT, "datasets"),
            trigger: true,
        });
    });

    it("docs/components.md#multi-language lists every input, its default and every output", () => {
        const docs = readFileSync(path.join(REPO_ROOT, "docs", "components.md"), "utf8");
        const section = docs.slice(docs.indexOf("## Multi-language"));
        const rows = [...section.matchAll(/^\| `([A-Za-z]+)` \|/gm)].map((m) => m[1]);
        expect(rows).to.deep.equal(MEDALLION_LAKE_INPUTS);
        expect(section).to.include(`| \`trigger\` | boolean | \`${MEDALLION_LAKE_DEFAULTS.trigger}\` |`);
        for (const output of MEDALLION_LAKE_OUTPUTS) expect(section, output).to.include(`\`${output}\``);
    });
});
