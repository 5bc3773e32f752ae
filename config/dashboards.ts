/**
 * The dashboards section of the stack config: the `medallion-lake:dashboards` key, passed to the Dashboards
 * component. Off unless `enabled: true` (QuickSight is a per-user subscription; docs/bi.md). Defaults come
 * from {@link DASHBOARDS_DEFAULTS}; principals and the role are checked by the component's own rules
 * ({@link dashboardPrincipalProblems}, {@link athenaRoleArnProblem}), reported under their config key.
 *
 * ```yaml
 * medallion-lake:dashboards:
 *   enabled: true
 *   principals:
 *     - arn: arn:aws:quicksight:eu-west-1:123456789012:user/default/ana
 *       role: author
 *     - arn: arn:aws:quicksight:eu-west-1:123456789012:group/default/analysts
 *       role: reader
 *   athenaRoleArn: arn:aws:iam::123456789012:role/service-role/aws-quicksight-service-role-v0  # the default
 * ```
 */
import { z } from "zod";
import { DASHBOARD_ROLES } from "../components/dashboards/permissions";
import {
    athenaRoleArnProblem,
    DASHBOARDS_DEFAULTS,
    dashboardPrincipalProblems,
    IMPORT_MODES,
} from "../components/dashboards/settings";
import { type Problem, problemDetail } from "../lib/problems";

/** Whether the dashboards are created when `enabled` is absent: never by default (a paid subscription). */
export const DASHBOARDS_CONFIG_DEFAULTS = { enabled: false } as const;

/** Adds each problem to the zod context at the path its option names (`principals[1].arn` -> principals, 1, arn). */
function report(ctx: z.RefinementCtx, problems: readonly Problem[]): void {
    for (const p of problems) {
        const path = p.option
            .split(/[.[\]]+/)
            .filter((part) => part !== "")
            .map((part) => (/^\d+$/.test(part) ? Number(part) : part));
        ctx.addIssue({ code: "custom", path, message: problemDetail(p) });
    }
}

/** Schema of the `dashboards` key (top level of the `medallion-lake` namespace). */
export const dashboardsConfigShape = {
    dashboards: z
        .strictObject({
            /** Create the QuickSight data source, data sets and dashboard. */
            enabled: z.boolean().default(DASHBOARDS_CONFIG_DEFAULTS.enabled),
            /** QuickSight users or groups and their roles. */
            principals: z
                .array(z.strictObject({ arn: z.string(), role: z.enum(DASHBOARD_ROLES) }))
                .default([]),
            /** The IAM role the data source's Athena queries run as; unset: the account's QuickSight service role. */
            athenaRoleArn: z.string().optional(),
            /** How the data sets read the gold tables. */
            importMode: z.enum(IMPORT_MODES).default(DASHBOARDS_DEFAULTS.importMode),
        })
        .superRefine((value, ctx) => {
            // An empty list is a problem only when the dashboards are on; a bad ARN always is.
            const principals = dashboardPrincipalProblems(value.principals).filter(
                (p) => value.enabled || p.option !== "principals",
            );
            report(ctx, principals);
            if (value.athenaRoleArn !== undefined) {
                const role = athenaRoleArnProblem(value.athenaRoleArn);
                if (role !== undefined) report(ctx, [role]);
            }
        })
        .prefault({}),
};
