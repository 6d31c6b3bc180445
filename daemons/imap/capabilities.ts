import type { Session } from "./session.ts";

/**
 * Plaintext passwords only over TLS, or on loopback (tests, a local proxy): RFC 9051 §6.2.3 and
 * RFC 8314. Elsewhere LOGIN and AUTHENTICATE wait for STARTTLS, and the capability list says so.
 */
export function mayLogInInClear(session: Session): boolean {
  return session.isTls || session.isLoopback;
}

/**
 * What this session is offered now (RFC 9051 §7.2.2): it changes with TLS and login. Both protocol
 * versions: IMAP4rev1 until the client sends ENABLE IMAP4rev2 (RFC 9051 Appendix E). The extensions
 * IMAP4rev2 folds in stay listed for IMAP4rev1 clients; LITERAL+ covers rev2's LITERAL- (§4.3).
 */
export function capabilityLine(session: Session): string {
  const caps = ["IMAP4rev1", "IMAP4rev2", "LITERAL+", "ID", "ENABLE", "SASL-IR"];
  if (!session.isTls) caps.push("STARTTLS");
  if (session.state === "not-authenticated") {
    caps.push(...(mayLogInInClear(session) ? ["AUTH=PLAIN"] : ["LOGINDISABLED"]));
    return caps.join(" ");
  }
  caps.push(
    "IDLE",
    "NAMESPACE",
    "UNSELECT",
    "UIDPLUS",
    "MULTIAPPEND",
    "MOVE",
    "CHILDREN",
    "LIST-EXTENDED",
    "LIST-STATUS",
    "SPECIAL-USE",
    "CONDSTORE",
    "QRESYNC",
    "ESEARCH",
    "SEARCHRES",
    "STATUS=SIZE",
    "SORT",
    "THREAD=ORDEREDSUBJECT",
    "THREAD=REFERENCES",
    "BINARY",
    "UTF8=ACCEPT",
    "QUOTA",
    "QUOTA=RES-STORAGE",
    "COMPRESS=DEFLATE",
    `APPENDLIMIT=${session.deps.store.maxMessageBytes}`,
  );
  return caps.join(" ");
}
