// The readable text of a message: a short preview for lists and the full text for search.
import { decodeTextBody } from "./decode-part-body.ts";
import { convertHtmlToText } from "./html-to-text.ts";
import type { MimePart } from "./message-index.ts";

/** How much text is kept for full-text search, in bytes of UTF-8. */
export const MAX_SEARCH_TEXT_BYTES = 1024 * 1024;
export const PREVIEW_LENGTH = 200;
/** Encoded bytes read per part: enough for the search text even in base64 of a 4-byte-per-character charset. */
const MAX_ENCODED_INPUT = 8 * MAX_SEARCH_TEXT_BYTES;

export type MessageText = { preview: string; text: string };

/**
 * Decodes every text/plain and text/html part, those in embedded messages included, to plain text.
 * The preview comes from the best body part: the first text/plain that is not an attachment, else the
 * first such text/html, looking in the message itself before its embedded messages.
 */
export function extractMessageText(raw: Buffer, root: MimePart): MessageText {
  const decoded = new Map<MimePart, string>();
  const readText = (part: MimePart) => {
    let text = decoded.get(part);
    if (text === undefined) {
      const body = decodeTextBody(raw, part, MAX_ENCODED_INPUT);
      text = part.subtype === "html" ? convertHtmlToText(body) : body;
      decoded.set(part, text);
    }
    return text;
  };

  const textParts = listParts(root, true).filter(isReadableText);
  const pieces: string[] = [];
  let budget = MAX_SEARCH_TEXT_BYTES;
  for (const part of textParts) {
    if (budget <= 0) break;
    const piece = truncateUtf8(readText(part).trim(), budget);
    if (!piece) continue;
    pieces.push(piece);
    budget -= Buffer.byteLength(piece) + 2;
  }

  const best = pickBodyPart(listParts(root, false)) ?? pickBodyPart(textParts);
  return { preview: best ? makePreview(readText(best)) : "", text: pieces.join("\n\n") };
}

/** The parts of the tree in document order; with `intoMessages`, the parts of embedded messages too. */
function listParts(root: MimePart, intoMessages: boolean): MimePart[] {
  const parts: MimePart[] = [];
  const visit = (part: MimePart) => {
    parts.push(part);
    for (const child of part.children ?? []) visit(child);
    if (intoMessages && part.message) visit(part.message.root);
  };
  visit(root);
  return parts;
}

function isReadableText(part: MimePart): boolean {
  return !part.children && part.type === "text" && (part.subtype === "plain" || part.subtype === "html");
}

function pickBodyPart(parts: MimePart[]): MimePart | undefined {
  const candidates = parts.filter((part) => isReadableText(part) && part.disposition?.type !== "attachment");
  return candidates.find((part) => part.subtype === "plain") ?? candidates.find((part) => part.subtype === "html");
}

function makePreview(text: string): string {
  const collapsed = text.replace(/\s+/g, " ").trim();
  // cut by code points, so a surrogate pair is never split
  return Array.from(collapsed.slice(0, PREVIEW_LENGTH * 2)).slice(0, PREVIEW_LENGTH).join("").trimEnd();
}

/** The longest prefix of `text` that takes at most `maxBytes` bytes of UTF-8, never splitting a character. */
function truncateUtf8(text: string, maxBytes: number): string {
  if (text.length * 3 <= maxBytes || Buffer.byteLength(text) <= maxBytes) return text;
  return Buffer.from(text).subarray(0, maxBytes).toString("utf8").replace(/\ufffd$/, "");
}
