import net, { type AddressInfo, type Socket } from "node:net";
import tls from "node:tls";
import { currentActivityRecorder } from "../status/activity-recorder.ts";

export type ProtocolListeners = {
  /** Listens in clear (the protocol's STARTTLS available) or, with `implicitTls`, with TLS from the first byte (RFC 8314). */
  listen(port: number, host: string, options?: { implicitTls?: boolean }): Promise<AddressInfo>;
  /** Stops listening and closes every connection. */
  close(): Promise<void>;
};

/**
 * The listening side a line protocol daemon (IMAP, POP3) needs: plain and implicit-TLS listeners
 * handing each socket to `serve`, every connection counted for the status page and tracked so
 * that close() ends them all.
 */
export function createProtocolListeners(input: { tls: { key: Buffer; cert: Buffer }; serve: (socket: Socket, isTls: boolean) => void }): ProtocolListeners {
  const listeners: net.Server[] = [];
  const sockets = new Set<Socket>();
  const accept = (socket: Socket, isTls: boolean) => {
    sockets.add(socket);
    currentActivityRecorder()?.count("connections");
    socket.once("close", () => sockets.delete(socket));
    input.serve(socket, isTls);
  };
  return {
    listen(port, host, options = {}) {
      const server = options.implicitTls ? tls.createServer({ key: input.tls.key, cert: input.tls.cert }, (socket) => accept(socket, true)) : net.createServer((socket) => accept(socket, false));
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
