import type { Db } from "../db.ts";
import type { Actor } from "../auth/principal.ts";
import { assertAllowed, canReadMail } from "../auth/permissions.ts";
import { AppError } from "../errors.ts";
import { findFolder } from "./find-folder.ts";
import { updateFlags } from "./update-flags.ts";
import { expungeMessages } from "./expunge-messages.ts";
import { MAX_STORED_UID } from "./uid-ranges.ts";

/** "Empty Trash" (or Junk): deletes every message in it for good. Other folders are refused. */
export async function emptyFolder(db: Db, input: { actor: Actor; folderId: string }): Promise<{ count: number }> {
  const { actor } = input;
  if (actor.kind !== "mailbox") throw new AppError("FORBIDDEN", "Only a mailbox acts on its mail.");
  assertAllowed(canReadMail(actor, actor.mailboxId), "Mail is read and changed only by its own mailbox.");
  const folder = await findFolder(db, actor.mailboxId, { id: input.folderId });
  if (folder.specialUse !== "TRASH" && folder.specialUse !== "JUNK") throw new AppError("INVALID_INPUT", "Only Trash and Junk can be emptied.");
  const everything = [[1, MAX_STORED_UID]] as const;
  await updateFlags(db, { mailboxId: actor.mailboxId, folder: { id: folder.id }, uids: everything, mode: "add", flags: ["\\Deleted"] });
  const { uids } = await expungeMessages(db, { mailboxId: actor.mailboxId, folder: { id: folder.id }, uids: everything });
  return { count: uids.length };
}
