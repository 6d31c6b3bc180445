import type { Db } from "../db.ts";
import { readerFor } from "../db-reader.ts";
import type { Sql } from "../sql.ts";
import { findFolder } from "./find-folder.ts";
import { normalizeFolderName } from "./folder-name.ts";

// IMAP subscriptions are names, not folders (the Subscription table): RFC 9051 §6.3.7 forbids the
// server to drop one by itself, so deleting a folder leaves its subscription, which LSUB and
// LIST (SUBSCRIBED) then show as \NonExistent, until the client unsubscribes or the name is
// created again. New folders are subscribed as they are created, so they show in every client.

/** The mailbox's subscribed names, in name order. */
export async function listSubscriptions(db: Db, mailboxId: string): Promise<string[]> {
  const rows = await readerFor(db).query<{ name: string }>(`SELECT "name" FROM "Subscription" WHERE "mailboxId" = ? ORDER BY "name"`, [mailboxId]);
  return rows.map((row) => row.name);
}

/** Subscribes names inside the caller's transaction; one already subscribed stays as it is. */
export async function addSubscriptions(sql: Sql, mailboxId: string, names: readonly string[]): Promise<void> {
  for (const name of names) await sql.execute(`INSERT INTO "Subscription" ("mailboxId", "name") VALUES (?, ?) ON CONFLICT DO NOTHING`, [mailboxId, name]);
}

/** A renamed folder keeps its subscription under its new name (as in Dovecot), inside the caller's transaction. */
export async function moveSubscription(sql: Sql, mailboxId: string, from: string, to: string): Promise<void> {
  const removed = await sql.execute(`DELETE FROM "Subscription" WHERE "mailboxId" = ? AND "name" = ?`, [mailboxId, from]);
  if (removed > 0) await addSubscriptions(sql, mailboxId, [to]);
}

/**
 * IMAP SUBSCRIBE and UNSUBSCRIBE. Subscribing needs the folder (RFC 9051 §6.3.7 lets a server
 * check; a name with no folder would only ever list as \NonExistent); unsubscribing takes any name,
 * so a subscription whose folder was deleted can be removed.
 */
export async function setSubscription(db: Db, input: { mailboxId: string; name: string; isSubscribed: boolean }): Promise<void> {
  const name = normalizeFolderName(input.name);
  if (input.isSubscribed) {
    await findFolder(db, input.mailboxId, name);
    await db.$executeRaw`INSERT INTO "Subscription" ("mailboxId", "name") VALUES (${input.mailboxId}, ${name}) ON CONFLICT DO NOTHING`;
  } else {
    await db.$executeRaw`DELETE FROM "Subscription" WHERE "mailboxId" = ${input.mailboxId} AND "name" = ${name}`;
  }
}
