import type { Db } from "../db.ts";
import { columnsToFlags } from "./flags.ts";
import { findFolder, type FolderRef } from "./find-folder.ts";

// What a client that keeps a folder open (an IMAP session, webmail's live list) needs: the folder's
// UIDs when it opens it, and from then on what changed after the MODSEQ it last saw.

export type FolderRow = Awaited<ReturnType<typeof findFolder>>;

/**
 * The folder and its UIDs, ascending. The row is read first, so its HIGHESTMODSEQ is at most the
 * state of the UIDs: following changes from it may repeat one the list already shows (harmless,
 * applying a change is idempotent), never miss one.
 */
export async function openFolderState(db: Db, mailboxId: string, ref: FolderRef): Promise<{ folder: FolderRow; uids: number[] }> {
  const folder = await findFolder(db, mailboxId, ref);
  const rows = await db.message.findMany({ where: { folderId: folder.id }, orderBy: { uid: "asc" }, select: { uid: true } });
  return { folder, uids: rows.map((row) => row.uid) };
}

export type FolderChanges = {
  folder: FolderRow;
  /** Messages added or re-flagged after the MODSEQ, ascending by UID, with their flags now. */
  changed: { uid: number; modseq: bigint; flags: string[] }[];
  /** UIDs expunged after the MODSEQ, ascending. */
  expunged: number[];
};

/** Changes to a folder (by id: a rename does not lose it) after `since`; null when the folder was deleted. */
export async function readFolderChanges(db: Db, folderId: string, since: bigint): Promise<FolderChanges | null> {
  const folder = await db.folder.findUnique({ where: { id: folderId } });
  if (!folder) return null;
  if (folder.highestModseq <= since) return { folder, changed: [], expunged: [] };
  const changed = await db.message.findMany({
    where: { folderId, modseq: { gt: since } },
    orderBy: { uid: "asc" },
    select: { uid: true, modseq: true, isSeen: true, isAnswered: true, isFlagged: true, isDeleted: true, isDraft: true, keywords: true },
  });
  const expunged = await db.change.findMany({ where: { folderId, kind: "EXPUNGE", modseq: { gt: since } }, orderBy: { uid: "asc" }, select: { uid: true } });
  return {
    folder,
    changed: changed.map((row) => ({ uid: row.uid, modseq: row.modseq, flags: columnsToFlags(row) })),
    expunged: [...new Set(expunged.map((row) => row.uid!))],
  };
}

/** The lowest UID without \Seen, or null (IMAP4rev1's SELECT response code [UNSEEN n]). */
export async function findFirstUnseenUid(db: Db, folderId: string): Promise<number | null> {
  const row = await db.message.findFirst({ where: { folderId, isSeen: false }, orderBy: { uid: "asc" }, select: { uid: true } });
  return row?.uid ?? null;
}

/** How many messages carry \Deleted (STATUS DELETED, RFC 9051 §6.3.11). */
export function countDeletedMessages(db: Db, folderId: string): Promise<number> {
  return db.message.count({ where: { folderId, isDeleted: true } });
}
