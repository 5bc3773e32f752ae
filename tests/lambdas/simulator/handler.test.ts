/**
 * The simulator handler against a real PostgreSQL 15 server started on 127.0.0.1 by tests/support/postgres.ts
 * (with TLS, so the production connection settings are exercised too).
 */
import { GetSecretValueCommand, SecretsManagerClient } from "@aws-sdk/client-secrets-manager";
import { type AwsClientStub, mockClient } from "aws-sdk-client-mock";
import { expect } from "chai";
import { Client } from "pg";
import {
    createDefaultDependencies,
    createHandler,
    type DatabaseSession,
    type SimulatorDependencies,
} from "../../../lambdas/simulator/handler";
import { insertRows, toUtcTimestampLiteral } from "../../../lambdas/simulator/insert";
import { generateRows } from "../../../lambdas/simulator/rows";
import { type PostgresServer, startPostgres } from "../../support/postgres";
import { seededRandom } from "./random";
import { RecordingLogger } from "./recording-logger";

const NOW = new Date("2024-06-30T23:59:00.000Z");
const SECRET_ARN = "arn:aws:secretsmanager:eu-west-1:123456789012:secret:rds!db-test-AbCdEf";
/** The system CA bundle: it does not sign the test server's self-signed certificate. */
const SYSTEM_CA_BUNDLE = "/etc/ssl/certs/ca-certificates.crt";

interface StoredRow {
    id: number;
    valor: string;
    fecha: string;
}

