// Finds the header fields of a message or body part by byte offset, without decoding anything.
import { findEndBeforeDelimiter, findNextLineStart, matchDelimiter, type DelimiterHit } from "./match-delimiter.ts";
import { COLON, CR, HT, LF, SP } from "./byte-codes.ts";

/** One header field: its lower-case name and where its bytes are, continuation lines included. */
export type HeaderField = {
  name: string;
  /** Offset of the first byte of the field name. */
  start: number;
  /** Offset just after the colon. */
  valueStart: number;
  /** Offset just after the line break that ends the field's last line. */
  end: number;
};

export type HeaderBlock = {
  fields: HeaderField[];
  /** Offset just after the blank line that ends the block: where the body starts. */
  end: number;
  /** The delimiter line that cut the block short before any blank line, if one did. */
  hit: DelimiterHit | null;
};

/**
 * Reads the header block that starts at `start`. It ends after the first empty line (CRLF or bare LF),
 * at the end of the message, or in front of a delimiter line of one of `boundaries`; in that last case
 * the line break before the delimiter belongs to the delimiter (RFC 2046 §5.1.1) and not to the header.
 * Lines that are neither fields nor continuations (an mbox "From " line, garbage) are part of the block
 * but yield no field.
 */
export function readHeaderBlock(raw: Buffer, start: number, boundaries: readonly Buffer[] = []): HeaderBlock {
  const fields: HeaderField[] = [];
  let current: HeaderField | null = null;
  let pos = start;
  while (pos < raw.length) {
    const lineEnd = findNextLineStart(raw, pos);
    if (boundaries.length > 0) {
      const hit = matchDelimiter(raw, pos, lineEnd, boundaries);
      if (hit) {
        const end = findEndBeforeDelimiter(raw, pos, start);
        if (current && current.end > end) current.end = end;
        return { fields, end, hit };
      }
    }
    if (isBlankLine(raw, pos, lineEnd)) return { fields, end: lineEnd, hit: null };
    const first = raw[pos];
    if (first === SP || first === HT) {
      // RFC 5322 §2.2.3: a line starting with white space continues the field before it
      if (current) current.end = lineEnd;
    } else {
      current = readFieldStart(raw, pos, lineEnd);
      if (current) fields.push(current);
    }
    pos = lineEnd;
  }
  return { fields, end: raw.length, hit: null };
}

function isBlankLine(raw: Buffer, pos: number, lineEnd: number): boolean {
  const length = lineEnd - pos;
  if (length === 0) return false;
  if (length === 1) return raw[pos] === LF || raw[pos] === CR;
  return length === 2 && raw[pos] === CR && raw[pos + 1] === LF;
}

/**
 * Reads "name:" at the start of a line. The name is printable ASCII other than the colon (RFC 5322
 * §3.6.8); white space before the colon is obsolete syntax that is still accepted (RFC 5322 §4.5).
 * Scans the name only, never the whole line, so an endless line costs nothing here.
 */
function readFieldStart(raw: Buffer, pos: number, lineEnd: number): HeaderField | null {
  let i = pos;
  while (i < lineEnd && raw[i] > SP && raw[i] < 0x7f && raw[i] !== COLON) i++;
  const nameEnd = i;
  if (nameEnd === pos) return null;
  while (i < lineEnd && (raw[i] === SP || raw[i] === HT)) i++;
  if (raw[i] !== COLON || i >= lineEnd) return null;
  return { name: raw.toString("latin1", pos, nameEnd).toLowerCase(), start: pos, valueStart: i + 1, end: lineEnd };
}
