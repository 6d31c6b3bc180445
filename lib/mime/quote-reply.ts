import { decodeHeaderWords } from "./decode-header-words.ts";
import { decodeTextBody } from "./decode-part-body.ts";
import { convertHtmlToText } from "./html-to-text.ts";
import type { MimePart } from "./message-index.ts";
import { parseAddressList } from "./parse-address-list.ts";
import { parseMessage } from "./parse-message.ts";
import { readFirstFieldValue } from "./read-field-value.ts";
import { readHeaderBlock } from "./read-header-block.ts";
import type { ComposeAddress, ComposeAttachment } from "./compose-message.ts";

export type ReplyMode = "reply" | "all" | "forward" | "attach";

/** A compose form filled in from an original message. */
export type ReplyDraft = {
  to: ComposeAddress[];
  cc: ComposeAddress[];
  subject: string;
  /** The quoted or forwarded text, below an empty first line for the user's own words. */
  text: string;
  inReplyTo: string | null;
  references: string[];
  /** "attach" mode: the original as a message/rfc822 attachment. */
  attachments: ComposeAttachment[];
};

// Reply prefixes of common clients (Outlook's German AW:, Scandinavian SV:), with Re[2]: counters.
const REPLY_PREFIX = /^\s*(re|aw|sv|antw)\s*(\[\d+\])?\s*:/i;
const FORWARD_PREFIX = /^\s*(fwd?|wg|tr)\s*:/i;

/**
 * The reply, reply-all or forward of a message (`raw`: its bytes): subjects get "Re: " or "Fwd: "
 * once, never stacked; replies quote the text under "On <date>, <name> wrote:" and carry
 * In-Reply-To and References (RFC 5322 §3.6.4); reply-all leaves out the user's own addresses
 * (`ownAddresses`, lower case); a forward shows the original's headers above its text, or attaches
 * the original byte for byte.
 */
export function draftReply(raw: Buffer, input: { mode: ReplyMode; ownAddresses: readonly string[] }): ReplyDraft {
  const parsed = parseMessage(raw);
  const fields = readHeaderBlock(raw, 0).fields;
  const isOwn = (a: ComposeAddress) => input.ownAddresses.includes(a.address.toLowerCase());
  const from = parsed.from.map(toAddress);
  const to = parsed.to.map(toAddress);
  const cc = parsed.cc.map(toAddress);
  const body = readBodyText(raw, parsed.root);
  const fromLine = formatAddresses(from) || "(unknown sender)";

  if (input.mode === "forward" || input.mode === "attach") {
    const subject = FORWARD_PREFIX.test(parsed.subject) ? parsed.subject : `Fwd: ${parsed.subject}`;
    if (input.mode === "attach") {
      const attachment = { filename: `${safeFilename(parsed.subject) || "message"}.eml`, contentType: "message/rfc822", content: raw };
      return { to: [], cc: [], subject, text: "", inReplyTo: null, references: [], attachments: [attachment] };
    }
    const headers = [
      "-------- Forwarded Message --------",
      `Subject: ${parsed.subject}`,
      `Date: ${readFirstFieldValue(raw, fields, "date") ?? ""}`,
      `From: ${fromLine}`,
      `To: ${formatAddresses(to)}`,
      ...(cc.length ? [`Cc: ${formatAddresses(cc)}`] : []),
    ];
    return { to: [], cc: [], subject, text: `\n\n${headers.join("\n")}\n\n${body}`, inReplyTo: null, references: [], attachments: [] };
  }

  const replyTo = readAddressField(raw, fields, "reply-to");
  // A reply to one's own message (from Sent) goes to its recipients, as Thunderbird does.
  const isFromSelf = from.length > 0 && from.every(isOwn);
  const primary = isFromSelf ? to : replyTo.length > 0 ? replyTo : from;
  const replyTargets = uniqueAddresses(primary.filter((a) => !isOwn(a) || isFromSelf));
  const others = input.mode === "all" ? uniqueAddresses([...(isFromSelf ? [] : to), ...cc]).filter((a) => !isOwn(a) && !includesAddress(replyTargets, a)) : [];
  const subject = REPLY_PREFIX.test(parsed.subject) ? parsed.subject : `Re: ${parsed.subject}`;
  const name = from[0]?.name || from[0]?.address || "someone";
  const quoted = body.split(/\r?\n/).map((line) => (line.startsWith(">") ? `>${line}` : `> ${line}`)).join("\n");
  const date = readFirstFieldValue(raw, fields, "date") ?? "an unknown date";
  const references = [...parsed.references, ...(parsed.messageId ? [parsed.messageId] : [])];
  return {
    to: replyTargets,
    cc: others,
    subject,
    text: `\n\nOn ${date}, ${name} wrote:\n${quoted}`,
    inReplyTo: parsed.messageId,
    references: [...new Set(references)],
    attachments: [],
  };
}

/** The text of the message's body: its first text/plain part that is not an attachment, else its HTML as text. */
export function readBodyText(raw: Buffer, root: MimePart): string {
  const parts: MimePart[] = [];
  const visit = (part: MimePart) => {
    parts.push(part);
    for (const child of part.children ?? []) visit(child);
  };
  visit(root);
  const readable = parts.filter((p) => !p.children && p.type === "text" && (p.subtype === "plain" || p.subtype === "html") && p.disposition?.type !== "attachment");
  const best = readable.find((p) => p.subtype === "plain") ?? readable.find((p) => p.subtype === "html");
  if (!best) return "";
  const text = decodeTextBody(raw, best);
  return (best.subtype === "html" ? convertHtmlToText(text) : text).replace(/\r\n/g, "\n").trimEnd();
}

function toAddress(contact: { name: string; address: string }): ComposeAddress {
  return { name: contact.name, address: contact.address };
}

export function readAddressField(raw: Buffer, fields: ReturnType<typeof readHeaderBlock>["fields"], name: string): ComposeAddress[] {
  const value = readFirstFieldValue(raw, fields, name);
  if (!value) return [];
  return parseAddressList(value).flatMap((entry) =>
    entry.kind === "mailbox" && entry.host ? [{ name: decodeHeaderWords(entry.name ?? "").trim(), address: `${entry.mailbox}@${entry.host}` }] : [],
  );
}

function uniqueAddresses(list: readonly ComposeAddress[]): ComposeAddress[] {
  return [...new Map(list.filter((a) => a.address).map((a) => [a.address.toLowerCase(), a])).values()];
}

function includesAddress(list: readonly ComposeAddress[], a: ComposeAddress): boolean {
  return list.some((b) => b.address.toLowerCase() === a.address.toLowerCase());
}

export function formatAddresses(list: readonly ComposeAddress[]): string {
  return list.map((a) => (a.name ? `${a.name} <${a.address}>` : a.address)).join(", ");
}

function safeFilename(subject: string): string {
  return subject.replace(/[\\/:*?"<>|\u0000-\u001f]/g, "_").trim().slice(0, 80);
}
