import type { Db } from "../db.ts";
import { updateFlags } from "./update-flags.ts";
import { expungeMessages } from "./expunge-messages.ts";

/**
 * Removes one message for good (a draft replaced by its next version, or sent): marked \Deleted
 * and expunged by its UID alone, so other \Deleted messages of the folder stay until the user
 * expunges them. IMAP sessions see the EXPUNGE through the change feed.
 */
export async function removeMessage(db: Db, input: { mailboxId: string; folderId: string; uid: number }): Promise<void> {
  const folder = { id: input.folderId };
  const uids = [[input.uid, input.uid]] as const;
  await updateFlags(db, { mailboxId: input.mailboxId, folder, uids, mode: "add", flags: ["\\Deleted"] });
  await expungeMessages(db, { mailboxId: input.mailboxId, folder, uids });
}
