import { AppError } from "../errors.ts";
import type { MimePart, Envelope } from "../mime/message-index.ts";
import { filterHeaderFields, resolveSection, type SectionSpec } from "../mime/resolve-section.ts";
import { columnsToFlags } from "./flags.ts";
import { findFolder, type FolderRef } from "./find-folder.ts";
import { uidFilter, type UidRanges } from "./uid-ranges.ts";
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

/** The messages of a folder in the UID ranges, ascending. */
export async function listMessageSummaries(deps: StoreDeps, input: { mailboxId: string; folder: FolderRef; uids: UidRanges }): Promise<MessageSummary[]> {
  const folder = await findFolder(deps.db, input.mailboxId, input.folder);
  const rows = await deps.db.message.findMany({ where: { folderId: folder.id, ...uidFilter(input.uids) }, orderBy: { uid: "asc" } });
  return rows.map((row) => ({
    id: row.id,
    uid: row.uid,
    modseq: row.modseq,
    flags: columnsToFlags(row),
    internalDate: row.internalDate,
    size: row.size,
    threadId: row.threadId,
    envelope: JSON.parse(row.envelope) as Envelope,
    bodyStructure: JSON.parse(row.bodyStructure) as MimePart,
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
  const folder = await findFolder(deps.db, input.mailboxId, input.folder);
  const message = await deps.db.message.findUnique({ where: { folderId_uid: { folderId: folder.id, uid: input.uid } }, select: { blobHash: true, bodyStructure: true, blob: { select: { content: true } } } });
  if (!message) throw new AppError("NOT_FOUND", `There is no message with UID ${input.uid}.`);
  const range = resolveSection(JSON.parse(message.bodyStructure) as MimePart, input.section);
  if (!range) return null;
  const blob = { hash: message.blobHash, content: message.blob.content };
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
