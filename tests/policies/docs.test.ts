import { readFileSync } from "node:fs";
import * as path from "node:path";
import { expect } from "chai";
import { ETL_JOB_DEFAULTS } from "../../components/etl-job/etl-job";
import { TRIGGER_RUNTIME } from "../../components/trigger-lambda/trigger-lambda";
import { PACK_DEFAULTS, SERVICES_WITHOUT_SOURCE_CONTEXT } from "../../policies/defaults";
import { MEDALLION_POLICIES } from "../../policies/rules";
import { REPO_ROOT } from "../support/pulumi-harness";

const DOC = readFileSync(path.join(REPO_ROOT, "docs", "policies.md"), "utf8");

describe("docs/policies.md and the pack's defaults", () => {
    it("describes every rule with its id, severity, description and fix, as the rule states them", () => {
        for (const policy of MEDALLION_POLICIES) {
            const kind = "validateStack" in policy ? "stack" : "resource";
            expect(DOC, policy.name).to.include(
                `- **\`${policy.name}\`** (${policy.severity}, ${kind} rule). ${policy.description}\n  Fix: ${policy.remediationSteps}\n  AWS: ${policy.url}`,
            );
        }
    });

    it("lists each configurable setting with its default from PACK_DEFAULTS", () => {
        const rows = [
            ["glue-job-timeout", "maxTimeoutMinutes", String(PACK_DEFAULTS.glueMaxTimeoutMinutes)],
            ["glue-supported-version", "versions", PACK_DEFAULTS.glueVersions.join(", ")],
            [
                "lambda-supported-runtime",
                "runtimes",
                Object.entries(PACK_DEFAULTS.lambdaRuntimeDeprecations)
                    .map(([runtime, day]) => `${runtime} until ${day}`)
                    .join(", "),
            ],
            ["lambda-supported-runtime", "asOf", "the day of the evaluation (UTC)"],
            [
                "iam-trust-policy-scoped",
                "servicesWithoutSourceContext",
                PACK_DEFAULTS.servicesWithoutSourceContext.join(", "),
            ],
        ];
        for (const [rule, setting, value] of rows) {
            expect(DOC).to.include(`| \`${rule}\` | \`${setting}\` | ${value} |`);
        }
        expect(PACK_DEFAULTS.servicesWithoutSourceContext).to.deep.equal(
            Object.keys(SERVICES_WITHOUT_SOURCE_CONTEXT),
        );
    });

    it("declares each setting's default in the rule's config schema as well", () => {
        const schemaDefault = (rule: string, setting: string) =>
            MEDALLION_POLICIES.find((p) => p.name === rule)?.configSchema?.properties[setting]?.default;
        expect(schemaDefault("glue-job-timeout", "maxTimeoutMinutes")).to.equal(480);
        expect(schemaDefault("glue-supported-version", "versions")).to.deep.equal([
            "3.0",
            "4.0",
            "5.0",
            "5.1",
        ]);
        expect(schemaDefault("lambda-supported-runtime", "runtimes")).to.equal(
            PACK_DEFAULTS.lambdaRuntimeDeprecations,
        );
        expect(schemaDefault("lambda-supported-runtime", "asOf")).to.equal(undefined);
        expect(schemaDefault("iam-trust-policy-scoped", "servicesWithoutSourceContext")).to.deep.equal([
            "ec2.amazonaws.com",
            "glue.amazonaws.com",
            "lakeformation.amazonaws.com",
            "lambda.amazonaws.com",
        ]);
    });

    it("has an example pack config whose keys are rule ids and whose values CrossGuard accepts", () => {
        const example = JSON.parse(
            readFileSync(path.join(REPO_ROOT, "policies", "config.example.json"), "utf8"),
        );
        const ids = MEDALLION_POLICIES.map((p) => p.name);
        for (const [rule, value] of Object.entries(example)) {
            expect(ids, rule).to.include(rule);
            const level =
                typeof value === "string" ? value : (value as { enforcementLevel?: string }).enforcementLevel;
            if (level !== undefined) expect(level).to.be.oneOf(["advisory", "mandatory", "disabled"]);
        }
        const shown = /```json\n([\s\S]*?)```/.exec(DOC)?.[1];
        expect(JSON.parse(String(shown))).to.deep.equal(example);
    });

    it("accepts the lake's own defaults (Glue version and timeout, trigger runtime)", () => {
        expect(PACK_DEFAULTS.glueVersions).to.include(ETL_JOB_DEFAULTS.glueVersion);
        expect(ETL_JOB_DEFAULTS.timeoutMinutes).to.be.at.most(PACK_DEFAULTS.glueMaxTimeoutMinutes);
        expect(PACK_DEFAULTS.lambdaRuntimeDeprecations[TRIGGER_RUNTIME]).to.equal("2027-04-30");
    });
});
