// Maps an IMAP FETCH section (RFC 3501 §6.4.5, RFC 9051 §6.4.5) to the bytes of the stored message.
//   section-spec = section-msgtext / (section-part ["." section-text])
//   section-msgtext = "HEADER" / "HEADER.FIELDS" [".NOT"] SP header-list / "TEXT"
//   section-text = section-msgtext / "MIME"
import type { MimePart } from "./message-index.ts";
import { readHeaderBlock } from "./read-header-block.ts";

export type SectionText = "HEADER" | "HEADER.FIELDS" | "HEADER.FIELDS.NOT" | "TEXT" | "MIME";

/** A parsed section spec: `part` is the part number path ([] for the message), `fields` only for HEADER.FIELDS[.NOT]. */
export type SectionSpec = { part: number[]; text: SectionText | null; fields: string[] };

/**
 * The byte range [start, end) of the raw message a section addresses. For HEADER.FIELDS[.NOT] the range
 * is the whole header; pass its bytes to `filterHeaderFields` with `headerFields` to get the answer.
 */
export type SectionRange =
  | { start: number; end: number }
  | { start: number; end: number; headerFields: { fields: string[]; not: boolean } };

const MAX_NZ_NUMBER = 4294967295;

/**
 * Parses what stands between the brackets of BODY[...], e.g. "", "TEXT", "1.2", "2.MIME",
 * "HEADER.FIELDS (From To)". Keywords are case-insensitive. Returns null for anything malformed,
 * including MIME without a part number and an empty header list.
 */
export function parseSectionSpec(spec: string): SectionSpec | null {
  const part: number[] = [];
  let rest = spec;
  for (let match = /^([1-9][0-9]{0,9})(\.|$)/.exec(rest); match; match = /^([1-9][0-9]{0,9})(\.|$)/.exec(rest)) {
    const number = Number(match[1]);
    if (number > MAX_NZ_NUMBER) return null;
    part.push(number);
    rest = rest.slice(match[0].length);
    if (match[2] === "") return { part, text: null, fields: [] };
  }
  if (rest === "") return part.length === 0 ? { part, text: null, fields: [] } : null;

  const keyword = /^(HEADER\.FIELDS\.NOT|HEADER\.FIELDS|HEADER|TEXT|MIME)(?= |$)/i.exec(rest);
  if (!keyword) return null;
  const text = keyword[1].toUpperCase() as SectionText;
  rest = rest.slice(keyword[0].length);
  if (text === "MIME" && part.length === 0) return null;
  if (text !== "HEADER.FIELDS" && text !== "HEADER.FIELDS.NOT") return rest === "" ? { part, text, fields: [] } : null;

  const fields = parseHeaderList(rest);
  return fields ? { part, text, fields } : null;
}

