// How values are written in IMAP responses (RFC 9051 §4; RFC 3501 §4): NIL, atoms, quoted strings
// and literals. Where the RFC leaves the choice to the server, the choices follow Dovecot's, so our
// transcripts compare byte for byte with Dovecot's (see dovecot-agreement.test.ts).
import { isUtf8 } from "node:buffer";

/**
 * One piece of a response as it goes on the wire. A string is written as UTF-8: it is ASCII except
 * in quoted strings once the client has enabled UTF8=ACCEPT. A Buffer is written byte for byte: it
 * carries literal contents, which may hold 8-bit bytes in any charset. The writer sends the pieces
 * in order with nothing between them.
 */
export type ResponsePiece = string | Buffer;

export type StringOptions = {
  /** The client has enabled UTF8=ACCEPT (RFC 6855 §3) or IMAP4rev2 (RFC 9051 §9 QUOTED-CHAR): UTF-8 may be sent in quoted strings. */
  utf8?: boolean;
};

/**
 * Dovecot's threshold: a quoted string costs one byte per `"` or `\`, a literal at least five
 * ("{n}" CRLF), so past four escapes a literal is no longer than the quoted form.
 */
const MAX_QUOTED_ESCAPES = 4;
/**
 * Longer values go as literals so that no response line grows without bound; clients read literals
 * by count instead of scanning a line. Dovecot has no such limit: header values this long are rare.
 */
export const MAX_QUOTED_BYTES = 4096;

/** RFC 9051 ASTRING-CHAR: printable ASCII except atom-specials, "]" allowed. */
const ASTRING_CHARS = /^[^\x00-\x20\x7f-\uffff(){%*"\\]+$/;

const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const CR = 0x0d;
const LF = 0x0a;
const NUL = 0x00;

/** All pieces as one Buffer, for tests and for writers that send a response in one write. */
export function joinResponsePieces(pieces: readonly ResponsePiece[]): Buffer {
  return Buffer.concat(pieces.map((piece) => (typeof piece === "string" ? Buffer.from(piece, "utf8") : piece)));
}

/**
 * A quoted string with `"` and `\` escaped. The caller must have checked that the value can be
 * quoted (no CR, LF or NUL; UTF-8 only under UTF8=ACCEPT): this throws otherwise.
 */
export function quoted(value: string): string {
  if (/[\r\n\0]/.test(value)) throw new RangeError("quoted strings cannot hold CR, LF or NUL (RFC 9051 §4.3)");
  return `"${value.replace(/["\\]/g, "\\$&")}"`;
}

/** A synchronizing literal: "{n}" CRLF and the bytes; n counts bytes, so a string is sent as UTF-8. */
export function literal(bytes: Buffer | string): ResponsePiece[] {
  const body = typeof bytes === "string" ? Buffer.from(bytes, "utf8") : bytes;
  return [`{${body.length}}\r\n`, body];
}

/**
 * A string (RFC 9051 `string`) in the form the value allows: quoted when it can be, else a literal.
 * A literal is needed for CR, LF and NUL, for 8-bit bytes unless UTF8=ACCEPT is on and they are valid
 * UTF-8, for more than four `"` or `\`, and for values over MAX_QUOTED_BYTES. (NUL is not allowed in
 * a literal either, only in BINARY's literal8; values with NUL are the caller's to clean, as
 * format-envelope.ts does.)
 */
export function imapString(value: string | Buffer, options: StringOptions = {}): ResponsePiece[] {
  const bytes = typeof value === "string" ? Buffer.from(value, "utf8") : value;
  if (!canBeQuoted(bytes, options)) return literal(bytes);
  // quotable bytes are ASCII, or UTF-8 under UTF8=ACCEPT
  return [quoted(typeof value === "string" ? value : bytes.toString("utf8"))];
}

/** NIL for null, otherwise a string as `imapString` writes it. */
export function nstring(value: string | Buffer | null, options: StringOptions = {}): ResponsePiece[] {
  return value === null ? ["NIL"] : imapString(value, options);
}

/**
 * An astring: a bare atom when every character is an ASTRING-CHAR, else a string. The empty value and
 * "NIL" in any case are quoted so that no reader takes them for nothing or for NIL (as Dovecot does).
 */
export function astring(value: string | Buffer, options: StringOptions = {}): ResponsePiece[] {
  const text = typeof value === "string" ? value : value.toString("latin1");
  if (ASTRING_CHARS.test(text) && text.toUpperCase() !== "NIL") return [text];
  return imapString(value, options);
}

/** A flag list: "(" flags separated by spaces ")". Flags are atoms (system flags keep their backslash). */
export function formatFlagList(flags: readonly string[]): string {
  return `(${flags.join(" ")})`;
}

const MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];

/**
 * An INTERNALDATE value (RFC 9051 date-time, with its quotes), always in UTC: "01-Jan-2026 10:00:00 +0000".
 * The day is two digits: the grammar allows " 1" or "01", and Dovecot writes "01".
 */
export function formatInternalDate(date: Date): string {
  const pad = (n: number, width = 2) => String(n).padStart(width, "0");
  const day = `${pad(date.getUTCDate())}-${MONTHS[date.getUTCMonth()]}-${pad(date.getUTCFullYear(), 4)}`;
  const time = `${pad(date.getUTCHours())}:${pad(date.getUTCMinutes())}:${pad(date.getUTCSeconds())}`;
  return `"${day} ${time} +0000"`;
}

function canBeQuoted(bytes: Buffer, options: StringOptions): boolean {
  if (bytes.length > MAX_QUOTED_BYTES) return false;
  let escapes = 0;
  let hasEightBit = false;
  for (const byte of bytes) {
    if (byte === CR || byte === LF || byte === NUL) return false;
    if (byte === QUOTE || byte === BACKSLASH) escapes += 1;
    else if (byte >= 0x80) hasEightBit = true;
  }
  if (escapes > MAX_QUOTED_ESCAPES) return false;
  // RFC 6855 §3: under UTF8=ACCEPT a quoted string may carry UTF-8, but nothing else 8-bit
  return !hasEightBit || (options.utf8 === true && isUtf8(bytes));
}
