import { AppError } from "../errors.ts";
import type { DbClient } from "../audit/record-audit-event.ts";

/** newUids: how many consecutive UIDs to reserve for added messages. */
export type FolderDelta = { newUids?: number; messages?: number; unseen?: number; bytes?: number };

/**
 * Advances a folder's MODSEQ (and UIDNEXT by the messages added) and its counters in one
 * atomic UPDATE, returning the new values. It holds the folder's row lock to the end of the
 * transaction, so all changes to one folder are serialised across processes, and a UID or MODSEQ
 * is never handed out twice. Several messages changed by one operation share its MODSEQ (RFC 7162 §3.1).
 */
export async function allocateModseq(tx: DbClient, folderId: string, delta: FolderDelta): Promise<{ firstUid: number; modseq: bigint; uidValidity: bigint }> {
  const rows = await tx.$queryRaw<{ uidNext: number | bigint; highestModseq: number | bigint | string; uidValidity: number | bigint | string }[]>`
    UPDATE "Folder" SET
      "uidNext" = "uidNext" + ${delta.newUids ?? 0},
      "highestModseq" = "highestModseq" + 1,
      "messageCount" = "messageCount" + ${delta.messages ?? 0},
      "unseenCount" = "unseenCount" + ${delta.unseen ?? 0},
      "totalBytes" = "totalBytes" + ${delta.bytes ?? 0}
    WHERE "id" = ${folderId}
    RETURNING "uidNext", "highestModseq", "uidValidity"`;
  const row = rows[0];
  if (!row) throw new AppError("NOT_FOUND", "The folder was deleted.");
  return {
    firstUid: Number(row.uidNext) - (delta.newUids ?? 0),
    modseq: BigInt(row.highestModseq),
    uidValidity: BigInt(row.uidValidity),
  };
}
