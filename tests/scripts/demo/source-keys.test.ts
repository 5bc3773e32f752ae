import { expect } from "chai";
import { coverageProblems, localBronzePath, s3Uri } from "../../../scripts/demo/source-keys";

describe("demo: trigger -> job contract (--source_keys)", () => {
    const bucket = "lake-dev-bronze";
    const bronze = "/lake/bronze";

    it("maps each s3://<bronze>/<key> to <lake>/bronze/<key>", () => {
        const uri = s3Uri(bucket, "flights/2001/01/01/flights-2001-01-01.csv");
        expect(uri).to.equal("s3://lake-dev-bronze/flights/2001/01/01/flights-2001-01-01.csv");
        expect(localBronzePath(uri, bucket, bronze)).to.equal(
            "/lake/bronze/flights/2001/01/01/flights-2001-01-01.csv",
        );
        expect(localBronzePath("s3://lake-dev-bronze/flights/a b+c.csv", bucket, bronze)).to.equal(
            "/lake/bronze/flights/a b+c.csv",
        );
    });

    it("refuses another bucket, a bare bucket and keys that climb out of bronze", () => {
        expect(() => localBronzePath("s3://other/flights/x.csv", bucket, bronze)).to.throw(
            "is not an object of the bronze bucket lake-dev-bronze",
        );
        expect(() => localBronzePath("s3://lake-dev-bronze/", bucket, bronze)).to.throw("is not an object");
        expect(() => localBronzePath("s3://lake-dev-bronze/../../etc/passwd", bucket, bronze)).to.throw(
            "points outside /lake/bronze",
        );
    });

    it("finds drops in no run, in two runs, and keys that are not drops", () => {
        const a = s3Uri(bucket, "a.csv");
        const b = s3Uri(bucket, "b.csv");
        const c = s3Uri(bucket, "c.csv");
        expect(coverageProblems([a, b], [[a], [b]])).to.deep.equal([]);
        expect(
            coverageProblems(
                [a, b, c],
                [
                    [a, b],
                    [b, "s3://x/y"],
                ],
            ),
        ).to.deep.equal([
            `${b} was in 2 job runs`,
            `${c} was in no job run`,
            "s3://x/y is not a drop of this demo",
        ]);
    });
});
