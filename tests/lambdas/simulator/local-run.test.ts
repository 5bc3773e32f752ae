/**
 * The simulator's local twin against a real PostgreSQL 15 server (tests/support/postgres.ts).
 */
import { expect } from "chai";
import { Client } from "pg";
import { main, simulateMinutes } from "../../../lambdas/simulator/local-run";
import { type PostgresServer, startPostgres } from "../../support/postgres";
import { seededRandom } from "./random";

describe("simulator local run against a real PostgreSQL", function () {
    this.timeout(60_000);
    let server: PostgresServer;
    let admin: Client;

    before(async () => {
        server = await startPostgres();
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

    it("runs one invocation per 2 simulated minutes, each stamping updated_at with its own clock", async () => {
        const nows: string[] = [];
        const totals = await simulateMinutes(admin, {
            start: new Date("2026-01-01T00:00:00Z"),
            minutes: 10,
            rowsPerRun: 4,
            updatesPerRun: 1,
            deletesPerRun: 1,
            random: seededRandom(5),
            onRun: (_result, now) => nows.push(now.toISOString()),
        });
        expect(nows).to.deep.equal([
            "2026-01-01T00:00:00.000Z",
            "2026-01-01T00:02:00.000Z",
            "2026-01-01T00:04:00.000Z",
            "2026-01-01T00:06:00.000Z",
            "2026-01-01T00:08:00.000Z",
        ]);
        expect(totals.invocations).to.equal(5);
        expect(totals.inserted).to.equal(20);
        const stored = await admin.query<{ rows: string; deleted: string; stamps: string; last_seq: string }>(
            `SELECT count(*)::text AS rows, count(*) FILTER (WHERE deleted)::text AS deleted,
                    string_agg(DISTINCT to_char(updated_at, 'HH24:MI'), ',' ORDER BY to_char(updated_at, 'HH24:MI')) AS stamps,
                    max(change_seq)::text AS last_seq
             FROM random_data`,
        );
        expect(stored.rows[0]?.rows).to.equal("20");
        expect(stored.rows[0]?.stamps).to.equal("00:00,00:02,00:04,00:06,00:08");
        expect(Number(stored.rows[0]?.deleted)).to.equal(totals.deleted);
        // the first invocation finds an empty table: at most 4 later invocations change 2 rows each
        expect(totals.updated + totals.deleted).to.be.within(1, 8);
        // every insert and every change took one change_seq
        expect(Number(stored.rows[0]?.last_seq)).to.equal(20 + totals.updated + totals.deleted);
    });

    it("writes the same rows for the same seed", async () => {
        const options = {
            start: new Date("2026-01-01T00:00:00Z"),
            minutes: 4,
            rowsPerRun: 3,
            updatesPerRun: 1,
            deletesPerRun: 0,
        };
        const snapshot = async () =>
            (
                await admin.query(
                    "SELECT id, valor, fecha::text, categoria, importe::text, deleted FROM random_data ORDER BY id",
                )
            ).rows;
        await simulateMinutes(admin, { ...options, random: seededRandom(9) });
        const first = await snapshot();
        await admin.query("DROP TABLE random_data");
        await admin.query("DROP SEQUENCE random_data_change_seq");
        await simulateMinutes(admin, { ...options, random: seededRandom(9) });
        expect(await snapshot()).to.deep.equal(first);
        expect(first).to.have.length(6);
    });

    it("main prints the totals as its last JSON line and exits 0", async () => {
        const lines: string[] = [];
        const original = console.log;
        console.log = (line: string) => lines.push(line);
        try {
            const code = await main([
                `--port=${server.port}`,
                `--database=${server.database}`,
                "--start=2026-01-01T00:00:00Z",
                "--minutes=4",
                "--seed=1",
                "--rows-per-run=2",
            ]);
            expect(code).to.equal(0);
        } finally {
            console.log = original;
        }
        expect(lines).to.have.length(3);
        const totals = JSON.parse(lines[2] ?? "{}");
        expect(totals.invocations).to.equal(2);
        expect(totals.inserted).to.equal(4);
    });

    it("main --schema-only creates the simulator's table and sequence with no row", async () => {
        const lines: string[] = [];
        const original = console.log;
        console.log = (line: string) => lines.push(line);
        try {
            expect(
                await main([`--port=${server.port}`, `--database=${server.database}`, "--schema-only"]),
            ).to.equal(0);
        } finally {
            console.log = original;
        }
        expect(lines).to.deep.equal(['{"table":"random_data"}']);
        const count = await admin.query(
            "SELECT count(*)::int AS n, nextval('random_data_change_seq')::int AS seq FROM random_data",
        );
        expect(count.rows).to.deep.equal([{ n: 0, seq: 1 }]);
    });

    it("main exits 2 on a bad option, naming it", async () => {
        const errors: string[] = [];
        const original = console.error;
        console.error = (line: string) => errors.push(line);
        try {
            expect(await main(["--database=x", "--start=yesterday", "--minutes=4"])).to.equal(2);
            expect(await main(["--start=2026-01-01T00:00:00Z", "--minutes=4"])).to.equal(2);
        } finally {
            console.error = original;
        }
        expect(errors).to.deep.equal([
            "error: --start must be an ISO-8601 time such as 2026-01-01T00:00:00Z, got yesterday",
            "error: --database is required",
        ]);
    });
});