describe("simulator handler against a real PostgreSQL", function () {
    this.timeout(60_000);
    let server: PostgresServer;
    let admin: Client;

    before(async () => {
        server = await startPostgres({ ssl: true });
        admin = new Client({ connectionString: server.connectionString });
        await admin.connect();
    });

    after(async () => {
        await admin?.end();
        await server?.stop();
    });

    beforeEach(async () => {
        await admin.query("DROP TABLE IF EXISTS random_data");
        await admin.query("DROP SEQUENCE IF EXISTS random_data_change_seq");
    });

    /** Rows as stored, `fecha` rendered back to ISO-8601 UTC. */
    async function storedRows(): Promise<StoredRow[]> {
        const result = await admin.query<{ id: number; valor: string; fecha: string }>(
            'SELECT id, valor, to_char(fecha, \'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"\') AS fecha FROM random_data ORDER BY id',
        );
        return result.rows;
    }

    /** Test wiring: a plain connection string (no Secrets Manager, no TLS), a seeded RNG, a fixed clock. */
    function testDependencies(
        rowsPerRun: number,
        seed: number,
        closed: string[] = [],
    ): SimulatorDependencies {
        return {
            rowsPerRun,
            logger: new RecordingLogger(),
            now: () => NOW,
            random: seededRandom(seed),
            openSession: async (): Promise<DatabaseSession> => {
                const client = new Client({ connectionString: server.connectionString });
                await client.connect();
                return {
                    db: client,
                    close: async () => {
                        closed.push("closed");
                        await client.end();
                    },
                };
            },
        };
    }

    it("creates random_data with the seed's columns and the change columns when it is missing", async () => {
        await createHandler(() => testDependencies(3, 1))({});
        const columns = await admin.query(
            `SELECT column_name, data_type, is_nullable, column_default FROM information_schema.columns
             WHERE table_name = 'random_data' ORDER BY ordinal_position`,
        );
        expect(columns.rows).to.deep.equal([
            {
                column_name: "id",
                data_type: "integer",
                is_nullable: "NO",
                column_default: "nextval('random_data_id_seq'::regclass)",
            },
            { column_name: "valor", data_type: "text", is_nullable: "NO", column_default: null },
            {
                column_name: "fecha",
                data_type: "timestamp without time zone",
                is_nullable: "NO",
                column_default: null,
            },
            {
                column_name: "categoria",
                data_type: "text",
                is_nullable: "NO",
                column_default: "'sin_categoria'::text",
            },
            { column_name: "importe", data_type: "numeric", is_nullable: "NO", column_default: "0" },
            {
                column_name: "updated_at",
                data_type: "timestamp without time zone",
                is_nullable: "NO",
                column_default: "(now() AT TIME ZONE 'UTC'::text)",
            },
            { column_name: "deleted", data_type: "boolean", is_nullable: "NO", column_default: "false" },
            {
                column_name: "change_seq",
                data_type: "bigint",
                is_nullable: "NO",
                column_default: "nextval('random_data_change_seq'::regclass)",
            },
        ]);
        const primaryKey = await admin.query(
            `SELECT a.attname FROM pg_index i JOIN pg_attribute a ON a.attrelid = i.indrelid AND a.attnum = ANY(i.indkey)
             WHERE i.indrelid = 'random_data'::regclass AND i.indisprimary`,
        );
        expect(primaryKey.rows).to.deep.equal([{ attname: "id" }]);
    });

    it("inserts ROWS_PER_RUN generated rows in fecha order and reports their ids", async () => {
        const deps = testDependencies(25, 42);
        const result = await createHandler(() => deps)({});
        const expected = generateRows(25, { now: NOW, random: seededRandom(42) });
        const stored = await storedRows();
        expect(stored).to.deep.equal(
            expected.map((row, index) => ({
                id: index + 1,
                valor: row.valor,
                fecha: row.fecha.toISOString(),
            })),
        );
        expect(result).to.deep.equal({
            table: "random_data",
            count: 25,
            firstId: 1,
            lastId: 25,
            updated: 0,
            deleted: 0,
            fechaFrom: expected[0]?.fecha.toISOString(),
            fechaTo: expected[24]?.fecha.toISOString(),
        });
        const logger = deps.logger as RecordingLogger;
        expect(logger.records).to.deep.equal([
            { level: "info", message: "Wrote simulated transactions", extra: [{ ...result }] },
        ]);
    });

    it("appends on every invocation: ids continue and earlier rows stay", async () => {
        const handler = createHandler(() => testDependencies(4, 7));
        const first = await handler({});
        const afterFirst = await storedRows();
        const second = await handler({});
        const afterSecond = await storedRows();
        expect([first.firstId, first.lastId, second.firstId, second.lastId]).to.deep.equal([1, 4, 5, 8]);
        expect(afterSecond.map((row) => row.id)).to.deep.equal([1, 2, 3, 4, 5, 6, 7, 8]);
        expect(afterSecond.slice(0, 4)).to.deep.equal(afterFirst);
    });

    it("upgrades an existing seed table in place: its rows keep their values", async () => {
        await admin.query(
            "CREATE TABLE random_data (id serial PRIMARY KEY, valor text NOT NULL, fecha timestamp NOT NULL)",
        );
        await admin.query(
            "INSERT INTO random_data (valor, fecha) VALUES ('seed row', '2023-12-31 23:00:00')",
        );
        // No changes in this run, so the seed row shows exactly what the upgrade gave it.
        const deps = { ...testDependencies(2, 3), updatesPerRun: 0, deletesPerRun: 0 };
        await createHandler(() => deps)({});
        const stored = await storedRows();
        expect(stored).to.have.length(3);
        expect(stored[0]).to.deep.equal({ id: 1, valor: "seed row", fecha: "2023-12-31T23:00:00.000Z" });
        const seedRow = await admin.query(
            "SELECT categoria, importe::text AS importe, deleted FROM random_data WHERE id = 1",
        );
        expect(seedRow.rows).to.deep.equal([{ categoria: "sin_categoria", importe: "0.00", deleted: false }]);
    });

    it("updates and soft-deletes earlier rows with a new updated_at and change_seq, never removing one", async () => {
        const at = (iso: string) => () => new Date(iso);
        const first = {
            ...testDependencies(6, 11),
            updatesPerRun: 2,
            deletesPerRun: 1,
            now: at("2024-06-30T10:00:00Z"),
        };
        await createHandler(() => first)({});
        const before = await admin.query<{ id: number; importe: string; change_seq: string }>(
            "SELECT id, importe::text AS importe, change_seq::text AS change_seq FROM random_data ORDER BY id",
        );
        const second = {
            ...testDependencies(3, 12),
            updatesPerRun: 2,
            deletesPerRun: 1,
            now: at("2024-06-30T10:02:00Z"),
        };
        const result = await createHandler(() => second)({});
        expect([result.count, result.updated, result.deleted]).to.deep.equal([3, 2, 1]);
        const after = await admin.query<{
            id: number;
            importe: string;
            deleted: boolean;
            updated_at: string;
            change_seq: string;
        }>(
            `SELECT id, importe::text AS importe, deleted, to_char(updated_at, 'HH24:MI') AS updated_at,
                    change_seq::text AS change_seq FROM random_data ORDER BY id`,
        );
        expect(after.rows).to.have.length(9);
        const changed = after.rows.filter((row) => row.id <= 6 && row.updated_at === "10:02");
        expect(changed).to.have.length(3);
        expect(changed.filter((row) => row.deleted)).to.have.length(1);
        const maxBefore = Math.max(...before.rows.map((row) => Number(row.change_seq)));
        for (const row of changed) {
            expect(Number(row.change_seq)).to.be.greaterThan(maxBefore + 3);
            if (!row.deleted) {
                expect(row.importe).to.not.equal(before.rows[row.id - 1]?.importe);
            }
        }
        const untouched = after.rows.filter((row) => row.id <= 6 && row.updated_at === "10:00");
        expect(untouched.map((row) => row.change_seq)).to.deep.equal(
            untouched.map((row) => before.rows[row.id - 1]?.change_seq),
        );
    });

    it("binds values as parameters, so SQL in valor is stored verbatim", async () => {
        await createHandler(() => testDependencies(1, 5))({});
        const hostile = "x'); DROP TABLE random_data; --";
        const client = new Client({ connectionString: server.connectionString });
        await client.connect();
        try {
            const ids = await insertRows(
                client,
                [
                    {
                        valor: hostile,
                        fecha: new Date("2024-02-29T12:00:00.5Z"),
                        categoria: "ocio",
                        importe: 1.5,
                    },
                ],
                NOW,
            );
            expect(ids).to.deep.equal({ count: 1, firstId: 2, lastId: 2 });
        } finally {
            await client.end();
        }
        const stored = await storedRows();
        expect(stored[1]).to.deep.equal({ id: 2, valor: hostile, fecha: "2024-02-29T12:00:00.500Z" });
    });

    it("formats fecha as a UTC timestamp literal", () => {
        expect(toUtcTimestampLiteral(new Date("2024-02-29T23:59:59.123Z"))).to.equal(
            "2024-02-29 23:59:59.123",
        );
    });

    it("logs, closes the connection and rethrows when the insert fails", async () => {
        // A table of the same name with an incompatible valor type makes the INSERT fail.
        await admin.query("CREATE TABLE random_data (id serial PRIMARY KEY, valor integer, fecha timestamp)");
        const closed: string[] = [];
        const deps = testDependencies(2, 9, closed);
        let failure: unknown;
        try {
            await createHandler(() => deps)({});
        } catch (error) {
            failure = error;
        }
        expect(failure)
            .to.be.instanceOf(Error)
            .with.property("message")
            .that.matches(/column "valor" is of type integer/);
        expect(closed).to.deep.equal(["closed"]);
        const logger = deps.logger as RecordingLogger;
        expect(logger.records.map((record) => [record.level, record.message])).to.deep.equal([
            ["error", "Simulator run failed"],
        ]);
    });

    describe("production wiring (Secrets Manager + TLS)", () => {
        // Created per suite (not at load time): mockClient stubs the shared client prototype.
        let secretsManager: AwsClientStub<SecretsManagerClient>;
        before(() => {
            secretsManager = mockClient(SecretsManagerClient);
        });
        afterEach(() => secretsManager.reset());
        after(() => secretsManager.restore());

        function productionEnv(caFile: string): NodeJS.ProcessEnv {
            return {
                DB_HOST: server.host,
                DB_PORT: String(server.port),
                DB_NAME: server.database,
                DB_SECRET_ARN: SECRET_ARN,
                ROWS_PER_RUN: "3",
                DB_SSL_CA_FILE: caFile,
            };
        }

        it("connects over verified TLS with the secret's credentials and inserts ROWS_PER_RUN rows", async () => {
            secretsManager.on(GetSecretValueCommand, { SecretId: SECRET_ARN }).resolves({
                SecretString: JSON.stringify({ username: server.user, password: "unused-trust-auth" }),
            });
            const deps = createDefaultDependencies({
                env: productionEnv(server.caFile ?? ""),
                logger: new RecordingLogger(),
            });
            const session = await deps.openSession();
            try {
                const tls = await session.db.query<{ ssl: boolean; usename: string }>(
                    "SELECT s.ssl, a.usename FROM pg_stat_ssl s JOIN pg_stat_activity a USING (pid) WHERE pid = pg_backend_pid()",
                );
                expect(tls.rows).to.deep.equal([{ ssl: true, usename: "postgres" }]);
            } finally {
                await session.close();
            }
            const result = await createHandler(() => deps)({});
            expect([result.count, result.firstId, result.lastId]).to.deep.equal([3, 1, 3]);
            expect(await storedRows()).to.have.length(3);
            expect(secretsManager.commandCalls(GetSecretValueCommand)).to.have.length(2);
        });

        it("refuses a server whose certificate the CA bundle does not sign", async () => {
            secretsManager
                .on(GetSecretValueCommand)
                .resolves({ SecretString: JSON.stringify({ username: server.user, password: "x" }) });
            const deps = createDefaultDependencies({
                env: productionEnv(SYSTEM_CA_BUNDLE),
                logger: new RecordingLogger(),
            });
            let failure: unknown;
            try {
                await createHandler(() => deps)({});
            } catch (error) {
                failure = error;
            }
            expect(failure)
                .to.be.instanceOf(Error)
                .with.property("message")
                .that.matches(/self[- ]signed certificate/);
            const exists = await admin.query("SELECT to_regclass('random_data') AS table");
            expect(exists.rows).to.deep.equal([{ table: null }]);
        });
    });
});
