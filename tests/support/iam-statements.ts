/** Reading the IAM policy documents the mock harness recorded: parsed statements and the ones granting an action. */
import { expect } from "chai";
import { ACTIONS_ONLY_ON_STAR } from "../../lib/iam";
import type { RecordedResource } from "./pulumi-harness";

/** One statement of a recorded policy document, as the builders in lib/ write them. */
export interface PolicyStatement {
    Sid?: string;
    Effect: string;
    Action: string[];
    Resource: string[];
    Condition?: Record<string, Record<string, unknown>>;
}

/** The statements of a recorded resource's policy document input (`policy` by default). */
export function statementsOf(resource: RecordedResource, input = "policy"): PolicyStatement[] {
    return JSON.parse(resource.inputs[input]).Statement;
}

/** The statements that grant `action`. */
export function granting(statements: PolicyStatement[], action: string): PolicyStatement[] {
    return statements.filter((s) => s.Action.includes(action));
}

/** Asserts that `Resource: "*"` appears only with actions AWS authorizes on `*` alone (ACTIONS_ONLY_ON_STAR). */
export function expectStarOnlyForStarActions(statements: PolicyStatement[]): void {
    for (const s of statements.filter((st) => st.Resource.includes("*"))) {
        for (const action of s.Action) expect(ACTIONS_ONLY_ON_STAR, action).to.have.property(action);
    }
}
