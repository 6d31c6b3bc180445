// npm run bench:store — the message store's figures on SQLite and on PostgreSQL (issue: store):
//   ingest_per_s      the SpamAssassin corpus through ingestMessage, 32 at a time (as parallel SMTP sessions; BENCH_CONCURRENCY)
//   index_lag_s       SQLite: how long after the last delivery the full-text index had caught up
//   list50_ms         the newest 50 summaries (flags, envelope, structure) of a 100,000-message folder
//   envelopes1000_ms  1,000 summaries of that folder
//   search100k_ms     a body-text search over that folder
//   rss_mb            peak resident memory of this process
// The 100,000-message folder is filled by copying the ingested corpus rows (bench/fill-folder.ts).
// Median of repeated runs; the last line is a JSON summary. Not a test: nothing here fails.
import { readFileSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { createScratchDatabase, isPostgresReachable } from "../scripts/test-support/scratch-database.ts";
import { corpusFiles } from "../scripts/test-support/corpus.ts";
import { openDb } from "../lib/db.ts";
import { createFsBlobStore } from "../lib/blobs/fs-blob-store.ts";
import { createAccount } from "../lib/directory/create-account.ts";
import { createDomain } from "../lib/directory/create-domain.ts";
import { createMailbox } from "../lib/directory/create-mailbox.ts";
import { SYSTEM_ACTOR } from "../lib/auth/principal.ts";
import { ingestMessage } from "../lib/store/ingest-message.ts";
import { listMessageSummaries } from "../lib/store/read-message.ts";
import { searchMessages } from "../lib/store/search-messages.ts";
import type { StoreDeps } from "../lib/store/store-deps.ts";
import { countQueuedText } from "../lib/db-full-text.ts";
import { prismaSql } from "../lib/sql.ts";
import { fillFolder } from "./fill-folder.ts";
import { median } from "./median.ts";

const TARGET_FOLDER_SIZE = Number(process.env.BENCH_FOLDER_SIZE ?? 100_000);
const CONCURRENCY = Number(process.env.BENCH_CONCURRENCY ?? 32);

let peakRss = 0;
const sampler = setInterval(() => (peakRss = Math.max(peakRss, process.memoryUsage().rss)), 50);


async function measure(provider: "sqlite" | "postgres") {
  console.log(`== ${provider}`);
  const scratch = await createScratchDatabase(provider);
  const blobDir = mkdtempSync(path.join(tmpdir(), "mailwright-bench-blobs-"));
  const db = await openDb(scratch.target);
  try {
    const account = await createAccount(db, { actor: SYSTEM_ACTOR, name: "bench", displayName: "Bench" });
    await createDomain(db, { actor: SYSTEM_ACTOR, accountId: account.id, name: "bench.test" });
    const mailbox = await createMailbox(db, { actor: SYSTEM_ACTOR, address: "load@bench.test", password: "bench password 1", quotaBytes: 1n << 50n });
    const deps: StoreDeps = { db, blobs: createFsBlobStore(blobDir), maxMessageBytes: 50 << 20 };
    const raws = corpusFiles().map((file) => readFileSync(file));

    let next = 0;
    const started = performance.now();
    await Promise.all(
      Array.from({ length: CONCURRENCY }, async () => {
        while (next < raws.length) {
          const raw = raws[next++]!;
          await ingestMessage(deps, { mailboxId: mailbox.id, folder: "INBOX", raw, source: "smtp" });
        }
      }),
    );
    const ingestSeconds = (performance.now() - started) / 1000;
    const ingestPerSecond = raws.length / ingestSeconds;
    console.log(`  ingest: ${raws.length} messages in ${ingestSeconds.toFixed(1)} s = ${ingestPerSecond.toFixed(0)} msg/s`);
    // SQLite indexes text behind deliveries: how long after the last one the index had caught up.
    let indexLagSeconds = 0;
    if (provider === "sqlite") {
      while ((await countQueuedText(prismaSql(db, "sqlite"))) > 0) await new Promise((resolve) => setTimeout(resolve, 20));
      indexLagSeconds = (performance.now() - started) / 1000 - ingestSeconds;
      console.log(`  full-text index caught up ${indexLagSeconds.toFixed(1)} s after the last delivery`);
    }

    const inbox = await db.folder.findUniqueOrThrow({ where: { mailboxId_name: { mailboxId: mailbox.id, name: "INBOX" } } });
    await fillFolder(db, provider, inbox.id, TARGET_FOLDER_SIZE);
    const { uidNext } = await db.folder.findUniqueOrThrow({ where: { id: inbox.id } });

    const list50 = await median(21, () => listMessageSummaries(deps, { mailboxId: mailbox.id, folder: "INBOX", uids: [[uidNext - 50, uidNext - 1]] }));
    const envelopes1000 = await median(11, () => listMessageSummaries(deps, { mailboxId: mailbox.id, folder: "INBOX", uids: [[uidNext - 1000, uidNext - 1]] }));
    let hits = 0;
    const search = await median(5, async () => {
      hits = (await searchMessages(deps, { mailboxId: mailbox.id, folder: "INBOX", key: { type: "text", where: "body", value: "unsubscribe from this" } })).length;
    });
    console.log(`  newest 50 of ${TARGET_FOLDER_SIZE}: ${list50.toFixed(1)} ms; 1,000 envelopes: ${envelopes1000.toFixed(1)} ms; body search (${hits} hits): ${search.toFixed(1)} ms`);
    return {
      ingest_per_s: Math.round(ingestPerSecond),
      index_lag_s: Number(indexLagSeconds.toFixed(1)),
      list50_ms: Number(list50.toFixed(1)),
      envelopes1000_ms: Number(envelopes1000.toFixed(1)),
      search100k_ms: Number(search.toFixed(1)),
      rss_mb: Math.round(peakRss / 1024 / 1024),
    };
  } finally {
    await db.$disconnect();
    await scratch.drop();
    rmSync(blobDir, { recursive: true, force: true });
  }
}

// BENCH_ONLY=sqlite or =postgres measures just one (while working on it); the default is both.
const only = process.env.BENCH_ONLY;
const sqlite = only === "postgres" ? null : await measure("sqlite");
peakRss = 0;
const postgres = only === "sqlite" ? null : (await isPostgresReachable()) ? await measure("postgres") : null;
if (!postgres && only !== "sqlite") console.log("PostgreSQL not reachable: its figures are null");
clearInterval(sampler);
console.log(JSON.stringify({ bench: "store", sqlite, postgres }));
