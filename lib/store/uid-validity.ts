import type { DbClient } from "../audit/record-audit-event.ts";

/**
 * The next UIDVALIDITY for a folder of this mailbox: at least the current time in seconds (as
 * Dovecot does) and always larger than any value the mailbox handed out before, so a folder
 * deleted and re-created under the same name, even within one second and from another process,
 * makes clients discard their cached UIDs (RFC 9051 §2.3.1.1). Fits 32 bits until 2106.
 */
export async function nextUidValidity(db: DbClient, mailboxId: string, now: Date = new Date()): Promise<bigint> {
  const seconds = BigInt(Math.floor(now.getTime() / 1000));
  // Both statements are atomic on their own: the first lifts the counter to now (once), the
  // second hands out distinct values to concurrent callers.
  await db.mailbox.updateMany({ where: { id: mailboxId, lastUidValidity: { lt: seconds - 1n } }, data: { lastUidValidity: seconds - 1n } });
  const mailbox = await db.mailbox.update({ where: { id: mailboxId }, data: { lastUidValidity: { increment: 1 } }, select: { lastUidValidity: true } });
  return mailbox.lastUidValidity;
}
