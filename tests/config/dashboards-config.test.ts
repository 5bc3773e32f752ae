import { expect } from "chai";
import { DASHBOARDS_DEFAULTS } from "../../components/dashboards/settings";
import { DASHBOARDS_CONFIG_DEFAULTS } from "../../config/dashboards";
import { parseStackConfig, StackConfigError } from "../../config/stack-config";
import { formatProblem } from "../../lib/problems";
import { flattenConfig } from "../support/pulumi-harness";

const BASE = { "aws:region": "eu-west-1", "aws:allowedAccountIds": ["123456789012"] };
const ANA = "arn:aws:quicksight:us-east-1:123456789012:user/default/ana";
const ANALYSTS = "arn:aws:quicksight:us-east-1:123456789012:group/default/analysts";

function parse(dashboards: unknown) {
    return parseStackConfig(
        flattenConfig({ ...BASE, "medallion-lake:dashboards": dashboards }),
        "medallion-lake",
        "test",
    );
}

function problemsOf(dashboards: unknown): string[] {
    try {
        parse(dashboards);
    } catch (err) {
        if (err instanceof StackConfigError) return err.problems.map(formatProblem);
        throw err;
    }
    throw new Error("expected a StackConfigError");
}

describe("stack config: dashboards", () => {
    it("is off by default, with no principals, the account's QuickSight role and direct query", () => {
        const config = parseStackConfig(flattenConfig(BASE), "medallion-lake", "test");
        expect(config.dashboards).to.deep.equal({
            enabled: false,
            principals: [],
            importMode: "DIRECT_QUERY",
        });
        expect(DASHBOARDS_CONFIG_DEFAULTS.enabled).to.equal(false);
        expect(config.dashboards.importMode).to.equal(DASHBOARDS_DEFAULTS.importMode);
    });

    it("keeps the principals, role and import mode it is given", () => {
        const config = parse({
            enabled: true,
            principals: [
                { arn: ANA, role: "author" },
                { arn: ANALYSTS, role: "reader" },
            ],
            athenaRoleArn: "arn:aws:iam::123456789012:role/quicksight-athena",
            importMode: "SPICE",
        });
        expect(config.dashboards).to.deep.equal({
            enabled: true,
            principals: [
                { arn: ANA, role: "author" },
                { arn: ANALYSTS, role: "reader" },
            ],
            athenaRoleArn: "arn:aws:iam::123456789012:role/quicksight-athena",
            importMode: "SPICE",
        });
    });

    it("needs a principal once enabled, and not before", () => {
        expect(problemsOf({ enabled: true })).to.deep.equal([
            "medallion-lake:dashboards.principals: got []; list at least one QuickSight user or group ARN with its role (author or reader); nobody could open the dashboard",
        ]);
        expect(parse({ enabled: false }).dashboards.principals).to.deep.equal([]);
    });

    it("reports every bad principal, role, repeat and role ARN under its full key, all at once", () => {
        expect(
            problemsOf({
                enabled: true,
                principals: [
                    { arn: "arn:aws:iam::123456789012:user/ana", role: "author" },
                    { arn: ANA, role: "reader" },
                    { arn: ANA, role: "author" },
                ],
                athenaRoleArn: "aws-quicksight-service-role-v0",
            }),
        ).to.deep.equal([
            'medallion-lake:dashboards.principals.0.arn: got "arn:aws:iam::123456789012:user/ana"; use a QuickSight user or group ARN, arn:aws:quicksight:<identity region>:<account>:user/default/<name> or ...:group/default/<name>',
            `medallion-lake:dashboards.principals.2.arn: got "${ANA}"; is listed twice; list each principal once`,
            'medallion-lake:dashboards.athenaRoleArn: got "aws-quicksight-service-role-v0"; use an IAM role ARN, arn:aws:iam::<account>:role/<path/name>',
        ]);
        expect(problemsOf({ principals: [{ arn: ANA, role: "admin" }] })[0]).to.match(
            /^medallion-lake:dashboards\.principals\.0\.role: /,
        );
        expect(problemsOf({ importMode: "CACHED" })[0]).to.match(/^medallion-lake:dashboards\.importMode: /);
        expect(problemsOf({ enable: true })[0]).to.match(/^medallion-lake:dashboards\.enable: unknown key/);
    });
});
