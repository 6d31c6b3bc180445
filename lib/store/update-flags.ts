import type { Db } from "../db.ts";
import type { Sql } from "../sql.ts";
import { toBigInt, toInt } from "../db-row.ts";
import { columnsToFlags, FLAG_COLUMNS_SQL, flagsToColumns, rowToFlagColumns, splitKeywords, type FlagColumns } from "./flags.ts";
import { readFolder, type FolderRef } from "./find-folder.ts";
import { lockFolders, lockMailbox } from "./lock-folder.ts";
import { allocateModseq } from "./allocate-modseq.ts";
import { recordChanges } from "./record-changes.ts";
import { runStoreWrite } from "./store-transaction.ts";
import { uidBounds, type UidRanges } from "./uid-ranges.ts";

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
export function updateFlags(db: Db, input: UpdateFlagsInput): Promise<UpdateFlagsResult> {
  return runStoreWrite(db, "updateFlags", input);
}

type FlagRow = FlagColumns & { id: string; uid: number; modseq: bigint };

/** updateFlags inside a transaction (store-writes.ts). */
export async function updateFlagsIn(sql: Sql, input: UpdateFlagsInput): Promise<UpdateFlagsResult> {
  const requested = flagsToColumns(input.flags);
  const requestedKeywords = splitKeywords(requested.keywords);
  // Write first (SQLite), mailbox before folder (the store's one lock order).
  await lockMailbox(sql, input.mailboxId);
  const folder = await readFolder(sql, input.mailboxId, input.folder);
  await lockFolders(sql, [folder.id]);
  const rows = await readFlagRows(sql, folder.id, input.uids);
  const modified: number[] = [];
  const changes: { row: FlagRow; next: FlagColumns }[] = [];
  const results: UpdateFlagsResult["messages"] = [];
  for (const row of rows) {
    if (input.unchangedSince !== undefined && row.modseq > input.unchangedSince) {
      modified.push(row.uid);
      continue;
    }
    const next = applyMode(row, requested, requestedKeywords, input.mode);
    const changed = SYSTEM_COLUMNS.some((c) => next[c] !== row[c]) || next.keywords !== row.keywords;
    if (changed) changes.push({ row, next });
    results.push({ uid: row.uid, modseq: row.modseq, flags: columnsToFlags(next), changed });
  }
  if (changes.length > 0) {
    const unseenDelta = changes.reduce((sum, { row, next }) => sum + (row.isSeen === next.isSeen ? 0 : next.isSeen ? -1 : 1), 0);
    const { modseq } = await allocateModseq(sql, folder.id, { unseen: unseenDelta });
    await writeFlags(sql, changes, modseq);
    await recordChanges(sql, changes.map(({ row }) => ({ mailboxId: input.mailboxId, folderId: folder.id, modseq, kind: "FLAGS", uid: row.uid })));
    for (const result of results) if (result.changed) result.modseq = modseq;
  }
  return { messages: results, modified };
}

async function readFlagRows(sql: Sql, folderId: string, uids: UidRanges): Promise<FlagRow[]> {
  const bounds = uidBounds(uids);
  const rows = await sql.query<Record<string, unknown>>(`SELECT "id", "uid", "modseq", ${FLAG_COLUMNS_SQL} FROM "Message" WHERE "folderId" = ? AND ${bounds.where} ORDER BY "uid"`, [folderId, ...bounds.params]);
  return rows
    .filter((row) => bounds.includes(toInt(row.uid)))
    .map((row) => ({ id: row.id as string, uid: toInt(row.uid), modseq: toBigInt(row.modseq), ...rowToFlagColumns(row) }));
}

/** One UPDATE per distinct outcome (a STORE usually gives all its messages the same flags), 500 ids at a time. */
async function writeFlags(sql: Sql, changes: { row: FlagRow; next: FlagColumns }[], modseq: bigint): Promise<void> {
  const byOutcome = new Map<string, { next: FlagColumns; ids: string[] }>();
  for (const { row, next } of changes) {
    const key = [...SYSTEM_COLUMNS.map((c) => (next[c] ? 1 : 0)), next.keywords].join(" ");
    const group = byOutcome.get(key) ?? { next, ids: [] };
    group.ids.push(row.id);
    byOutcome.set(key, group);
  }
  for (const { next, ids } of byOutcome.values()) {
    for (let i = 0; i < ids.length; i += 500) {
      const chunk = ids.slice(i, i + 500);
      await sql.execute(
        `UPDATE "Message" SET "isSeen" = ?, "isAnswered" = ?, "isFlagged" = ?, "isDeleted" = ?, "isDraft" = ?, "keywords" = ?, "modseq" = ? WHERE "id" IN (${chunk.map(() => "?").join(",")})`,
        [next.isSeen, next.isAnswered, next.isFlagged, next.isDeleted, next.isDraft, next.keywords, modseq, ...chunk],
      );
    }
  }
}

function applyMode(current: FlagColumns, requested: FlagColumns, requestedKeywords: string[], mode: FlagMode): FlagColumns {
  if (mode === "set") return requested;
  const next: FlagColumns = { isSeen: current.isSeen, isAnswered: current.isAnswered, isFlagged: current.isFlagged, isDeleted: current.isDeleted, isDraft: current.isDraft, keywords: current.keywords };
  for (const column of SYSTEM_COLUMNS) if (requested[column]) next[column] = mode === "add";
  const keywords = splitKeywords(current.keywords);
  const has = (k: string) => keywords.some((existing) => existing.toLowerCase() === k.toLowerCase());
  const kept = mode === "add" ? [...keywords, ...requestedKeywords.filter((k) => !has(k))] : keywords.filter((k) => !requestedKeywords.some((r) => r.toLowerCase() === k.toLowerCase()));
  next.keywords = kept.join(" ");
  return next;
}
