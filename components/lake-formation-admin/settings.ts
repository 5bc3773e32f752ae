/**
 * The defaults of LakeFormationAdmin ({@link LAKE_FORMATION_DEFAULTS}) and
 * {@link resolveLakeFormationSettings}, which checks the mode and every grant at once and plans the grants.
 */
import type * as pulumi from "@pulumi/pulumi";
import {
    componentSubject,
    type Problem,
    problem,
    problemFromLine,
    throwIfProblems,
} from "../../lib/problems";
import type { LakeFormationAdminArgs } from "./args";
import { grantProblems, type PlannedGrant, planGrants } from "./grants";
import {
    grantTargetProblem,
    LAKE_FORMATION_MODES,
    type LakeFormationMode,
    type TablePermission,
} from "./permissions";

/**
 * Every default of the LakeFormationAdmin component (and of the `medallion-lake:lakeFormation` config key).
 * Docs and tests read these values; the component reads nothing else.
 */
export const LAKE_FORMATION_DEFAULTS = {
    /**
     * Stack config only: Lake Formation is off unless a stack turns it on. Turning it on empties the
     * account's default permissions, so every principal that reached the catalog through IAM alone loses
     * access to new databases and tables until it is granted; that is an account-wide decision a stack
     * makes on purpose, not by default.
     */
    enabled: false,
    /** Lake Formation permissions only (default permissions emptied). */
    mode: "lakeformation" as LakeFormationMode,
    /** Hybrid access on the registered locations, per mode: IAM and Lake Formation side by side in hybrid. */
    hybridAccess: { lakeformation: false, hybrid: true } satisfies Record<LakeFormationMode, boolean>,
    /** Key of the LF-tag carrying the zone of each database. */
    zoneTagKey: "zone",
    /** Create the workflow role for Lake Formation blueprints and Glue workflows. */
    workflowRole: true,
    /** Table permissions of a tag-based consumer that names none. */
    consumerPermissions: ["DESCRIBE", "SELECT"] as readonly TablePermission[],
} as const;

/** The options of a LakeFormationAdmin after defaults, with its grants planned. */
export interface LakeFormationSettings {
    mode: LakeFormationMode;
    hybridAccess: boolean;
    plan: PlannedGrant[];
}

/**
 * Applies {@link LAKE_FORMATION_DEFAULTS}, checks the mode and every grant, and plans the grants.
 * @throws ProblemsError listing every problem, each `LakeFormationAdmin <name>: <option>: got X; <fix>`.
 */
export function resolveLakeFormationSettings(
    name: string,
    args: LakeFormationAdminArgs,
): LakeFormationSettings {
    const d = LAKE_FORMATION_DEFAULTS;
    const mode = args.mode ?? d.mode;
    const problems: Problem[] = [];
    if (!LAKE_FORMATION_MODES.includes(mode)) {
        problems.push(problem("mode", mode, `use ${LAKE_FORMATION_MODES.join(" or ")}`));
    }
    const dataAccess = args.dataAccess ?? [];
    const consumers = args.consumers ?? [];
    const describes = args.databaseDescribes ?? [];
    problems.push(...grantProblems(dataAccess, consumers, describes));
    throwIfProblems(componentSubject("LakeFormationAdmin", name), problems);
    const plan = planGrants(dataAccess, consumers, d.consumerPermissions, describes);
    throwIfProblems(
        componentSubject("LakeFormationAdmin", name),
        knownTargetProblems(plan, args.admins ?? [], mode),
    );
    return { mode, hybridAccess: args.hybridAccess ?? d.hybridAccess[mode], plan };
}

/**
 * Checks, before any resource is registered, the grants whose principal is a plain string against the
 * configured admins (also plain strings); Outputs are checked at deployment.
 * Every refused grant, each naming its field.
 */
function knownTargetProblems(
    plan: readonly PlannedGrant[],
    admins: readonly pulumi.Input<string>[],
    mode: LakeFormationMode,
): Problem[] {
    const problems: Problem[] = [];
    const knownAdmins = admins.filter((a): a is string => typeof a === "string");
    for (const grant of plan) {
        if (typeof grant.principal !== "string") continue;
        const problem = grantTargetProblem(grant.principal, knownAdmins, mode, grant.field);
        if (problem !== undefined) problems.push(problemFromLine(problem));
    }
    return problems;
}
