import { AppError } from "../errors.ts";
import type { DbClient } from "../audit/record-audit-event.ts";

/**
 * Takes a folder's write lock as the first statement of a transaction (a no-op UPDATE). On SQLite
 * a transaction that reads first and writes later fails when another process wrote in between;
 * one that writes first simply waits its turn. On PostgreSQL it is the folder's row lock.
 * Lock several folders in id order so two transactions never wait on each other.
 */
export async function lockFolders(tx: DbClient, folderIds: string[]): Promise<void> {
  for (const id of [...new Set(folderIds)].sort()) {
    const locked = await tx.$executeRaw`UPDATE "Folder" SET "uidNext" = "uidNext" WHERE "id" = ${id}`;
    if (locked !== 1) throw new AppError("NOT_FOUND", "The folder was deleted.");
  }
}
