import { AppError } from "../errors.ts";
import type { Sql } from "../sql.ts";

/**
 * Takes folders' write locks (a no-op UPDATE), in id order. Every store transaction begins with a
 * write (lockMailbox, or ingest's quota charge): on SQLite a transaction that reads first and
 * writes later fails when another process wrote in between; one that writes first waits its turn.
 * On PostgreSQL these are row locks, always taken mailbox first, then folders in id order.
 */
export async function lockFolders(sql: Sql, folderIds: string[]): Promise<void> {
  for (const id of [...new Set(folderIds)].sort()) {
    const locked = await sql.execute(`UPDATE "Folder" SET "uidNext" = "uidNext" WHERE "id" = ?`, [id]);
    if (locked !== 1) throw new AppError("NOT_FOUND", "The folder was deleted.");
  }
}

/**
 * Takes the mailbox row's lock: before changing its folder list or its quota usage. The one lock
 * order in the store is the mailbox first, then folders in id order, so no two transactions can
 * wait on each other (PostgreSQL would abort one as a deadlock).
 */
export async function lockMailbox(sql: Sql, mailboxId: string): Promise<void> {
  const locked = await sql.execute(`UPDATE "Mailbox" SET "lastUidValidity" = "lastUidValidity" WHERE "id" = ?`, [mailboxId]);
  if (locked !== 1) throw new AppError("NOT_FOUND", "No such mailbox.");
}
