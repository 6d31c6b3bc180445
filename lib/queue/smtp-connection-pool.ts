import net from "node:net";
import SMTPConnection from "nodemailer/lib/smtp-connection/index.js";
import type { MailExchanger } from "./find-mail-exchangers.ts";

export type SmtpPoolOptions = {
  /** Our name in EHLO. */
  hostname: string;
  /** The destination port: 25, or another in tests and benchmarks. */
  port: number;
  /** Connections open at once to one destination domain. */
  maxPerDestination: number;
  /** Messages sent over one connection before it is closed (Postfix: smtp_connection_reuse_count_limit). */
  maxMessagesPerConnection: number;
  /** An unused connection is closed after this long. */
  idleMs: number;
  timeoutMs: number;
};

/** A connection handed out for one transaction; give it back with release(). */
export type PooledConnection = { connection: SMTPConnection; host: string; address: string; messagesSent: number; isBroken: boolean };

type Destination = { idle: { pooled: PooledConnection; timer: NodeJS.Timeout }[]; busy: number; waiting: (() => void)[] };

/**
 * Outbound SMTP connections kept per destination domain and reused for its next messages (a DATA
 * transaction per message, RSET between), at most `maxPerDestination` at once, so a burst to one
 * provider neither opens hundreds of connections nor waits on a single one. STARTTLS is used
 * whenever the remote offers it (opportunistic, RFC 3207; certificates are not checked, as MTAs
 * between themselves do without DANE or MTA-STS); a remote without it still gets the mail.
 */
export function createSmtpConnectionPool(options: SmtpPoolOptions) {
  const destinations = new Map<string, Destination>();
  let isClosed = false;

  const destinationOf = (domain: string) => {
    let destination = destinations.get(domain);
    if (!destination) destinations.set(domain, (destination = { idle: [], busy: 0, waiting: [] }));
    return destination;
  };

  /** Opens a connection to the first exchanger (and address) that answers; throws the last error. */
  async function open(exchangers: readonly MailExchanger[]): Promise<PooledConnection> {
    let lastError: unknown = new Error("no mail host to connect to");
    for (const { host, addresses } of exchangers) {
      for (const address of addresses) {
        const connection = new SMTPConnection({
          // Nagle off: nodemailer writes the final "." of DATA on its own, and with Nagle on the
          // kernel holds it until the remote's delayed ACK, some 40 ms per message.
          socket: new net.Socket().setNoDelay(true),
          host: address,
          port: options.port,
          name: options.hostname,
          tls: { rejectUnauthorized: false, servername: host },
          connectionTimeout: options.timeoutMs,
          greetingTimeout: options.timeoutMs,
          socketTimeout: options.timeoutMs,
          logger: false,
        });
        try {
          await new Promise<void>((resolve, reject) => {
            connection.once("error", reject);
            connection.connect(() => {
              connection.removeListener("error", reject);
              resolve();
            });
          });
          const pooled: PooledConnection = { connection, host, address, messagesSent: 0, isBroken: false };
          connection.on("error", () => (pooled.isBroken = true));
          connection.once("end", () => (pooled.isBroken = true));
          return pooled;
        } catch (error) {
          connection.close();
          lastError = Object.assign(error instanceof Error ? error : new Error(String(error)), { host });
        }
      }
    }
    throw lastError;
  }

  return {
    /** A connection to the domain's exchangers: an idle one when there is one, else a new one within the cap. */
    async acquire(domain: string, exchangers: readonly MailExchanger[]): Promise<PooledConnection> {
      const destination = destinationOf(domain);
      for (;;) {
        if (isClosed) throw new Error("the connection pool is closed");
        const idle = destination.idle.pop();
        if (idle) {
          clearTimeout(idle.timer);
          if (idle.pooled.isBroken) continue;
          destination.busy += 1;
          return idle.pooled;
        }
        if (destination.busy < options.maxPerDestination) break;
        await new Promise<void>((resolve) => destination.waiting.push(resolve));
      }
      destination.busy += 1;
      try {
        return await open(exchangers);
      } catch (error) {
        destination.busy -= 1;
        destination.waiting.shift()?.();
        throw error;
      }
    },

    /** Gives a connection back: kept for reuse when it is healthy and `reusable`, else closed. */
    release(domain: string, pooled: PooledConnection, reusable: boolean): void {
      const destination = destinationOf(domain);
      destination.busy -= 1;
      pooled.messagesSent += 1;
      if (!reusable || isClosed || pooled.isBroken || pooled.messagesSent >= options.maxMessagesPerConnection) {
        pooled.connection.quit();
      } else {
        const timer = setTimeout(() => {
          destination.idle = destination.idle.filter((entry) => entry.pooled !== pooled);
          pooled.connection.quit();
        }, options.idleMs);
        timer.unref();
        destination.idle.push({ pooled, timer });
      }
      destination.waiting.shift()?.();
    },

    close(): void {
      isClosed = true;
      for (const destination of destinations.values()) {
        for (const { pooled, timer } of destination.idle) {
          clearTimeout(timer);
          pooled.connection.quit();
        }
        destination.idle = [];
        for (const wake of destination.waiting.splice(0)) wake();
      }
    },
  };
}

export type SmtpConnectionPool = ReturnType<typeof createSmtpConnectionPool>;
