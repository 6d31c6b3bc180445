import { serveConnection } from "./pop3-connection.ts";
import { DEFAULT_TIMEOUTS, type Pop3Deps } from "./session.ts";
import { createWireSizeCache } from "./wire-sizes.ts";
import { createProtocolListeners, type ProtocolListeners } from "../../lib/net/protocol-listeners.ts";

/** POP3 on a plain port (STLS available) and on an implicit-TLS one (995); close() ends every session (locks released, nothing deleted). */
export type Pop3Server = ProtocolListeners;

export type Pop3ServerOptions = Omit<Pop3Deps, "timeouts" | "wireSizes"> & { timeouts?: Partial<Pop3Deps["timeouts"]> };

export function createPop3Server(options: Pop3ServerOptions): Pop3Server {
  const deps: Pop3Deps = { ...options, timeouts: { ...DEFAULT_TIMEOUTS, ...options.timeouts }, wireSizes: createWireSizeCache() };
  return createProtocolListeners({ tls: deps.tls, serve: (socket, isTls) => serveConnection({ socket, isTls, deps }) });
}
