import { z } from "zod";
import { AppError, invalidInput } from "../errors.ts";
import { canReadMail } from "../auth/permissions.ts";
import type { Actor } from "../auth/principal.ts";
import { readerFor } from "../db-reader.ts";
import { toBool, toDate, toInt } from "../db-row.ts";
import { readFolder, type FolderRef } from "./find-folder.ts";
import type { StoreDeps } from "./store-deps.ts";

export const MESSAGE_SORTS = ["date", "from", "subject", "size"] as const;
export type MessageSort = (typeof MESSAGE_SORTS)[number];

export const ListMessagePageInput = z.object({
  offset: z.number().int().min(0).max(10_000_000),
  limit: z.number().int().min(1).max(200),
  sort: z.enum(MESSAGE_SORTS),
  dir: z.enum(["asc", "desc"]),
});

/** One row of the webmail's message list: only what a row shows, never the envelope or the MIME tree. */
export type MessageListRow = {
  id: string;
  uid: number;
  fromName: string;
  fromAddress: string;
  subject: string;
  preview: string;
  internalDate: Date;
  size: number;
  isSeen: boolean;
  isFlagged: boolean;
  isAnswered: boolean;
  hasAttachments: boolean;
  threadId: string;
};

/** What a list row reads of Message (toMessageListRow decodes it). */
export const MESSAGE_LIST_COLUMNS = `"id", "uid", "fromName", "fromAddress", "subject", "preview", "internalDate", "size", "isSeen", "isFlagged", "isAnswered", "hasAttachments", "threadId"`;

export type MessagePage = { folderId: string; total: number; offset: number; rows: MessageListRow[] };

/**
 * The ORDER BY of each sort: exactly the columns of one of Message's (folderId, …) indexes, then
 * the UID, so the database walks the index and stops after the page instead of sorting the folder
 * (a 100,000-message folder's first page in a few milliseconds on either database).
 */
const ORDER_COLUMNS: Record<MessageSort, string[]> = {
  date: [`"internalDate"`],
  from: [`"fromName"`, `"fromAddress"`],
  subject: [`"baseSubject"`],
  size: [`"size"`],
};

/**
 * One page of a folder's messages, sorted, ties broken by UID in the same direction. `total` is
 * the folder's exact message counter, so no COUNT(*) runs. Only the actor's own mail (canReadMail).
 */
export async function listMessagePage(
  deps: StoreDeps,
  input: { actor: Actor; mailboxId: string; folder: FolderRef; offset: number; limit: number; sort: MessageSort; dir: "asc" | "desc" },
): Promise<MessagePage> {
  if (!canReadMail(input.actor, input.mailboxId)) throw new AppError("FORBIDDEN", "Only the mailbox itself reads its mail.");
  const parsed = ListMessagePageInput.safeParse({ offset: input.offset, limit: input.limit, sort: input.sort, dir: input.dir });
  if (!parsed.success) throw invalidInput("Message list", parsed.error.issues);
  const { offset, limit, sort, dir } = parsed.data;
  const sql = readerFor(deps.db);
  const folder = await readFolder(sql, input.mailboxId, input.folder);
  const direction = dir === "asc" ? "ASC" : "DESC";
  const orderBy = [...ORDER_COLUMNS[sort], `"uid"`].map((column) => `${column} ${direction}`).join(", ");
  const rows = await sql.query<Record<string, unknown>>(
    `SELECT ${MESSAGE_LIST_COLUMNS} FROM "Message" WHERE "folderId" = ? ORDER BY ${orderBy} LIMIT ? OFFSET ?`,
    [folder.id, limit, offset],
  );
  return {
    folderId: folder.id,
    total: folder.messageCount,
    offset,
    rows: rows.map(toMessageListRow),
  };
}

/** A row selected with MESSAGE_LIST_COLUMNS, in the data model's types. */
export function toMessageListRow(row: Record<string, unknown>): MessageListRow {
  return {
    id: row.id as string,
    uid: toInt(row.uid),
    fromName: row.fromName as string,
    fromAddress: row.fromAddress as string,
    subject: row.subject as string,
    preview: row.preview as string,
    internalDate: toDate(row.internalDate),
    size: toInt(row.size),
    isSeen: toBool(row.isSeen),
    isFlagged: toBool(row.isFlagged),
    isAnswered: toBool(row.isAnswered),
    hasAttachments: toBool(row.hasAttachments),
    threadId: row.threadId as string,
  };
}
