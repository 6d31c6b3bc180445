// Recognises MIME boundary delimiter lines (RFC 2046 §5.1.1). Used line by line by the header
// reader and the part scanner, so it works on a line the caller has already located.

import { CR, DASH, HT, LF, SP } from "./byte-codes.ts";

/** A boundary delimiter line found in the raw message. */
export type DelimiterHit = {
  /** Offset of the first "-" of the line. */
  lineStart: number;
  /** Offset just after the line's line feed, or the end of the message. */
  lineEnd: number;
  /** Index into the boundary list of the multipart this delimiter belongs to. */
  level: number;
  /** True for a close delimiter, "--boundary--". */
  isClose: boolean;
};

/** Offset just after the line feed that ends the line starting at `pos`, or the end of `raw`. */
export function findNextLineStart(raw: Buffer, pos: number): number {
  const lf = raw.indexOf(LF, pos);
  return lf < 0 ? raw.length : lf + 1;
}

/**
 * Matches the line [lineStart, lineEnd) against the boundaries of the open multiparts. When several
 * match, the longest boundary wins ("--b--x" is a delimiter of "b--x" rather than a close delimiter of
 * "b"), and among equal ones the innermost (last): a nested multipart that reuses its parent's boundary,
 * which the RFC forbids but mailers do, then still splits its own parts, as Dovecot and mailsplit read it.
 */
export function matchDelimiter(raw: Buffer, lineStart: number, lineEnd: number, boundaries: readonly Buffer[]): DelimiterHit | null {
  if (raw[lineStart] !== DASH || raw[lineStart + 1] !== DASH) return null;
  let best: DelimiterHit | null = null;
  for (let level = boundaries.length - 1; level >= 0; level--) {
    const boundary = boundaries[level];
    if (best && boundaries[best.level].length >= boundary.length) continue;
    const afterBoundary = lineStart + 2 + boundary.length;
    if (afterBoundary > lineEnd) continue;
    if (raw.compare(boundary, 0, boundary.length, lineStart + 2, afterBoundary) !== 0) continue;
    const isClose = readDelimiterSuffix(raw, afterBoundary, lineEnd);
    if (isClose !== null) best = { lineStart, lineEnd, level, isClose };
  }
  return best;
}

/**
 * Checks what follows the boundary value. A close delimiter's "--" may be followed by anything
 * ("--b--</BODY></HTML>", text glued on by a mailer that appended to the raw message): RFC 2046 §5.1.1
 * tells implementors to match the boundary against the start of a line, not the whole line, and Dovecot
 * ends the multipart there. Any other delimiter line must be exact: transport padding (SP and HTAB) and
 * the line ending only, so that a longer boundary ("--b2" for "b") stays content, as for mailsplit. A
 * run of CRs before the LF is accepted as the trace of a doubled CR-to-CRLF conversion, and only a close
 * delimiter may end the message without a line break. Returns whether the line is a close delimiter, or
 * null when it is no delimiter at all.
 */
function readDelimiterSuffix(raw: Buffer, pos: number, lineEnd: number): boolean | null {
  if (pos + 1 < lineEnd && raw[pos] === DASH && raw[pos + 1] === DASH) return true;
  while (pos < lineEnd && (raw[pos] === SP || raw[pos] === HT)) pos++;
  // a line without a line break is the last of the message
  if (pos === lineEnd) return null;
  while (pos < lineEnd && raw[pos] === CR) pos++;
  if (pos < lineEnd && raw[pos] === LF) pos++;
  return pos === lineEnd ? false : null;
}

/**
 * Where the content in front of a delimiter line ends: the CRLF (or bare LF) before the delimiter
 * belongs to the delimiter, not to the part (RFC 2046 §5.1.1). Never before `floor`, the start of the
 * content, so a part whose only line break is the one that ended its header keeps that blank line in
 * its header, as Dovecot and mailsplit count it.
 */
export function findEndBeforeDelimiter(raw: Buffer, lineStart: number, floor: number): number {
  let end = lineStart;
  if (end > floor && raw[end - 1] === LF) {
    end--;
    if (end > floor && raw[end - 1] === CR) end--;
  }
  return Math.max(end, floor);
}

/** The first delimiter line at or after `pos` (a line start) of any of the boundaries, or null at the end of the message. */
export function scanToDelimiter(raw: Buffer, pos: number, boundaries: readonly Buffer[]): DelimiterHit | null {
  if (boundaries.length === 0) return null;
  while (pos < raw.length) {
    const lineEnd = findNextLineStart(raw, pos);
    if (raw[pos] === DASH) {
      const hit = matchDelimiter(raw, pos, lineEnd, boundaries);
      if (hit) return hit;
    }
    pos = lineEnd;
  }
  return null;
}
