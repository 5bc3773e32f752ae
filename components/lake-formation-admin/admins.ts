/**
 * The data lake admin list. `PutDataLakeSettings` replaces the whole list, so the list sent must hold every
 * admin that should remain: the deploying principal (it manages registrations, LF-tags and grants), the
 * admins from config, and the admins already present in the account.
 * Follows https://docs.aws.amazon.com/lake-formation/latest/APIReference/API_PutDataLakeSettings.html
 */

import { type Problem, problem, throwIfProblems } from "../../lib/problems";
import { ROOT_PRINCIPAL_PATTERN } from "./permissions";

/** The subject of the admin list's problems. */
const LAKE_FORMATION_SUBJECT = "Lake Formation";

/** What the admin list is computed from; every value is an IAM principal ARN. */
export interface AdminListInput {
    /** The deploying principal: the IAM role behind the deploy session (or the IAM user). */
    deployer: string;
    /** Admins the stack asks for. */
    configured: readonly string[];
    /** Admins present in the account before this deployment (`getDataLakeSettings`). */
    existing: readonly string[];
    /** Admins to remove from the existing list (offboarding); an existing admin stays unless listed here. */
    former: readonly string[];
}

/**
 * The admin list to send: deployer, configured and existing admins, minus the former ones, de-duplicated and
 * sorted (the provider stores a set; a stable order keeps previews quiet).
 *
 * @throws ProblemsError (subject `Lake Formation`, every problem at once) when the deployer is an account root user (Lake Formation refuses root as admin: deploy with
 *   an IAM role), or when the deployer or a configured admin is also listed as former.
 */
export function dataLakeAdmins(input: AdminListInput): string[] {
    const problems: Problem[] = [];
    if (ROOT_PRINCIPAL_PATTERN.test(input.deployer)) {
        problems.push(
            problem(
                "deploying principal",
                input.deployer,
                "the deployment runs as the account root user, and Lake Formation does not accept root as a data lake admin; Deploy with an IAM role (for example through `aws sso login` or an assumed CI role)",
            ),
        );
    }
    const former = new Set(input.former);
    for (const [field, arn] of [
        ["the deploying principal", input.deployer],
        ...input.configured.map((a) => ["admins", a]),
    ]) {
        if (former.has(arn)) {
            problems.push(
                problem(
                    field === "admins" ? "admins" : "formerAdmins",
                    arn,
                    `${arn} is both ${field === "admins" ? "in admins" : field} and in formerAdmins; remove it from one of the two lists`,
                ),
            );
        }
    }
    throwIfProblems(LAKE_FORMATION_SUBJECT, problems);
    const all = new Set([input.deployer, ...input.configured, ...input.existing]);
    return [...all].filter((arn) => !former.has(arn)).sort();
}
