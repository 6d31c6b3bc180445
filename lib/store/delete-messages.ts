import type { Db } from "../db.ts";
import type { Sql } from "../sql.ts";
import { readFolder, type FolderRef } from "./find-folder.ts";
import { lockFolders, lockMailbox } from "./lock-folder.ts";
import { removeMessages, toVictim, type ExpungeResult } from "./expunge-messages.ts";
import { runStoreWrite } from "./store-transaction.ts";

export type DeleteMessagesInput = { mailboxId: string; folder: FolderRef; uids: number[] };

/**
 * Expunges exactly these UIDs, whatever their \Deleted flag: POP3's DELE, applied at QUIT (RFC 1939
 * §6) in one transaction, so a session either removes all it marked or nothing. UIDs already gone
 * (another session expunged them) are skipped. IMAP sessions see EXPUNGEs through the change feed.
 */
export function deleteMessages(db: Db, input: DeleteMessagesInput): Promise<ExpungeResult> {
  return runStoreWrite(db, "deleteMessages", input);
}

/** deleteMessages inside a transaction (store-writes.ts). */
export async function deleteMessagesIn(sql: Sql, input: DeleteMessagesInput): Promise<ExpungeResult> {
  if (input.uids.length === 0) return { uids: [] };
  await lockMailbox(sql, input.mailboxId);
  const folder = await readFolder(sql, input.mailboxId, input.folder);
  await lockFolders(sql, [folder.id]);
  const wanted = [...new Set(input.uids)].sort((a, b) => a - b);
  const victims = [];
  for (let i = 0; i < wanted.length; i += 500) {
    const chunk = wanted.slice(i, i + 500);
    const rows = await sql.query<Record<string, unknown>>(
      `SELECT "id", "uid", "size", "isSeen", "blobHash", "searchRowId" FROM "Message" WHERE "folderId" = ? AND "uid" IN (${chunk.map(() => "?").join(",")}) ORDER BY "uid"`,
      [folder.id, ...chunk],
    );
    victims.push(...rows.map(toVictim));
  }
  if (victims.length === 0) return { uids: [] };
  const modseq = await removeMessages(sql, { mailboxId: input.mailboxId, folderId: folder.id, victims, uncharge: true });
  return { uids: victims.map((v) => v.uid), modseq };
}
