import { createHash } from "node:crypto";
import { AppError } from "../errors.ts";
import { parseMessage } from "../mime/parse-message.ts";
import { extractBaseSubject } from "../mime/base-subject.ts";
import { flagsToColumns } from "./flags.ts";
import { findFolderId, type FolderRef } from "./find-folder.ts";
import { enumValue } from "../db-sql.ts";
import { assignThreadId } from "./thread-id.ts";
import { allocateModseq } from "./allocate-modseq.ts";
import { providerOf } from "../db.ts";
import { notifyChange } from "../db-change-notify.ts";
import { indexMessageText } from "../db-full-text.ts";
import { buildSearchableHeaders } from "./searchable-headers.ts";
import { newMessageId } from "./message-id.ts";
import type { StoreDeps } from "./store-deps.ts";

export type IngestSource = "smtp" | "submission" | "imap-append" | "webmail" | "import";

export type IngestInput = {
  mailboxId: string;
  folder: FolderRef;
  raw: Buffer;
  flags?: readonly string[];
  internalDate?: Date;
  source: IngestSource;
};

export type IngestResult = { id: string; folderId: string; uid: number; uidValidity: bigint; modseq: bigint; size: number; blobHash: string };

const REPLY_PREFIX = /^\s*(re|fwd?|aw|sv|antw)\s*(\[\d+\])?\s*:/i;

/**
 * The one way mail enters a mailbox (SMTP delivery, IMAP APPEND, webmail drafts and sent copies,
 * imports). When it returns, the raw bytes are on disk (fsync'd), and the message, its index, its
 * UID and MODSEQ, the quota charge and the change-feed entry are committed together. Throws
 * TOO_LARGE, QUOTA_EXCEEDED, NOT_FOUND (no such folder) or INVALID_INPUT (bad flags); malformed
 * MIME never throws: it is indexed as well as it can be and stored byte for byte.
 */
export async function ingestMessage(deps: StoreDeps, input: IngestInput): Promise<IngestResult> {
  const { db, blobs } = deps;
  const provider = providerOf(db);
  const size = input.raw.length;
  if (size > deps.maxMessageBytes) {
    throw new AppError("TOO_LARGE", `The message is ${size} bytes; the limit is ${deps.maxMessageBytes}.`, { limit: deps.maxMessageBytes });
  }
  const flags = flagsToColumns(input.flags ?? []);
  const folder = await findFolderId(db, input.mailboxId, input.folder);
  // Cheap early refusal, before any bytes are written; the authoritative check is the conditional
  // UPDATE in the transaction. (Raw SQL on this path: Prisma's model queries cost ~1 ms each here.)
  const [quota] = await db.$queryRaw<{ isFull: number | boolean | bigint }[]>`SELECT ("usedBytes" + ${size} > "quotaBytes") AS "isFull" FROM "Mailbox" WHERE "id" = ${input.mailboxId}`;
  if (!quota) throw new AppError("NOT_FOUND", "No such mailbox.");
  if (Number(quota.isFull) === 1 || quota.isFull === true) throw quotaExceeded();

  const parsed = parseMessage(input.raw);
  const searchableHeaders = buildSearchableHeaders(input.raw);
  const blobHash = createHash("sha256").update(input.raw).digest("hex");
  await blobs.put(blobHash, input.raw);

  const baseSubject = extractBaseSubject(parsed.subject).toLowerCase().slice(0, 1000);
  const threadId = await assignThreadId(db, input.mailboxId, {
    messageId: parsed.messageId,
    inReplyTo: parsed.inReplyTo,
    references: parsed.references,
    baseSubject,
    isReply: REPLY_PREFIX.test(parsed.subject),
  });
  const from = parsed.from[0];
  const id = newMessageId();
  const internalDate = input.internalDate ?? new Date();
  const sentDate = parsed.sentDate ? new Date(parsed.sentDate) : null;
  const text = (value: string | undefined, max = 300) => (value ?? "").slice(0, max);

  return db.$transaction(
    async (tx) => {
      // The first statement is a write: concurrent writers queue here (PostgreSQL row lock, SQLite
      // write lock) instead of failing later. Lock order as everywhere: mailbox, then folder.
      const charged = await tx.$executeRaw`UPDATE "Mailbox" SET "usedBytes" = "usedBytes" + ${size} WHERE "id" = ${input.mailboxId} AND "usedBytes" + ${size} <= "quotaBytes"`;
      if (charged !== 1) throw quotaExceeded();
      const { uid, modseq, uidValidity } = await allocateModseq(tx, folder.id, { newUid: true, messages: 1, unseen: flags.isSeen ? 0 : 1, bytes: size });
      await tx.$executeRaw`INSERT INTO "Blob" ("hash", "size", "refCount", "createdAt") VALUES (${blobHash}, ${size}, 1, ${internalDate}) ON CONFLICT ("hash") DO UPDATE SET "refCount" = "Blob"."refCount" + 1`;
      const searchRowId = await indexMessageText(tx, provider, { messageId: id, headers: searchableHeaders, body: parsed.text });
      await tx.$executeRaw`INSERT INTO "Message" (
          "id", "folderId", "mailboxId", "uid", "modseq", "isSeen", "isAnswered", "isFlagged", "isDeleted", "isDraft", "keywords",
          "internalDate", "size", "blobHash", "sentDate", "messageIdHeader", "inReplyTo", "references", "threadId", "subject",
          "baseSubject", "fromName", "fromAddress", "toAddress", "ccAddress", "preview", "hasAttachments", "envelope", "bodyStructure", "searchRowId")
        VALUES (
          ${id}, ${folder.id}, ${input.mailboxId}, ${uid}, ${modseq}, ${flags.isSeen}, ${flags.isAnswered}, ${flags.isFlagged}, ${flags.isDeleted}, ${flags.isDraft}, ${flags.keywords},
          ${internalDate}, ${size}, ${blobHash}, ${sentDate}, ${parsed.messageId}, ${parsed.inReplyTo}, ${parsed.references.join(" ")}, ${threadId}, ${text(parsed.subject, 1000)},
          ${baseSubject}, ${text(from?.name)}, ${text(from?.address).toLowerCase()}, ${text(parsed.to[0]?.address).toLowerCase()}, ${text(parsed.cc[0]?.address).toLowerCase()},
          ${parsed.preview}, ${parsed.hasAttachments}, ${JSON.stringify(parsed.envelope)}, ${JSON.stringify(parsed.root)}, ${searchRowId})`;
      await tx.$executeRaw`INSERT INTO "Change" ("mailboxId", "folderId", "modseq", "kind", "uid", "at") VALUES (${input.mailboxId}, ${folder.id}, ${modseq}, ${enumValue(provider, "ChangeKind", "APPEND")}, ${uid}, ${internalDate})`;
      await notifyChange(tx, provider, input.mailboxId);
      return { id, folderId: folder.id, uid: uid!, uidValidity, modseq, size, blobHash };
    },
    { timeout: 30_000, maxWait: 30_000 },
  );
}

function quotaExceeded(): AppError {
  return new AppError("QUOTA_EXCEEDED", "The mailbox is full.");
}
