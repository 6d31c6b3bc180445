import { AppError } from "../errors.ts";
import { insertRows, type Columns } from "../db-insert-rows.ts";
import { recordChanges } from "./record-changes.ts";
import { indexMessagesText } from "../db-full-text.ts";
import type { Sql, Transact } from "../sql.ts";
import { allocateModseq } from "./allocate-modseq.ts";
import { assignThreadIds, type ThreadHeaders } from "./thread-id.ts";
import { findFolderId, folderNotFound, type FolderRef } from "./find-folder.ts";
import type { FlagColumns } from "./flags.ts";
import type { Settled } from "./group-commit.ts";

// Plain SQL only (lib/sql.ts), no Prisma: on SQLite this runs on the writer thread
// (sqlite-ingest-writer.ts), on PostgreSQL in the process through Prisma.

/** A message ready to be written: parsed, indexed, its bytes in hand or (a large one) already a file. */
export type PreparedMessage = {
  id: string;
  size: number;
  blobHash: string;
  /** The raw bytes when they are stored in the Blob row (message-bytes.ts); null when they are a file. */
  inlineContent: Uint8Array | null;
  flags: FlagColumns;
  internalDate: Date;
  thread: ThreadHeaders;
  columns: {
    sentDate: Date | null;
    subject: string;
    fromName: string;
    fromAddress: string;
    toAddress: string;
    ccAddress: string;
    preview: string;
    hasAttachments: boolean;
    envelope: string;
    bodyStructure: string;
  };
  searchText: { headers: string; body: string };
};

/**
 * The unit of the write path: messages for one folder that commit together or not at all, with
 * consecutive UIDs in their order (IMAP MULTIAPPEND, RFC 3502). A delivery is an ingest of one.
 */
export type PreparedIngest = { mailboxId: string; folder: FolderRef; messages: PreparedMessage[] };

export type IngestResult = { id: string; folderId: string; uid: number; uidValidity: bigint; modseq: bigint; size: number; blobHash: string };

/** An ingest whose folder has been looked up. */
type Placed = { ingest: PreparedIngest; folderId: string };
/** A message of a charged ingest, with where it goes. */
type Filed = PreparedMessage & { mailboxId: string; folderId: string };

const MESSAGE_COLUMNS: Columns = [
  ["id", "text"], ["folderId", "text"], ["mailboxId", "text"], ["uid", "int"], ["modseq", "bigint"],
  ["isSeen", "bool"], ["isAnswered", "bool"], ["isFlagged", "bool"], ["isDeleted", "bool"], ["isDraft", "bool"], ["keywords", "text"],
  ["internalDate", "timestamp"], ["size", "int"], ["blobHash", "text"], ["sentDate", "timestamp"], ["messageIdHeader", "text"], ["inReplyTo", "text"],
  ["references", "text"], ["threadId", "text"], ["subject", "text"], ["baseSubject", "text"], ["fromName", "text"], ["fromAddress", "text"],
  ["toAddress", "text"], ["ccAddress", "text"], ["preview", "text"], ["hasAttachments", "bool"], ["envelope", "text"], ["bodyStructure", "text"], ["searchRowId", "int"],
];
const BLOB_COLUMNS: Columns = [["hash", "text"], ["size", "int"], ["refCount", "int"], ["createdAt", "timestamp"], ["content", "bytes"]];

/**
 * Writes a group of ingests in one transaction: their folders looked up (one query per distinct
 * folder, in the transaction, so a folder cannot vanish between lookup and write), quota charges,
 * UIDs and MODSEQs, blob references, the full-text index, the messages and their change-feed
 * entries, a handful of statements whatever the group's size. An ingest that cannot go in (no
 * such folder, mailbox full) is answered with its error, none of its messages written, and the rest
 * still commit; if the group's transaction fails as a whole (a folder deleted meanwhile), each
 * ingest is retried alone, so one bad ingest never takes its neighbours down with it. Answers each
 * ingest, in order, with its messages' results in their order.
 */
export async function commitIngests(transact: Transact, items: PreparedIngest[]): Promise<Settled<IngestResult[]>[]> {
  try {
    return await commitGroup(transact, items);
  } catch (error) {
    if (items.length === 1) return [{ ok: false, error }];
    const outcomes: Settled<IngestResult[]>[] = [];
    for (const item of items) outcomes.push(...(await commitIngests(transact, [item])));
    return outcomes;
  }
}

