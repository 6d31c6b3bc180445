import type { Db } from "../db.ts";
import type { Sql } from "../sql.ts";
import { removeMessageText } from "../db-full-text.ts";
import { orNull, toBool, toInt } from "../db-row.ts";
import { readFolder, type FolderRef } from "./find-folder.ts";
import { lockFolders, lockMailbox } from "./lock-folder.ts";
import { allocateModseq } from "./allocate-modseq.ts";
import { releaseBlobs } from "./blob-references.ts";
import { recordChanges } from "./record-changes.ts";
import { runStoreWrite } from "./store-transaction.ts";
import { MAX_STORED_UID, uidBounds, type UidRanges } from "./uid-ranges.ts";

/**
 * IMAP EXPUNGE (all \Deleted messages) and UID EXPUNGE (only those in `uids`, RFC 4315), POP3's
 * DELE at QUIT. Returns the expunged UIDs in ascending order.
 */
export function expungeMessages(db: Db, input: ExpungeInput): Promise<ExpungeResult> {
  return runStoreWrite(db, "expungeMessages", input);
}

export type ExpungeInput = { mailboxId: string; folder: FolderRef; uids?: UidRanges };
export type ExpungeResult = { uids: number[]; modseq?: bigint };

/** expungeMessages inside a transaction (store-writes.ts). */
export async function expungeMessagesIn(sql: Sql, input: ExpungeInput): Promise<ExpungeResult> {
    await lockMailbox(sql, input.mailboxId);
    const folder = await readFolder(sql, input.mailboxId, input.folder);
    await lockFolders(sql, [folder.id]);
    const bounds = uidBounds(input.uids ?? [[1, MAX_STORED_UID]]);
    const rows = await sql.query<Record<string, unknown>>(
      `SELECT "id", "uid", "size", "isSeen", "blobHash", "searchRowId" FROM "Message" WHERE "folderId" = ? AND "isDeleted" = ? AND ${bounds.where} ORDER BY "uid"`,
      [folder.id, true, ...bounds.params],
    );
    const victims = rows.map(toVictim).filter((v) => bounds.includes(v.uid));
    if (victims.length === 0) return { uids: [] };
    const modseq = await removeMessages(sql, { mailboxId: input.mailboxId, folderId: folder.id, victims, uncharge: true });
    return { uids: victims.map((v) => v.uid), modseq };
}

export type Victim = { id: string; uid: number; size: number; isSeen: boolean; blobHash: string; searchRowId: number | null };

/** A Victim from a plain-SQL row with those columns. */
export function toVictim(row: Record<string, unknown>): Victim {
  return { id: row.id as string, uid: toInt(row.uid), size: toInt(row.size), isSeen: toBool(row.isSeen), blobHash: row.blobHash as string, searchRowId: orNull(toInt, row.searchRowId) };
}

/**
 * Deletes messages from a folder inside the caller's transaction (folder already locked): counters,
 * change feed (one EXPUNGE per UID, for QRESYNC's VANISHED), full-text rows, blob references, and
 * the mailbox's quota charge unless the bytes stay in the mailbox (MOVE).
 */
export async function removeMessages(sql: Sql, input: { mailboxId: string; folderId: string; victims: Victim[]; uncharge: boolean }): Promise<bigint> {
  const { victims } = input;
  const bytes = victims.reduce((sum, v) => sum + v.size, 0);
  const unseen = victims.filter((v) => !v.isSeen).length;
  const { modseq } = await allocateModseq(sql, input.folderId, { messages: -victims.length, unseen: -unseen, bytes: -bytes });
  await removeMessageText(sql, victims);
  for (let i = 0; i < victims.length; i += 500) {
    const chunk = victims.slice(i, i + 500);
    await sql.execute(`DELETE FROM "Message" WHERE "id" IN (${chunk.map(() => "?").join(",")})`, chunk.map((v) => v.id));
  }
  if (input.uncharge) await sql.execute(`UPDATE "Mailbox" SET "usedBytes" = "usedBytes" - ? WHERE "id" = ?`, [bytes, input.mailboxId]);
  await recordChanges(sql, victims.map((v) => ({ mailboxId: input.mailboxId, folderId: input.folderId, modseq, kind: "EXPUNGE", uid: v.uid })));
  await releaseBlobs(sql, victims.map((v) => v.blobHash));
  return modseq;
}
