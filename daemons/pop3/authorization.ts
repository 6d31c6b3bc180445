// USER name / PASS password (RFC 1939 §7), AUTH PLAIN [initial-response] (RFC 5034), STLS (RFC 2595)
import { verifyLogin } from "../../lib/auth/verify-login.ts";
import { AppError } from "../../lib/errors.ts";
import { takeMaildropLock } from "./maildrop-lock.ts";
import { openMaildrop } from "./open-maildrop.ts";
import { decodeSaslPlain } from "./protocol/sasl-plain.ts";
import { err, mayLogInInClear, ok, type Reply, type Session } from "./session.ts";

const PRIVACY_REQUIRED = err("Plaintext authentication disallowed on non-secure connections; use STLS first", "AUTH");

export function user(session: Session, name: string): Reply {
  if (!mayLogInInClear(session)) return PRIVACY_REQUIRED;
  session.pendingUser = name;
  return ok("Send the password with PASS");
}

export function pass(session: Session, password: string): Promise<Reply> | Reply {
  if (!mayLogInInClear(session)) return PRIVACY_REQUIRED;
  const name = session.pendingUser;
  session.pendingUser = null;
  if (name === null) return err("Send USER first");
  return logIn(session, name, password);
}

export function auth(session: Session, mechanism: string | null, initialResponse: string | null): Promise<Reply> | Reply {
  // RFC 5034 §4: AUTH with no mechanism is not listed there; Dovecot and Outlook use it to list mechanisms.
  if (mechanism === null) return ok("Mechanisms follow", mayLogInInClear(session) ? ["PLAIN"] : []);
  if (mechanism !== "PLAIN") return err("Unsupported authentication mechanism");
  if (!mayLogInInClear(session)) return PRIVACY_REQUIRED;
  session.pendingUser = null;
  if (initialResponse === null) {
    session.isAwaitingSaslResponse = true;
    return { ok: true, text: "", isContinuation: true };
  }
  return saslResponse(session, initialResponse);
}

/** The client's answer to AUTH PLAIN's empty challenge: the PLAIN message, "=" for an empty one, or "*" to cancel (RFC 5034 §4). */
export function saslResponse(session: Session, line: string): Promise<Reply> | Reply {
  session.isAwaitingSaslResponse = false;
  if (line === "*") return err("Authentication cancelled");
  const decoded = decodeSaslPlain(line === "=" ? "" : line);
  if ("error" in decoded) return err(decoded.error);
  return logIn(session, decoded.user, decoded.password);
}

export function stls(session: Session): Reply {
  if (session.isTls) return err("TLS is already active");
  // The handshake starts once the +OK is out (RFC 2595 §4).
  return { ok: true, text: "Begin TLS negotiation", after: () => session.startTls() };
}

/**
 * Checks credentials through lib/auth (its per-IP and per-address lockouts apply), takes the
 * maildrop lock and opens INBOX: the session is then in TRANSACTION (RFC 1939 §4).
 */
async function logIn(session: Session, address: string, password: string): Promise<Reply> {
  let mailboxId: string;
  try {
    const principal = await verifyLogin(session.deps.store.db, { address, password, ip: session.clientIp, protocol: "pop3", limits: session.deps.loginLimits });
    mailboxId = principal.mailboxId;
  } catch (error) {
    // RFC 3206 [AUTH]: the credentials (or a lockout) are the problem, not the server.
    if (error instanceof AppError && (error.code === "INVALID_CREDENTIALS" || error.code === "LOCKED_OUT")) return err(error.message, "AUTH");
    throw error;
  }
  const lock = await takeMaildropLock(session.deps, mailboxId);
  if (!lock) return err("Another POP3 session has this mailbox open", "IN-USE");
  try {
    session.maildrop = await openMaildrop(session.deps, mailboxId);
  } catch (error) {
    await lock.release();
    throw error;
  }
  session.lock = lock;
  session.state = "transaction";
  return ok(`Logged in, ${session.maildrop.messages.length} messages`);
}
