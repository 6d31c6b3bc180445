import { AppError } from "../errors.ts";
import type { MimePart, Envelope } from "../mime/message-index.ts";
import { filterHeaderFields, resolveSection, type SectionSpec } from "../mime/resolve-section.ts";
import { readerFor } from "../db-reader.ts";
import { toBigInt, toDate, toInt } from "../db-row.ts";
import { columnsToFlags, FLAG_COLUMNS_SQL, rowToFlags } from "./flags.ts";
import { findFolder, readFolder, type FolderRef } from "./find-folder.ts";
import { uidBounds, uidFilter, type UidRanges } from "./uid-ranges.ts";
import type { StoreDeps } from "./store-deps.ts";
import { readBlobRange } from "./message-bytes.ts";

/** What FETCH and the webmail list need of a message, without touching its bytes. */
export type MessageSummary = {
  id: string;
  uid: number;
  modseq: bigint;
  flags: string[];
  internalDate: Date;
  size: number;
  threadId: string;
  envelope: Envelope;
  bodyStructure: MimePart;
};

/** The messages of a folder in the UID ranges, ascending. Plain SQL (lib/db-reader.ts): every FETCH runs it. */
export async function listMessageSummaries(deps: StoreDeps, input: { mailboxId: string; folder: FolderRef; uids: UidRanges }): Promise<MessageSummary[]> {
  const sql = readerFor(deps.db);
  const folder = await readFolder(sql, input.mailboxId, input.folder);
  const bounds = uidBounds(input.uids);
  const rows = await sql.query<Record<string, unknown>>(
    `SELECT "id", "uid", "modseq", ${FLAG_COLUMNS_SQL}, "internalDate", "size", "threadId", "envelope", "bodyStructure" FROM "Message" WHERE "folderId" = ? AND ${bounds.where} ORDER BY "uid"`,
    [folder.id, ...bounds.params],
  );
  return rows
    .filter((row) => bounds.includes(toInt(row.uid)))
    .map((row) => ({
      id: row.id as string,
      uid: toInt(row.uid),
      modseq: toBigInt(row.modseq),
      flags: rowToFlags(row),
      internalDate: toDate(row.internalDate),
      size: toInt(row.size),
      threadId: row.threadId as string,
      envelope: JSON.parse(row.envelope as string) as Envelope,
      bodyStructure: JSON.parse(row.bodyStructure as string) as MimePart,
    }));
}

/**
 * The bytes of one FETCH section (RFC 9051 §6.4.5), optionally a <partial> of it, read from the
 * blob by the offsets stored at ingest: the message is never parsed again. "" is the whole message.
 * Returns null when the section does not exist in this message (IMAP then sends an empty string).
 */
export async function readMessageSection(
  deps: StoreDeps,
  input: { mailboxId: string; folder: FolderRef; uid: number; section: string | SectionSpec; partial?: { offset: number; length: number } },
): Promise<Buffer | null> {
  const sql = readerFor(deps.db);
  const folder = await readFolder(sql, input.mailboxId, input.folder);
  const [message] = await sql.query<{ blobHash: string; bodyStructure: string; content: Uint8Array | null }>(
    `SELECT m."blobHash", m."bodyStructure", b."content" FROM "Message" m JOIN "Blob" b ON b."hash" = m."blobHash" WHERE m."folderId" = ? AND m."uid" = ?`,
    [folder.id, input.uid],
  );
  if (!message) throw new AppError("NOT_FOUND", `There is no message with UID ${input.uid}.`);
  const range = resolveSection(JSON.parse(message.bodyStructure) as MimePart, input.section);
  if (!range) return null;
  const blob = { hash: message.blobHash, content: message.content };
  if ("headerFields" in range) {
    const filtered = filterHeaderFields(await readBlobRange(deps.blobs, blob, range.start, range.end), range.headerFields.fields, range.headerFields.not);
    return input.partial ? filtered.subarray(input.partial.offset, input.partial.offset + input.partial.length) : filtered;
  }
  // Read only the bytes the partial asks for.
  const start = input.partial ? Math.min(range.end, range.start + input.partial.offset) : range.start;
  const end = input.partial ? Math.min(range.end, start + input.partial.length) : range.end;
  return readBlobRange(deps.blobs, blob, start, end);
}

/** CONDSTORE/QRESYNC (RFC 7162): messages changed and UIDs expunged after a MODSEQ. */
export async function listChangesSince(deps: StoreDeps, input: { mailboxId: string; folder: FolderRef; modseq: bigint; uids?: UidRanges }) {
  const folder = await findFolder(deps.db, input.mailboxId, input.folder);
  const scope = input.uids ? uidFilter(input.uids) : {};
  const changed = await deps.db.message.findMany({
    where: { folderId: folder.id, modseq: { gt: input.modseq }, ...scope },
    orderBy: { uid: "asc" },
    select: { uid: true, modseq: true, isSeen: true, isAnswered: true, isFlagged: true, isDeleted: true, isDraft: true, keywords: true },
  });
  const expunged = await deps.db.change.findMany({ where: { folderId: folder.id, kind: "EXPUNGE", modseq: { gt: input.modseq }, ...scope }, orderBy: { uid: "asc" }, select: { uid: true } });
  return {
    highestModseq: folder.highestModseq,
    changed: changed.map((row) => ({ uid: row.uid, modseq: row.modseq, flags: columnsToFlags(row) })),
    vanished: [...new Set(expunged.map((row) => row.uid!))],
  };
}
