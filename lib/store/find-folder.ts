import { AppError } from "../errors.ts";
import type { DbClient } from "../audit/record-audit-event.ts";
import type { Sql } from "../sql.ts";
import type { SpecialUse } from "../generated/postgres/client.ts";
import { normalizeFolderName } from "./folder-name.ts";

/** A folder by name ("Projects/2026", "inbox") or by role ({ specialUse: "SENT" }). */
export type FolderRef = string | { specialUse: SpecialUse };

/** Just the id, by plain SQL (lib/db-reader.ts): for the write path, which runs for every message delivered. */
export async function findFolderId(sql: Sql, mailboxId: string, ref: FolderRef): Promise<{ id: string }> {
  const rows =
    typeof ref === "string"
      ? await sql.query<{ id: string }>(`SELECT "id" FROM "Folder" WHERE "mailboxId" = ? AND "name" = ?`, [mailboxId, normalizeFolderName(ref)])
      : await sql.query<{ id: string }>(`SELECT "id" FROM "Folder" WHERE "mailboxId" = ? AND CAST("specialUse" AS TEXT) = ? LIMIT 1`, [mailboxId, ref.specialUse]);
  if (!rows[0]) throw folderNotFound(ref);
  return rows[0];
}

/** Throws NOT_FOUND (details.tryCreate, for IMAP's [TRYCREATE]) when the mailbox has no such folder. */
export async function findFolder(db: DbClient, mailboxId: string, ref: FolderRef) {
  const folder =
    typeof ref === "string"
      ? await db.folder.findUnique({ where: { mailboxId_name: { mailboxId, name: normalizeFolderName(ref) } } })
      : await db.folder.findFirst({ where: { mailboxId, specialUse: ref.specialUse } });
  if (!folder) throw folderNotFound(ref);
  return folder;
}

function folderNotFound(ref: FolderRef): AppError {
  const label = typeof ref === "string" ? `named "${ref.slice(0, 100)}"` : `for ${ref.specialUse.toLowerCase()}`;
  return new AppError("NOT_FOUND", `There is no folder ${label}.`, { tryCreate: true });
}
