import { AppError } from "../errors.ts";
import type { Sql } from "../sql.ts";

/** newUids: how many consecutive UIDs to reserve for added messages. */
export type FolderDelta = { newUids?: number; messages?: number; unseen?: number; bytes?: number };

/**
 * Advances a folder's MODSEQ (and UIDNEXT by the messages added) and its counters in one
 * atomic UPDATE, returning the new values. It holds the folder's row lock to the end of the
 * transaction, so all changes to one folder are serialised across processes, and a UID or MODSEQ
 * is never handed out twice. Several messages changed by one operation share its MODSEQ (RFC 7162 §3.1).
 */
export async function allocateModseq(sql: Sql, folderId: string, delta: FolderDelta): Promise<{ firstUid: number; modseq: bigint; uidValidity: bigint }> {
  const rows = await sql.query<{ uidNext: number | bigint; highestModseq: number | bigint | string; uidValidity: number | bigint | string }>(
    `UPDATE "Folder" SET
      "uidNext" = "uidNext" + ?,
      "highestModseq" = "highestModseq" + 1,
      "messageCount" = "messageCount" + ?,
      "unseenCount" = "unseenCount" + ?,
      "totalBytes" = "totalBytes" + ?
    WHERE "id" = ?
    RETURNING "uidNext", "highestModseq", "uidValidity"`,
    [delta.newUids ?? 0, delta.messages ?? 0, delta.unseen ?? 0, delta.bytes ?? 0, folderId],
  );
  const row = rows[0];
  if (!row) throw new AppError("NOT_FOUND", "The folder was deleted.");
  return {
    firstUid: Number(row.uidNext) - (delta.newUids ?? 0),
    modseq: BigInt(row.highestModseq),
    uidValidity: BigInt(row.uidValidity),
  };
}
