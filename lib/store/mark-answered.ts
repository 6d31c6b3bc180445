import type { Db } from "../db.ts";
import { updateFlags } from "./update-flags.ts";

/**
 * After a reply has gone: the message it answers (by its Message-ID, in any folder of the mailbox)
 * gets \Answered, as every mail client sets it, so the list and IMAP clients show it was answered.
 */
export async function markAnswered(db: Db, input: { mailboxId: string; inReplyTo: string }): Promise<void> {
  // Stored as parsed; matched with and without the angle brackets to be safe either way.
  const ids = [...new Set([input.inReplyTo, input.inReplyTo.replace(/^<|>$/g, "")])];
  const originals = await db.message.findMany({ where: { mailboxId: input.mailboxId, messageIdHeader: { in: ids } }, select: { folderId: true, uid: true }, take: 20 });
  for (const original of originals) {
    await updateFlags(db, { mailboxId: input.mailboxId, folder: { id: original.folderId }, uids: [[original.uid, original.uid]], mode: "add", flags: ["\\Answered"] });
  }
}