/** header-list = "(" header-fld-name *(SP header-fld-name) ")", each an atom or a quoted string. */
function parseHeaderList(text: string): string[] | null {
  const list = /^ \((.*)\)$/s.exec(text);
  if (!list) return null;
  const fields: string[] = [];
  const pattern = /"((?:[^"\\\r\n]|\\["\\])*)"|([^\s()"{%*\\\x00-\x1f\x7f]+)/y;
  let pos = 0;
  const body = list[1];
  while (pos < body.length) {
    if (fields.length > 0) {
      if (body[pos] !== " ") return null;
      pos++;
    }
    pattern.lastIndex = pos;
    const match = pattern.exec(body);
    if (!match) return null;
    const name = match[1] !== undefined ? match[1].replace(/\\(["\\])/g, "$1") : match[2];
    if (!name) return null;
    fields.push(name);
    pos = pattern.lastIndex;
  }
  return fields.length > 0 ? fields : null;
}

/**
 * Resolves a section against the message's MIME tree: which bytes of the raw message BODY[section]
 * returns. Null when the section is malformed or names no part of this message. Part numbering per
 * RFC 3501 §6.4.5: a message that is not multipart has one part, "1", its body; the parts of an embedded
 * message/rfc822 "2" are "2.1", "2.2", or just "2.1" for its body when it is not multipart.
 */
export function resolveSection(root: MimePart, section: string | SectionSpec): SectionRange | null {
  const spec = typeof section === "string" ? parseSectionSpec(section) : section;
  if (!spec) return null;

  // null stands for the top-level message itself
  const current = spec.part.length === 0 ? null : findPart(root, spec.part);
  if (spec.part.length > 0 && current === null) return null;

  if (spec.text === null) return current ? { start: current.bodyStart, end: current.bodyEnd } : { start: root.headerStart, end: root.bodyEnd };
  if (spec.text === "MIME") return current ? { start: current.headerStart, end: current.headerEnd } : null;

  // HEADER, TEXT and HEADER.FIELDS apply to a message: the top level or a message/rfc822 part
  const message = current === null ? root : current.message?.root;
  if (!message) return null;
  if (spec.text === "TEXT") return { start: message.bodyStart, end: message.bodyEnd };
  if (spec.text === "HEADER") return { start: message.headerStart, end: message.headerEnd };
  return { start: message.headerStart, end: message.headerEnd, headerFields: { fields: spec.fields, not: spec.text === "HEADER.FIELDS.NOT" } };
}

/** The part a part number path names ([1, 2] for "1.2"), or null when the message has none such. */
export function findPart(root: MimePart, path: readonly number[]): MimePart | null {
  let current: MimePart | null = null;
  for (const number of path) {
    if (current === null) current = enterMessage(root, number);
    else if (current.type === "multipart") current = childOf(current, number);
    else if (current.message) current = enterMessage(current.message.root, number);
    else return null;
    if (current === null) return null;
  }
  return current;
}

/** Part `number` of a message: a child of a multipart root, or the root itself as the body "1" of a message that is not multipart. */
function enterMessage(messageRoot: MimePart, number: number): MimePart | null {
  if (messageRoot.type === "multipart") return childOf(messageRoot, number);
  return number === 1 ? messageRoot : null;
}

/**
 * Part `number` of a multipart. One in which no part was found (no boundary, or no delimiter line)
 * is indexed as a leaf, and BODYSTRUCTURE shows it with one empty text/plain part, as Dovecot does
 * (RFC 9051 body-type-mpart = 1*body): its part 1 is that empty part, so that BODY[1], BODY[1.MIME]
 * and BINARY[1] agree with the structure, rather than the multipart's own header and body.
 */
function childOf(multipart: MimePart, number: number): MimePart | null {
  if (multipart.children) return multipart.children[number - 1] ?? null;
  if (number !== 1) return null;
  const at = multipart.bodyEnd;
  const section = multipart.section ? `${multipart.section}.1` : "1";
  return { section, headerStart: at, headerEnd: at, bodyStart: at, bodyEnd: at, type: "text", subtype: "plain", params: { charset: "us-ascii" }, encoding: "7bit", lines: 0 };
}

/**
 * The header fields of `headerBytes` whose names are (or with `not`, are not) in `fields`, compared
 * case-insensitively, each with its continuation lines, in their original order, followed by the blank
 * line that ends a header, as RFC 3501 §6.4.5 requires of HEADER.FIELDS and HEADER.FIELDS.NOT.
 * Lines that are no header field (an mbox "From " line) are never returned.
 */
export function filterHeaderFields(headerBytes: Buffer, fields: string[], not: boolean): Buffer {
  const wanted = new Set(fields.map((field) => field.toLowerCase()));
  const pieces: Buffer[] = [];
  for (const field of readHeaderBlock(headerBytes, 0).fields) {
    if (wanted.has(field.name) === not) continue;
    pieces.push(headerBytes.subarray(field.start, field.end));
    // the last line of a header that ends the message may have no line break of its own
    if (headerBytes[field.end - 1] !== 0x0a) pieces.push(CRLF);
  }
  pieces.push(CRLF);
  return Buffer.concat(pieces);
}

const CRLF = Buffer.from("\r\n");
