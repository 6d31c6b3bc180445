import { providerOf, type Db } from "../db.ts";
import { readerFor } from "../db-reader.ts";
import { toInt } from "../db-row.ts";
import { prismaSql } from "../sql.ts";

/**
 * IMAP4rev1's \Recent (RFC 3501 §2.3.2): a message is recent in exactly one session, the first
 * that selects its folder read-write after it arrived (or that sees it arrive). This claims for the
 * caller every UID below `upTo` not yet claimed and returns the first of them: the caller's recent
 * messages are those with UIDs in [returned, upTo). A conditional update, retried when another
 * session claimed meanwhile, so no message is recent in two sessions; nothing to claim, no write.
 */
export async function claimRecentMessages(db: Db, folderId: string, upTo: number): Promise<number> {
  const writer = prismaSql(db, providerOf(db));
  for (;;) {
    const first = await findFirstRecentUid(db, folderId);
    if (first >= upTo) return upTo;
    const claimed = await writer.execute(`UPDATE "Folder" SET "firstRecentUid" = ? WHERE "id" = ? AND "firstRecentUid" = ?`, [upTo, folderId, first]);
    if (claimed === 1) return first;
  }
}

/** Where the not-yet-claimed messages start, without claiming them (EXAMINE); past everything for a deleted folder. */
export async function findFirstRecentUid(db: Db, folderId: string): Promise<number> {
  const [row] = await readerFor(db).query<{ firstRecentUid: unknown }>(`SELECT "firstRecentUid" FROM "Folder" WHERE "id" = ?`, [folderId]);
  return row ? toInt(row.firstRecentUid) : Number.MAX_SAFE_INTEGER;
}

/** How many messages no session has claimed yet (STATUS RECENT). */
export async function countUnclaimedRecent(db: Db, folderId: string): Promise<number> {
  const [row] = await readerFor(db).query<{ count: unknown }>(
    `SELECT COUNT(*) AS "count" FROM "Message" m JOIN "Folder" f ON f."id" = m."folderId" WHERE m."folderId" = ? AND m."uid" >= f."firstRecentUid"`,
    [folderId],
  );
  return toInt(row!.count);
}
