import type { Principal } from "../../lib/auth/principal.ts";
import type { LoginLimits } from "../../lib/auth/login-throttle.ts";
import type { StoreDeps } from "../../lib/store/store-deps.ts";
import type { ChangeFeed } from "../../lib/store/change-feed.ts";
import type { SelectedFolder } from "./selected-folder.ts";
import type { Command, CommandName } from "./protocol/command.ts";

/** RFC 9051 §3: the states a connection moves through. */
export type SessionState = "not-authenticated" | "authenticated" | "selected" | "logout";

/** A piece of a response: text as written (ASCII, or UTF-8 once UTF8=ACCEPT or IMAP4rev2 is on), or bytes as they are. */
export type Piece = string | Buffer;

/** What every session of a server shares; built in main.ts (or a test) and passed in. */
export type ImapDeps = {
  store: StoreDeps;
  feed: ChangeFeed;
  /** Our name in the greeting. */
  hostname: string;
  loginLimits: LoginLimits;
  tls: { key: Buffer; cert: Buffer };
};

/**
 * How a command ends: the tagged status line (RFC 9051 §7.1). `after` runs once it is sent
 * (STARTTLS starts the handshake; LOGOUT closes).
 */
export type Completion = { status: "OK" | "NO" | "BAD"; code?: string; text: string; after?: () => Promise<"close" | void> };

/** One client's session as commands see it; the connection (imap-connection.ts) implements the I/O. */
export type Session = {
  readonly deps: ImapDeps;
  state: SessionState;
  principal: Principal | null;
  selected: SelectedFolder | null;
  /** ENABLEd extensions (CONDSTORE, QRESYNC, UTF8=ACCEPT, IMAP4REV2), upper case. */
  readonly enabled: Set<string>;
  /** UIDs saved by SEARCH RETURN (SAVE), for `$` (RFC 5182). */
  savedUids: number[];
  readonly clientIp: string;
  readonly isLoopback: boolean;
  isTls: boolean;
  /** Sends an untagged response: `* ` + pieces + CRLF. */
  untagged(...pieces: Piece[]): void;
  /** Sends the tagged completion of a command. */
  tagged(tag: string, completion: Completion): void;
  /** Sends a continuation request: `+ text`. */
  continuation(text: string): void;
  /** The next line the client sends (IDLE's DONE, a SASL response); null when the connection closed. */
  readLine(): Promise<Buffer | null>;
  /** Starts TLS on the connection after the tagged OK of STARTTLS has been sent. */
  startTls(): Promise<void>;
  /** Compresses both directions from now on (COMPRESS=DEFLATE, after its tagged OK). */
  startCompression(): void;
  isCompressed(): boolean;
  /** Raises the reader's limits once the client has logged in. */
  raiseLimits(): void;
  /** Follows the mailbox's changes (from any process) while the session is authenticated, for waitForChange. */
  watchMailbox(): void;
  /** Resolves when a change arrives or `signal` aborts (IDLE). */
  waitForChange(signal: AbortSignal): Promise<void>;
};

/** The client has enabled IMAP4rev2 (RFC 9051 Appendix E): no \Recent, ESEARCH for SEARCH, a LIST response in SELECT. */
export function isRev2(session: Pick<Session, "enabled">): boolean {
  return session.enabled.has("IMAP4REV2");
}

/** Mailbox names and quoted strings in UTF-8: UTF8=ACCEPT (RFC 6855 §3) or IMAP4rev2 (RFC 9051 §5.1, QUOTED-CHAR in §9). */
export function isUtf8Enabled(session: Pick<Session, "enabled">): boolean {
  return session.enabled.has("UTF8=ACCEPT") || isRev2(session);
}

export function ok(text: string, code?: string): Completion {
  return { status: "OK", code, text };
}

export function no(text: string, code?: string): Completion {
  return { status: "NO", code, text };
}

export function bad(text: string, code?: string): Completion {
  return { status: "BAD", code, text };
}

/** A command's implementation: the states it runs in (RFC 9051 §6) and what it does. */
export type CommandHandler<C> = {
  states: readonly SessionState[];
  run(session: Session, command: C, tag: string): Promise<Completion>;
};

/** The command type of one name (also for members that share a shape, as NOOP and CHECK do). */
export type CommandNamed<N extends CommandName> = Command & { name: N };
