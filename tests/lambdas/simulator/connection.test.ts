import { expect } from "chai";
import { loadSimulatorConfig } from "../../../lambdas/simulator/config";
import {
    APPLICATION_NAME,
    buildClientConfig,
    CONNECT_TIMEOUT_MS,
    STATEMENT_TIMEOUT_MS,
} from "../../../lambdas/simulator/connection";

const config = loadSimulatorConfig({
    DB_HOST: "db.abc.eu-west-1.rds.amazonaws.com",
    DB_NAME: "transactions",
    DB_SECRET_ARN: "arn:aws:secretsmanager:eu-west-1:123456789012:secret:rds!db-1",
});
const credentials = { username: "app", password: "pw" };

describe("simulator connection settings", () => {
    it("requires TLS and verifies the server certificate against the CA bundle", () => {
        const pem = "-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n";
        const read: string[] = [];
        const clientConfig = buildClientConfig(config, credentials, (path) => {
            read.push(path);
            return pem;
        });
        expect(read).to.deep.equal(["/var/runtime/ca-cert.pem"]);
        expect(clientConfig).to.deep.equal({
            host: "db.abc.eu-west-1.rds.amazonaws.com",
            port: 5432,
            database: "transactions",
            user: "app",
            password: "pw",
            ssl: { rejectUnauthorized: true, ca: pem },
            connectionTimeoutMillis: 10_000,
            statement_timeout: 30_000,
            application_name: "medallion-transactional-simulator",
        });
        expect([CONNECT_TIMEOUT_MS, STATEMENT_TIMEOUT_MS, APPLICATION_NAME]).to.deep.equal([
            10_000,
            30_000,
            "medallion-transactional-simulator",
        ]);
    });

    it("names DB_SSL_CA_FILE when the CA bundle cannot be read", () => {
        expect(() =>
            buildClientConfig({ ...config, sslCaFile: "/nonexistent/ca.pem" }, credentials),
        ).to.throw(
            /Cannot read the CA bundle DB_SSL_CA_FILE=\/nonexistent\/ca\.pem .*point DB_SSL_CA_FILE at a PEM file/,
        );
    });
});
