import { AppError } from "../errors.ts";
import { canReadMail } from "../auth/permissions.ts";
import type { Actor } from "../auth/principal.ts";
import { readerFor } from "../db-reader.ts";
import { toBool, toInt } from "../db-row.ts";
import { updateFlags } from "./update-flags.ts";
import type { StoreDeps } from "./store-deps.ts";

/**
 * Adds \Seen to one message of the actor's own mailbox (opening it in webmail). Nothing is written
 * when it is already seen. NOT_FOUND for another mailbox's message, as everywhere in webmail.
 */
export async function markMessageSeen(deps: StoreDeps, input: { actor: Actor; messageId: string }): Promise<{ changed: boolean }> {
  const [row] = await readerFor(deps.db).query<Record<string, unknown>>(`SELECT "mailboxId", "folderId", "uid", "isSeen" FROM "Message" WHERE "id" = ?`, [input.messageId]);
  if (!row || !canReadMail(input.actor, row.mailboxId as string)) throw new AppError("NOT_FOUND", "There is no such message.");
  if (toBool(row.isSeen)) return { changed: false };
  const uid = toInt(row.uid);
  const result = await updateFlags(deps.db, { mailboxId: row.mailboxId as string, folder: { id: row.folderId as string }, uids: [[uid, uid]], mode: "add", flags: ["\\Seen"] });
  return { changed: result.messages.some((message) => message.changed) };
}
