import { expect } from "chai";
import { TYPES } from "../../policies/lib/types";
import { firehoseSse } from "../../policies/rules/firehose";
import { networkSecurityGroupNoOpenIngress, networkVpcEndpointPolicy } from "../../policies/rules/network";
import { ACCOUNT, doc, KEY_ARN, resource } from "./support/fixtures";
import { runResourceRule, runStackRule } from "./support/rule-runner";

describe("network and Firehose rules", () => {
    describe("network-security-group-no-open-ingress", () => {
        it("passes ingress from a security group and flags 0.0.0.0/0 and ::/0 in each of the three forms", async () => {
            const fromGroup = await runResourceRule(networkSecurityGroupNoOpenIngress, {
                type: TYPES.securityGroupIngressRule,
                name: "db-from-glue",
                props: {
                    fromPort: 5432,
                    toPort: 5432,
                    ipProtocol: "tcp",
                    referencedSecurityGroupId: "sg-glue",
                },
            });
            expect(fromGroup.violations).to.deep.equal([]);
            const forms = [
                { type: TYPES.securityGroupIngressRule, props: { cidrIpv4: "0.0.0.0/0" }, open: "0.0.0.0/0" },
                {
                    type: TYPES.securityGroupRule,
                    props: { type: "ingress", ipv6CidrBlocks: ["::/0"] },
                    open: "::/0",
                },
                {
                    type: TYPES.securityGroup,
                    props: {
                        ingress: [{ fromPort: 22, toPort: 22, protocol: "tcp", cidrBlocks: ["0.0.0.0/0"] }],
                    },
                    open: "0.0.0.0/0",
                },
            ];
            for (const form of forms) {
                const outcome = await runResourceRule(networkSecurityGroupNoOpenIngress, {
                    type: form.type,
                    name: "db-sg",
                    props: form.props,
                });
                expect(outcome.violations, form.type).to.deep.equal([
                    `db-sg: admits inbound traffic from ${form.open}; reference a security group or a private CIDR`,
                ]);
            }
            const egress = await runResourceRule(networkSecurityGroupNoOpenIngress, {
                type: TYPES.securityGroupRule,
                props: { type: "egress", cidrBlocks: ["0.0.0.0/0"] },
            });
            expect(egress.violations).to.deep.equal([]);
        });
    });

    describe("network-vpc-endpoint-policy", () => {
        const endpoint = (props: Record<string, unknown>) =>
            resource(TYPES.vpcEndpoint, "kms-endpoint", {
                id: "vpce-1",
                serviceName: "com.amazonaws.eu-west-1.kms",
                vpcEndpointType: "Interface",
                ...props,
            });
        const scoped = doc({
            Effect: "Allow",
            Principal: "*",
            Action: ["kms:Decrypt"],
            Resource: [KEY_ARN],
        });

        it("passes an endpoint whose policy names the lake key, inline or as a VpcEndpointPolicy", async () => {
            expect(
                (await runStackRule(networkVpcEndpointPolicy, [endpoint({ policy: scoped })])).violations,
            ).to.deep.equal([]);
            const attached = resource(TYPES.vpcEndpointPolicy, "kms-endpoint-policy", {
                vpcEndpointId: "vpce-1",
                policy: scoped,
            });
            expect(
                (await runStackRule(networkVpcEndpointPolicy, [endpoint({}), attached])).violations,
            ).to.deep.equal([]);
        });

        it("flags an endpoint without a policy and one that allows * on Resource *", async () => {
            const none = await runStackRule(networkVpcEndpointPolicy, [endpoint({})]);
            expect(none.violations).to.deep.equal([
                "VPC endpoint kms-endpoint (com.amazonaws.eu-west-1.kms): no endpoint policy, so it allows full access; set a policy scoped to the lake's resources",
            ]);
            const full = await runStackRule(networkVpcEndpointPolicy, [
                endpoint({ policy: doc({ Effect: "Allow", Principal: "*", Action: "*", Resource: "*" }) }),
            ]);
            expect(full.violations).to.deep.equal([
                "VPC endpoint kms-endpoint (com.amazonaws.eu-west-1.kms): policy statement 0 allows * on Resource *; name the lake's resources or add an aws:ResourceAccount condition",
            ]);
        });

        it("accepts Resource * pinned to the account, and actions AWS only allows on *", async () => {
            const pinned = doc(
                {
                    Effect: "Allow",
                    Principal: "*",
                    Action: "s3:GetObject",
                    Resource: "*",
                    Condition: { StringEquals: { "aws:ResourceAccount": ACCOUNT } },
                },
                { Effect: "Allow", Principal: "*", Action: "cloudwatch:PutMetricData", Resource: "*" },
            );
            expect(
                (await runStackRule(networkVpcEndpointPolicy, [endpoint({ policy: pinned })])).violations,
            ).to.deep.equal([]);
        });
    });

    describe("firehose-sse", () => {
        const stream = (props: Record<string, unknown>) => ({
            type: TYPES.firehoseStream,
            name: "events",
            props: { destination: "extended_s3", ...props },
        });

        it("passes SSE with the lake key and flags SSE off or under an AWS-owned key", async () => {
            const on = await runResourceRule(
                firehoseSse,
                stream({
                    serverSideEncryption: { enabled: true, keyType: "CUSTOMER_MANAGED_CMK", keyArn: KEY_ARN },
                }),
            );
            expect(on.violations).to.deep.equal([]);
            expect((await runResourceRule(firehoseSse, stream({}))).violations).to.deep.equal([
                "Firehose stream events: server-side encryption is off; set serverSideEncryption.enabled with the lake key",
            ]);
            const owned = await runResourceRule(
                firehoseSse,
                stream({ serverSideEncryption: { enabled: true, keyType: "AWS_OWNED_CMK" } }),
            );
            expect(owned.violations).to.deep.equal([
                "Firehose stream events: encrypts with an AWS-owned key; set keyType CUSTOMER_MANAGED_CMK and keyArn to the lake key",
            ]);
        });
    });
});
