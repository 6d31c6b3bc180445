import { z } from "zod";
import type { Db } from "../db.ts";
import type { Actor } from "../auth/principal.ts";
import { assertAllowed, canReadMail } from "../auth/permissions.ts";
import { AppError, invalidInput } from "../errors.ts";
import { findFolder } from "./find-folder.ts";
import { createFolder, deleteFolder, renameFolder } from "./folders.ts";
import { emptyFolder } from "./empty-folder.ts";

/**
 * The webmail's folder changes: create (optionally inside a parent), rename, move under another
 * folder (drag to nest: a rename of the whole path), delete, empty Trash or Junk. The special
 * folders (Sent, Drafts, Trash, Junk, Archive, INBOX) keep their names and places: clients find
 * them by role, but a user who renames Sent by accident loses track of it.
 */
export const ChangeOwnFolderInput = z.discriminatedUnion("op", [
  z.object({ op: z.literal("create"), name: z.string().trim().min(1).max(200), parentId: z.string().min(1).max(64).optional() }),
  z.object({ op: z.literal("rename"), folderId: z.string().min(1).max(64), name: z.string().trim().min(1).max(200) }),
  z.object({ op: z.literal("nest"), folderId: z.string().min(1).max(64), parentId: z.string().min(1).max(64).nullable() }),
  z.object({ op: z.literal("delete"), folderId: z.string().min(1).max(64) }),
  z.object({ op: z.literal("empty"), folderId: z.string().min(1).max(64) }),
]);

export async function changeOwnFolder(db: Db, input: { actor: Actor } & z.input<typeof ChangeOwnFolderInput>): Promise<{ folderId?: string; count?: number }> {
  const parsed = ChangeOwnFolderInput.safeParse(input);
  if (!parsed.success) throw invalidInput("Folder", parsed.error.issues);
  const change = parsed.data;
  const { actor } = input;
  if (actor.kind !== "mailbox") throw new AppError("FORBIDDEN", "Only a mailbox changes its folders.");
  assertAllowed(canReadMail(actor, actor.mailboxId), "Folders are changed only by their own mailbox.");
  const mailboxId = actor.mailboxId;
  if (change.op === "empty") return emptyFolder(db, { actor, folderId: change.folderId });
  if ("name" in change && change.name.includes("/")) throw new AppError("INVALID_INPUT", "A folder name cannot contain “/”: create the folder inside another one instead.");

  const pathUnder = async (parentId: string | null | undefined, name: string) => (parentId ? `${(await findFolder(db, mailboxId, { id: parentId })).name}/${name}` : name);
  if (change.op === "create") {
    const folder = await createFolder(db, { mailboxId, name: await pathUnder(change.parentId, change.name) });
    return { folderId: folder.id };
  }
  const folder = await findFolder(db, mailboxId, { id: change.folderId });
  if (folder.specialUse) throw new AppError("INVALID_INPUT", `${folder.name} is a special folder: it cannot be renamed, moved or deleted.`);
  const leaf = folder.name.slice(folder.name.lastIndexOf("/") + 1);
  const parentPath = folder.name.includes("/") ? folder.name.slice(0, folder.name.lastIndexOf("/")) : null;
  if (change.op === "delete") {
    await deleteFolder(db, { mailboxId, name: folder.name });
    return {};
  }
  const to = change.op === "rename" ? (parentPath ? `${parentPath}/${change.name}` : change.name) : await pathUnder(change.parentId, leaf);
  if (to === folder.name) return { folderId: folder.id };
  await renameFolder(db, { mailboxId, from: folder.name, to });
  return { folderId: folder.id };
}
