/**
 * Turns whatever `@databricks/sql` throws into a WarehouseError with the Databricks error class and
 * SQLSTATE, so retry and handlers can decide by class. The driver's shapes (reference §6.2):
 * - OperationStateError: `errorCode`, `response.sqlState`, `response.displayMessage` / `errorMessage`
 *   (without a displayMessage its own message is a generic "The operation failed due to an error" and
 *   the real `[CLASS] ...` text is only in `response.errorMessage`);
 * - StatusError: NOT an Error subclass, only `message` + `code`; class and SQLSTATE are in the text;
 * - THTTPException: `statusCode` (429 / 503 from a busy or cold warehouse);
 * - RetryError: the driver's retries of an idempotent call (status polling, metadata) ran out; its
 *   `name` is never set, so it is recognised by class, `errorCode` and `payload` (the last response or
 *   network error);
 * - AuthenticationError, and Node network errors (`code` ECONNRESET, ...).
 * Messages are redacted of the credentials in use.
 */
import { WarehouseError } from "../warehouse";
import { redactSecrets, type Secret } from "../secret";

const NETWORK_CODES = new Set([
  "ECONNRESET",
  "ETIMEDOUT",
  "ECONNREFUSED",
  "EPIPE",
  "EAI_AGAIN",
  "ENOTFOUND",
  "EHOSTUNREACH",
  "ENETUNREACH",
  "ESOCKETTIMEDOUT",
  "UND_ERR_SOCKET",
]);
/** Network failures that happen before any byte of a request reaches the server: nothing can have run. */
const NEVER_CONNECTED_CODES = new Set(["ECONNREFUSED", "ENOTFOUND", "EAI_AGAIN", "EHOSTUNREACH", "ENETUNREACH"]);

type Loose = {
  name?: unknown;
  message?: unknown;
  code?: unknown;
  errno?: unknown;
  errorCode?: unknown;
  statusCode?: unknown;
  status?: unknown;
  payload?: unknown;
  response?: { sqlState?: unknown; displayMessage?: unknown; errorMessage?: unknown; status?: unknown; statusCode?: unknown };
};

const str = (v: unknown): string | undefined => (typeof v === "string" && v !== "" ? v : undefined);

/** The driver's error classes, loaded lazily (the driver is never loaded at import, see databricksWarehouse.ts). */
function driverClass(file: "RetryError" | "OperationStateError" | "StatusError"): (new (...a: never[]) => object) | undefined {
  try {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    return (require(`@databricks/sql/dist/errors/${file}`) as { default: new (...a: never[]) => object }).default;
  } catch {
    return undefined;
  }
}

function isInstance(err: unknown, file: "RetryError" | "OperationStateError" | "StatusError"): boolean {
  const cls = driverClass(file);
  return (cls !== undefined && err instanceof cls) || (typeof err === "object" && err !== null && err.constructor?.name === file);
}

const RETRY_ERROR_CODES = new Set(["ATTEMPTS_EXCEEDED", "TIMEOUT_EXCEEDED"]);
const OPERATION_STATE_CODES = new Set(["CANCELED", "CLOSED", "ERROR", "TIMEOUT", "UNKNOWN"]);

/** A `RetryError`: instance of the driver's class, or (another copy of the driver) its exact shape. */
export function isDriverRetryError(err: unknown): boolean {
  const e = err as Loose | null;
  return isInstance(err, "RetryError") || (e?.name === "RetryError" && RETRY_ERROR_CODES.has(String(e?.errorCode)));
}

/**
 * An `OperationStateError`: the server's verdict on a submitted statement (failed, cancelled, timed out,
 * closed). Its text is what went wrong INSIDE the statement (an S3 503 while writing files, a timeout
 * reading a source), never a failure of our connection; the driver caches it, so asking again only
 * repeats it.
 */
export function isOperationStateError(err: unknown): boolean {
  const e = err as Loose | null;
  return isInstance(err, "OperationStateError") || (typeof e?.response === "object" && OPERATION_STATE_CODES.has(String(e?.errorCode)));
}

