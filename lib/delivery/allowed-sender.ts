import type { Sql } from "../sql.ts";

/**
 * Whether a mailbox's owner allowed this envelope sender ("allow this sender" in the reject
 * reports): the MX then skips DNSBLs, block lists and spam refusal for it. Read per recipient
 * (one unique-index lookup), not cached, so an allowance works on the sender's next attempt.
 * The null sender is never allowed: bounces have no address to vouch for.
 */
export async function isAllowedSender(reader: Sql, mailboxId: string, mailFrom: string): Promise<boolean> {
  if (!mailFrom) return false;
  const rows = await reader.query<{ one: number }>(`SELECT 1 AS one FROM "AllowedSender" WHERE "mailboxId" = ? AND "address" = ? LIMIT 1`, [mailboxId, mailFrom.toLowerCase()]);
  return rows.length > 0;
}
