import { expect } from "chai";
import { resolveGlueSecurityConfigurationSettings } from "../../../components/glue-security-configuration/settings";

const naming = { project: "medallion-lake", stack: "dev" };

describe("GlueSecurityConfiguration settings", () => {
    it("names the configuration <project>-<stack>-<component name> unless a name is given", () => {
        expect(
            resolveGlueSecurityConfigurationSettings("glue-security", { naming, kmsKeyArn: "k" }),
        ).to.deep.equal({
            name: "medallion-lake-dev-glue-security",
        });
        expect(
            resolveGlueSecurityConfigurationSettings("glue-security", {
                naming,
                kmsKeyArn: "k",
                name: "lake_glue",
            }),
        ).to.deep.equal({ name: "lake_glue" });
    });

    it("refuses a name Glue refuses, naming the option and the fix", () => {
        expect(() =>
            resolveGlueSecurityConfigurationSettings("glue-security", {
                naming,
                kmsKeyArn: "k",
                name: "lake glue/1",
            }),
        ).to.throw(
            'GlueSecurityConfiguration glue-security: name: got "lake glue/1"; use 1-255 letters, digits, hyphens and underscores',
        );
    });
});
