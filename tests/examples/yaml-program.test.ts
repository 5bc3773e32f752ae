/**
 * examples/yaml-program: the Pulumi YAML program uses only what the source component package offers. Its
 * resource types are component tokens of the schema Pulumi's analyzer derives, its properties are inputs of
 * that component (every required one set), and each `${<resource>.<property>}` it reads is an output.
 */
import { readFileSync } from "node:fs";
import * as path from "node:path";
import { expect } from "chai";
import { parse } from "yaml";
import { componentPackage, REPO_ROOT } from "./component-package";

interface YamlProgram {
    name: string;
    runtime: string;
    packages?: Record<string, string>;
    config?: Record<string, { type: string; default?: unknown }>;
    resources: Record<string, { type: string; properties?: Record<string, unknown> }>;
    outputs?: Record<string, string>;
}

const EXAMPLE_DIR = path.join(REPO_ROOT, "examples", "yaml-program");
const program = parse(readFileSync(path.join(EXAMPLE_DIR, "Pulumi.yaml"), "utf8")) as YamlProgram;

/** `${name.property}` references in a value, as [name, property] pairs. */
function references(value: unknown): [string, string][] {
    const text = JSON.stringify(value);
    return [...text.matchAll(/\$\{([A-Za-z0-9_-]+)\.([A-Za-z0-9_]+)\}/g)].map((m) => [m[1], m[2]]);
}

describe("examples/yaml-program (Pulumi YAML)", function () {
    this.timeout(300_000);

    it("is a YAML program that adds this repo as the package", () => {
        expect(program.runtime).to.equal("yaml");
        expect(program.packages).to.deep.equal({ "medallion-lake": "../.." });
        expect(path.resolve(EXAMPLE_DIR, "../..")).to.equal(REPO_ROOT);
    });

    it("declares one MedallionLake", () => {
        expect(Object.entries(program.resources).map(([name, r]) => [name, r.type])).to.deep.equal([
            ["lake", "medallion-lake:index:MedallionLake"],
        ]);
    });

    it("uses only component tokens of the analyzed schema", () => {
        const { schema } = componentPackage();
        for (const [name, resource] of Object.entries(program.resources)) {
            expect(schema.resources, `resources.${name}.type`).to.have.property(resource.type);
            expect(schema.resources[resource.type].isComponent).to.equal(true);
        }
    });

    it("sets only inputs of each component, and every required one", () => {
        const { schema } = componentPackage();
        for (const [name, resource] of Object.entries(program.resources)) {
            const spec = schema.resources[resource.type];
            const set = Object.keys(resource.properties ?? {});
            const inputs = Object.keys(spec.inputProperties ?? {});
            expect(
                set.filter((p) => !inputs.includes(p)),
                `resources.${name}.properties`,
            ).to.deep.equal([]);
            expect((spec.requiredInputs ?? []).filter((p) => !set.includes(p))).to.deep.equal([]);
        }
        expect(Object.keys(program.resources.lake.properties ?? {})).to.deep.equal([
            "accountId",
            "region",
            "datasets",
            "alarmEmails",
            "tags",
        ]);
    });

    it("reads only outputs of its resources and only declared config", () => {
        const { schema } = componentPackage();
        const outputRefs = references(program.outputs);
        expect(outputRefs).to.deep.equal([
            ["lake", "bronzeBucketName"],
            ["lake", "goldBucketName"],
            ["lake", "jobNames"],
            ["lake", "alarmTopicArn"],
        ]);
        for (const [name, property] of outputRefs) {
            const spec = schema.resources[program.resources[name].type];
            expect(Object.keys(spec.properties ?? {}), `${name}.${property}`).to.include(property);
        }
        const configRefs = [...JSON.stringify(program.resources).matchAll(/\$\{([A-Za-z0-9_]+)\}/g)].map(
            (m) => m[1],
        );
        expect(configRefs).to.deep.equal(["accountId", "region"]);
        expect(Object.keys(program.config ?? {})).to.deep.equal(configRefs);
    });

    it("names datasets the package ships", () => {
        const names = readFileSync(path.join(REPO_ROOT, "datasets", "sales.yaml"), "utf8").match(
            /^name: (.+)$/m,
        );
        expect(program.resources.lake.properties?.datasets).to.deep.equal([names?.[1]]);
    });
});
