/**
 * Turns whatever `@databricks/sql` throws into a WarehouseError with the Databricks error class and
 * SQLSTATE, so retry and handlers can decide by class. The driver's shapes (reference §6.2):
 * - OperationStateError: `errorCode`, `response.sqlState`, `response.displayMessage` / `errorMessage`;
 * - StatusError: NOT an Error subclass, only `message` + `code`; class and SQLSTATE are in the text;
 * - THTTPException: `statusCode` (429 / 503 from a busy or cold warehouse);
 * - RetryError / AuthenticationError, and Node network errors (`code` ECONNRESET, ...).
 * Messages are redacted of the credentials in use.
 */
import { WarehouseError } from "../warehouse";
import { redactSecrets, type Secret } from "../secret";

const NETWORK_CODES = new Set(["ECONNRESET", "ETIMEDOUT", "ECONNREFUSED", "EPIPE", "EAI_AGAIN", "ENOTFOUND", "ESOCKETTIMEDOUT", "UND_ERR_SOCKET"]);

type Loose = {
  name?: unknown;
  message?: unknown;
  code?: unknown;
  errorCode?: unknown;
  statusCode?: unknown;
  status?: unknown;
  response?: { sqlState?: unknown; displayMessage?: unknown; errorMessage?: unknown; status?: unknown; statusCode?: unknown };
};

const str = (v: unknown): string | undefined => (typeof v === "string" && v !== "" ? v : undefined);

function messageOf(e: Loose): string {
  return str(e.response?.displayMessage) ?? str(e.message) ?? str(e.response?.errorMessage) ?? String(e);
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

function classify(e: Loose, message: string): string {
  const named = bracketClass(message);
  if (named) return named;
  if (/invalid\s*session\s*handle|session\s*(?:handle\s*)?(?:is\s*)?(?:expired|closed|not\s*found)|invalid\s*sessionhandle/i.test(message)) {
    return "INVALID_SESSION_HANDLE";
  }
  if (/TEMPORARILY_UNAVAILABLE|temporarily unavailable/i.test(message)) return "TEMPORARILY_UNAVAILABLE";
  if (/RESOURCE_EXHAUSTED|too many requests/i.test(message)) return "RESOURCE_EXHAUSTED";
  const status = httpStatusOf(e);
  if (status !== undefined && status >= 400) return `HTTP_${status}`;
  const code = str(e.code);
  if ((code && NETWORK_CODES.has(code)) || /socket hang up|network socket disconnected|ECONNRESET|ETIMEDOUT/i.test(message)) {
    return "NETWORK_ERROR";
  }
  const name = str(e.name);
  if (name === "AuthenticationError" || /\b(401|403)\b.*(unauthori[sz]ed|forbidden)|invalid access token/i.test(message)) {
    return "AUTHENTICATION_FAILED";
  }
  if (name === "RetryError") return "DRIVER_RETRIES_EXHAUSTED";
  const opCode = str(e.errorCode);
  if (opCode === "TIMEOUT") return "STATEMENT_TIMEOUT";
  if (opCode === "CANCELED") return "OPERATION_CANCELED";
  return "UNKNOWN";
}

/**
 * Converts a driver failure into a WarehouseError (class, SQLSTATE, transient flag); a WarehouseError
 * passes through. `secrets` are removed from the message.
 */
export function toWarehouseError(err: unknown, secrets: readonly (Secret | undefined)[] = []): WarehouseError {
  if (err instanceof WarehouseError) return err;
  const e: Loose = typeof err === "object" && err !== null ? (err as Loose) : { message: String(err) };
  const message = redactSecrets(messageOf(e), secrets);
  const errorClass = classify(e, message);
  const sqlState = /SQLSTATE:\s*([0-9A-Z]{5})/.exec(message)?.[1] ?? str(e.response?.sqlState);
  const text = /^\s*\[[A-Z]/.test(message) ? message : `[${errorClass}] ${message}`;
  const withState = sqlState && !/SQLSTATE:/.test(text) ? `${text} SQLSTATE: ${sqlState}` : text;
  return new WarehouseError({ errorClass, message: withState, sqlState });
}