/** Server text usually carries a Java stack trace after the message: keep the message only. */
function withoutStackTrace(text: string): string {
  const cut = text.search(/\n\s*at [\w$.<>]+\(/);
  const head = (cut >= 0 ? text.slice(0, cut) : text).trim();
  return head.length > 4000 ? `${head.slice(0, 4000)}…` : head;
}

function messageOf(e: Loose): string {
  // displayMessage is the clean server text; errorMessage the raw one (same text plus a stack trace);
  // the error's own message is generic when the response had no displayMessage.
  const server = str(e.response?.displayMessage) ?? str(e.response?.errorMessage);
  return server !== undefined ? withoutStackTrace(server) : (str(e.message) ?? String(e));
}

/** What the last attempt behind a RetryError saw: `HTTP 429`, `ECONNRESET`, ... */
function retryPayloadSummary(e: Loose): string | undefined {
  const p = e.payload as { response?: { status?: unknown }; code?: unknown; message?: unknown } | undefined;
  if (!p || typeof p !== "object") return undefined;
  if (typeof p.response?.status === "number") return `HTTP ${p.response.status}`;
  return str(p.code) ?? str(p.message);
}

function httpStatusOf(e: Loose): number | undefined {
  for (const v of [e.statusCode, e.response?.statusCode, e.response?.status, e.status]) {
    if (typeof v === "number" && v >= 100 && v < 600) return v;
  }
  const m = /\b(?:HTTP|status(?: code)?)\s*:?\s*(429|5\d\d)\b/i.exec(str(e.message) ?? "");
  return m ? Number(m[1]) : undefined;
}

/** The class a message names in brackets, `[CLASS.SUB] ...`, if any. */
function bracketClass(message: string): string | undefined {
  return /^\s*\[([A-Z][A-Z0-9_.]*)\]/.exec(message)?.[1] ?? /\[([A-Z][A-Z0-9_]*(?:\.[A-Z0-9_]+)*)\]/.exec(message)?.[1];
}

function classify(err: unknown, e: Loose, message: string): string {
  const named = bracketClass(message);
  if (named) return named;
  // The statement's own failure: its text may quote an HTTP 503 or a network error of the storage it
  // wrote to, which must not make it look like a throttled request of ours (poll again, re-send).
  if (isOperationStateError(err)) return operationStateClass(str(e.errorCode));
  // Before the message checks: its payload may be a network error whose text would match them.
  if (isDriverRetryError(err)) return "DRIVER_RETRIES_EXHAUSTED";
  if (/invalid\s*session\s*handle|session\s*(?:handle\s*)?(?:is\s*)?(?:expired|closed|not\s*found)|invalid\s*sessionhandle/i.test(message)) {
    return "INVALID_SESSION_HANDLE";
  }
  if (/TEMPORARILY_UNAVAILABLE|temporarily unavailable/i.test(message)) return "TEMPORARILY_UNAVAILABLE";
  if (/RESOURCE_EXHAUSTED|too many requests/i.test(message)) return "RESOURCE_EXHAUSTED";
  const status = httpStatusOf(e);
  if (status !== undefined && status >= 400) return `HTTP_${status}`;
  const code = str(e.code);
  if ((code && NETWORK_CODES.has(code)) || /socket hang up|network socket disconnected|premature close|ECONNRESET|ETIMEDOUT/i.test(message)) {
    return "NETWORK_ERROR";
  }
  const name = str(e.name);
  if (name === "AuthenticationError" || /\b(401|403)\b.*(unauthori[sz]ed|forbidden)|invalid access token/i.test(message)) {
    return "AUTHENTICATION_FAILED";
  }
  const opCode = str(e.errorCode);
  if (opCode === "TIMEOUT") return "STATEMENT_TIMEOUT";
  if (opCode === "CANCELED") return "OPERATION_CANCELED";
  return "UNKNOWN";
}

/** The class of a statement the server ended without naming an error class. */
function operationStateClass(code: string | undefined): string {
  switch (code) {
    case "ERROR":
      return "STATEMENT_FAILED";
    case "TIMEOUT":
      return "STATEMENT_TIMEOUT";
    case "CANCELED":
      return "OPERATION_CANCELED";
    case "CLOSED":
      return "OPERATION_CLOSED";
    default:
      return "UNKNOWN";
  }
}

/**
 * Where in a statement's life a failure happened; decides `mayHaveRun`:
 * - `connect`: opening the client or session; no statement was sent;
 * - `submit`: the ExecuteStatement request itself;
 * - `running`: waiting for a submitted statement (status polling, result metadata);
 * - `fetch`: reading the results of a statement that finished (so it ran, unless the server says otherwise).
 */
export type StatementPhase = "connect" | "submit" | "running" | "fetch";

/**
 * Did the statement possibly take effect? Conservative: anything not known to have stopped short counts.
 * - A verdict from the server on the statement (StatusError on submit, OperationStateError while running)
 *   means it failed and committed nothing.
 * - On submit, a refused connection or DNS failure never reached the server; HTTP 429 / 503 and
 *   TEMPORARILY_UNAVAILABLE are the gateway turning the request away (GUESS: before execution starts);
 *   a reset, timeout or other 5xx after the request went out leaves the outcome unknown.
 */
function mayHaveRun(err: unknown, e: Loose, errorClass: string, phase: StatementPhase): boolean {
  switch (phase) {
    case "connect":
      return false;
    case "running":
    case "fetch":
      // Only the server's verdict that the statement failed, timed out or was cancelled rules it out.
      return !(isOperationStateError(err) && ["ERROR", "TIMEOUT", "CANCELED"].includes(String(e.errorCode)));
    case "submit": {
      if (isInstance(err, "StatusError") || str(e.name) === "Status Error" || isOperationStateError(err)) return false;
      if (errorClass === "NETWORK_ERROR") return !NEVER_CONNECTED_CODES.has(str(e.code) ?? "");
      if (["HTTP_429", "HTTP_503", "TEMPORARILY_UNAVAILABLE", "RESOURCE_EXHAUSTED", "AUTHENTICATION_FAILED", "INVALID_SESSION_HANDLE"].includes(errorClass)) {
        return false;
      }
      return true;
    }
  }
}

/**
 * May the statement still be running on the server after this failure? Only when it may have run and
 * the failure hit while it was in flight: its submission went out and the answer was lost (the server
 * may have started it), or waiting for it failed (polling gave up, the session broke). Not after it
 * finished (`fetch`), nor when the server said it is over (closed; failed, timed out and cancelled
 * statements did not run at all).
 */
function mayStillBeRunning(err: unknown, e: Loose, ran: boolean, phase: StatementPhase): boolean {
  if (!ran || (phase !== "submit" && phase !== "running")) return false;
  return !(isOperationStateError(err) && String(e.errorCode) === "CLOSED");
}

/**
 * Converts a driver failure into a WarehouseError (class, SQLSTATE, transient flag, mayHaveRun,
 * mayStillBeRunning); a
 * WarehouseError passes through. `secrets` are removed from the message. Without a `phase` the
 * failure is taken as one before any statement was sent (mayHaveRun false).
 */
export function toWarehouseError(err: unknown, secrets: readonly (Secret | undefined)[] = [], phase: StatementPhase = "connect"): WarehouseError {
  if (err instanceof WarehouseError) return err;
  const e: Loose = typeof err === "object" && err !== null ? (err as Loose) : { message: String(err) };
  let message = redactSecrets(messageOf(e), secrets);
  const errorClass = classify(err, e, message);
  if (errorClass === "DRIVER_RETRIES_EXHAUSTED") {
    const last = retryPayloadSummary(e);
    if (last) message = `${message} (last attempt: ${redactSecrets(last, secrets)})`;
  }
  const sqlState = /SQLSTATE:\s*([0-9A-Z]{5})/.exec(message)?.[1] ?? str(e.response?.sqlState);
  const text = /^\s*\[[A-Z]/.test(message) ? message : `[${errorClass}] ${message}`;
  const withState = sqlState && !/SQLSTATE:/.test(text) ? `${text} SQLSTATE: ${sqlState}` : text;
  const ran = mayHaveRun(err, e, errorClass, phase);
  const running = mayStillBeRunning(err, e, ran, phase);
  const full = !ran
    ? withState
    : running
      ? `${withState} (The statement was sent and its outcome is unknown: it may have run, and may still be running on the warehouse.)`
      : `${withState} (The statement was sent and its outcome is unknown: it may have run.)`;
  return new WarehouseError({ errorClass, message: full, sqlState, mayHaveRun: ran, mayStillBeRunning: running });
}
