// A fresh mailbox (with its default folders) in the run's database and a blob store in a
// temporary folder: what store tests and protocol tests build on.
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { createFsBlobStore } from "../../lib/blobs/fs-blob-store.ts";
import { createMailbox } from "../../lib/directory/create-mailbox.ts";
import { SYSTEM_ACTOR } from "../../lib/auth/principal.ts";
import { DEFAULT_MAX_MESSAGE_BYTES, type StoreDeps } from "../../lib/store/store-deps.ts";
import { testDb, uniqueName, TEST_PASSWORD } from "./fixtures.ts";

export async function createTestStore(options: { quotaBytes?: bigint; maxMessageBytes?: number } = {}) {
  const db = await testDb();
  const blobDir = mkdtempSync(path.join(tmpdir(), "mailwright-blobs-"));
  const deps: StoreDeps = { db, blobs: createFsBlobStore(blobDir), maxMessageBytes: options.maxMessageBytes ?? DEFAULT_MAX_MESSAGE_BYTES };
  const address = `${uniqueName("store")}@example.test`;
  const mailbox = await createMailbox(db, { actor: SYSTEM_ACTOR, address, password: TEST_PASSWORD, quotaBytes: options.quotaBytes });
  return { deps, db, blobDir, mailboxId: mailbox.id, address };
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
