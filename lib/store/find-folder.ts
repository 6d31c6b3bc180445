import { AppError } from "../errors.ts";
import type { DbClient } from "../audit/record-audit-event.ts";
import type { Sql } from "../sql.ts";
import type { SpecialUse } from "../generated/postgres/client.ts";
import { normalizeFolderName } from "./folder-name.ts";

/**
 * A folder by name ("Projects/2026", "inbox"), by role ({ specialUse: "SENT" }) or by id (a folder a
 * session has open: a rename does not lose it). Always looked up within one mailbox.
 */
export type FolderRef = string | { specialUse: SpecialUse } | { id: string };

/** Just the id, by plain SQL (the write path runs it for every message delivered); null when there is no such folder. */
export async function findFolderId(sql: Sql, mailboxId: string, ref: FolderRef): Promise<string | null> {
  const rows =
    typeof ref === "string"
      ? await sql.query<{ id: string }>(`SELECT "id" FROM "Folder" WHERE "mailboxId" = ? AND "name" = ?`, [mailboxId, normalizeFolderName(ref)])
      : "id" in ref
        ? await sql.query<{ id: string }>(`SELECT "id" FROM "Folder" WHERE "mailboxId" = ? AND "id" = ?`, [mailboxId, ref.id])
        : await sql.query<{ id: string }>(`SELECT "id" FROM "Folder" WHERE "mailboxId" = ? AND CAST("specialUse" AS TEXT) = ? LIMIT 1`, [mailboxId, ref.specialUse]);
  return rows[0]?.id ?? null;
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
