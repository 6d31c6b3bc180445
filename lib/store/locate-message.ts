import { AppError } from "../errors.ts";
import { readerFor } from "../db-reader.ts";
import type { Db } from "../db.ts";
import { toInt } from "../db-row.ts";

export type LocatedMessage = { id: string; folderId: string; uid: number; isDraft: boolean };

/**
 * A message by its database id (how the webmail's URLs name messages), only within the mailbox:
 * another mailbox's message is NOT_FOUND, exactly like one that does not exist.
 */
export async function locateMessage(db: Db, input: { mailboxId: string; messageId: string }): Promise<LocatedMessage> {
  const [row] = await readerFor(db).query<Record<string, unknown>>(`SELECT "id", "folderId", "uid", "isDraft" FROM "Message" WHERE "id" = ? AND "mailboxId" = ?`, [input.messageId, input.mailboxId]);
  if (!row) throw new AppError("NOT_FOUND", "There is no such message.");
  return { id: row.id as string, folderId: row.folderId as string, uid: toInt(row.uid), isDraft: Boolean(row.isDraft) };
}
