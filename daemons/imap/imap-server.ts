import net, { type AddressInfo, type Socket } from "node:net";
import tls from "node:tls";
import { serveConnection } from "./imap-connection.ts";
import type { ImapDeps } from "./session.ts";

export type ImapServer = {
  /** Listens for IMAP (STARTTLS available) or, with `implicitTls`, IMAP over TLS from the first byte (port 993, RFC 8314). */
  listen(port: number, host: string, options?: { implicitTls?: boolean }): Promise<AddressInfo>;
  /** Stops listening and closes every connection. */
  close(): Promise<void>;
};

export function createImapServer(deps: ImapDeps): ImapServer {
  const listeners: net.Server[] = [];
  const sockets = new Set<Socket>();

  const track = (socket: Socket) => {
    sockets.add(socket);
    socket.once("close", () => sockets.delete(socket));
  };

  return {
    listen(port, host, options = {}) {
      const server = options.implicitTls
        ? tls.createServer({ key: deps.tls.key, cert: deps.tls.cert }, (socket) => {
            track(socket);
            serveConnection({ socket, isTls: true, deps });
          })
        : net.createServer((socket) => {
            track(socket);
            serveConnection({ socket, isTls: false, deps });
          });
      // A client that resets mid-handshake is its own problem, not the listener's.
      server.on("tlsClientError", () => undefined);
      listeners.push(server);
      return new Promise((resolve, reject) => {
        server.once("error", reject);
        server.listen(port, host, () => {
          server.off("error", reject);
          resolve(server.address() as AddressInfo);
        });
      });
    },
    async close() {
      for (const socket of sockets) socket.destroy();
      await Promise.all(listeners.map((server) => new Promise<void>((resolve) => server.close(() => resolve()))));
    },
  };
}
