import { AppError } from "../errors.ts";
import { canReadMail } from "../auth/permissions.ts";
import type { Actor } from "../auth/principal.ts";
import { readerFor } from "../db-reader.ts";
import { orNull, toBool, toDate, toInt } from "../db-row.ts";
import { decodeHeaderWords } from "../mime/decode-header-words.ts";
import { decodeTextBody, decodeTransferEncoding } from "../mime/decode-part-body.ts";
import type { Address, Envelope, MimePart } from "../mime/message-index.ts";
import { findLeafPart, summarizeDisplayParts, type DisplayAttachment } from "../mime/summarize-display-parts.ts";
import { readBlobRange, type StoredBlob } from "./message-bytes.ts";
import type { StoreDeps } from "./store-deps.ts";

export type DisplayAddress = { name: string; address: string };

/** A message as the reading pane shows it. The HTML is as sent: sanitise it (lib/mime/sanitize-html.ts) before it reaches a browser. */
export type MessageForDisplay = {
  id: string;
  folderId: string;
  uid: number;
  subject: string;
  from: DisplayAddress[];
  to: DisplayAddress[];
  cc: DisplayAddress[];
  replyTo: DisplayAddress[];
  /** The Date header when it parses, else the arrival time. */
  date: Date;
  internalDate: Date;
  messageId: string | null;
  size: number;
  isSeen: boolean;
  isFlagged: boolean;
  isAnswered: boolean;
  body: { html: string | null; plain: string | null };
  attachments: DisplayAttachment[];
  /** Content-ID → data: URL of the images the HTML may reference by cid:, when asked for (`inlineImagesUpTo`). */
  inlineImages: Map<string, string>;
};

/** Raster types a data: URL may carry into the body (no SVG: an image that is also a document). */
const INLINE_IMAGE_TYPES = /^image\/(?:png|jpeg|gif|webp|bmp|avif)$/;

type StoredMessage = {
  id: string;
  mailboxId: string;
  folderId: string;
  uid: number;
  subject: string;
  sentDate: Date | null;
  internalDate: Date;
  size: number;
  isSeen: boolean;
  isFlagged: boolean;
  isAnswered: boolean;
  envelope: Envelope;
  root: MimePart;
  blob: StoredBlob;
};

/**
 * Reads one message's row, its index and (a small message) its bytes in one query. NOT_FOUND for
 * a message of another mailbox, exactly as for one that does not exist: ids are not secrets, but
 * whether someone else's message exists is.
 */
export async function readOwnMessage(deps: StoreDeps, actor: Actor, messageId: string): Promise<StoredMessage> {
  const [row] = await readerFor(deps.db).query<Record<string, unknown>>(
    `SELECT m."id", m."mailboxId", m."folderId", m."uid", m."subject", m."sentDate", m."internalDate", m."size", m."isSeen", m."isFlagged", m."isAnswered", m."envelope", m."bodyStructure", m."blobHash", b."content"
     FROM "Message" m JOIN "Blob" b ON b."hash" = m."blobHash" WHERE m."id" = ?`,
    [messageId],
  );
  if (!row || !canReadMail(actor, row.mailboxId as string)) throw new AppError("NOT_FOUND", "There is no such message.");
  return {
    id: row.id as string,
    mailboxId: row.mailboxId as string,
    folderId: row.folderId as string,
    uid: toInt(row.uid),
    subject: row.subject as string,
    sentDate: orNull(toDate, row.sentDate),
    internalDate: toDate(row.internalDate),
    size: toInt(row.size),
    isSeen: toBool(row.isSeen),
    isFlagged: toBool(row.isFlagged),
    isAnswered: toBool(row.isAnswered),
    envelope: JSON.parse(row.envelope as string) as Envelope,
    root: JSON.parse(row.bodyStructure as string) as MimePart,
    blob: { hash: row.blobHash as string, content: (row.content as Uint8Array | null) ?? null },
  };
}

