import { expect } from "chai";
import { SERVICES_WITHOUT_SOURCE_CONTEXT, serviceTrustPolicy } from "../../lib/iam";
import { resolve } from "../support/pulumi-harness";

describe("serviceTrustPolicy", () => {
    it("scopes a service that sends source context to the account (confused deputy prevention)", async () => {
        const doc = JSON.parse(await resolve(serviceTrustPolicy("scheduler.amazonaws.com", "123456789012")));
        expect(doc.Statement).to.deep.equal([
            {
                Effect: "Allow",
                Principal: { Service: ["scheduler.amazonaws.com"] },
                Action: ["sts:AssumeRole"],
                Condition: { StringEquals: { "aws:SourceAccount": "123456789012" } },
            },
        ]);
    });

    it("leaves the condition off for Lambda and Glue, which assume roles without source context", async () => {
        for (const service of ["lambda.amazonaws.com", "glue.amazonaws.com"]) {
            expect(SERVICES_WITHOUT_SOURCE_CONTEXT).to.have.property(service);
            const doc = JSON.parse(await resolve(serviceTrustPolicy(service, "123456789012")));
            expect(doc.Statement[0]).not.to.have.property("Condition");
            expect(doc.Statement[0].Principal).to.deep.equal({ Service: [service] });
        }
    });
});
