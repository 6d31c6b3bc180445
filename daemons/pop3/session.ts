import type { LoginLimits } from "../../lib/auth/login-throttle.ts";
import type { StoreDeps } from "../../lib/store/store-deps.ts";
import type { MaildropLock } from "./maildrop-lock.ts";
import type { OpenMaildrop } from "./open-maildrop.ts";
import type { WireSizeCache } from "./wire-sizes.ts";

/** RFC 1939 §3: AUTHORIZATION until a login, TRANSACTION with the maildrop locked, UPDATE at QUIT. */
export type SessionState = "authorization" | "transaction" | "update";

/** How long things may take; tests shorten them. */
export type Pop3Timeouts = {
  /** Silence allowed before login. Shorter than RFC 1939's 10 minutes: an unauthenticated client holds a socket and gives nothing. */
  authorizationIdleMs: number;
  /** RFC 1939 §3: an autologout timer of at least 10 minutes once logged in. */
  transactionIdleMs: number;
  /** One command's work (a stuck database, a blob store that hangs); past it the session ends. */
  commandMs: number;
  /** The maildrop lock's heartbeat, and how old a heartbeat may get before another session may take the lock over. */
  lockHeartbeatMs: number;
  lockStaleMs: number;
};

export const DEFAULT_TIMEOUTS: Pop3Timeouts = {
  authorizationIdleMs: 2 * 60_000,
  transactionIdleMs: 10 * 60_000,
  commandMs: 60_000,
  lockHeartbeatMs: 30_000,
  lockStaleMs: 2 * 60_000,
};

/** What every session of a server shares; built in main.ts (or a test) and passed in. */
export type Pop3Deps = {
  store: StoreDeps;
  /** Our name in the greeting. */
  hostname: string;
  loginLimits: LoginLimits;
  tls: { key: Buffer; cert: Buffer };
  timeouts: Pop3Timeouts;
  /** Wire sizes of messages already seen, by blob hash (wire-sizes.ts). */
  wireSizes: WireSizeCache;
};

/** RFC 2449 §8 and RFC 3206 response codes. */
export type ResponseCode = "IN-USE" | "LOGIN-DELAY" | "SYS/TEMP" | "SYS/PERM" | "AUTH";

/**
 * A command's answer: the status line, and for multi-line answers (RFC 1939 §3) the body: lines
 * (no CRLF; each is dot-stuffed when sent) or bytes already in wire form (wire-form.ts). `after`
 * runs once the answer is sent (STLS starts the handshake; QUIT closes). `isContinuation`: a SASL
 * challenge ("+ " and the text, RFC 5034 §4) instead of a status line.
 */
export type Reply = { ok: boolean; code?: ResponseCode; text: string; body?: string[] | Buffer; isContinuation?: boolean; after?: () => Promise<"close" | void> };

/** One client's session as commands see it; the connection (pop3-connection.ts) implements the I/O. */
export type Session = {
  readonly deps: Pop3Deps;
  state: SessionState;
  readonly clientIp: string;
  readonly isLoopback: boolean;
  isTls: boolean;
  /** The name given with USER, waiting for PASS. */
  pendingUser: string | null;
  /** AUTH PLAIN sent without an initial response: the next line is the response (RFC 5034 §4). */
  isAwaitingSaslResponse: boolean;
  /** In TRANSACTION: the mailbox's maildrop, its lock, and the session's marks. */
  maildrop: OpenMaildrop | null;
  lock: MaildropLock | null;
  /** Starts TLS once the +OK of STLS has been sent. */
  startTls(): Promise<void>;
};

export function ok(text: string, body?: string[] | Buffer): Reply {
  return { ok: true, text, body };
}

export function err(text: string, code?: ResponseCode): Reply {
  return { ok: false, code, text };
}

/** Plaintext passwords only over TLS or on loopback (RFC 2595 §4, RFC 8314); elsewhere after STLS. */
export function mayLogInInClear(session: Pick<Session, "isTls" | "isLoopback">): boolean {
  return session.isTls || session.isLoopback;
}
