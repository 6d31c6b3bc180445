import { EventEmitter } from "node:events";
import type { Socket } from "node:net";
import { TLSSocket, type SecureContext } from "node:tls";

export type TransportLimits = {
  /** The largest LDAP message a client may send (requests are small; this bounds the parser's buffer). */
  maxMessageBytes: number;
  /** Operations of one connection being answered at once; reading pauses beyond it. */
  maxOperationsInFlight: number;
  /** A connection silent this long is closed. */
  idleMs: number;
};

/**
 * What ldapjs's server reads from and writes to, in place of the socket: a connection that can
 * change from plain to TLS in the middle (StartTLS, which ldapjs does not do), that refuses a
 * message larger than the limit (ldapjs would buffer it without end), and that stops reading
 * while too many of its operations are still being answered.
 */
export class LdapTransport extends EventEmitter {
  socket: Socket;
  isTls: boolean;
  readonly remoteAddress: string;
  readonly remotePort: number;
  /** Set by ldapjs on the connection it is given. */
  parser?: { buffer: Buffer | null; write(data: Buffer): void };
  private inFlight = 0;
  private isPaused = false;
  private closed = false;

  constructor(
    socket: Socket,
    isTls: boolean,
    private readonly limits: TransportLimits,
  ) {
    super();
    this.socket = socket;
    this.isTls = isTls;
    this.remoteAddress = socket.remoteAddress ?? "";
    this.remotePort = socket.remotePort ?? 0;
    socket.setNoDelay(true);
    socket.setTimeout(limits.idleMs);
    socket.on("timeout", () => this.emit("timeout"));
    socket.on("end", () => this.emit("end"));
    socket.on("error", (error: Error) => this.emit("error", error));
    socket.on("close", () => this.onClose());
    socket.on("data", this.onData);
  }

  private onData = (chunk: Buffer) => {
    const pending = this.parser?.buffer?.length ?? 0;
    if (pending + chunk.length > this.limits.maxMessageBytes) {
      // A message this large is not an address-book request: drop the client rather than buffer it.
      this.socket.destroy();
      return;
    }
    this.emit("data", chunk);
  };

  private onClose() {
    if (this.closed) return;
    this.closed = true;
    this.emit("close");
  }

  write(data: Buffer): boolean {
    if (this.socket.destroyed) return false;
    return this.socket.write(data);
  }

  /** ldapjs ends with a message object (its BER writer) after a parse error, or with nothing. */
  end(data?: Buffer | { buffer: Buffer }): void {
    if (this.socket.destroyed) return;
    if (data === undefined) this.socket.end();
    else this.socket.end(Buffer.isBuffer(data) ? data : data.buffer);
  }

  destroy(): void {
    this.socket.destroy();
  }

  cork(): void {
    this.socket.cork();
  }

  uncork(): void {
    this.socket.uncork();
  }

  operationStarted(): void {
    this.inFlight += 1;
    if (this.inFlight >= this.limits.maxOperationsInFlight && !this.isPaused) {
      this.isPaused = true;
      this.socket.pause();
    }
  }

  operationFinished(): void {
    this.inFlight = Math.max(0, this.inFlight - 1);
    if (this.isPaused && this.inFlight < this.limits.maxOperationsInFlight) {
      this.isPaused = false;
      this.socket.resume();
    }
  }

  /**
   * Switches to TLS after the StartTLS response went out in the clear. Bytes the client sent after
   * its request and before the handshake are dropped unread (the CVE-2011-0411 pattern: a
   * man in the middle could have added them).
   */
  async startTls(secureContext: SecureContext): Promise<void> {
    const plain = this.socket;
    plain.removeListener("data", this.onData);
    if (this.parser) this.parser.buffer = null;
    const secured = new TLSSocket(plain, { isServer: true, secureContext });
    await new Promise<void>((resolve, reject) => {
      secured.once("secure", resolve);
      secured.once("error", reject);
    });
    secured.on("error", (error: Error) => this.emit("error", error));
    secured.on("close", () => this.onClose());
    secured.on("data", this.onData);
    this.socket = secured;
    this.isTls = true;
  }
}
