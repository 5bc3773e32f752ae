/**
 * Every IAM policy document the stacks generate (role trust and inline policies, role policies, managed
 * policies, bucket, key, queue and topic policies) is linted by parliament. A finding fails the test unless
 * PARLIAMENT_JUSTIFIED_FINDINGS (lib/iam.ts) accepts it with a reason.
 */
import { readdirSync, readFileSync } from "node:fs";
import * as path from "node:path";
import { expect } from "chai";
import { ACTIONS_ONLY_ON_STAR, PARLIAMENT_JUSTIFIED_FINDINGS } from "../../lib/iam";
import { type CollectedIamDocument, collectIamDocuments } from "../../policies/lib/iam-documents";
import {
    justificationFor,
    parliamentView,
    renderForParliament,
    statementAt,
} from "../../policies/lib/parliament";
import { TYPES } from "../../policies/lib/types";
import { REPO_ROOT } from "../support/pulumi-harness";
import { ACCOUNT } from "./support/fixtures";
import { type LocatedFinding, runParliament } from "./support/parliament-runner";
import { allFeaturesStack, devStack } from "./support/stacks";

const ROLE_ARN = `arn:aws:iam::${ACCOUNT}:role/glue-job`;

/** A document built by hand, as the collector returns them. */
function handMade(
    kind: CollectedIamDocument["kind"],
    document: unknown,
    extra: Partial<CollectedIamDocument> = {},
) {
    return {
        kind,
        path: "policy",
        value: JSON.stringify(document),
        resourceType: TYPES.iamRolePolicy,
        resourceName: "control",
        document,
        ...extra,
    } as CollectedIamDocument;
}

function describeFinding({ finding, input }: LocatedFinding): string {
    const where = `${input.source.resourceName} ${input.source.path} (${input.source.kind})`;
    return `${where}: ${finding.issue} ${JSON.stringify(finding.detail)} ${JSON.stringify(finding.location.actions ?? "")}`;
}

describe("parliament on every IAM document of the stacks", () => {
    let documents: CollectedIamDocument[];
    let findings: LocatedFinding[];
    const control = handMade("identity", {
        Version: "2012-10-17",
        Statement: [{ Effect: "Allow", Action: ["s3:GetObject"], Resource: "*" }],
    });

    before(async function () {
        this.timeout(300_000);
        const runs = [await devStack(), await allFeaturesStack()];
        documents = runs.flatMap((run) => collectIamDocuments(run.resources));
        findings = runParliament([...documents, control]);
    });

    it("collects identity, trust and resource policies from the stacks", () => {
        const kinds = new Set(documents.map((d) => d.kind));
        expect([...kinds].sort()).to.deep.equal(["identity", "resource", "trust"]);
        const bucketPolicies = documents.filter((d) => d.resourceType === TYPES.bucketPolicy);
        expect(bucketPolicies.length).to.be.at.least(6);
    });

    it("finds a real problem when there is one (negative control: s3:GetObject on *)", () => {
        const onControl = findings.filter((f) => f.input.source === control).map((f) => f.finding.issue);
        expect(onControl).to.deep.equal(["RESOURCE_STAR"]);
    });

    it("has no finding that is not justified next to its builder", () => {
        const unjustified = findings
            .filter((f) => f.input.source !== control)
            .filter((f) => justificationFor(f.finding, f.input, PARLIAMENT_JUSTIFIED_FINDINGS) === undefined)
            .map(describeFinding);
        expect(unjustified).to.deep.equal([]);
    });

    it("uses every justification (none is stale)", () => {
        const used = new Set(
            findings
                .map((f) => justificationFor(f.finding, f.input, PARLIAMENT_JUSTIFIED_FINDINGS))
                .filter(Boolean),
        );
        const stale = PARLIAMENT_JUSTIFIED_FINDINGS.filter((j) => !used.has(j)).map(
            (j) => `${j.issue} ${j.detail}`,
        );
        expect(stale).to.deep.equal([]);
    });
});

