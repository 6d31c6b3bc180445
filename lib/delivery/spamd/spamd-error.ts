// The one way the spamd client fails. Deliberately not an AppError: no user ever sees it, and the MX
// treats every failure alike, as "no spamd verdict", never as a reason to refuse or lose mail.

/** Why talking to spamd failed, for logs and metrics. */
export type SpamdFailure =
  | "refused" // nothing listens at host:port
  | "timeout" // no complete answer within timeoutMs
  | "network" // the connection broke or the host could not be reached
  | "protocol" // an answer that is not SPAMD/1.x, or a non-zero EX_ code
  | "reply-too-large" // more bytes than the client accepts
  | "invalid-request"; // a User name that would break the request's header lines

export class SpamdError extends Error {
  readonly failure: SpamdFailure;

  constructor(failure: SpamdFailure, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = "SpamdError";
    this.failure = failure;
  }
}
