import type { Db } from "../db.ts";

/**
 * IMAP4rev1's \Recent (RFC 3501 §2.3.2): a message is recent in exactly one session, the first
 * that selects its folder read-write after it arrived (or that sees it arrive). This claims for the
 * caller every UID below `upTo` not yet claimed and returns the first of them: the caller's recent
 * messages are those with UIDs in [returned, upTo). A conditional update, retried when another
 * session claimed meanwhile, so no message is recent in two sessions.
 */
export async function claimRecentMessages(db: Db, folderId: string, upTo: number): Promise<number> {
  for (;;) {
    const folder = await db.folder.findUnique({ where: { id: folderId }, select: { firstRecentUid: true } });
    if (!folder || folder.firstRecentUid >= upTo) return upTo;
    const claimed = await db.folder.updateMany({ where: { id: folderId, firstRecentUid: folder.firstRecentUid }, data: { firstRecentUid: upTo } });
    if (claimed.count === 1) return folder.firstRecentUid;
  }
}

/** Where the not-yet-claimed messages start, without claiming them (EXAMINE). */
export async function findFirstRecentUid(db: Db, folderId: string): Promise<number> {
  const folder = await db.folder.findUnique({ where: { id: folderId }, select: { firstRecentUid: true } });
  return folder?.firstRecentUid ?? Number.MAX_SAFE_INTEGER;
}

/** How many messages no session has claimed yet (STATUS RECENT). */
export async function countUnclaimedRecent(db: Db, folderId: string): Promise<number> {
  return db.message.count({ where: { folderId, uid: { gte: await findFirstRecentUid(db, folderId) } } });
}
