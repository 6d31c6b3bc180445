import type { Sql } from "../sql.ts";
import { sqliteTimestamp } from "../sql.ts";

/**
 * Remote recipients a mailbox has queued since `since`: what its sending rate limit counts. From
 * the queue's rows, so every submission process sees the same count.
 */
export async function countRecentRecipients(sql: Sql, mailboxId: string, since: Date): Promise<number> {
  const [row] = await sql.query<{ count: number | bigint }>(
    `SELECT count(*) AS "count" FROM "OutboundRecipient" r JOIN "OutboundMessage" m ON m."id" = r."messageId" WHERE m."senderMailboxId" = ? AND m."createdAt" >= ?`,
    [mailboxId, sql.provider === "sqlite" ? sqliteTimestamp(since) : since],
  );
  return Number(row?.count ?? 0);
}
