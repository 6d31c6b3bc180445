import { AppError } from "../errors.ts";
import type { DbClient } from "../audit/record-audit-event.ts";
import type { SpecialUse } from "../generated/postgres/client.ts";
import { normalizeFolderName } from "./folder-name.ts";

/** A folder by name ("Projects/2026", "inbox") or by role ({ specialUse: "SENT" }). */
export type FolderRef = string | { specialUse: SpecialUse };

/**
 * Just the id, by one raw query (about a quarter of the cost of a Prisma model query here): for
 * the write path, which runs for every message delivered.
 */
export async function findFolderId(db: DbClient, mailboxId: string, ref: FolderRef): Promise<{ id: string }> {
  const rows =
    typeof ref === "string"
      ? await db.$queryRaw<{ id: string }[]>`SELECT "id" FROM "Folder" WHERE "mailboxId" = ${mailboxId} AND "name" = ${normalizeFolderName(ref)}`
      : await db.$queryRaw<{ id: string }[]>`SELECT "id" FROM "Folder" WHERE "mailboxId" = ${mailboxId} AND CAST("specialUse" AS TEXT) = ${ref.specialUse} LIMIT 1`;
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
