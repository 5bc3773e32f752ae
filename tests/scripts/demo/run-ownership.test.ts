import { expect } from "chai";
import { ownedObjectsByRun, ownershipProblems, s3Uri } from "../../../scripts/demo/run-ownership";
import type { LogLine } from "../../../scripts/local-cloud/lambda-runtime";

describe("demo: trigger -> job contract (bookmark runs own the drops)", () => {
    const bucket = "lake-dev-bronze";

    it("names an object as the handler logs it: s3://<bronze>/<key>", () => {
        expect(s3Uri(bucket, "flights/2001/01/01/flights-2001-01-01.csv")).to.equal(
            "s3://lake-dev-bronze/flights/2001/01/01/flights-2001-01-01.csv",
        );
    });

    it("reads which run owns which objects from the handler's started and joined lines only", () => {
        const a = s3Uri(bucket, "a.csv");
        const b = s3Uri(bucket, "b.csv");
        const c = s3Uri(bucket, "c.csv");
        const lines = [
            { level: "INFO", message: "Started Glue job run", jobRunId: "jr_1", objects: [a] },
            {
                level: "WARN",
                message: "Glue job run not started; messages reported as failed for redelivery",
                errorName: "ConcurrentRunsExceededException",
                objects: [b],
            },
            {
                level: "INFO",
                message: "Joined Glue job run that has not listed bronze yet",
                jobRunId: "jr_1",
                objects: [b],
            },
            { level: "INFO", message: "Started Glue job run", jobRunId: "jr_2", objects: [c] },
            { level: "INFO", message: "Trigger batch processed", objectsOwned: 1 },
        ] as LogLine[];
        expect([...ownedObjectsByRun(lines)]).to.deep.equal([
            ["jr_1", [a, b]],
            ["jr_2", [c]],
        ]);
    });

    it("finds drops owned by no run, by two runs, and objects that are not drops", () => {
        const a = s3Uri(bucket, "a.csv");
        const b = s3Uri(bucket, "b.csv");
        const c = s3Uri(bucket, "c.csv");
        expect(ownershipProblems([a, b], [[a], [b]])).to.deep.equal([]);
        expect(
            ownershipProblems(
                [a, b, c],
                [
                    [a, b],
                    [b, "s3://x/y"],
                ],
            ),
        ).to.deep.equal([
            `${b} is owned by 2 job runs`,
            `${c} is owned by no job run`,
            "s3://x/y is not a drop of this demo",
        ]);
    });
});
