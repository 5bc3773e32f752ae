import { expect } from "chai";
import {
    DEFAULT_DB_PORT,
    DEFAULT_DELETES_PER_RUN,
    DEFAULT_ROWS_PER_RUN,
    DEFAULT_SSL_CA_FILE,
    DEFAULT_UPDATES_PER_RUN,
    loadSimulatorConfig,
    MAX_ROWS_PER_RUN,
    SimulatorConfigError,
} from "../../../lambdas/simulator/config";

const SECRET_ARN = "arn:aws:secretsmanager:eu-west-1:123456789012:secret:rds!db-1234-AbCdEf";
const minimalEnv = { DB_HOST: "db.example.internal", DB_NAME: "transactions", DB_SECRET_ARN: SECRET_ARN };

describe("simulator config", () => {
    it("applies the documented defaults when only the required variables are set", () => {
        expect(DEFAULT_DB_PORT).to.equal(5432);
        expect(DEFAULT_ROWS_PER_RUN).to.equal(10);
        expect(DEFAULT_SSL_CA_FILE).to.equal("/var/runtime/ca-cert.pem");
        expect(DEFAULT_UPDATES_PER_RUN).to.equal(2);
        expect(DEFAULT_DELETES_PER_RUN).to.equal(1);
        expect(loadSimulatorConfig(minimalEnv)).to.deep.equal({
            host: "db.example.internal",
            port: 5432,
            database: "transactions",
            secretArn: SECRET_ARN,
            rowsPerRun: 10,
            updatesPerRun: 2,
            deletesPerRun: 1,
            sslCaFile: "/var/runtime/ca-cert.pem",
        });
    });

    it("reads numbers from their string form", () => {
        const config = loadSimulatorConfig({
            ...minimalEnv,
            DB_PORT: "6543",
            ROWS_PER_RUN: "250",
            UPDATES_PER_RUN: "0",
            DELETES_PER_RUN: "7",
            DB_SSL_CA_FILE: "/opt/rds/global-bundle.pem",
        });
        expect(config.port).to.equal(6543);
        expect(config.rowsPerRun).to.equal(250);
        expect(config.updatesPerRun).to.equal(0);
        expect(config.deletesPerRun).to.equal(7);
        expect(config.sslCaFile).to.equal("/opt/rds/global-bundle.pem");
    });

    it("names every missing required variable and how to fix it", () => {
        expect(() => loadSimulatorConfig({}))
            .to.throw(SimulatorConfigError)
            .with.property("message")
            .that.matches(/DB_HOST: DB_HOST is required \(set DB_HOST to the RDS instance endpoint address\)/)
            .and.matches(/DB_NAME: DB_NAME is required/)
            .and.matches(/DB_SECRET_ARN: DB_SECRET_ARN is required/);
    });

    it("rejects ROWS_PER_RUN outside 1..MAX_ROWS_PER_RUN", () => {
        expect(MAX_ROWS_PER_RUN).to.equal(10_000);
        for (const bad of ["0", "-5", "10001", "2.5", "many"]) {
            expect(() => loadSimulatorConfig({ ...minimalEnv, ROWS_PER_RUN: bad }), bad).to.throw(
                /ROWS_PER_RUN: .*\(set ROWS_PER_RUN to an integer 1-10000, or unset it for 10\)/,
            );
        }
    });

    it("rejects UPDATES_PER_RUN and DELETES_PER_RUN outside 0..MAX_ROWS_PER_RUN, naming the fix", () => {
        for (const bad of ["-1", "10001", "1.5", "some"]) {
            expect(() => loadSimulatorConfig({ ...minimalEnv, UPDATES_PER_RUN: bad }), bad).to.throw(
                /UPDATES_PER_RUN: .*\(set UPDATES_PER_RUN to an integer 0-10000, or unset it for 2\)/,
            );
            expect(() => loadSimulatorConfig({ ...minimalEnv, DELETES_PER_RUN: bad }), bad).to.throw(
                /DELETES_PER_RUN: .*\(set DELETES_PER_RUN to an integer 0-10000, or unset it for 1\)/,
            );
        }
    });

    it("rejects a port outside 1..65535", () => {
        expect(() => loadSimulatorConfig({ ...minimalEnv, DB_PORT: "70000" })).to.throw(/DB_PORT: /);
    });

    it("rejects a DB_SECRET_ARN that is not a Secrets Manager ARN", () => {
        expect(() => loadSimulatorConfig({ ...minimalEnv, DB_SECRET_ARN: "my-secret" })).to.throw(
            /DB_SECRET_ARN: DB_SECRET_ARN must be a Secrets Manager secret ARN/,
        );
    });
});
