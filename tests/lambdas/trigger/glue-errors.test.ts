import {
    AccessDeniedException,
    ConcurrentRunsExceededException,
    EntityNotFoundException,
    InternalServiceException,
    InvalidInputException,
    OperationTimeoutException,
    ResourceNumberLimitExceededException,
} from "@aws-sdk/client-glue";
import { expect } from "chai";
import { classifyStartJobRunError, RETRYABLE_GLUE_ERROR_NAMES } from "../../../lambdas/trigger/glue-errors";

const metadata = (httpStatusCode: number) => ({ $metadata: { httpStatusCode } });

describe("classifyStartJobRunError", () => {
    it("treats concurrency, quota, throttling and service faults as retryable", () => {
        const errors = [
            new ConcurrentRunsExceededException({
                message: "Job with name j already running",
                ...metadata(400),
            }),
            new ResourceNumberLimitExceededException({ message: "quota", ...metadata(400) }),
            new OperationTimeoutException({ message: "timeout", ...metadata(400) }),
            new InternalServiceException({ message: "oops", ...metadata(500) }),
        ];
        expect(errors.map(classifyStartJobRunError)).to.deep.equal([
            {
                errorName: "ConcurrentRunsExceededException",
                errorMessage: "Job with name j already running",
                retryable: true,
            },
            { errorName: "ResourceNumberLimitExceededException", errorMessage: "quota", retryable: true },
            { errorName: "OperationTimeoutException", errorMessage: "timeout", retryable: true },
            { errorName: "InternalServiceException", errorMessage: "oops", retryable: true },
        ]);
    });

    it("treats ThrottlingException, any 429/5xx, SDK-marked and network errors as retryable", () => {
        const throttling = Object.assign(new Error("Rate exceeded"), {
            name: "ThrottlingException",
            ...metadata(400),
        });
        const status503 = Object.assign(new Error("unavailable"), { name: "SomethingNew", ...metadata(503) });
        const status429 = Object.assign(new Error("slow down"), { name: "SomethingElse", ...metadata(429) });
        const marked = Object.assign(new Error("x"), {
            name: "Odd",
            $retryable: { throttling: true },
            ...metadata(400),
        });
        const network = Object.assign(new Error("socket hang up"), { code: "ECONNRESET" });
        expect(
            [throttling, status503, status429, marked, network].map(
                (e) => classifyStartJobRunError(e).retryable,
            ),
        ).to.deep.equal([true, true, true, true, true]);
        expect(RETRYABLE_GLUE_ERROR_NAMES.has("ThrottlingException")).to.equal(true);
    });

    it("treats configuration errors as non-retryable", () => {
        const errors = [
            new EntityNotFoundException({ message: "Job nope not found", ...metadata(400) }),
            new InvalidInputException({ message: "bad", ...metadata(400) }),
            new AccessDeniedException({ message: "denied", ...metadata(400) }),
        ];
        expect(errors.map(classifyStartJobRunError)).to.deep.equal([
            { errorName: "EntityNotFoundException", errorMessage: "Job nope not found", retryable: false },
            { errorName: "InvalidInputException", errorMessage: "bad", retryable: false },
            { errorName: "AccessDeniedException", errorMessage: "denied", retryable: false },
        ]);
    });

    it("treats a plain bug as non-retryable and survives non-Error throws", () => {
        expect(classifyStartJobRunError(new TypeError("x is undefined"))).to.deep.equal({
            errorName: "TypeError",
            errorMessage: "x is undefined",
            retryable: false,
        });
        expect(classifyStartJobRunError("boom")).to.deep.equal({
            errorName: "UnknownError",
            errorMessage: "boom",
            retryable: false,
        });
    });
});
