import { AppError } from "../errors.ts";
import type { Db } from "../db.ts";
import { providerOf } from "../db.ts";
import { notifyChange } from "../db-change-notify.ts";
import { prismaSql } from "../sql.ts";
import { removeMessageText } from "../db-full-text.ts";
import { FOLDER_SEPARATOR, isSameOrInside, normalizeFolderName } from "./folder-name.ts";
import { findFolder } from "./find-folder.ts";
import { nextUidValidity } from "./uid-validity.ts";
import { releaseBlobs } from "./blob-references.ts";
import { lockMailbox, lockFolders } from "./lock-folder.ts";
import { addSubscriptions, moveSubscription } from "./subscriptions.ts";

// Folder operations every protocol needs. The caller has authenticated the mailbox; these
// functions only ever touch folders of the mailbox id they are given.

/** Every folder of the mailbox, in name order, with its counters. */
export async function listFolders(db: Db, mailboxId: string) {
  return db.folder.findMany({ where: { mailboxId }, orderBy: { name: "asc" } });
}

/** Creates a folder (and any missing parents, as RFC 9051 §6.3.4 allows). CONFLICT when it exists. */
export async function createFolder(db: Db, input: { mailboxId: string; name: string }) {
  const name = normalizeFolderName(input.name);
  if (name === "INBOX") throw new AppError("CONFLICT", "INBOX always exists.");
  return db.$transaction(async (tx) => {
    await lockMailbox(prismaSql(tx, providerOf(db)), input.mailboxId);
    const levels = name.split(FOLDER_SEPARATOR);
    const wanted = levels.map((_, i) => levels.slice(0, i + 1).join(FOLDER_SEPARATOR));
    const existing = new Set((await tx.folder.findMany({ where: { mailboxId: input.mailboxId, name: { in: wanted } }, select: { name: true } })).map((f) => f.name));
    if (existing.has(name)) throw new AppError("CONFLICT", `The folder "${name}" already exists.`);
    const uidValidity = await nextUidValidity(tx, input.mailboxId);
    const created = wanted.filter((n) => !existing.has(n));
    await tx.folder.createMany({ data: created.map((n) => ({ mailboxId: input.mailboxId, name: n, uidValidity })) });
    await addSubscriptions(prismaSql(tx, providerOf(db)), input.mailboxId, created);
    await notifyChange(prismaSql(tx, providerOf(db)), input.mailboxId);
    return tx.folder.findUniqueOrThrow({ where: { mailboxId_name: { mailboxId: input.mailboxId, name } } });
  });
}

/**
 * Renames a folder and everything below it. Renaming INBOX is refused here (RFC 9051 §6.3.6
 * describes a move-all-messages special case that clients rarely mean and users never expect).
 */
export async function renameFolder(db: Db, input: { mailboxId: string; from: string; to: string }) {
  const from = normalizeFolderName(input.from);
  const to = normalizeFolderName(input.to);
  if (from === "INBOX") throw new AppError("INVALID_INPUT", "INBOX cannot be renamed.");
  if (to === "INBOX" || isSameOrInside(to, from)) throw new AppError("INVALID_INPUT", `"${from}" cannot be renamed to "${to}".`);
  await db.$transaction(async (tx) => {
    await lockMailbox(prismaSql(tx, providerOf(db)), input.mailboxId);
    await findFolder(tx, input.mailboxId, from);
    const subtree = await tx.folder.findMany({ where: { mailboxId: input.mailboxId, OR: [{ name: from }, { name: { startsWith: from + FOLDER_SEPARATOR } }] } });
    const targets = subtree.map((folder) => to + folder.name.slice(from.length));
    // Moving a subtree deeper can push a descendant past the length or depth limit: this throws for it.
    targets.forEach(normalizeFolderName);
    const clash = await tx.folder.findFirst({ where: { mailboxId: input.mailboxId, name: { in: targets } } });
    if (clash) throw new AppError("CONFLICT", `The folder "${clash.name}" already exists.`);
    // A renamed folder is a new name for clients' caches: RFC 9051 §6.3.6 lets UIDVALIDITY stay,
    // since the messages and UIDs are unchanged.
    for (const [i, folder] of subtree.entries()) {
      await tx.folder.update({ where: { id: folder.id }, data: { name: targets[i]! } });
      await moveSubscription(prismaSql(tx, providerOf(db)), input.mailboxId, folder.name, targets[i]!);
    }
    const parents = to.split(FOLDER_SEPARATOR).slice(0, -1).map((_, i, all) => all.slice(0, i + 1).join(FOLDER_SEPARATOR));
    const existingParents = new Set((await tx.folder.findMany({ where: { mailboxId: input.mailboxId, name: { in: parents } }, select: { name: true } })).map((f) => f.name));
    const missing = parents.filter((p) => !existingParents.has(p));
    if (missing.length > 0) {
      const uidValidity = await nextUidValidity(tx, input.mailboxId);
      await tx.folder.createMany({ data: missing.map((name) => ({ mailboxId: input.mailboxId, name, uidValidity })) });
      await addSubscriptions(prismaSql(tx, providerOf(db)), input.mailboxId, missing);
    }
    await notifyChange(prismaSql(tx, providerOf(db)), input.mailboxId);
  });
}

/**
 * Deletes a folder and its messages. INBOX and folders with children are refused (RFC 9051
 * §6.3.5 lets servers refuse the latter; deleting a subtree by accident loses mail).
 */
export async function deleteFolder(db: Db, input: { mailboxId: string; name: string }) {
  const name = normalizeFolderName(input.name);
  if (name === "INBOX") throw new AppError("INVALID_INPUT", "INBOX cannot be deleted.");
  const provider = providerOf(db);
  await db.$transaction(async (tx) => {
    await lockMailbox(prismaSql(tx, provider), input.mailboxId);
    const folder = await findFolder(tx, input.mailboxId, name);
    await lockFolders(prismaSql(tx, provider), [folder.id]);
    const child = await tx.folder.findFirst({ where: { mailboxId: input.mailboxId, name: { startsWith: name + FOLDER_SEPARATOR } }, select: { name: true } });
    if (child) throw new AppError("CONFLICT", `"${name}" has subfolders (such as "${child.name}"): delete or move them first.`);
    const messages = await tx.message.findMany({ where: { folderId: folder.id }, select: { id: true, blobHash: true, searchRowId: true } });
    await removeMessageText(prismaSql(tx, provider), messages);
    await tx.$executeRaw`UPDATE "Mailbox" SET "usedBytes" = "usedBytes" - ${Number(folder.totalBytes)} WHERE "id" = ${input.mailboxId}`;
    await tx.folder.delete({ where: { id: folder.id } });
    await tx.change.create({ data: { mailboxId: input.mailboxId, folderId: folder.id, modseq: folder.highestModseq + 1n, kind: "FOLDER" } });
    await notifyChange(prismaSql(tx, provider), input.mailboxId);
    await releaseBlobs(prismaSql(tx, provider), messages.map((m) => m.blobHash));
  });
}
