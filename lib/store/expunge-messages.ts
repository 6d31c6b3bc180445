import type { Db } from "../db.ts";
import { providerOf } from "../db.ts";
import { notifyChange } from "../db-change-notify.ts";
import { prismaSql } from "../sql.ts";
import { removeMessageText } from "../db-full-text.ts";
import type { DbClient } from "../audit/record-audit-event.ts";
import { findFolder, type FolderRef } from "./find-folder.ts";
import { lockFolders, lockMailbox } from "./lock-folder.ts";
import { allocateModseq } from "./allocate-modseq.ts";
import { releaseBlobs } from "./blob-references.ts";
import { uidFilter, type UidRanges } from "./uid-ranges.ts";

/**
 * IMAP EXPUNGE (all \Deleted messages) and UID EXPUNGE (only those in `uids`, RFC 4315), POP3's
 * DELE at QUIT. Returns the expunged UIDs in ascending order.
 */
export async function expungeMessages(db: Db, input: { mailboxId: string; folder: FolderRef; uids?: UidRanges }): Promise<{ uids: number[]; modseq?: bigint }> {
  return db.$transaction(async (tx) => {
    await lockMailbox(tx, input.mailboxId);
    const folder = await findFolder(tx, input.mailboxId, input.folder);
    await lockFolders(tx, [folder.id]);
    const where = { folderId: folder.id, isDeleted: true, ...(input.uids ? uidFilter(input.uids) : {}) };
    const victims = await tx.message.findMany({ where, orderBy: { uid: "asc" }, select: { id: true, uid: true, size: true, isSeen: true, blobHash: true, searchRowId: true } });
    if (victims.length === 0) return { uids: [] };
    const modseq = await removeMessages(tx, providerOf(db), { mailboxId: input.mailboxId, folderId: folder.id, victims, uncharge: true });
    return { uids: victims.map((v) => v.uid), modseq };
  });
}

type Victim = { id: string; uid: number; size: number; isSeen: boolean; blobHash: string; searchRowId: number | null };

/**
 * Deletes messages from a folder inside the caller's transaction (folder already locked): counters,
 * change feed (one EXPUNGE per UID, for QRESYNC's VANISHED), full-text rows, blob references, and
 * the mailbox's quota charge unless the bytes stay in the mailbox (MOVE).
 */
export async function removeMessages(tx: DbClient, provider: "sqlite" | "postgres", input: { mailboxId: string; folderId: string; victims: Victim[]; uncharge: boolean }): Promise<bigint> {
  const { victims } = input;
  const bytes = victims.reduce((sum, v) => sum + v.size, 0);
  const unseen = victims.filter((v) => !v.isSeen).length;
  const { modseq } = await allocateModseq(prismaSql(tx, provider), input.folderId, { messages: -victims.length, unseen: -unseen, bytes: -bytes });
  await removeMessageText(tx, provider, victims);
  for (let i = 0; i < victims.length; i += 500) {
    await tx.message.deleteMany({ where: { id: { in: victims.slice(i, i + 500).map((v) => v.id) } } });
  }
  if (input.uncharge) await tx.$executeRaw`UPDATE "Mailbox" SET "usedBytes" = "usedBytes" - ${bytes} WHERE "id" = ${input.mailboxId}`;
  await tx.change.createMany({ data: victims.map((v) => ({ mailboxId: input.mailboxId, folderId: input.folderId, modseq, kind: "EXPUNGE" as const, uid: v.uid })) });
  await releaseBlobs(tx, victims.map((v) => v.blobHash));
  await notifyChange(prismaSql(tx, provider), input.mailboxId);
  return modseq;
}
