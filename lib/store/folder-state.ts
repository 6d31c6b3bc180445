import type { Db } from "../db.ts";
import { readerFor } from "../db-reader.ts";
import { toBigInt, toInt } from "../db-row.ts";
import { FLAG_COLUMNS_SQL, rowToFlags } from "./flags.ts";
import { readFolder, toFolderRow, type FolderRef, type FolderRow } from "./find-folder.ts";
import { uidListSql } from "./uid-ranges.ts";

// What a client that keeps a folder open (an IMAP session, webmail's live list) needs: the folder's
// UIDs when it opens it, and from then on what changed after the MODSEQ it last saw. Plain SQL on
// the process's read connection (lib/db-reader.ts): an IMAP session runs these for every command.

export type { FolderRow } from "./find-folder.ts";

/**
 * The folder and its UIDs, ascending. The row is read first, so its HIGHESTMODSEQ is at most the
 * state of the UIDs: following changes from it may repeat one the list already shows (harmless,
 * applying a change is idempotent), never miss one.
 */
export async function openFolderState(db: Db, mailboxId: string, ref: FolderRef): Promise<{ folder: FolderRow; uids: number[] }> {
  const sql = readerFor(db);
  const folder = await readFolder(sql, mailboxId, ref);
  const rows = await sql.query<{ uid: unknown }>(`SELECT "uid" FROM "Message" WHERE "folderId" = ? ORDER BY "uid"`, [folder.id]);
  return { folder, uids: rows.map((row) => toInt(row.uid)) };
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
  const sql = readerFor(db);
  const [row] = await sql.query<Record<keyof FolderRow, unknown>>(`SELECT * FROM "Folder" WHERE "id" = ?`, [folderId]);
  if (!row) return null;
  const folder = toFolderRow(row);
  if (folder.highestModseq <= since) return { folder, changed: [], expunged: [] };
  const changed = await sql.query<Record<string, unknown>>(
    `SELECT "uid", "modseq", ${FLAG_COLUMNS_SQL} FROM "Message" WHERE "folderId" = ? AND "modseq" > ? ORDER BY "uid"`,
    [folderId, since],
  );
  const expunged = await sql.query<{ uid: unknown }>(`SELECT DISTINCT "uid" FROM "Change" WHERE "folderId" = ? AND "kind" = 'EXPUNGE' AND "modseq" > ? ORDER BY "uid"`, [folderId, since]);
  return {
    folder,
    changed: changed.map((row) => ({ uid: toInt(row.uid), modseq: toBigInt(row.modseq), flags: rowToFlags(row) })),
    expunged: expunged.map((row) => toInt(row.uid)),
  };
}

/** The lowest UID without \Seen, or null (IMAP4rev1's SELECT response code [UNSEEN n]). */
export async function findFirstUnseenUid(db: Db, folderId: string): Promise<number | null> {
  const [row] = await readerFor(db).query<{ uid: unknown }>(`SELECT MIN("uid") AS "uid" FROM "Message" WHERE "folderId" = ? AND "isSeen" = ?`, [folderId, false]);
  return row?.uid === null || row?.uid === undefined ? null : toInt(row.uid);
}

/** How many messages carry \Deleted (STATUS DELETED, RFC 9051 §6.3.11). */
export async function countDeletedMessages(db: Db, folderId: string): Promise<number> {
  const [row] = await readerFor(db).query<{ count: unknown }>(`SELECT COUNT(*) AS "count" FROM "Message" WHERE "folderId" = ? AND "isDeleted" = ?`, [folderId, true]);
  return toInt(row!.count);
}

/** The highest MODSEQ among the folder's messages with these UIDs (CONDSTORE's SEARCH answer, RFC 7162 §3.1.5); null for none. */
export async function findHighestModseq(db: Db, folderId: string, uids: readonly number[]): Promise<bigint | null> {
  if (uids.length === 0) return null;
  const sql = readerFor(db);
  const [row] = await sql.query<{ modseq: unknown }>(`SELECT MAX("modseq") AS "modseq" FROM "Message" WHERE "folderId" = ? AND "uid" IN (${uidListSql(sql)})`, [folderId, JSON.stringify(uids)]);
  return row?.modseq === null || row?.modseq === undefined ? null : toBigInt(row.modseq);
}
