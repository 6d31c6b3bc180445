import { AppError } from "../errors.ts";
import type { Db } from "../db.ts";
import { providerOf } from "../db.ts";
import { notifyChange } from "../db-change-notify.ts";
import { prismaSql } from "../sql.ts";
import { copyMessageText } from "../db-full-text.ts";
import { findFolder, type FolderRef } from "./find-folder.ts";
import { lockFolders, lockMailbox } from "./lock-folder.ts";
import { allocateModseq } from "./allocate-modseq.ts";
import { removeMessages } from "./expunge-messages.ts";
import { uidFilter, type UidRanges } from "./uid-ranges.ts";
import { retainBlobs } from "./blob-references.ts";
import { newMessageId } from "./message-id.ts";

export type TransferInput = { mailboxId: string; from: FolderRef; to: FolderRef; uids: UidRanges };
export type TransferResult = { uidValidity: bigint; pairs: { from: number; to: number }[] };

/** IMAP COPY (RFC 4315 COPYUID pairs in the result). Copies use quota, as in Dovecot. */
export function copyMessages(db: Db, input: TransferInput): Promise<TransferResult> {
  return transferMessages(db, input, false);
}

/** IMAP MOVE (RFC 6851): copy and expunge as one atomic change; quota unchanged. */
export function moveMessages(db: Db, input: TransferInput): Promise<TransferResult> {
  return transferMessages(db, input, true);
}

async function transferMessages(db: Db, input: TransferInput, isMove: boolean): Promise<TransferResult> {
  const provider = providerOf(db);
  return db.$transaction(async (tx) => {
    const sql = prismaSql(tx, provider);
    await lockMailbox(sql, input.mailboxId);
    const source = await findFolder(tx, input.mailboxId, input.from);
    const target = await findFolder(tx, input.mailboxId, input.to);
    if (source.id === target.id && isMove) throw new AppError("INVALID_INPUT", "A message cannot be moved into the folder it is in.");
    await lockFolders(sql, [source.id, target.id]);
    const messages = await tx.message.findMany({ where: { folderId: source.id, ...uidFilter(input.uids) }, orderBy: { uid: "asc" } });
    if (messages.length === 0) return { uidValidity: target.uidValidity, pairs: [] };
    const bytes = messages.reduce((sum, m) => sum + m.size, 0);
    if (!isMove) {
      const charged = await tx.$executeRaw`UPDATE "Mailbox" SET "usedBytes" = "usedBytes" + ${bytes} WHERE "id" = ${input.mailboxId} AND "usedBytes" + ${bytes} <= "quotaBytes"`;
      if (charged !== 1) throw new AppError("QUOTA_EXCEEDED", "The mailbox is full.");
    }
    // The copies get consecutive UIDs in source order.
    const { firstUid, modseq, uidValidity } = await allocateModseq(sql, target.id, { newUids: messages.length, messages: messages.length, unseen: messages.filter((m) => !m.isSeen).length, bytes });
    const pairs: TransferResult["pairs"] = [];
    for (const [i, message] of messages.entries()) {
      // Everything but the identity, place, UID, MODSEQ and index row travels with the copy.
      const { id: _id, folderId: _folderId, uid: _uid, modseq: _modseq, searchRowId: _searchRowId, ...copied } = message;
      const id = newMessageId();
      const searchRowId = await copyMessageText(sql, message, id);
      await tx.message.create({ data: { ...copied, id, folderId: target.id, uid: firstUid + i, modseq, searchRowId }, select: { id: true } });
      pairs.push({ from: message.uid, to: firstUid + i });
    }
    await retainBlobs(sql, messages.map((m) => m.blobHash));
    await tx.change.createMany({ data: pairs.map((p) => ({ mailboxId: input.mailboxId, folderId: target.id, modseq, kind: "APPEND" as const, uid: p.to })) });
    if (isMove) await removeMessages(sql, { mailboxId: input.mailboxId, folderId: source.id, victims: messages, uncharge: false });
    else await notifyChange(sql, input.mailboxId);
    return { uidValidity, pairs };
  });
}