async function commitGroup(transact: Transact, items: PreparedIngest[]): Promise<Settled<IngestResult[]>[]> {
  const outcomes = new Map<PreparedIngest, Settled<IngestResult[]>>();
  await transact(async (sql) => {
    const placed = await placeInFolders(sql, items, outcomes);
    // Writes first, in the store's one lock order: mailboxes, then folders, each in id order.
    const charged = await chargeQuotas(sql, placed, outcomes);
    // An ingest's messages stay adjacent, in one folder, so they get consecutive UIDs.
    const filed: Filed[] = charged.flatMap(({ ingest, folderId }) => ingest.messages.map((m) => ({ ...m, mailboxId: ingest.mailboxId, folderId })));
    if (filed.length === 0) return;

    const byFolder = groupBy(filed, (m) => m.folderId);
    const results = new Map<string, IngestResult>();
    for (const folderId of [...byFolder.keys()].sort()) {
      const messages = byFolder.get(folderId)!;
      const { firstUid, modseq, uidValidity } = await allocateModseq(sql, folderId, {
        newUids: messages.length,
        messages: messages.length,
        unseen: messages.filter((m) => !m.flags.isSeen).length,
        bytes: sum(messages.map((m) => m.size)),
      });
      messages.forEach((m, i) => results.set(m.id, { id: m.id, folderId, uid: firstUid + i, uidValidity, modseq, size: m.size, blobHash: m.blobHash }));
    }

    const threadIds = new Map<string, string>();
    for (const [mailboxId, messages] of groupBy(filed, (m) => m.mailboxId)) {
      const ids = await assignThreadIds(sql, mailboxId, messages.map((m) => m.thread));
      messages.forEach((m, i) => threadIds.set(m.id, ids[i]!));
    }

    await addBlobReferences(sql, filed);
    const searchRowIds = await indexMessagesText(sql, filed.map((m) => ({ messageId: m.id, ...m.searchText })));
    await insertRows(sql, "Message", MESSAGE_COLUMNS, filed.map((m, i) => {
      const { uid, modseq } = results.get(m.id)!;
      const { flags, thread, columns: c } = m;
      return [
        m.id, m.folderId, m.mailboxId, uid, modseq, flags.isSeen, flags.isAnswered, flags.isFlagged, flags.isDeleted, flags.isDraft, flags.keywords,
        m.internalDate, m.size, m.blobHash, c.sentDate, thread.messageId, thread.inReplyTo, thread.references.join(" "), threadIds.get(m.id)!, c.subject,
        thread.baseSubject, c.fromName, c.fromAddress, c.toAddress, c.ccAddress, c.preview, c.hasAttachments, c.envelope, c.bodyStructure, searchRowIds[i]!,
      ];
    }));
    await recordChanges(sql, filed.map((m) => ({ mailboxId: m.mailboxId, folderId: m.folderId, modseq: results.get(m.id)!.modseq, kind: "APPEND", uid: results.get(m.id)!.uid, at: m.internalDate })));
    for (const { ingest } of charged) outcomes.set(ingest, { ok: true, value: ingest.messages.map((m) => results.get(m.id)!) });
  });
  return items.map((item) => outcomes.get(item) ?? { ok: false, error: new Error("The ingest was not committed.") });
}

/** Each ingest with its folder's id; one without a folder is answered NOT_FOUND. */
async function placeInFolders(sql: Sql, items: PreparedIngest[], outcomes: Map<PreparedIngest, Settled<IngestResult[]>>): Promise<Placed[]> {
  const folderIds = new Map<string, string | null>();
  const placed: Placed[] = [];
  for (const item of items) {
    const key = `${item.mailboxId}\n${JSON.stringify(item.folder)}`;
    if (!folderIds.has(key)) folderIds.set(key, await findFolderId(sql, item.mailboxId, item.folder));
    const folderId = folderIds.get(key);
    if (folderId) placed.push({ ingest: item, folderId });
    else outcomes.set(item, { ok: false, error: folderNotFound(item.folder) });
  }
  return placed;
}

/**
 * Charges each mailbox for its ingests: all at once when they fit, else ingest by ingest in order,
 * so the ingests that fit go in and the rest get QUOTA_EXCEEDED, each for the sum of its messages
 * (a MULTIAPPEND fits whole or not at all). Returns the charged ingests.
 */
async function chargeQuotas(sql: Sql, placed: Placed[], outcomes: Map<PreparedIngest, Settled<IngestResult[]>>): Promise<Placed[]> {
  const byMailbox = groupBy(placed, (p) => p.ingest.mailboxId);
  const charged = new Set<Placed>();
  const charge = (mailboxId: string, bytes: number) => sql.execute(`UPDATE "Mailbox" SET "usedBytes" = "usedBytes" + ? WHERE "id" = ? AND "usedBytes" + ? <= "quotaBytes"`, [bytes, mailboxId, bytes]);
  const bytesOf = (p: Placed) => sum(p.ingest.messages.map((m) => m.size));
  for (const mailboxId of [...byMailbox.keys()].sort()) {
    const ingests = byMailbox.get(mailboxId)!;
    if ((await charge(mailboxId, sum(ingests.map(bytesOf)))) === 1) {
      for (const p of ingests) charged.add(p);
      continue;
    }
    for (const p of ingests) {
      if ((await charge(mailboxId, bytesOf(p))) === 1) charged.add(p);
      else outcomes.set(p.ingest, { ok: false, error: new AppError("QUOTA_EXCEEDED", "The mailbox is full.") });
    }
  }
  return placed.filter((p) => charged.has(p));
}

/**
 * One upsert for the group: a new blob row (with the bytes of a small message), or one more
 * reference per message that shares it. A row from before its bytes were kept inline gains them.
 */
async function addBlobReferences(sql: Sql, messages: PreparedMessage[]): Promise<void> {
  const blobs = new Map<string, { size: number; count: number; createdAt: Date; content: Uint8Array | null }>();
  for (const m of messages) {
    const blob = blobs.get(m.blobHash);
    if (blob) blob.count += 1;
    else blobs.set(m.blobHash, { size: m.size, count: 1, createdAt: new Date(), content: m.inlineContent });
  }
  const rows = [...blobs].map(([hash, b]) => [hash, b.size, b.count, b.createdAt, b.content]);
  await insertRows(sql, "Blob", BLOB_COLUMNS, rows, `ON CONFLICT ("hash") DO UPDATE SET "refCount" = "Blob"."refCount" + excluded."refCount", "content" = COALESCE("Blob"."content", excluded."content")`);
}

function groupBy<T>(items: T[], keyOf: (item: T) => string): Map<string, T[]> {
  const groups = new Map<string, T[]>();
  for (const item of items) {
    const group = groups.get(keyOf(item));
    if (group) group.push(item);
    else groups.set(keyOf(item), [item]);
  }
  return groups;
}

function sum(values: number[]): number {
  return values.reduce((total, value) => total + value, 0);
}
