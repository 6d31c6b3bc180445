// checkWithSpamd against Debian's real spamd, and against servers that misbehave.
import { once } from "node:events";
import { createServer, type Server, type Socket } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { checkWithSpamd } from "./spamd-client.ts";
import { SpamdError, type SpamdFailure } from "./spamd-error.ts";
import { startLocalSpamd, type LocalSpamd } from "../../../scripts/test-support/local-spamd.ts";
import { findFreePort } from "../../../scripts/start/ports.ts";

/** The standard spam test string: every SpamAssassin scores a message holding it as spam. */
const GTUBE = "XJS*C4JDBQADN1.NSBN3*2IDNEN*GTUBE-STANDARD-ANTI-UBE-TEST-EMAIL*C.34X";

function message(subject: string, body: string): Buffer {
  const date = new Date().toUTCString().replace("GMT", "+0000");
  return Buffer.from(
    [
      "From: Alice Example <alice@example.com>",
      "To: Bob Builder <bob@example.org>",
      `Subject: ${subject}`,
      `Date: ${date}`,
      `Message-ID: <${Date.now()}.4711@mail.example.com>`,
      "MIME-Version: 1.0",
      "Content-Type: text/plain; charset=utf-8",
      "",
      body,
    ].join("\r\n"),
  );
}

/** Runs `check` and returns the SpamdError it rejects with, and how long that took. */
async function catchFailure(check: () => Promise<unknown>): Promise<{ error: SpamdError; ms: number }> {
  const start = performance.now();
  const outcome = await check().then(
    (value) => ({ value }),
    (error: unknown) => ({ error }),
  );
  if (!("error" in outcome)) throw new Error(`expected a failure, got ${JSON.stringify(outcome.value)}`);
  expect(outcome.error).toBeInstanceOf(SpamdError);
  return { error: outcome.error as SpamdError, ms: performance.now() - start };
}

describe("checkWithSpamd with a real spamd", () => {
  let spamd: LocalSpamd;

  beforeAll(async () => {
    // no skip: a missing or broken spamd fails this suite with spamd's own output (startLocalSpamd's error)
    spamd = await startLocalSpamd({ readyTimeoutMs: 50_000 });
  });

  afterAll(async () => {
    await spamd?.stop();
  });

  it("finds GTUBE spam, with the GTUBE symbol", async () => {
    const verdict = await checkWithSpamd({ host: spamd.host, port: spamd.port, timeoutMs: 20_000 }, message("Test", `${GTUBE}\r\n`));
    expect(verdict.isSpam).toBe(true);
    expect(verdict.symbols).toContain("GTUBE");
    expect(verdict.score).toBeGreaterThanOrEqual(verdict.threshold);
    expect(verdict.threshold).toBe(5);
  });

  it("passes a plain personal message as ham", async () => {
    const body = "Hi Bob,\r\n\r\nare we still on for lunch on Thursday? The usual place at noon.\r\n\r\nAlice\r\n";
    const verdict = await checkWithSpamd({ host: spamd.host, port: spamd.port, timeoutMs: 20_000, user: "bob@example.org" }, message("Lunch on Thursday", body));
    expect(verdict.isSpam).toBe(false);
    expect(verdict.symbols).not.toContain("GTUBE");
    expect(verdict.score).toBeLessThan(verdict.threshold);
  });
});

describe("checkWithSpamd when spamd is missing or misbehaves", () => {
  const servers: Server[] = [];
  const sockets: Socket[] = [];

  /** A loopback server on a free port that does `onConnection` with each client. */
  async function startServer(onConnection: (socket: Socket) => void): Promise<number> {
    const server = createServer((socket) => {
      sockets.push(socket);
      socket.on("error", () => socket.destroy());
      onConnection(socket);
    });
    servers.push(server);
    server.listen(0, "127.0.0.1");
    await once(server, "listening");
    return (server.address() as { port: number }).port;
  }

  afterAll(async () => {
    for (const socket of sockets) socket.destroy();
    await Promise.all(servers.map((server) => new Promise((resolve) => server.close(resolve))));
  });

  const expectFailure = (error: SpamdError, failure: SpamdFailure, text: RegExp) => {
    expect(error.failure).toBe(failure);
    expect(error.message).toMatch(text);
  };

  it("fails at once when the connection is refused", async () => {
    const port = await findFreePort();
    const { error, ms } = await catchFailure(() => checkWithSpamd({ host: "127.0.0.1", port, timeoutMs: 5000 }, message("Hi", "hello")));
    expectFailure(error, "refused", /refused the connection/);
    expect(ms).toBeLessThan(5000);
  });

  it("fails within the timeout when the server accepts and never answers", async () => {
    const port = await startServer(() => {});
    const { error, ms } = await catchFailure(() => checkWithSpamd({ host: "127.0.0.1", port, timeoutMs: 300 }, message("Hi", "hello")));
    expectFailure(error, "timeout", /did not answer within 300 ms/);
    expect(ms).toBeGreaterThanOrEqual(290);
    expect(ms).toBeLessThan(2000);
  });

  it("refuses a reply larger than the limit without reading it all", async () => {
    const flood = Buffer.alloc(64 * 1024, "x");
    let written = 0;
    const port = await startServer((socket) => {
      const pour = () => {
        while (written < 50 * 1024 * 1024 && socket.write(flood)) written += flood.length;
      };
      socket.on("drain", pour);
      pour();
    });
    const { error } = await catchFailure(() => checkWithSpamd({ host: "127.0.0.1", port, timeoutMs: 5000, maxReplyBytes: 100_000 }, message("Hi", "hello")));
    expectFailure(error, "reply-too-large", /more than 100000 bytes/);
    expect(written).toBeLessThan(50 * 1024 * 1024);
  });

  it("refuses a reply that is not the spamd protocol", async () => {
    const port = await startServer((socket) => socket.end("HTTP/1.1 400 Bad Request\r\n\r\n"));
    const { error } = await catchFailure(() => checkWithSpamd({ host: "127.0.0.1", port, timeoutMs: 5000 }, message("Hi", "hello")));
    expectFailure(error, "protocol", /no SPAMD status line/);
  });

  it("refuses a SPAMD reply without a Spam header", async () => {
    const port = await startServer((socket) => socket.end("SPAMD/1.1 0 EX_OK\r\nContent-length: 5\r\n\r\nGTUBE"));
    const { error } = await catchFailure(() => checkWithSpamd({ host: "127.0.0.1", port, timeoutMs: 5000 }, message("Hi", "hello")));
    expectFailure(error, "protocol", /no valid Spam header/);
  });

  it("fails when the server hangs up mid-reply", async () => {
    const port = await startServer((socket) => {
      socket.write("SPAMD/1.1 0 EX_OK\r\nContent-length: 100\r\n");
      socket.resetAndDestroy();
    });
    const { error } = await catchFailure(() => checkWithSpamd({ host: "127.0.0.1", port, timeoutMs: 5000 }, message("Hi", "hello")));
    expect(["network", "protocol"]).toContain(error.failure);
  });

  it("refuses a user name that would inject protocol headers, before connecting", async () => {
    const port = await findFreePort();
    const { error } = await catchFailure(() => checkWithSpamd({ host: "127.0.0.1", port, timeoutMs: 5000, user: "bob\r\nContent-length: 1" }, message("Hi", "hello")));
    expectFailure(error, "invalid-request", /printable/);
  });
});
