import { AppError } from "../errors.ts";
import type { DbClient } from "../audit/record-audit-event.ts";
import type { Sql } from "../sql.ts";
import type { Folder, SpecialUse } from "../generated/postgres/client.ts";
import { orNull, toBigInt, toDate, toInt } from "../db-row.ts";
import { normalizeFolderName } from "./folder-name.ts";

/**
 * A folder by name ("Projects/2026", "inbox"), by role ({ specialUse: "SENT" }) or by id (a folder a
 * session has open: a rename does not lose it). Always looked up within one mailbox.
 */
export type FolderRef = string | { specialUse: SpecialUse } | { id: string };

export type FolderRow = Folder;

/** The WHERE clause (and its parameters) that picks the folder a ref names. */
function whereFolder(mailboxId: string, ref: FolderRef): [string, string[]] {
  if (typeof ref === "string") return [`"mailboxId" = ? AND "name" = ?`, [mailboxId, normalizeFolderName(ref)]];
  if ("id" in ref) return [`"mailboxId" = ? AND "id" = ?`, [mailboxId, ref.id]];
  return [`"mailboxId" = ? AND CAST("specialUse" AS TEXT) = ? ORDER BY "id" LIMIT 1`, [mailboxId, ref.specialUse]];
}

/** Just the id, by plain SQL (the write path runs it for every message delivered); null when there is no such folder. */
export async function findFolderId(sql: Sql, mailboxId: string, ref: FolderRef): Promise<string | null> {
  const [where, params] = whereFolder(mailboxId, ref);
  const rows = await sql.query<{ id: string }>(`SELECT "id" FROM "Folder" WHERE ${where}`, params);
  return rows[0]?.id ?? null;
}

/** The whole row by plain SQL (an IMAP session's reads: lib/db-reader.ts); throws NOT_FOUND like findFolder. */
export async function readFolder(sql: Sql, mailboxId: string, ref: FolderRef): Promise<FolderRow> {
  const [where, params] = whereFolder(mailboxId, ref);
  const [row] = await sql.query<Record<keyof FolderRow, unknown>>(`SELECT * FROM "Folder" WHERE ${where}`, params);
  if (!row) throw folderNotFound(ref);
  return toFolderRow(row);
}

/** A Folder row as plain SQL gives it (either database), as Prisma would. */
export function toFolderRow(row: Record<keyof FolderRow, unknown>): FolderRow {
  return {
    id: row.id as string,
    mailboxId: row.mailboxId as string,
    name: row.name as string,
    specialUse: (row.specialUse as SpecialUse | null) ?? null,
    uidValidity: toBigInt(row.uidValidity),
    uidNext: toInt(row.uidNext),
    highestModseq: toBigInt(row.highestModseq),
    firstRecentUid: toInt(row.firstRecentUid),
    messageCount: toInt(row.messageCount),
    unseenCount: toInt(row.unseenCount),
    totalBytes: toBigInt(row.totalBytes),
    createdAt: orNull(toDate, row.createdAt) ?? new Date(0),
  };
}

/** Throws NOT_FOUND (details.tryCreate, for IMAP's [TRYCREATE]) when the mailbox has no such folder. */
export async function findFolder(db: DbClient, mailboxId: string, ref: FolderRef) {
  const folder =
    typeof ref === "string"
      ? await db.folder.findUnique({ where: { mailboxId_name: { mailboxId, name: normalizeFolderName(ref) } } })
      : "id" in ref
        ? await db.folder.findFirst({ where: { mailboxId, id: ref.id } })
        : await db.folder.findFirst({ where: { mailboxId, specialUse: ref.specialUse } });
  if (!folder) throw folderNotFound(ref);
  return folder;
}

export function folderNotFound(ref: FolderRef): AppError {
  const label = typeof ref === "string" ? `named "${ref.slice(0, 100)}"` : "id" in ref ? "by that id (it was deleted)" : `for ${ref.specialUse.toLowerCase()}`;
  return new AppError("NOT_FOUND", `There is no folder ${label}.`, { tryCreate: true });
}