/** The message for the reading pane: decoded headers, the body parts decoded to text, the attachments. */
export async function loadMessageForDisplay(deps: StoreDeps, input: { actor: Actor; messageId: string; inlineImagesUpTo?: number }): Promise<MessageForDisplay> {
  const message = await readOwnMessage(deps, input.actor, input.messageId);
  const parts = summarizeDisplayParts(message.root);
  const decode = async (part: MimePart | null) => (part ? decodeTextBody(await readPartBody(deps, message.blob, part), shiftToZero(part)) : null);
  const [html, plain] = await Promise.all([decode(parts.html), decode(parts.plain)]);
  const inlineImages = new Map<string, string>();
  let budget = input.inlineImagesUpTo ?? 0;
  for (const attachment of parts.attachments) {
    if (!html || !attachment.contentId || !INLINE_IMAGE_TYPES.test(attachment.contentType) || attachment.size > budget) continue;
    const part = findLeafPart(message.root, attachment.part)!;
    const bytes = decodeTransferEncoding(await readPartBody(deps, message.blob, part), shiftToZero(part));
    budget -= bytes.length;
    inlineImages.set(attachment.contentId, `data:${attachment.contentType};base64,${bytes.toString("base64")}`);
  }
  const { envelope } = message;
  return {
    id: message.id,
    folderId: message.folderId,
    uid: message.uid,
    subject: message.subject,
    from: toDisplayAddresses(envelope.from),
    to: toDisplayAddresses(envelope.to),
    cc: toDisplayAddresses(envelope.cc),
    // The ENVELOPE repeats From as Reply-To when the header is absent (RFC 3501 §7.4.2): shown only when it says something.
    replyTo: sameAddresses(envelope.replyTo, envelope.from) ? [] : toDisplayAddresses(envelope.replyTo),
    date: message.sentDate ?? message.internalDate,
    internalDate: message.internalDate,
    messageId: envelope.messageId,
    size: message.size,
    isSeen: message.isSeen,
    isFlagged: message.isFlagged,
    isAnswered: message.isAnswered,
    body: { html, plain },
    attachments: parts.attachments,
    inlineImages,
  };
}

/** One leaf part's content, transfer encoding undone (the bytes of the file), with its MIME node; NOT_FOUND when there is no such part. */
export async function loadMessagePart(deps: StoreDeps, input: { actor: Actor; messageId: string; part: string }): Promise<{ bytes: Buffer; attachment: DisplayAttachment }> {
  const message = await readOwnMessage(deps, input.actor, input.messageId);
  const part = findLeafPart(message.root, input.part);
  const attachment = summarizeDisplayParts(message.root).attachments.find((candidate) => candidate.part === input.part);
  if (!part) throw new AppError("NOT_FOUND", "The message has no such part.");
  const bytes = decodeTransferEncoding(await readPartBody(deps, message.blob, part), shiftToZero(part));
  // A body part downloaded by its section (rare) is described as an attachment would be.
  return { bytes, attachment: attachment ?? { part: input.part, filename: `part-${input.part}.${part.subtype === "html" ? "html" : "txt"}`, contentType: `${part.type}/${part.subtype}`, size: bytes.length, contentId: "", isInline: false } };
}

/** The whole message as stored, for "Show source". */
export async function loadRawMessage(deps: StoreDeps, input: { actor: Actor; messageId: string }): Promise<Buffer> {
  const message = await readOwnMessage(deps, input.actor, input.messageId);
  return readBlobRange(deps.blobs, message.blob, 0, message.size);
}

/** Only the bytes of the part's body: a message's attachments are never read to show its text. */
function readPartBody(deps: StoreDeps, blob: StoredBlob, part: MimePart): Promise<Buffer> {
  return readBlobRange(deps.blobs, blob, part.bodyStart, part.bodyEnd);
}

/** The part as if its body were the whole buffer (the decoders take absolute offsets). */
function shiftToZero(part: MimePart): MimePart {
  return { ...part, headerStart: 0, headerEnd: 0, bodyStart: 0, bodyEnd: part.bodyEnd - part.bodyStart };
}

function toDisplayAddresses(list: Address[] | null): DisplayAddress[] {
  // Group markers (RFC 3501 §7.4.2: host null) name no mailbox.
  return (list ?? []).filter((a) => a.host !== null && a.mailbox !== null).map((a) => ({ name: decodeHeaderWords(a.name ?? ""), address: a.host ? `${a.mailbox}@${a.host}` : a.mailbox! }));
}

function sameAddresses(a: Address[] | null, b: Address[] | null): boolean {
  const key = (list: Address[] | null) => toDisplayAddresses(list).map((x) => x.address.toLowerCase()).join(",");
  return key(a) === key(b);
}
