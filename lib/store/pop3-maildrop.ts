import { readerFor } from "../db-reader.ts";
import { toBool, toInt } from "../db-row.ts";
import { AppError } from "../errors.ts";
import { readFolder } from "./find-folder.ts";
import { readBlobRange } from "./message-bytes.ts";
import type { StoreDeps } from "./store-deps.ts";

/** One message of a POP3 maildrop, in UID order; its bytes stay in the blob until asked for. */
export type MaildropMessage = { uid: number; size: number; isSeen: boolean; blobHash: string };

/** The maildrop as a POP3 session sees it all through (RFC 1939 §4: fixed at the start of TRANSACTION). */
export type Maildrop = { folderId: string; uidValidity: bigint; messages: MaildropMessage[] };

/** A mailbox's INBOX, the POP3 maildrop: its messages in ascending UID order. Plain SQL (lib/db-reader.ts): every POP3 login runs it. */
export async function listMaildrop(deps: StoreDeps, mailboxId: string): Promise<Maildrop> {
  const sql = readerFor(deps.db);
  const folder = await readFolder(sql, mailboxId, "INBOX");
  const rows = await sql.query<Record<string, unknown>>(`SELECT "uid", "size", "isSeen", "blobHash" FROM "Message" WHERE "folderId" = ? ORDER BY "uid"`, [folder.id]);
  return {
    folderId: folder.id,
    uidValidity: folder.uidValidity,
    messages: rows.map((row) => ({ uid: toInt(row.uid), size: toInt(row.size), isSeen: toBool(row.isSeen), blobHash: row.blobHash as string })),
  };
}

/** A maildrop message's bytes, from its Blob row when they are kept there, else from the blob store. */
export async function readMaildropMessage(deps: StoreDeps, message: Pick<MaildropMessage, "blobHash" | "size">): Promise<Buffer> {
  const [row] = await readerFor(deps.db).query<{ content: Uint8Array | null }>(`SELECT "content" FROM "Blob" WHERE "hash" = ?`, [message.blobHash]);
  if (!row) throw new AppError("NOT_FOUND", "The message's content is gone.");
  return readBlobRange(deps.blobs, { hash: message.blobHash, content: row.content }, 0, message.size);
}
