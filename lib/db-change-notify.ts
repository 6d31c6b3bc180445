import type { DbClient } from "./audit/record-audit-event.ts";
import type { DatabaseTarget } from "./database-url.ts";

/** The PostgreSQL channel every process LISTENs on; the payload is the mailbox id. */
export const CHANGE_CHANNEL = "mailwright_changes";

/**
 * Tells other processes that a mailbox changed. On PostgreSQL a NOTIFY issued inside the
 * transaction is delivered at commit and never for a rolled-back one. SQLite has no such thing:
 * readers there poll the highest change id (lib/store/change-feed.ts).
 */
export async function notifyChange(tx: DbClient, provider: DatabaseTarget["provider"], mailboxId: string): Promise<void> {
  if (provider === "postgres") await tx.$executeRaw`SELECT pg_notify(${CHANGE_CHANNEL}, ${mailboxId})`;
}
