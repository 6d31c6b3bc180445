import { serveConnection } from "./imap-connection.ts";
import type { ImapDeps } from "./session.ts";
import { createProtocolListeners, type ProtocolListeners } from "../../lib/net/protocol-listeners.ts";

/** IMAP on a plain port (STARTTLS available) and on an implicit-TLS one (993, RFC 8314). */
export type ImapServer = ProtocolListeners;

export function createImapServer(deps: ImapDeps): ImapServer {
  return createProtocolListeners({ tls: deps.tls, serve: (socket, isTls) => serveConnection({ socket, isTls, deps }) });
}
