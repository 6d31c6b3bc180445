import type { StoreDeps } from "./store-deps.ts";
import { ingestMessage } from "./ingest-message.ts";
import { findFolderId } from "./find-folder.ts";
import { readerFor } from "../db-reader.ts";
import { AppError } from "../errors.ts";
import { locateMessage, type LocatedMessage } from "./locate-message.ts";
import { removeMessage } from "./remove-message.ts";

/**
 * Files a draft in the mailbox's Drafts folder (flagged \Draft and \Seen, as IMAP clients file
 * theirs) and removes the version it replaces, so a draft saved every few seconds stays one
 * message. The new version is committed before the old one goes: a crash between leaves two
 * copies, never none. Returns the new message's id.
 */
export async function saveDraft(store: StoreDeps, input: { mailboxId: string; raw: Buffer; previousId?: string | null }): Promise<{ id: string }> {
  const previous = input.previousId ? await findDraft(store, input.mailboxId, input.previousId) : null;
  const saved = await ingestMessage(store, { mailboxId: input.mailboxId, folder: { specialUse: "DRAFTS" }, raw: input.raw, flags: ["\\Draft", "\\Seen"], source: "webmail" });
  if (previous) await removeMessage(store.db, { mailboxId: input.mailboxId, folderId: previous.folderId, uid: previous.uid });
  return { id: saved.id };
}

/**
 * The previous version of a draft: a \Draft message in the Drafts folder of this mailbox; null
 * when it is gone already (sent from another tab, deleted by an IMAP client). Anything else is
 * refused, so a forged id cannot remove a message that is not a draft.
 */
export async function findDraft(store: StoreDeps, mailboxId: string, messageId: string): Promise<LocatedMessage | null> {
  let located: LocatedMessage;
  try {
    located = await locateMessage(store.db, { mailboxId, messageId });
  } catch (error) {
    if (error instanceof AppError && error.code === "NOT_FOUND") return null;
    throw error;
  }
  const draftsId = await findFolderId(readerFor(store.db), mailboxId, { specialUse: "DRAFTS" });
  if (!located.isDraft || located.folderId !== draftsId) throw new AppError("INVALID_INPUT", "That message is not a draft.");
  return located;
}
