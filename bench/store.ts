// npm run bench:store — the message store's figures on SQLite and on PostgreSQL (issue: store):
//   ingest_per_s      the SpamAssassin corpus through ingestMessage, 32 at a time (as parallel SMTP sessions; BENCH_CONCURRENCY)
//   index_lag_s       SQLite: how long after the last delivery the full-text index had caught up
//   list50_ms         the newest 50 summaries (flags, envelope, structure) of a 100,000-message folder
//   envelopes1000_ms  1,000 summaries of that folder
//   search100k_ms     a body-text search over that folder
//   rss_mb            peak resident memory of this process
// The 100,000-message folder is filled by copying the ingested corpus rows in SQL (new UIDs, same
// blobs, same index text): ingesting 100,000 messages one by one would take most of the run.
// Median of repeated runs; the last line is a JSON summary. Not a test: nothing here fails.
import { readFileSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { createScratchDatabase, isPostgresReachable } from "../scripts/test-support/scratch-database.ts";
import { corpusFiles } from "../scripts/test-support/corpus.ts";
import { openDb, type Db } from "../lib/db.ts";
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

const TARGET_FOLDER_SIZE = Number(process.env.BENCH_FOLDER_SIZE ?? 100_000);
const CONCURRENCY = Number(process.env.BENCH_CONCURRENCY ?? 32);

let peakRss = 0;
const sampler = setInterval(() => (peakRss = Math.max(peakRss, process.memoryUsage().rss)), 50);

async function median(runs: number, fn: () => Promise<unknown>): Promise<number> {
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const started = performance.now();
    await fn();
    times.push(performance.now() - started);
  }
  return times.sort((a, b) => a - b)[Math.floor(times.length / 2)]!;
}

/**
 * Grows the folder to `target` messages by copying its rows (and their index text) in SQL under new
 * ids and UIDs: each round copies the originals once more, offsetting UIDs (and FTS rowids).
 */
async function fillFolder(db: Db, provider: "sqlite" | "postgres", folderId: string, target: number) {
  const folder = await db.folder.findUniqueOrThrow({ where: { id: folderId } });
  const originals = folder.messageCount;
  const lastOriginalUid = folder.uidNext - 1;
  const columns = Object.keys((await db.message.findFirstOrThrow({ where: { folderId } })) as object);
  const copied = (round: number, rowOffset: number) =>
    columns.map((c) => (c === "id" ? `"id" || '-${round}'` : c === "uid" ? `"uid" + ${round * lastOriginalUid}` : c === "searchRowId" && provider === "sqlite" ? `"searchRowId" + ${rowOffset}` : `"${c}"`)).join(", ");
  let count = originals;
  for (let round = 1; count < target; round++) {
    const take = Math.min(originals, target - count);
    await db.$transaction(async (tx) => {
      let rowOffset = 0;
      if (provider === "sqlite") {
        const [last] = await tx.$queryRawUnsafe<{ id: bigint }[]>(`SELECT rowid AS "id" FROM "MessageSearch" ORDER BY rowid DESC LIMIT 1`);
        rowOffset = Number(last!.id);
        await tx.$executeRawUnsafe(`INSERT INTO "MessageSearch" (rowid, "headers", "body") SELECT s.rowid + ${rowOffset}, s."headers", s."body" FROM "Message" m JOIN "MessageSearch" s ON s.rowid = m."searchRowId" WHERE m."folderId" = ? AND m."uid" <= ?`, folderId, take);
      } else {
        await tx.$executeRawUnsafe(`INSERT INTO "MessageSearch" ("messageId", "headers", "body") SELECT s."messageId" || '-${round}', s."headers", s."body" FROM "Message" m JOIN "MessageSearch" s ON s."messageId" = m."id" WHERE m."folderId" = $1 AND m."uid" <= $2`, folderId, take);
      }
      const placeholders = provider === "sqlite" ? ["?", "?"] : ["$1", "$2"];
      await tx.$executeRawUnsafe(`INSERT INTO "Message" (${columns.map((c) => `"${c}"`).join(", ")}) SELECT ${copied(round, rowOffset)} FROM "Message" WHERE "folderId" = ${placeholders[0]} AND "uid" <= ${placeholders[1]}`, folderId, take);
      await tx.folder.update({ where: { id: folderId }, data: { uidNext: round * lastOriginalUid + take + 1, messageCount: { increment: take } } });
    }, { timeout: 600_000 });
    count += take;
    process.stdout.write(`\r  filled ${count} / ${target}`);
  }
  process.stdout.write("\n");
}

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
