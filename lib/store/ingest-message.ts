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
import { commitIngests, type IngestResult, type PreparedIngest } from "./commit-ingests.ts";
import { sqliteIngestWriter, type IngestWriter } from "./sqlite-ingest-writer.ts";
import type { StoreDeps } from "./store-deps.ts";
import { inlineContentFor } from "./message-bytes.ts";

export type { IngestResult } from "./commit-ingests.ts";
export type IngestSource = "smtp" | "submission" | "imap-append" | "webmail" | "import";

export type IngestInput = {
  mailboxId: string;
  folder: FolderRef;
  raw: Buffer;
  flags?: readonly string[];
  internalDate?: Date;
  source: IngestSource;
  /** The MIME index of exactly `raw`, when the caller has already made it (the MX); else it is parsed here. */
  parsed?: ParsedMessage;
};

const REPLY_PREFIX = /^\s*(re|fwd?|aw|sv|antw)\s*(\[\d+\])?\s*:/i;

/**
 * Messages committed together at most: enough to share one commit among many concurrent
 * deliveries, few enough that each statement stays far below the databases' parameter limits
 * (30 per message), and that a group's index text stays a few megabytes.
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
  const size = input.raw.length;
  if (size > deps.maxMessageBytes) {
    throw new AppError("TOO_LARGE", `The message is ${size} bytes; the limit is ${deps.maxMessageBytes}.`, { limit: deps.maxMessageBytes });
  }
  const prepared = prepareIngest(input);
  // A file first: a message row never points at bytes that are not on disk. A file whose
  // transaction then fails (full mailbox, no such folder) is left for the blob collector.
  if (!prepared.inlineContent) await deps.blobs.put(prepared.blobHash, input.raw);
  return committerFor(deps.db)(prepared);
}

function prepareIngest(input: IngestInput): PreparedIngest {
  const flags = flagsToColumns(input.flags ?? []);
  const parsed = input.parsed ?? parseMessage(input.raw);
  const from = parsed.from[0];
  const text = (value: string | undefined, max = 300) => (value ?? "").slice(0, max);
  return {
    id: newMessageId(),
    mailboxId: input.mailboxId,
    folder: input.folder,
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
const committers = new WeakMap<Db, (item: PreparedIngest) => Promise<IngestResult>>();

function committerFor(db: Db) {
  let committer = committers.get(db);
  if (!committer) {
    committer = groupCommitter((items: PreparedIngest[]) => writerFor(db)(items), (item) => item.size + item.searchText.body.length, GROUP_LIMITS);
    committers.set(db, committer);
  }
  return committer;
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
