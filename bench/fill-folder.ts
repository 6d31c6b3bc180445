// Benchmarks' big folders: ingesting 100,000 messages one by one would take most of a run, so a
// folder holding a few thousand real (ingested) messages is grown by copying their rows in SQL.
import type { Db } from "../lib/db.ts";

/**
 * Grows the folder to `target` messages by copying its rows (and their index text) in SQL under new
 * ids and UIDs: each round copies the originals once more, offsetting UIDs (and FTS rowids).
 */
export async function fillFolder(db: Db, provider: "sqlite" | "postgres", folderId: string, target: number) {
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
  // PostgreSQL's autovacuum analyzes tables within a minute of such a load; the figures are taken
  // as they would be then, not in the minute right after it.
  if (provider === "postgres") await db.$executeRawUnsafe(`ANALYZE "Message", "MessageSearch"`);
}

