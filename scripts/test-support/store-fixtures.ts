// A fresh mailbox (with its default folders) in the run's database and a blob store in a
// temporary folder: what store tests and protocol tests build on.
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { createFsBlobStore } from "../../lib/blobs/fs-blob-store.ts";
import { createMailbox } from "../../lib/directory/create-mailbox.ts";
import { createAccount } from "../../lib/directory/create-account.ts";
import { createDomain } from "../../lib/directory/create-domain.ts";
import { SYSTEM_ACTOR } from "../../lib/auth/principal.ts";
import { DEFAULT_MAX_MESSAGE_BYTES, type StoreDeps } from "../../lib/store/store-deps.ts";
import { openDb } from "../../lib/db.ts";
import { testDb, uniqueName, TEST_PASSWORD } from "./fixtures.ts";
import { createScratchDatabase } from "./scratch-database.ts";

/**
 * A mailbox and blob store for a test. `ownDatabase`: in a fresh database of the run's kind
 * instead of the shared one, for tests that act on every row (the blob collector); call close().
 */
export async function createTestStore(options: { quotaBytes?: bigint; maxMessageBytes?: number; ownDatabase?: boolean } = {}) {
  const scratch = options.ownDatabase ? await createScratchDatabase(process.env.TEST_DB === "postgres" ? "postgres" : "sqlite") : null;
  const db = scratch ? await openDb(scratch.target) : await testDb();
  if (scratch) {
    const account = await createAccount(db, { actor: SYSTEM_ACTOR, name: "store-test", displayName: "Store test" });
    await createDomain(db, { actor: SYSTEM_ACTOR, accountId: account.id, name: "example.test" });
  }
  const blobDir = mkdtempSync(path.join(tmpdir(), "mailwright-blobs-"));
  const deps: StoreDeps = { db, blobs: createFsBlobStore(blobDir), maxMessageBytes: options.maxMessageBytes ?? DEFAULT_MAX_MESSAGE_BYTES };
  const address = `${uniqueName("store")}@example.test`;
  const mailbox = await createMailbox(db, { actor: SYSTEM_ACTOR, address, password: TEST_PASSWORD, quotaBytes: options.quotaBytes });
  const close = async () => {
    if (!scratch) return;
    await db.$disconnect();
    await scratch.drop();
  };
  return { deps, db, blobDir, mailboxId: mailbox.id, address, close };
}

/** A small well-formed message. */
export function sampleMessage(input: { subject?: string; body?: string; messageId?: string; inReplyTo?: string; references?: string; from?: string } = {}): Buffer {
  const lines = [
    `From: ${input.from ?? "Alice Example <alice@example.test>"}`,
    "To: Bob <bob@example.test>",
    `Subject: ${input.subject ?? "Hello"}`,
    "Date: Sun, 29 Nov 2026 10:00:00 +0000",
    `Message-ID: ${input.messageId ?? `<${uniqueName("m")}@example.test>`}`,
    ...(input.inReplyTo ? [`In-Reply-To: ${input.inReplyTo}`] : []),
    ...(input.references ? [`References: ${input.references}`] : []),
    "MIME-Version: 1.0",
    "Content-Type: text/plain; charset=utf-8",
    "",
    input.body ?? "Hello Bob,\r\nsee you tomorrow.",
    "",
  ];
  return Buffer.from(lines.join("\r\n"));
}
