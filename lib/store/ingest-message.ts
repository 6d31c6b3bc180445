import { createHash } from "node:crypto";
import { AppError } from "../errors.ts";
import { targetOf, type Db } from "../db.ts";
import { prismaSql } from "../sql.ts";
import { parseMessage } from "../mime/parse-message.ts";
import type { ParsedMessage } from "../mime/message-index.ts";
import { extractBaseSubject } from "../mime/base-subject.ts";
import { flagsToColumns } from "./flags.ts";
import type { FolderRef } from "./find-folder.ts";
import { buildSearchableHeaders } from "./searchable-headers.ts";
import { newMessageId } from "./message-id.ts";
import { groupCommitter } from "./group-commit.ts";
import { commitIngests, type IngestResult, type PreparedIngest, type PreparedMessage } from "./commit-ingests.ts";
import { sqliteIngestWriter, type IngestWriter } from "./sqlite-ingest-writer.ts";
import type { StoreDeps } from "./store-deps.ts";
import { inlineContentFor } from "./message-bytes.ts";

export type { IngestResult } from "./commit-ingests.ts";
export type IngestSource = "smtp" | "submission" | "imap-append" | "webmail" | "import";

/** One message to store: its bytes, and the flags and date it is filed with. */
export type MessageInput = {
  raw: Buffer;
  flags?: readonly string[];
  internalDate?: Date;
  /** The MIME index of exactly `raw`, when the caller has already made it (the MX); else it is parsed here. */
  parsed?: ParsedMessage;
};
type IngestTarget = { mailboxId: string; folder: FolderRef; source: IngestSource };
export type IngestInput = IngestTarget & MessageInput;
export type IngestMessagesInput = IngestTarget & { messages: readonly MessageInput[] };

const REPLY_PREFIX = /^\s*(re|fwd?|aw|sv|antw)\s*(\[\d+\])?\s*:/i;

/**
 * Ingests committed together at most (a MULTIAPPEND is one): enough to share one commit among
 * many concurrent deliveries, few enough that a group's index text stays a few megabytes.
 */
const GROUP_LIMITS = { maxItems: 128, maxWeight: 16 * 1024 * 1024 };

/**
 * The one way mail enters a mailbox (SMTP delivery, IMAP APPEND, webmail drafts and sent copies,
 * imports). When it returns, the message, its raw bytes, its index, its UID and MODSEQ, the quota
 * charge and the change-feed entry are committed together and durable (a large message's bytes are
 * a file, fsync'd before the commit; a small one's are in its Blob row: lib/store/message-bytes.ts). Concurrent
 * ingests in one process share a transaction (group commit). Throws TOO_LARGE, QUOTA_EXCEEDED,
 * NOT_FOUND (no such folder) or INVALID_INPUT (bad flags); malformed MIME never throws: it is
 * indexed as well as it can be and stored byte for byte.
 */
export async function ingestMessage(deps: StoreDeps, input: IngestInput): Promise<IngestResult> {
  const { mailboxId, folder, source, ...message } = input;
  const [result] = await ingestMessages(deps, { mailboxId, folder, source, messages: [message] });
  return result!;
}

/**
 * Several messages into one folder, all or nothing (IMAP MULTIAPPEND, RFC 3502): one commit
 * gives them consecutive UIDs in their order and charges the quota for their sum. Throws as
 * ingestMessage does, and then none of them is stored. Answers each message's result, in order.
 */
export async function ingestMessages(deps: StoreDeps, input: IngestMessagesInput): Promise<IngestResult[]> {
  if (input.messages.length === 0) return [];
  for (const { raw } of input.messages) {
    if (raw.length > deps.maxMessageBytes) {
      throw new AppError("TOO_LARGE", `The message is ${raw.length} bytes; the limit is ${deps.maxMessageBytes}.`, { limit: deps.maxMessageBytes });
    }
  }
  const messages = input.messages.map(prepareMessage);
  // Files first: a message row never points at bytes that are not on disk. A file whose
  // transaction then fails (full mailbox, no such folder) is left for the blob collector.
  await Promise.all(messages.map((m, i) => (m.inlineContent ? undefined : deps.blobs.put(m.blobHash, input.messages[i]!.raw))));
  return committerFor(deps.db)({ mailboxId: input.mailboxId, folder: input.folder, messages });
}

function prepareMessage(input: MessageInput): PreparedMessage {
  const flags = flagsToColumns(input.flags ?? []);
  const parsed = input.parsed ?? parseMessage(input.raw);
  const from = parsed.from[0];
  const text = (value: string | undefined, max = 300) => (value ?? "").slice(0, max);
  return {
    id: newMessageId(),
    size: input.raw.length,
    blobHash: createHash("sha256").update(input.raw).digest("hex"),
    inlineContent: inlineContentFor(input.raw),
    flags,
    internalDate: input.internalDate ?? new Date(),
    thread: {
      messageId: parsed.messageId,
      inReplyTo: parsed.inReplyTo,
      references: parsed.references,
      baseSubject: extractBaseSubject(parsed.subject).toLowerCase().slice(0, 1000),
      isReply: REPLY_PREFIX.test(parsed.subject),
    },
    columns: {
      sentDate: parsed.sentDate ? new Date(parsed.sentDate) : null,
      subject: text(parsed.subject, 1000),
      fromName: text(from?.name),
      fromAddress: text(from?.address).toLowerCase(),
      toAddress: text(parsed.to[0]?.address).toLowerCase(),
      ccAddress: text(parsed.cc[0]?.address).toLowerCase(),
      preview: parsed.preview,
      hasAttachments: parsed.hasAttachments,
      envelope: JSON.stringify(parsed.envelope),
      bodyStructure: JSON.stringify(parsed.root),
    },
    searchText: { headers: buildSearchableHeaders(input.raw), body: parsed.text },
  };
}

// One committer per database client: a process's concurrent ingests queue on it.
const committers = new WeakMap<Db, (item: PreparedIngest) => Promise<IngestResult[]>>();

function committerFor(db: Db) {
  let committer = committers.get(db);
  if (!committer) {
    committer = groupCommitter((items: PreparedIngest[]) => writerFor(db)(items), weighIngest, GROUP_LIMITS);
    committers.set(db, committer);
  }
  return committer;
}

/** What an ingest adds to a group's commit: its messages' bytes and index text. */
function weighIngest(ingest: PreparedIngest): number {
  return ingest.messages.reduce((weight, m) => weight + m.size + m.searchText.body.length, 0);
}

/**
 * SQLite: the writer thread (looked up for each group: a thread that died is replaced);
 * PostgreSQL: a Prisma transaction in the process (its I/O does not block).
 */
function writerFor(db: Db): IngestWriter {
  const target = targetOf(db);
  if (target.provider === "sqlite") return sqliteIngestWriter(target.file);
  return (items) => commitIngests((work) => db.$transaction((tx) => work(prismaSql(tx, "postgres")), { timeout: 60_000, maxWait: 60_000 }), items);
}
