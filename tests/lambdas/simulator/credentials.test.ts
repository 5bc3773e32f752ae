import { GetSecretValueCommand, SecretsManagerClient } from "@aws-sdk/client-secrets-manager";
import { type AwsClientStub, mockClient } from "aws-sdk-client-mock";
import { expect } from "chai";
import {
    parseDbSecret,
    SecretFormatError,
    secretsManagerCredentials,
} from "../../../lambdas/simulator/credentials";

const ARN = "arn:aws:secretsmanager:eu-west-1:123456789012:secret:rds!db-1234-AbCdEf";

describe("simulator credentials", () => {
    // Created per suite (not at load time): mockClient stubs the shared client prototype.
    let secretsManager: AwsClientStub<SecretsManagerClient>;
    before(() => {
        secretsManager = mockClient(SecretsManagerClient);
    });
    afterEach(() => secretsManager.reset());
    after(() => secretsManager.restore());

    it("reads username and password from the RDS-managed secret JSON", async () => {
        secretsManager.on(GetSecretValueCommand, { SecretId: ARN }).resolves({
            SecretString: JSON.stringify({ username: "postgres", password: "s3cr3t!", engine: "x" }),
        });
        const credentials = secretsManagerCredentials(new SecretsManagerClient({ region: "eu-west-1" }));
        expect(await credentials(ARN)).to.deep.equal({ username: "postgres", password: "s3cr3t!" });
        expect(secretsManager.commandCalls(GetSecretValueCommand)).to.have.length(1);
    });

    it("fetches the secret again on every call so a rotated password is picked up", async () => {
        secretsManager
            .on(GetSecretValueCommand)
            .resolvesOnce({ SecretString: '{"username":"u","password":"old"}' })
            .resolvesOnce({ SecretString: '{"username":"u","password":"new"}' });
        const credentials = secretsManagerCredentials(new SecretsManagerClient({ region: "eu-west-1" }));
        expect((await credentials(ARN)).password).to.equal("old");
        expect((await credentials(ARN)).password).to.equal("new");
    });

    it("names the missing field without echoing the secret", () => {
        expect(() => parseDbSecret(ARN, '{"username":"postgres","pass":"hunter2"}'))
            .to.throw(SecretFormatError, `Secret ${ARN} is not a database secret: password is required.`)
            .with.property("message")
            .that.does.not.include("hunter2");
    });

    it("rejects a secret that is not JSON or has no SecretString", () => {
        expect(() => parseDbSecret(ARN, "postgres:hunter2")).to.throw(SecretFormatError, /is not JSON/);
        expect(() => parseDbSecret(ARN, undefined)).to.throw(SecretFormatError, /has no SecretString/);
    });
});
