/**
 * The one error type of the domain core. Each front end maps `code` to its own reply
 * (HTTP status, SMTP reply code, IMAP response code); `message` is safe to show to the user,
 * anything internal goes to the log instead.
 *
 * Codes:
 * - INVALID_INPUT: the request is malformed or breaks a rule (HTTP 400).
 * - UNAUTHENTICATED: no valid session or credentials (HTTP 401).
 * - INVALID_CREDENTIALS: wrong address or password; deliberately says no more (HTTP 401).
 * - LOCKED_OUT: too many failed logins; `details.retryAfterSeconds` says for how long (HTTP 429).
 * - FORBIDDEN: signed in, but not allowed to do this (HTTP 403).
 * - NOT_FOUND: no such thing, or not visible to this actor (HTTP 404).
 * - CONFLICT: it already exists, or its current state does not allow this (HTTP 409).
 * - QUOTA_EXCEEDED: the mailbox is full (HTTP 413, SMTP 552 5.2.2, IMAP NO [OVERQUOTA]).
 * - TOO_LARGE: a message over the size limit (HTTP 413, SMTP 552 5.3.4, IMAP NO [TOOBIG]).
 * - CONFIG_INVALID: start-up configuration is wrong; the message names the variable.
 */
export type AppErrorCode =
  | "INVALID_INPUT"
  | "UNAUTHENTICATED"
  | "INVALID_CREDENTIALS"
  | "LOCKED_OUT"
  | "FORBIDDEN"
  | "NOT_FOUND"
  | "CONFLICT"
  | "QUOTA_EXCEEDED"
  | "TOO_LARGE"
  | "CONFIG_INVALID";

export class AppError extends Error {
  readonly code: AppErrorCode;
  readonly details: Record<string, unknown>;

  constructor(code: AppErrorCode, message: string, details: Record<string, unknown> = {}) {
    super(message);
    this.name = "AppError";
    this.code = code;
    this.details = details;
  }
}

export function isAppError(error: unknown, code?: AppErrorCode): error is AppError {
  return error instanceof AppError && (code === undefined || error.code === code);
}

/** INVALID_INPUT listing each problem of a failed zod parse, e.g. `Mailbox: password too short`. */
export function invalidInput(subject: string, issues: { path: PropertyKey[]; message: string }[]): AppError {
  const problems = issues.map((issue) => [issue.path.map(String).join("."), issue.message].filter(Boolean).join(": "));
  return new AppError("INVALID_INPUT", `${subject}: ${problems.join("; ")}`, { problems });
}