describe("documents handed to parliament", () => {
    it("gives a trust policy the role's ARN as Resource, as IAM reads it", () => {
        const trust = handMade(
            "trust",
            {
                Version: "2012-10-17",
                Statement: [
                    {
                        Effect: "Allow",
                        Principal: { Service: "glue.amazonaws.com" },
                        Action: "sts:AssumeRole",
                    },
                ],
            },
            { resourceType: TYPES.iamRole, resourceArn: ROLE_ARN },
        );
        expect(parliamentView(trust).Statement).to.deep.equal([
            {
                Effect: "Allow",
                Principal: { Service: "glue.amazonaws.com" },
                Action: "sts:AssumeRole",
                Resource: ROLE_ARN,
            },
        ]);
    });

    it("hands identity and resource policies over unchanged, key policies' Resource * included", () => {
        const keyArn = `arn:aws:kms:eu-west-1:${ACCOUNT}:key/k`;
        const statement = {
            Effect: "Allow",
            Principal: { AWS: [`arn:aws:iam::${ACCOUNT}:root`] },
            Action: "kms:*",
            Resource: "*",
        };
        const key = handMade(
            "resource",
            { Statement: statement },
            { resourceType: TYPES.kmsKey, resourceArn: keyArn },
        );
        expect(parliamentView(key).Statement).to.deep.equal([statement]);
        const identity = handMade("identity", {
            Statement: [{ Effect: "Allow", Action: "s3:GetObject", Resource: "*" }],
        });
        expect(parliamentView(identity).Statement).to.deep.equal([
            { Effect: "Allow", Action: "s3:GetObject", Resource: "*" },
        ]);
    });

    it("maps a finding's line to the statement it is in", () => {
        const first = { Effect: "Allow", Action: "s3:GetObject", Resource: "arn:aws:s3:::b/*" };
        const second = { Effect: "Allow", Action: "s3:ListBucket", Resource: "arn:aws:s3:::b" };
        const input = renderForParliament(
            handMade("identity", { Version: "2012-10-17", Statement: [first, second] }),
        );
        expect(JSON.parse(input.text).Statement).to.deep.equal([first, second]);
        const secondLine = input.text.split("\n").findIndex((l) => l.includes("s3:ListBucket")) + 1;
        expect(statementAt(input, secondLine)).to.deep.equal(second);
        expect(statementAt(input, 1)).to.equal(undefined);
    });

    it("justifies a finding only on the statements its justification names", () => {
        const trust = {
            Effect: "Allow",
            Principal: { Service: "glue.amazonaws.com" },
            Action: "sts:AssumeRole",
            Resource: ROLE_ARN,
        };
        const { Principal: _principal, ...identity } = trust;
        const finding = {
            issue: "CREDENTIALS_EXPOSURE",
            title: "",
            severity: "LOW",
            description: "",
            detail: ["sts:assumerole"],
            location: { line: 4 },
        };
        for (const [statement, justified] of [
            [trust, true],
            [identity, false],
        ] as const) {
            const input = renderForParliament(
                handMade("identity", { Version: "2012-10-17", Statement: [statement] }),
            );
            const match = justificationFor(finding, input, PARLIAMENT_JUSTIFIED_FINDINGS);
            expect(match !== undefined, JSON.stringify(statement)).to.equal(justified);
        }
    });
});

describe("ACTIONS_ONLY_ON_STAR (lib/iam.ts)", () => {
    it("lists only actions that parliament's IAM database says support no resource type", () => {
        const lib = path.join(REPO_ROOT, ".venv", "lib");
        const python = readdirSync(lib).find((d) => d.startsWith("python"));
        const file = path.join(lib, String(python), "site-packages", "parliament", "iam_definition.json");
        const services = JSON.parse(readFileSync(file, "utf8")) as {
            prefix: string;
            privileges: { privilege: string; resource_types: { resource_type: string }[] }[];
        }[];
        const resourceTypes = new Map<string, string[]>();
        for (const service of services) {
            for (const p of service.privileges) {
                resourceTypes.set(
                    `${service.prefix}:${p.privilege}`.toLowerCase(),
                    p.resource_types.map((r) => r.resource_type).filter((r) => r !== ""),
                );
            }
        }
        const scopable = Object.keys(ACTIONS_ONLY_ON_STAR)
            .map((action) => [action, resourceTypes.get(action.toLowerCase())] as const)
            .filter(([, types]) => types === undefined || types.length > 0)
            .map(
                ([action, types]) =>
                    `${action}: ${types === undefined ? "unknown action" : types.join(", ")}`,
            );
        expect(scopable).to.deep.equal([]);
    });
});
