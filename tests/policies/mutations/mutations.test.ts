/**
 * Mutation tests of the policy pack: each row of MUTATIONS makes one insecure change to the all-features
 * stack (which passes its own pack, so each mutation starts with no mandatory violation), and the offline
 * evaluation must answer with a mandatory violation of the expected rule naming the changed resource.
 */
import { expect } from "chai";
import { type EvaluatedResource, evaluatePolicies } from "../../../policies/evaluate";
import { MEDALLION_POLICIES } from "../../../policies/rules";
import { allFeaturesStack } from "../support/stacks";
import { type MutationOutcome, mutationScore, runMutation } from "./mutation-score";
import { MUTATIONS } from "./mutations";

/** The insecure changes issue 16 found the pack blind to; each must have a mutation. */
const ISSUE_KINDS = [
    "iam-resource-policy-private",
    "iam-no-wildcard-arn",
    "iam-no-privilege-escalation",
    "iam-cross-account-trust-external-id",
    "rds-storage-encrypted",
    "rds-not-public",
    "rds-iam-authentication",
    "firehose-sse",
    "network-security-group-no-open-ingress",
    "lambda-environment-encrypted",
    "lambda-url-auth",
];

describe("policy pack mutation tests (all-features stack, offline evaluation)", () => {
    let baseline: EvaluatedResource[];
    const outcomes = new Map<string, MutationOutcome>();

    before(async function () {
        this.timeout(600_000);
        baseline = (await allFeaturesStack()).resources;
        for (const mutation of MUTATIONS) outcomes.set(mutation.name, await runMutation(baseline, mutation));
    });

    it("has at least 40 mutations, with distinct names, for rules of the pack", () => {
        expect(MUTATIONS.length).to.be.at.least(40);
        expect(new Set(MUTATIONS.map((m) => m.name)).size).to.equal(MUTATIONS.length);
        const rules = MEDALLION_POLICIES.map((p) => p.name);
        for (const mutation of MUTATIONS) expect(rules, mutation.name).to.include(mutation.rule);
        const covered = new Set(MUTATIONS.map((m) => m.rule));
        for (const kind of ISSUE_KINDS) expect(covered, kind).to.include(kind);
    });

    it("starts from the stack as the program registers it, with no mandatory violation", async () => {
        const mandatory = (await evaluatePolicies(baseline))
            .filter((v) => v.enforcementLevel === "mandatory")
            .map((v) => `${v.policyName}: ${v.message}`);
        expect(mandatory).to.deep.equal([]);
    });

    for (const mutation of MUTATIONS) {
        it(`${mutation.rule} catches: ${mutation.name}`, () => {
            const outcome = outcomes.get(mutation.name);
            expect(outcome?.caught, `violations were:\n${outcome?.mandatory.join("\n")}`).to.equal(true);
        });
    }

    it("has a mutation score of 100 %", () => {
        const all = MUTATIONS.map((m) => outcomes.get(m.name)).filter(
            (o): o is MutationOutcome => o !== undefined,
        );
        expect(all).to.have.length(MUTATIONS.length);
        const missed = all.filter((o) => !o.caught).map((o) => o.mutation.name);
        expect(missed).to.deep.equal([]);
        expect(mutationScore(all)).to.equal(100);
    });
});
