// A separate process that ingests messages, for the multi-process store tests:
//   node --import tsx scripts/test-support/ingest-worker.ts <blobDir> <mailboxId> <count> <tag>
// Prints "ok <uid> <sha256>" after each ingest returns; the database comes from DATABASE_URL.
import { configuredDatabaseTarget } from "../../lib/database-url.ts";
import { openDb } from "../../lib/db.ts";
import { createFsBlobStore } from "../../lib/blobs/fs-blob-store.ts";
import { ingestMessage } from "../../lib/store/ingest-message.ts";
import { DEFAULT_MAX_MESSAGE_BYTES } from "../../lib/store/store-deps.ts";
import { sampleMessage } from "./store-fixtures.ts";

const [blobDir, mailboxId, count, tag] = process.argv.slice(2);
const db = await openDb(configuredDatabaseTarget());
const deps = { db, blobs: createFsBlobStore(blobDir!), maxMessageBytes: DEFAULT_MAX_MESSAGE_BYTES };
console.log("ready");
for (let i = 0; i < Number(count); i++) {
  const raw = sampleMessage({ subject: `${tag} ${i}`, body: `${tag} message ${i}\r\n${"lorem ipsum ".repeat(300)}` });
  const result = await ingestMessage(deps, { mailboxId: mailboxId!, folder: "INBOX", raw, source: "import" });
  console.log(`ok ${result.uid} ${result.blobHash}`);
}
await db.$disconnect();
