// An IMAP server for a test: two mailboxes (alice, bob) in the run's database, a blob folder of its
// own, the change feed, and the server listening on ephemeral loopback ports (plain and TLS).
import { mkdtempSync } from "node:fs";
import { afterAll, beforeAll } from "vitest";
import { tmpdir } from "node:os";
import path from "node:path";
import { createFsBlobStore } from "../../lib/blobs/fs-blob-store.ts";
import { createAccount } from "../../lib/directory/create-account.ts";
import { createDomain } from "../../lib/directory/create-domain.ts";
import { createMailbox } from "../../lib/directory/create-mailbox.ts";
import { SYSTEM_ACTOR } from "../../lib/auth/principal.ts";
import { targetOf } from "../../lib/db.ts";
import { startChangeFeed } from "../../lib/store/change-feed.ts";
import { DEFAULT_MAX_MESSAGE_BYTES, type StoreDeps } from "../../lib/store/store-deps.ts";
import { ensureTlsCertificate, readTlsFiles } from "../../lib/runtime/ensure-tls-certificate.ts";
import { createImapServer } from "../../daemons/imap/imap-server.ts";
import { testDb, uniqueName, TEST_PASSWORD, TEST_LIMITS } from "./fixtures.ts";

export async function startTestImap(options: { maxMessageBytes?: number } = {}) {
  const db = await testDb();
  const tag = uniqueName("imap");
  const domain = `${tag}.test`;
  const account = await createAccount(db, { actor: SYSTEM_ACTOR, name: tag, displayName: "IMAP test" });
  await createDomain(db, { actor: SYSTEM_ACTOR, accountId: account.id, name: domain });
  const user = async (localPart: string) => {
    const address = `${localPart}@${domain}`;
    const mailbox = await createMailbox(db, { actor: SYSTEM_ACTOR, address, password: TEST_PASSWORD });
    return { address, mailboxId: mailbox.id, password: TEST_PASSWORD };
  };
  const alice = await user("alice");
  const bob = await user("bob");
  const dataDir = mkdtempSync(path.join(tmpdir(), "mailwright-imap-"));
  const store: StoreDeps = { db, blobs: createFsBlobStore(path.join(dataDir, "blobs")), maxMessageBytes: options.maxMessageBytes ?? DEFAULT_MAX_MESSAGE_BYTES };
  // A short poll on SQLite, so that notifications in tests arrive well within their timeouts.
  const feed = await startChangeFeed(db, targetOf(db), { pollMs: 50 });
  const tls = readTlsFiles(await ensureTlsCertificate({ dataDir, publicHostname: "imap.mailwright.test", tls: undefined }));
  const server = createImapServer({ store, feed, hostname: "imap.mailwright.test", loginLimits: TEST_LIMITS, tls });
  const { port } = await server.listen(0, "127.0.0.1");
  const { port: tlsPort } = await server.listen(0, "127.0.0.1", { implicitTls: true });
  const close = async () => {
    await server.close();
    await feed.close();
  };
  return { db, store, port, tlsPort, alice, bob, domain, close, listen: server.listen };
}

export type TestImap = Awaited<ReturnType<typeof startTestImap>>;

/** One daemon for a test file: started before its tests (handed to `onStart`), closed after them. */
export function startTestImapForFile(onStart: (imap: TestImap) => void): void {
  let imap: TestImap | undefined;
  beforeAll(async () => {
    imap = await startTestImap();
    onStart(imap);
  });
  afterAll(async () => {
    await imap?.close();
  });
}
