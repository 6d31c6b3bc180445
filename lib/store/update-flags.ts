import type { Db } from "../db.ts";
import { providerOf } from "../db.ts";
import { notifyChange } from "../db-change-notify.ts";
import { prismaSql } from "../sql.ts";
import { columnsToFlags, flagsToColumns, splitKeywords, type FlagColumns } from "./flags.ts";
import { findFolder, type FolderRef } from "./find-folder.ts";
import { lockFolders, lockMailbox } from "./lock-folder.ts";
import { allocateModseq } from "./allocate-modseq.ts";
import { uidFilter, type UidRanges } from "./uid-ranges.ts";

export type FlagMode = "set" | "add" | "remove";

export type UpdateFlagsInput = {
  mailboxId: string;
  folder: FolderRef;
  uids: UidRanges;
  mode: FlagMode;
  flags: readonly string[];
  /** RFC 7162 UNCHANGEDSINCE: messages modified after this MODSEQ are left alone and reported. */
  unchangedSince?: bigint;
};

export type UpdateFlagsResult = {
  /** Every message the command addressed that exists, with its flags after the command. */
  messages: { uid: number; modseq: bigint; flags: string[]; changed: boolean }[];
  /** UIDs refused because of UNCHANGEDSINCE (IMAP's [MODIFIED]). */
  modified: number[];
};

const SYSTEM_COLUMNS = ["isSeen", "isAnswered", "isFlagged", "isDeleted", "isDraft"] as const;

/** IMAP STORE, webmail's read/flag buttons. All changed messages share one new MODSEQ. */
export async function updateFlags(db: Db, input: UpdateFlagsInput): Promise<UpdateFlagsResult> {
  const requested = flagsToColumns(input.flags);
  const requestedKeywords = splitKeywords(requested.keywords);
  return db.$transaction(async (tx) => {
    // Write first (SQLite), mailbox before folder (the store's one lock order).
    await lockMailbox(tx, input.mailboxId);
    const folder = await findFolder(tx, input.mailboxId, input.folder);
    await lockFolders(tx, [folder.id]);
    const rows = await tx.message.findMany({
      where: { folderId: folder.id, ...uidFilter(input.uids) },
      orderBy: { uid: "asc" },
      select: { id: true, uid: true, modseq: true, keywords: true, isSeen: true, isAnswered: true, isFlagged: true, isDeleted: true, isDraft: true },
    });
    const modified: number[] = [];
    const changes: { id: string; uid: number; next: FlagColumns }[] = [];
    const results: UpdateFlagsResult["messages"] = [];
    for (const row of rows) {
      if (input.unchangedSince !== undefined && row.modseq > input.unchangedSince) {
        modified.push(row.uid);
        continue;
      }
      const next = applyMode(row, requested, requestedKeywords, input.mode);
      const changed = SYSTEM_COLUMNS.some((c) => next[c] !== row[c]) || next.keywords !== row.keywords;
      if (changed) changes.push({ id: row.id, uid: row.uid, next });
      results.push({ uid: row.uid, modseq: row.modseq, flags: columnsToFlags(next), changed });
    }
    if (changes.length > 0) {
      const unseenDelta = changes.reduce((sum, c) => {
        const before = rows.find((r) => r.id === c.id)!.isSeen;
        return sum + (before === c.next.isSeen ? 0 : c.next.isSeen ? -1 : 1);
      }, 0);
      const { modseq } = await allocateModseq(prismaSql(tx, providerOf(db)), folder.id, { unseen: unseenDelta });
      for (const change of changes) await tx.message.update({ where: { id: change.id }, data: { ...change.next, modseq } });
      await tx.change.createMany({ data: changes.map((c) => ({ mailboxId: input.mailboxId, folderId: folder.id, modseq, kind: "FLAGS" as const, uid: c.uid })) });
      await notifyChange(prismaSql(tx, providerOf(db)), input.mailboxId);
      for (const result of results) if (result.changed) result.modseq = modseq;
    }
    return { messages: results, modified };
  });
}

function applyMode(current: FlagColumns, requested: FlagColumns, requestedKeywords: string[], mode: FlagMode): FlagColumns {
  if (mode === "set") return requested;
  const next = { ...current };
  for (const column of SYSTEM_COLUMNS) if (requested[column]) next[column] = mode === "add";
  const keywords = splitKeywords(current.keywords);
  const has = (k: string) => keywords.some((existing) => existing.toLowerCase() === k.toLowerCase());
  const kept = mode === "add" ? [...keywords, ...requestedKeywords.filter((k) => !has(k))] : keywords.filter((k) => !requestedKeywords.some((r) => r.toLowerCase() === k.toLowerCase()));
  next.keywords = kept.join(" ");
  return next;
}
