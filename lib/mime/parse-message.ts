// Parses a raw message once, at ingest, into the index the store keeps as JSON.
import { parseMessageIds } from "./base-subject.ts";
import { buildEnvelope } from "./build-envelope.ts";
import { buildPartTree } from "./build-part-tree.ts";
import { decodeHeaderWords } from "./decode-header-words.ts";
import { extractMessageText } from "./extract-message-text.ts";
import { hasAttachments } from "./has-attachments.ts";
import type { Contact, Envelope, MimePart, ParsedMessage } from "./message-index.ts";
import { parseAddressList } from "./parse-address-list.ts";
import { parseDateHeader } from "./parse-date-header.ts";
import { readAllFieldValues, readFirstFieldValue } from "./read-field-value.ts";

/**
 * Indexes a raw message: its MIME tree with byte offsets for IMAP FETCH, its IMAP ENVELOPE, the decoded
 * fields a message list shows, and text for search. Never throws: the raw bytes are kept elsewhere
 * untouched, so for any input, however broken, this returns the best index it can.
 */
export function parseMessage(raw: Buffer): ParsedMessage {
  const bytes = viewAsBuffer(raw);
  try {
    return indexMessage(bytes);
  } catch {
    // a bug here must not lose the message: index it as one opaque text body so it can still be fetched
    return indexAsOpaqueText(bytes);
  }
}

/** A Buffer over the same memory: a plain Uint8Array from a JavaScript caller lacks the Buffer methods used here. */
function viewAsBuffer(bytes: Uint8Array): Buffer {
  return Buffer.isBuffer(bytes) ? bytes : Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
}

function indexMessage(raw: Buffer): ParsedMessage {
  const { root, fields } = buildPartTree(raw);
  const envelope = buildEnvelope(raw, fields);
  const { preview, text } = extractMessageText(raw, root);
  return {
    root,
    envelope,
    subject: decodeHeaderWords(envelope.subject ?? "").trim(),
    from: readContacts(readAllFieldValues(raw, fields, "from")),
    to: readContacts(readAllFieldValues(raw, fields, "to")),
    cc: readContacts(readAllFieldValues(raw, fields, "cc")),
    sentDate: parseDateHeader(envelope.date),
    messageId: parseMessageIds(envelope.messageId ?? "")[0] ?? null,
    inReplyTo: parseMessageIds(envelope.inReplyTo ?? "")[0] ?? null,
    references: parseMessageIds(readFirstFieldValue(raw, fields, "references") ?? ""),
    preview,
    text,
    hasAttachments: hasAttachments(root),
  };
}

/**
 * The mailboxes of an address header, group members included, names decoded (RFC 2047). A header given
 * more than once lists the mailboxes of all its fields, as the envelope does.
 */
function readContacts(values: readonly string[]): Contact[] {
  const contacts: Contact[] = [];
  for (const entry of values.flatMap((value) => parseAddressList(value))) {
    if (entry.kind !== "mailbox") continue;
    contacts.push({ name: decodeHeaderWords(entry.name ?? "").trim(), address: entry.host ? `${entry.mailbox}@${entry.host}` : entry.mailbox });
  }
  return contacts;
}

function indexAsOpaqueText(raw: Buffer): ParsedMessage {
  const root: MimePart = {
    section: "",
    headerStart: 0,
    headerEnd: 0,
    bodyStart: 0,
    bodyEnd: raw.length,
    type: "text",
    subtype: "plain",
    params: { charset: "us-ascii" },
    encoding: "7bit",
  };
  const envelope: Envelope = { date: null, subject: null, from: null, sender: null, replyTo: null, to: null, cc: null, bcc: null, inReplyTo: null, messageId: null };
  return { root, envelope, subject: "", from: [], to: [], cc: [], sentDate: null, messageId: null, inReplyTo: null, references: [], preview: "", text: "", hasAttachments: false };
}
