import type { Sql } from "./sql.ts";

/** The PostgreSQL channel every process LISTENs on; the payload is the mailbox id. */
export const CHANGE_CHANNEL = "mailwright_changes";

/**
 * Tells other processes that a mailbox changed. On PostgreSQL a NOTIFY issued inside the
 * transaction is delivered at commit and never for a rolled-back one. SQLite has no such thing:
 * readers there poll the highest change id (lib/store/change-feed.ts).
 */
export async function notifyChange(sql: Sql, mailboxId: string): Promise<void> {
  if (sql.provider === "postgres") await sql.execute("SELECT pg_notify(?, ?)", [CHANGE_CHANNEL, mailboxId]);
}
