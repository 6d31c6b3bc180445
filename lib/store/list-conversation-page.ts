import { z } from "zod";
import { AppError, invalidInput } from "../errors.ts";
import { canReadMail } from "../auth/permissions.ts";
import type { Actor } from "../auth/principal.ts";
import { readerFor } from "../db-reader.ts";
import type { Sql } from "../sql.ts";
import { toInt } from "../db-row.ts";
import { readFolder, type FolderRef } from "./find-folder.ts";
import type { StoreDeps } from "./store-deps.ts";
import { toMessageListRow, type MessageListRow } from "./list-message-page.ts";

export const ListConversationPageInput = z.object({
  offset: z.number().int().min(0).max(10_000_000),
  limit: z.number().int().min(1).max(200),
});

/**
 * A conversation in a folder's list: its newest message's row, how many messages it has there and
 * how many are unread, and who wrote them (names, else addresses; first to write first, at most
 * MAX_PARTICIPANTS).
 */
export type ConversationListRow = MessageListRow & { messageCount: number; unreadCount: number; isAnyFlagged: boolean; participants: string[] };

/** A row has room for a few names; the count says there were more messages. */
const MAX_PARTICIPANTS = 4;

export type ConversationPage = { folderId: string; total: number; offset: number; rows: ConversationListRow[] };

/**
 * The conversation view of a folder: its messages grouped by thread (lib/store/thread-id.ts gives
 * every message its thread at delivery), newest conversation first, each shown by its newest
 * message (the highest UID: UIDs rise with arrival). The grouping reads the folder's (folderId,
 * threadId) pairs through an index; only the page's newest messages are read in full.
 */
export async function listConversationPage(
  deps: StoreDeps,
  input: { actor: Actor; mailboxId: string; folder: FolderRef; offset: number; limit: number },
): Promise<ConversationPage> {
  if (!canReadMail(input.actor, input.mailboxId)) throw new AppError("FORBIDDEN", "Only the mailbox itself reads its mail.");
  const parsed = ListConversationPageInput.safeParse({ offset: input.offset, limit: input.limit });
  if (!parsed.success) throw invalidInput("Conversation list", parsed.error.issues);
  const sql = readerFor(deps.db);
  const folder = await readFolder(sql, input.mailboxId, input.folder);
  const [counted] = await sql.query<{ total: unknown }>(`SELECT COUNT(DISTINCT "threadId") AS "total" FROM "Message" WHERE "folderId" = ?`, [folder.id]);
  const rows = await sql.query<Record<string, unknown>>(
    `SELECT m."id", m."uid", m."fromName", m."fromAddress", m."subject", m."preview", m."internalDate", m."size", m."isSeen", m."isFlagged", m."isAnswered", m."hasAttachments", m."threadId",
            t."messageCount", t."unreadCount", t."flaggedCount"
     FROM (SELECT "threadId", MAX("uid") AS "lastUid", COUNT(*) AS "messageCount",
                  SUM(CASE WHEN "isSeen" THEN 0 ELSE 1 END) AS "unreadCount", SUM(CASE WHEN "isFlagged" THEN 1 ELSE 0 END) AS "flaggedCount"
           FROM "Message" WHERE "folderId" = ? GROUP BY "threadId" ORDER BY MAX("uid") DESC LIMIT ? OFFSET ?) t
     JOIN "Message" m ON m."folderId" = ? AND m."uid" = t."lastUid"
     ORDER BY m."uid" DESC`,
    [folder.id, parsed.data.limit, parsed.data.offset, folder.id],
  );
  const participants = await readParticipants(sql, folder.id, rows.map((row) => row.threadId as string));
  return {
    folderId: folder.id,
    total: toInt(counted!.total),
    offset: parsed.data.offset,
    rows: rows.map((row) => ({
      ...toMessageListRow(row),
      messageCount: toInt(row.messageCount),
      unreadCount: toInt(row.unreadCount),
      isAnyFlagged: toInt(row.flaggedCount) > 0,
      participants: participants.get(row.threadId as string) ?? [],
    })),
  };
}

/** The senders of each of the page's conversations in this folder, in the order they first wrote (one query through the (folderId, threadId) index). */
async function readParticipants(sql: Sql, folderId: string, threadIds: string[]): Promise<Map<string, string[]>> {
  const byThread = new Map<string, string[]>();
  if (threadIds.length === 0) return byThread;
  const senders = await sql.query<{ threadId: string; fromName: string; fromAddress: string; firstUid: unknown }>(
    `SELECT "threadId", "fromName", "fromAddress", MIN("uid") AS "firstUid" FROM "Message"
     WHERE "folderId" = ? AND "threadId" IN (${threadIds.map(() => "?").join(", ")})
     GROUP BY "threadId", "fromName", "fromAddress" ORDER BY MIN("uid")`,
    [folderId, ...threadIds],
  );
  for (const sender of senders) {
    const names = byThread.get(sender.threadId) ?? [];
    const name = sender.fromName || sender.fromAddress || "(no sender)";
    if (names.length < MAX_PARTICIPANTS && !names.includes(name)) names.push(name);
    byThread.set(sender.threadId, names);
  }
  return byThread;
}
