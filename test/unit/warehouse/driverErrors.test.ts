import { describe, expect, it } from "vitest";
import RetryError, { RetryErrorCode } from "@databricks/sql/dist/errors/RetryError";
import OperationStateError, { OperationStateErrorCode } from "@databricks/sql/dist/errors/OperationStateError";
import StatusError from "@databricks/sql/dist/errors/StatusError";
import { THTTPException } from "@databricks/sql/dist/connection/connections/ThriftHttpConnection";
import { toWarehouseError } from "../../../provider/warehouse/databricks/driverErrors";
import { Secret } from "../../../provider/warehouse/secret";
import { WarehouseError } from "../../../provider/warehouse/warehouse";

/** Shaped like @databricks/sql StatusError: not an Error subclass, only name/message/code. */
class StatusErrorLike {
  name = "Status Error";
  constructor(public message: string, public code: number) {}
}

describe("toWarehouseError", () => {
  it("parses class and SQLSTATE from a StatusError-shaped object", () => {
    const e = toWarehouseError(
      new StatusErrorLike(
        "Error running query: org.apache.spark.sql.catalyst.ExtendedAnalysisException: [TABLE_OR_VIEW_NOT_FOUND] The table or view `a`.`b`.`c` cannot be found. SQLSTATE: 42P01; line 1 pos 14",
        3,
      ),
    );
    expect(e).toBeInstanceOf(WarehouseError);
    expect(e.errorClass).toBe("TABLE_OR_VIEW_NOT_FOUND");
    expect(e.sqlState).toBe("42P01");
    expect(e.transient).toBe(false);
  });

  it("uses response.sqlState and displayMessage of an OperationStateError-shaped error", () => {
    const err = Object.assign(new Error("The operation failed due to an error"), {
      errorCode: "ERROR",
      response: { sqlState: "2D521", displayMessage: "[DELTA_CONCURRENT_APPEND] Files were added to the root of the table by a concurrent update." },
    });
    const e = toWarehouseError(err);
    expect(e.errorClass).toBe("DELTA_CONCURRENT_APPEND");
    expect(e.sqlState).toBe("2D521");
    expect(e.transient).toBe(true);
    expect(e.message).toBe("[DELTA_CONCURRENT_APPEND] Files were added to the root of the table by a concurrent update. SQLSTATE: 2D521");
  });

  it("keeps subclasses", () => {
    expect(toWarehouseError(new StatusErrorLike("[DELTA_DEEP_CLONE_MV_ST_ERROR.REQUIRES_WITH_HISTORY] x SQLSTATE: 0AKDC", 3)).errorClass).toBe(
      "DELTA_DEEP_CLONE_MV_ST_ERROR.REQUIRES_WITH_HISTORY",
    );
  });

  it.each([
    [{ name: "THTTPException", statusCode: 429, message: "Received a response with a bad HTTP status code: 429" }, "HTTP_429", true],
    [{ name: "THTTPException", statusCode: 503, message: "Service Unavailable" }, "HTTP_503", true],
    [{ statusCode: 500, message: "Internal error" }, "HTTP_500", false],
    [{ message: "[TEMPORARILY_UNAVAILABLE] The service is temporarily unavailable" }, "TEMPORARILY_UNAVAILABLE", true],
    [new StatusErrorLike("Invalid SessionHandle: SessionHandle [4f1c...]", 3), "INVALID_SESSION_HANDLE", true],
    [Object.assign(new Error("read ECONNRESET"), { code: "ECONNRESET" }), "NETWORK_ERROR", true],
    [Object.assign(new Error("Request timed out"), { name: "RetryError", errorCode: "TIMEOUT_EXCEEDED" }), "DRIVER_RETRIES_EXHAUSTED", true],
    [Object.assign(new Error("Failed to fetch access token"), { name: "AuthenticationError" }), "AUTHENTICATION_FAILED", false],
    [Object.assign(new Error("op timed out"), { errorCode: "TIMEOUT" }), "STATEMENT_TIMEOUT", false],
    ["weird string", "UNKNOWN", false],
  ])("classifies %j", (err, cls, transient) => {
    const e = toWarehouseError(err);
    expect(e.errorClass).toBe(cls);
    expect(e.transient).toBe(transient);
    expect(e.message.startsWith(`[${cls}]`) || e.message.includes(`[${cls}]`)).toBe(true);
  });

  it("passes a WarehouseError through", () => {
    const w = new WarehouseError({ errorClass: "X", message: "[X] y" });
    expect(toWarehouseError(w)).toBe(w);
  });

  it("removes credentials from messages", () => {
    const token = new Secret("dapiffffffffffffffffffffffffffffffff");
    const other = "dapi0123456789abcdef0123456789abcdef";
    const e = toWarehouseError(new StatusErrorLike(`bad header Authorization: Bearer ${token.reveal()} and ${other}; client secret s3cr3t-value`, 3), [
      token,
      new Secret("s3cr3t-value"),
    ]);
    expect(e.message).not.toContain(token.reveal());
    expect(e.message).not.toContain(other);
    expect(e.message).not.toContain("s3cr3t-value");
    expect(e.message).toContain("[secret]");
  });
});

