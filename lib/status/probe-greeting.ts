// The prober's check of one listener: connect (over TLS for an implicit-TLS port), read the
// greeting, and see that it says hello in that protocol's words (SMTP 220, IMAP * OK, POP3 +OK).
// LDAP sends no greeting: a completed connect (with its TLS handshake) is its answer. Never throws;
// a bounded wait and a bounded read.
import { connect } from "node:net";
import { connect as connectTls } from "node:tls";

/** `tls`: the port speaks TLS from the first byte (993, 995, 465, 636). */
export type ProbeTarget = { service: string; host: string; port: number; greeting: RegExp | null; tls?: boolean };
export type ProbeResult = { ok: boolean; detail: string };

export const GREETINGS: Record<string, RegExp | null> = { smtp: /^220[ -]/, imap: /^\* (?:OK|PREAUTH)\b/i, pop3: /^\+OK\b/, ldap: null };

const MAX_GREETING = 1024;

export function probeGreeting(target: ProbeTarget, timeoutMs = 5_000): Promise<ProbeResult> {
  return new Promise((resolve) => {
    let received = "";
    let settled = false;
    // The certificate is not judged here (it may be self-signed): the question is whether the daemon answers.
    const socket = target.tls ? connectTls({ host: target.host, port: target.port, rejectUnauthorized: false }) : connect({ host: target.host, port: target.port });
    const finish = (result: ProbeResult) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      socket.destroy();
      resolve(result);
    };
    const timer = setTimeout(() => finish({ ok: false, detail: received ? `no complete greeting within ${timeoutMs} ms` : `no answer within ${timeoutMs} ms` }), timeoutMs);
    socket.on(target.tls ? "secureConnect" : "connect", () => {
      if (!target.greeting) finish({ ok: true, detail: "connected" });
    });
    socket.on("data", (chunk: Buffer) => {
      received += chunk.toString("latin1");
      const end = received.indexOf("\n");
      if (end === -1 && received.length < MAX_GREETING) return;
      const line = received.slice(0, end === -1 ? MAX_GREETING : end).replace(/\r$/, "");
      finish(target.greeting && target.greeting.test(line) ? { ok: true, detail: line } : { ok: false, detail: `unexpected greeting: ${line}` });
    });
    socket.on("error", (error) => finish({ ok: false, detail: error.message }));
    socket.on("close", () => finish({ ok: false, detail: received ? `closed after: ${received.slice(0, 100)}` : "closed without a greeting" }));
  });
}
