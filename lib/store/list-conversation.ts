import { AppError } from "../errors.ts";
import { canReadMail } from "../auth/permissions.ts";
import type { Actor } from "../auth/principal.ts";
import type { Db } from "../db.ts";

export type ConversationMessage = {
  id: string;
  folderId: string;
  folderName: string;
  fromName: string;
  fromAddress: string;
  subject: string;
  preview: string;
  internalDate: Date;
  isSeen: boolean;
  isFlagged: boolean;
  hasAttachments: boolean;
};

/**
 * Every message of a message's conversation in the mailbox, oldest first, wherever it is filed
 * (a reply in Sent belongs with the message in INBOX it answers) except Trash and Junk, unless the
 * message asked about is itself there. NOT_FOUND for another mailbox's message.
 */
export async function listConversation(db: Db, input: { actor: Actor; messageId: string }): Promise<ConversationMessage[]> {
  const { actor } = input;
  const message = await db.message.findUnique({ where: { id: input.messageId }, select: { mailboxId: true, threadId: true, folder: { select: { specialUse: true } } } });
  if (!message || actor.kind !== "mailbox" || message.mailboxId !== actor.mailboxId || !canReadMail(actor, message.mailboxId)) throw new AppError("NOT_FOUND", "There is no such message.");
  const isInBin = message.folder.specialUse === "TRASH" || message.folder.specialUse === "JUNK";
  const rows = await db.message.findMany({
    where: { mailboxId: message.mailboxId, threadId: message.threadId, ...(isInBin ? {} : { folder: { OR: [{ specialUse: null }, { specialUse: { notIn: ["TRASH", "JUNK"] } }] } }) },
    orderBy: [{ internalDate: "asc" }, { id: "asc" }],
    take: 500,
    select: { id: true, folderId: true, folder: { select: { name: true } }, fromName: true, fromAddress: true, subject: true, preview: true, internalDate: true, isSeen: true, isFlagged: true, hasAttachments: true },
  });
  return rows.map(({ folder, ...row }) => ({ ...row, folderName: folder.name }));
}