describe("the real @databricks/sql error classes", () => {
  it("classifies RetryError (whose name is never set) as transient throttling, naming the last response", () => {
    const err = new RetryError(RetryErrorCode.AttemptsExceeded, { response: { status: 429 } });
    expect(err.name).toBe("Error"); // the driver's class: why matching on name alone misses it
    const e = toWarehouseError(err, [], "running");
    expect(e).toMatchObject({ errorClass: "DRIVER_RETRIES_EXHAUSTED", transient: true, mayHaveRun: true });
    expect(e.message).toContain("Max retry count exceeded (last attempt: HTTP 429)");
    const timeout = toWarehouseError(new RetryError(RetryErrorCode.TimeoutExceeded, Object.assign(new Error("socket hang up"), { code: "ECONNRESET" })));
    expect(timeout).toMatchObject({ errorClass: "DRIVER_RETRIES_EXHAUSTED", transient: true });
    expect(timeout.message).toContain("Retry timeout exceeded (last attempt: ECONNRESET)");
  });

  it("reads response.errorMessage of an OperationStateError without displayMessage (stack trace dropped)", () => {
    const err = new OperationStateError(OperationStateErrorCode.Error, {
      status: { statusCode: 0 },
      sqlState: "2D521",
      errorMessage:
        "org.apache.spark.SparkException: [DELTA_CONCURRENT_APPEND.WITHOUT_HINT] ConcurrentAppendException: Files were added to the root of the table by a concurrent update. Please try the operation again. SQLSTATE: 2D521\n" +
        "\tat com.databricks.sql.transaction.tahoe.DeltaErrors$.concurrentAppendException(DeltaErrors.scala:123)\n\tat scala.Option.map(Option.scala:230)",
    } as never);
    expect(err.message).toBe("The operation failed due to an error"); // what the old code classified
    const e = toWarehouseError(err, [], "running");
    expect(e).toMatchObject({ errorClass: "DELTA_CONCURRENT_APPEND.WITHOUT_HINT", sqlState: "2D521", transient: true, mayHaveRun: false });
    expect(e.message).toContain("Files were added to the root of the table by a concurrent update");
    expect(e.message).not.toContain("DeltaErrors.scala");
  });

  it("keeps displayMessage first when the server sent one", () => {
    const err = new OperationStateError(OperationStateErrorCode.Error, {
      status: { statusCode: 0 },
      displayMessage: "[TABLE_OR_VIEW_NOT_FOUND] The table or view `a`.`b`.`c` cannot be found. SQLSTATE: 42P01",
      errorMessage: "org.apache...AnalysisException: [TABLE_OR_VIEW_NOT_FOUND] ...\n\tat x.y(Z.scala:1)",
    } as never);
    expect(toWarehouseError(err, [], "running")).toMatchObject({ errorClass: "TABLE_OR_VIEW_NOT_FOUND", transient: false, mayHaveRun: false });
  });

  describe("mayHaveRun: did the statement possibly take effect?", () => {
    const reset = () => Object.assign(new Error("socket hang up"), { code: "ECONNRESET" });
    const refused = () => Object.assign(new Error("connect ECONNREFUSED 10.0.0.1:443"), { code: "ECONNREFUSED" });
    it.each([
      ["connect", reset(), false],
      ["submit", refused(), false],
      ["submit", reset(), true],
      ["submit", new THTTPException({ status: 429 } as never), false],
      ["submit", new THTTPException({ status: 503 } as never), false],
      ["submit", new THTTPException({ status: 504 } as never), true],
      ["submit", new StatusError({ statusCode: 3, errorMessage: "[PARSE_SYNTAX_ERROR] Syntax error SQLSTATE: 42601" } as never), false],
      ["submit", new Error("something unexpected"), true],
      ["running", new RetryError(RetryErrorCode.AttemptsExceeded, { response: { status: 503 } }), true],
      ["running", new OperationStateError(OperationStateErrorCode.Error, { status: { statusCode: 0 }, errorMessage: "[X] y" } as never), false],
      ["fetch", reset(), true],
    ] as const)("%s: %s -> %s", (phase, err, expected) => {
      const e = toWarehouseError(err, [], phase);
      expect(e.mayHaveRun).toBe(expected);
      expect(e.message.includes("it may have run")).toBe(expected);
    });
  });

  describe("mayStillBeRunning: was it in flight when the failure hit?", () => {
    const reset = () => Object.assign(new Error("socket hang up"), { code: "ECONNRESET" });
    it.each([
      ["submit", reset(), true], // the request went out: the server may have started it
      ["running", new RetryError(RetryErrorCode.AttemptsExceeded, { response: { status: 503 } }), true], // polling gave up
      ["running", new StatusError({ statusCode: 3, errorMessage: "Invalid SessionHandle: x" } as never), true],
      ["running", new OperationStateError(OperationStateErrorCode.Error, { status: { statusCode: 0 }, errorMessage: "[X] y" } as never), false],
      ["running", new OperationStateError(OperationStateErrorCode.Closed), false],
      ["fetch", reset(), false], // it finished; only its results were lost
      ["connect", reset(), false],
      ["submit", Object.assign(new Error("connect ECONNREFUSED 10.0.0.1:443"), { code: "ECONNREFUSED" }), false],
    ] as const)("%s: %s -> %s", (phase, err, expected) => {
      const e = toWarehouseError(err, [], phase);
      expect(e.mayStillBeRunning).toBe(expected);
      expect(e.message.includes("may still be running")).toBe(expected);
      if (expected) expect(e.mayHaveRun).toBe(true);
    });
  });

  it("a FAILED statement whose text quotes an HTTP 503 or a network error is the statement's failure, not throttling", () => {
    for (const text of [
      "Job aborted: (Service: Amazon S3; Status Code: 503; Error Code: SlowDown)",
      "The service is temporarily unavailable",
      "Too many requests",
      "read ETIMEDOUT",
      "socket hang up",
    ]) {
      const e = toWarehouseError(new OperationStateError(OperationStateErrorCode.Error, { status: { statusCode: 0 }, displayMessage: text, sqlState: "XX000" } as never), [], "running");
      expect(e, text).toMatchObject({ errorClass: "STATEMENT_FAILED", transient: false, mayHaveRun: false, mayStillBeRunning: false });
      expect(e.message).toBe(`[STATEMENT_FAILED] ${text} SQLSTATE: XX000`);
    }
    // A class the server names still decides (a Delta write race is worth re-sending: it did not run).
    const race = toWarehouseError(new OperationStateError(OperationStateErrorCode.Error, { status: { statusCode: 0 }, displayMessage: "[DELTA_CONCURRENT_APPEND] x" } as never), [], "running");
    expect(race).toMatchObject({ errorClass: "DELTA_CONCURRENT_APPEND", transient: true, mayHaveRun: false });
  });
});
