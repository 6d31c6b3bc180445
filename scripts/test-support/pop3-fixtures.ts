// A POP3 server for a test: mailboxes made on demand in the run's database, a blob folder of its
// own, and the server listening on ephemeral loopback ports (plain and TLS). Plus a raw client for
// tests that must see the server's exact bytes.
import { mkdtempSync } from "node:fs";
import { connect } from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll } from "vitest";
import { createFsBlobStore } from "../../lib/blobs/fs-blob-store.ts";
import { createAccount } from "../../lib/directory/create-account.ts";
import { createDomain } from "../../lib/directory/create-domain.ts";
import { createMailbox } from "../../lib/directory/create-mailbox.ts";
import { SYSTEM_ACTOR } from "../../lib/auth/principal.ts";
import { ingestMessages } from "../../lib/store/ingest-message.ts";
import { DEFAULT_MAX_MESSAGE_BYTES, type StoreDeps } from "../../lib/store/store-deps.ts";
import { ensureTlsCertificate, readTlsFiles } from "../../lib/runtime/ensure-tls-certificate.ts";
import { createPop3Server, type Pop3ServerOptions } from "../../daemons/pop3/pop3-server.ts";
import { testDb, uniqueName, TEST_PASSWORD, TEST_LIMITS } from "./fixtures.ts";

export type Pop3User = { address: string; mailboxId: string; password: string };

export async function startTestPop3(options: { timeouts?: Pop3ServerOptions["timeouts"] } = {}) {
  const db = await testDb();
  const tag = uniqueName("pop3");
  const domain = `${tag}.test`;
  const account = await createAccount(db, { actor: SYSTEM_ACTOR, name: tag, displayName: "POP3 test" });
  await createDomain(db, { actor: SYSTEM_ACTOR, accountId: account.id, name: domain });
  let users = 0;
  /** A new mailbox with these messages in its INBOX (UIDs 1, 2, ... in this order). */
  const newUser = async (raws: Buffer[] = []): Promise<Pop3User> => {
    const address = `user${++users}@${domain}`;
    const mailbox = await createMailbox(db, { actor: SYSTEM_ACTOR, address, password: TEST_PASSWORD });
    if (raws.length > 0) await ingestMessages(store, { mailboxId: mailbox.id, folder: "INBOX", source: "import", messages: raws.map((raw) => ({ raw })) });
    return { address, mailboxId: mailbox.id, password: TEST_PASSWORD };
  };
  const dataDir = mkdtempSync(path.join(tmpdir(), "mailwright-pop3-"));
  const store: StoreDeps = { db, blobs: createFsBlobStore(path.join(dataDir, "blobs")), maxMessageBytes: DEFAULT_MAX_MESSAGE_BYTES };
  const tls = readTlsFiles(await ensureTlsCertificate({ dataDir, publicHostname: "pop3.mailwright.test", tls: undefined }));
  /** Another server on the same database and blobs: a second daemon, or this one after a restart. */
  const startServer = async (timeouts = options.timeouts) => {
    const server = createPop3Server({ store, hostname: "pop3.mailwright.test", loginLimits: TEST_LIMITS, tls, timeouts });
    const { port } = await server.listen(0, "127.0.0.1");
    const { port: tlsPort } = await server.listen(0, "127.0.0.1", { implicitTls: true });
    return { server, port, tlsPort };
  };
  const first = await startServer();
  return { db, store, port: first.port, tlsPort: first.tlsPort, newUser, startServer, listen: first.server.listen, close: () => first.server.close() };
}

export type TestPop3 = Awaited<ReturnType<typeof startTestPop3>>;

/** One daemon for a test file: started before its tests (handed to `onStart`), closed after them. */
export function startTestPop3ForFile(onStart: (pop3: TestPop3) => void, options: Parameters<typeof startTestPop3>[0] = {}): void {
  let pop3: TestPop3 | undefined;
  beforeAll(async () => {
    pop3 = await startTestPop3(options);
    onStart(pop3);
  });
  afterAll(async () => {
    await pop3?.close();
  });
}

/** A bare connection that collects everything the server sends. */
export type RawPop3 = {
  /** Everything received so far, as latin1 text. */
  heard(): string;
  send(data: string | Buffer): void;
  /** Resolves once what was received matches; rejects if the connection closes first or after `ms`. */
  waitFor(pattern: RegExp, ms?: number): Promise<string>;
  /** Resolves when the server has closed the connection. */
  closed: Promise<void>;
  destroy(): void;
};

export async function connectRawPop3(port: number, host = "127.0.0.1"): Promise<RawPop3> {
  const socket = connect({ host, port });
  let received = "";
  const listeners = new Set<() => void>();
  socket.on("data", (chunk: Buffer) => {
    received += chunk.toString("latin1");
    for (const listener of [...listeners]) listener();
  });
  let isClosed = false;
  const closed = new Promise<void>((resolve) =>
    socket.once("close", () => {
      isClosed = true;
      for (const listener of [...listeners]) listener();
      resolve();
    }),
  );
  socket.on("error", () => undefined); // a reset after the server closes is what some tests expect
  const raw: RawPop3 = {
    heard: () => received,
    send: (data) => void socket.write(data),
    waitFor: (pattern, ms = 5_000) =>
      new Promise((resolve, reject) => {
        const timer = setTimeout(() => finish(new Error(`timed out waiting for ${pattern}; heard ${JSON.stringify(received.slice(-500))}`)), ms);
        const check = () => {
          if (pattern.test(received)) finish(null);
          else if (isClosed) finish(new Error(`closed before ${pattern}; heard ${JSON.stringify(received.slice(-500))}`));
        };
        const finish = (error: Error | null) => {
          clearTimeout(timer);
          listeners.delete(check);
          if (error) reject(error);
          else resolve(received);
        };
        listeners.add(check);
        check();
      }),
    closed,
    destroy: () => socket.destroy(),
  };
  await raw.waitFor(/^\+OK .*\r\n/);
  return raw;
}
