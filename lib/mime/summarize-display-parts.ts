// Which parts of a message a reader shows as its body, and which as attachments.
import { decodeHeaderWords } from "./decode-header-words.ts";
import type { MimePart } from "./message-index.ts";

/** A file of the message as the reading pane lists it. `part` is its IMAP section ("1" for a single-part message). */
export type DisplayAttachment = {
  part: string;
  filename: string;
  contentType: string;
  /** Decoded size, estimated from the encoded length (exact for 7bit/8bit/binary). */
  size: number;
  /** Content-ID without angle brackets, "" when none. */
  contentId: string;
  /** Shown in the body (an image of multipart/related, or marked inline), not only offered for download. */
  isInline: boolean;
};

export type DisplayParts = { html: MimePart | null; plain: MimePart | null; attachments: DisplayAttachment[] };

/** The section a part is addressed by in URLs: a single-part message's body is "1" (RFC 9051 §6.4.5). */
export function partPath(part: MimePart): string {
  return part.section || "1";
}

/** The leaf part addressed by `path`, or null. Never descends into an embedded message: it is one attachment. */
export function findLeafPart(root: MimePart, path: string): MimePart | null {
  const visit = (part: MimePart): MimePart | null => {
    if (!part.children) return partPath(part) === path ? part : null;
    for (const child of part.children) {
      const found = visit(child);
      if (found) return found;
    }
    return null;
  };
  return visit(root);
}

/**
 * The body to show, as HTML and as plain text where the message has them: multipart/alternative
 * gives its last (richest) usable alternative of each kind, multipart/related its start part, any
 * other multipart its first part that has a body. Every other leaf is an attachment.
 */
export function summarizeDisplayParts(root: MimePart): DisplayParts {
  const body = pickBody(root);
  const bodyParts = new Set([body.html, body.plain].filter(Boolean));
  const attachments: DisplayAttachment[] = [];
  const visit = (part: MimePart, parent: MimePart | null) => {
    if (part.children) {
      for (const child of part.children) visit(child, part);
      return;
    }
    if (bodyParts.has(part)) return;
    attachments.push(describeAttachment(part, parent));
  };
  visit(root, null);
  return { ...body, attachments };
}

function isBodyText(part: MimePart): boolean {
  return !part.children && part.type === "text" && (part.subtype === "html" || part.subtype === "plain") && part.disposition?.type !== "attachment" && !filenameOf(part);
}

function pickBody(part: MimePart): { html: MimePart | null; plain: MimePart | null } {
  if (!part.children) {
    if (!isBodyText(part)) return { html: null, plain: null };
    return part.subtype === "html" ? { html: part, plain: null } : { html: null, plain: part };
  }
  if (part.subtype === "alternative") {
    const found = { html: null as MimePart | null, plain: null as MimePart | null };
    for (const child of part.children) {
      const picked = pickBody(child);
      found.html = picked.html ?? found.html;
      found.plain = picked.plain ?? found.plain;
    }
    return found;
  }
  if (part.subtype === "related") {
    // RFC 2387: the start parameter names the root by Content-ID; by default the first part.
    const start = part.params.start;
    const root = (start && part.children.find((child) => child.id === start)) || part.children[0];
    return root ? pickBody(root) : { html: null, plain: null };
  }
  for (const child of part.children) {
    const picked = pickBody(child);
    if (picked.html || picked.plain) return picked;
  }
  return { html: null, plain: null };
}

function filenameOf(part: MimePart): string {
  return decodeHeaderWords(part.disposition?.params.filename ?? part.params.name ?? "").trim();
}

function describeAttachment(part: MimePart, parent: MimePart | null): DisplayAttachment {
  const contentType = `${part.type}/${part.subtype}`;
  const encodedSize = part.bodyEnd - part.bodyStart;
  const size = part.encoding === "base64" ? Math.floor((encodedSize * 3) / 4 / 1.027) : part.encoding === "quoted-printable" ? Math.floor(encodedSize * 0.9) : encodedSize;
  const contentId = (part.id ?? "").replace(/^\s*<|>\s*$/g, "");
  const isInline = part.disposition?.type === "inline" || (parent?.subtype === "related" && contentId !== "" && part.disposition?.type !== "attachment");
  return { part: partPath(part), filename: filenameOf(part) || defaultFilename(part), contentType, size, contentId, isInline };
}

function defaultFilename(part: MimePart): string {
  const extension = part.type === "message" ? "eml" : part.subtype === "plain" ? "txt" : /^[a-z0-9]{1,8}$/.test(part.subtype) ? part.subtype : "bin";
  return `part-${partPath(part)}.${extension}`;
}
