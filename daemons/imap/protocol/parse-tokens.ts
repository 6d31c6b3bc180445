// The lexical layer of the IMAP command grammar (RFC 9051 §9, RFC 3501 §9): a cursor over one
// complete command, as command-reader.ts framed it, that reads atoms, strings, numbers and lists.
// Every reader either returns its value or records why it could not (`fail`) and returns null, so the
// grammar above propagates failure with `if (value === null) return null` and nothing throws.

import { isUtf8 } from "node:buffer";
import { lineTerminatorLength } from "./command-reader.ts";

const DQUOTE = 0x22;
const BACKSLASH = 0x5c;
const CR = 0x0d;
const LF = 0x0a;
const TILDE = 0x7e;
const OPEN_BRACE = 0x7b;
const CLOSE_BRACE = 0x7d;

// Character classes of RFC 9051 §9, one bit each.
const ATOM_CHAR = 1;
const ASTRING_CHAR = 2;
const LIST_CHAR = 4;
const TAG_CHAR = 8;
const DIGIT = 16;

const CHARACTER_CLASSES = buildCharacterClasses();

function buildCharacterClasses(): Uint8Array {
  const classes = new Uint8Array(256);
  for (let byte = 0x21; byte < 0x7f; byte++) {
    // atom-specials = "(" / ")" / "{" / SP / CTL / list-wildcards / quoted-specials / resp-specials
    const char = String.fromCharCode(byte);
    const isAtomChar = !'(){%*"\\]'.includes(char);
    if (isAtomChar) classes[byte]! |= ATOM_CHAR | ASTRING_CHAR | LIST_CHAR;
    if (char === "]") classes[byte]! |= ASTRING_CHAR | LIST_CHAR;
    if (char === "%" || char === "*") classes[byte]! |= LIST_CHAR;
    if ((isAtomChar || char === "]") && char !== "+") classes[byte]! |= TAG_CHAR;
    if (char >= "0" && char <= "9") classes[byte]! |= DIGIT;
  }
  return classes;
}

/** A string read from the wire together with how it was sent: literal8 content may hold any byte. */
export type LiteralData = { data: Buffer; isBinary: boolean };

export const MAX_NZ_NUMBER = 4294967295n;
/** number64 (RFC 9051 §9) and mod-sequence-value (RFC 7162 §7): 2^63 - 1. */
const MAX_NUMBER64 = 9223372036854775807n;
const MAX_NUMBER_DIGITS = 19;

export type CursorOptions = {
  /**
   * UTF8=ACCEPT is enabled (RFC 6855 §3) or the session speaks IMAP4rev2 (RFC 9051 QUOTED-CHAR):
   * quoted strings may hold UTF-8, and APPEND accepts its `UTF8 (literal8)` form.
   */
  isUtf8Enabled: boolean;
  /**
   * The session speaks IMAP4rev2 (RFC 9051): its grammar has STATUS DELETED but no longer STATUS RECENT
   * or the RECENT, NEW and OLD search keys (\Recent is gone); IMAP4rev1's grammar is the other way round.
   */
  isRev2: boolean;
};

export class TokenCursor {
  private position = 0;
  private failure: string | null = null;
  /** Where tokens end: before the final CRLF (or bare LF). */
  private readonly end: number;
  /**
   * Where literal data may end: before the final LF only. A literal's last byte may be a CR when the
   * line after it ends in a bare LF, as the reader frames it; that CR is data, not part of the line end.
   */
  private readonly literalEnd: number;

  constructor(
    private readonly bytes: Buffer,
    readonly options: CursorOptions,
  ) {
    this.end = bytes.length - lineTerminatorLength(bytes);
    this.literalEnd = lineTerminatorLength(bytes) > 0 ? bytes.length - 1 : bytes.length;
  }

  /** Why reading failed; the first failure wins, as later ones are its consequences. */
  get failureMessage(): string | null {
    return this.failure;
  }

  fail(message: string): null {
    this.failure ??= message;
    return null;
  }

  isAtEnd(): boolean {
    return this.position >= this.end;
  }

  /** The next byte, or -1 at the end. */
  peekByte(offset = 0): number {
    const at = this.position + offset;
    return at < this.end ? this.bytes[at]! : -1;
  }

  isAt(char: string): boolean {
    return this.peekByte() === char.charCodeAt(0);
  }

  /** Consumes `char` when it is next. */
  skip(char: string): boolean {
    if (!this.isAt(char)) return false;
    this.position++;
    return true;
  }

  /** Consumes `char` or fails with `message` (`Missing <what>` style messages are the caller's). */
  expect(char: string, message: string): boolean {
    if (this.skip(char)) return true;
    this.fail(message);
    return false;
  }

  /** One SP before an argument: `Missing <what>` where the command or the list ends instead. */
  expectSpace(what: string): boolean {
    if (this.skip(" ")) return true;
    this.fail(this.isAtEnd() || this.isAt(")") ? `Missing ${what}` : `Expected a space before ${what}`);
    return false;
  }

  /** The command must end here. */
  expectEnd(): boolean {
    if (this.isAtEnd()) return true;
    this.fail("Unexpected extra arguments");
    return false;
  }

  /** `Missing <what>` at the end, `Invalid <what>` otherwise. */
  failAt(what: string): null {
    return this.fail(this.isAtEnd() ? `Missing ${what}` : `Invalid ${what}`);
  }

  /** The longest run of bytes of one character class, as ASCII ("" when none). */
  private readRun(characterClass: number): string {
    const start = this.position;
    while (this.position < this.end && (CHARACTER_CLASSES[this.bytes[this.position]!]! & characterClass) !== 0) this.position++;
    return this.bytes.toString("latin1", start, this.position);
  }

  /**
   * A run that makes up a whole token (atom, astring, list-mailbox): "" when there is none, null when
   * it runs into a byte no token may border on (8-bit, or a control character such as a stray CR).
   */
  private readToken(characterClass: number, what: string): string | null {
    const token = this.readRun(characterClass);
    const next = this.peekByte();
    if (next >= 0x80 || (next >= 0 && next < 0x20) || next === 0x7f) return this.fail(`Invalid ${what}`);
    return token === "" ? this.failAt(what) : token;
  }

  /** Reads bytes while `isPart` holds, as ASCII, without regard to the character classes. */
  readWhile(isPart: (byte: number) => boolean): string {
    const start = this.position;
    while (this.position < this.end && isPart(this.bytes[this.position]!)) this.position++;
    return this.bytes.toString("latin1", start, this.position);
  }

  /** tag = 1*<any ASTRING-CHAR except "+">; null (without a failure message) when there is none. */
  readTag(): string | null {
    const tag = this.readRun(TAG_CHAR);
    return tag === "" ? null : tag;
  }

  /** atom = 1*ATOM-CHAR. */
  readAtom(what: string): string | null {
    return this.readToken(ATOM_CHAR, what);
  }

  /** An atom compared case-insensitively: command names, keywords, options. */
  readKeyword(what: string): string | null {
    return this.readAtom(what)?.toUpperCase() ?? null;
  }

  /** The upper-cased atom that comes next, without consuming it ("" when none). */
  peekKeyword(): string {
    const start = this.position;
    const keyword = this.readRun(ATOM_CHAR).toUpperCase();
    this.position = start;
    return keyword;
  }

  /** Consumes the keyword when it is next as a whole atom. */
  skipKeyword(keyword: string): boolean {
    const start = this.position;
    if (this.readRun(ATOM_CHAR).toUpperCase() === keyword) return true;
    this.position = start;
    return false;
  }

  /** A run of decimal digits ("" when none). */
  readDigits(): string {
    return this.readRun(DIGIT);
  }

  /**
   * number / nz-number / number64 (RFC 9051 §9) within [min, max]. Values beyond max are errors, never
   * wrapped; leading zeros are read as the number they spell.
   */
  readNumber(what: string, min: bigint, max: bigint): bigint | null {
    const digits = this.readDigits();
    if (digits === "") return this.failAt(what);
    const significant = digits.replace(/^0+(?=.)/, "");
    if (significant.length > MAX_NUMBER_DIGITS) return this.fail(`${capitalize(what)} out of range`);
    const value = BigInt(significant);
    if (value < min || value > max) return this.fail(`${capitalize(what)} out of range`);
    return value;
  }

  /**
   * A number64 held in a JS number (sizes, offsets, quota limits). The grammar allows up to 2^63-1,
   * but beyond 2^53-1 the number would silently round, so such values are refused as out of range.
   */
  readSafeNumber(what: string, min = 0n): number | null {
    const value = this.readNumber(what, min, BigInt(Number.MAX_SAFE_INTEGER));
    return value === null ? null : Number(value);
  }

  /** mod-sequence-value (1..2^63-1) or, with `allowsZero`, mod-sequence-valzer (RFC 7162 §7). */
  readModSequence(what: string, allowsZero: boolean): bigint | null {
    return this.readNumber(what, allowsZero ? 0n : 1n, MAX_NUMBER64);
  }

  /** The atom NIL, case-insensitively, as a whole token. */
  skipNil(): boolean {
    return this.skipKeyword("NIL");
  }

  isAtLiteral(): boolean {
    return this.isAt("{") || (this.peekByte() === TILDE && this.peekByte(1) === OPEN_BRACE);
  }

  /** string = quoted / literal, decoded as UTF-8. */
  readString(what: string): string | null {
    if (this.isAt('"')) return this.readQuoted(what);
    if (this.isAtLiteral()) return this.readLiteralString(what);
    return this.failAt(what);
  }

  /** astring = 1*ASTRING-CHAR / string. */
  readAstring(what: string): string | null {
    if (this.isAt('"') || this.isAtLiteral()) return this.readString(what);
    return this.readToken(ASTRING_CHAR, what);
  }

  /** list-mailbox = 1*list-char / string: an astring that may also hold the wildcards % and *. */
  readListMailbox(what: string): string | null {
    if (this.isAt('"') || this.isAtLiteral()) return this.readString(what);
    return this.readToken(LIST_CHAR, what);
  }

  /**
   * quoted = DQUOTE *QUOTED-CHAR DQUOTE. Only `\\` and `\"` are escapes; CR, LF and NUL are never
   * allowed. 8-bit bytes need UTF8=ACCEPT or IMAP4rev2 (RFC 6855 §3); otherwise RFC 3501 §9 limits
   * QUOTED-CHAR to 7-bit and such text must come as a literal.
   */
  readQuoted(what: string): string | null {
    if (!this.skip('"')) return this.failAt(what);
    const bytes: number[] = [];
    for (;;) {
      if (this.position >= this.end) return this.fail("Unterminated quoted string");
      const byte = this.bytes[this.position++]!;
      if (byte === DQUOTE) break;
      if (byte === BACKSLASH) {
        const escaped = this.position < this.end ? this.bytes[this.position++]! : -1;
        if (escaped !== DQUOTE && escaped !== BACKSLASH) return this.fail("Invalid escape in quoted string");
        bytes.push(escaped);
      } else if (byte === CR || byte === LF) {
        return this.fail("Line break in quoted string");
      } else if (byte === 0) {
        return this.fail("NUL in string");
      } else if (byte >= 0x80 && !this.options.isUtf8Enabled) {
        return this.fail("8-bit text must be sent as a literal");
      } else {
        bytes.push(byte);
      }
    }
    return decodeUtf8(Buffer.from(bytes), what, this);
  }

  /**
   * literal = "{" number64 ["+"] "}" CRLF *CHAR8, literal8 = "~{" number64 ["+"] "}" CRLF *OCTET
   * (RFC 9051 §9, RFC 7888, RFC 3516). A bare LF after the brace is accepted, as the reader accepts it.
   */
  readLiteral(what: string): LiteralData | null {
    const isBinary = this.skip("~");
    if (!this.skip("{")) return this.failAt(what);
    const digits = this.readDigits();
    this.skip("+");
    if (digits === "" || this.peekByte() !== CLOSE_BRACE) return this.fail("Invalid literal");
    this.position++;
    if (this.peekByte() === CR && this.peekByte(1) === LF) this.position += 2;
    else if (this.peekByte() === LF) this.position++;
    else return this.fail("Literal must end its line");

    const significant = digits.replace(/^0+(?=.)/, "");
    const size = significant.length > 15 ? Infinity : Number(significant);
    if (this.position + size > this.literalEnd) return this.fail("Literal data truncated");
    const data = this.bytes.subarray(this.position, this.position + size);
    this.position += size;
    return { data, isBinary };
  }

  /** A literal holding a string: UTF-8 text without NUL (CHAR8 excludes it); literal8 is for message data only. */
  private readLiteralString(what: string): string | null {
    const literal = this.readLiteral(what);
    if (literal === null) return null;
    if (literal.isBinary) return this.fail("literal8 is only allowed for message data");
    if (literal.data.includes(0)) return this.fail("NUL in string");
    return decodeUtf8(literal.data, what, this);
  }

  /** mailbox = "INBOX" / astring; INBOX in any case is INBOX (RFC 9051 §5.1). */
  readMailbox(what = "mailbox name"): string | null {
    const name = this.readAstring(what);
    if (name === null) return null;
    return name.toUpperCase() === "INBOX" ? "INBOX" : name;
  }

  /** flag = "\" atom (system flags and flag-extension) / flag-keyword, as sent. */
  readFlag(what = "flag"): string | null {
    const hasBackslash = this.skip("\\");
    const atom = this.readToken(ATOM_CHAR, what);
    if (atom === null) return null;
    return hasBackslash ? `\\${atom}` : atom;
  }

  /** flag-list = "(" [flag *(SP flag)] ")". */
  readFlagList(): string[] | null {
    return this.readList("flag list", () => this.readFlag(), { allowsEmpty: true });
  }

  /**
   * "(" item *(SP item) ")": a parenthesized list, each item read by `readItem`, which returns null
   * after a failure. `what` names the list in messages.
   */
  readList<T>(what: string, readItem: () => T | null, { allowsEmpty }: { allowsEmpty: boolean }): T[] | null {
    if (!this.skip("(")) return this.failAt(what);
    const items: T[] = [];
    if (this.skip(")")) return allowsEmpty ? items : this.fail(`Empty ${what}`);
    for (;;) {
      const item = readItem();
      if (item === null) return null;
      items.push(item);
      if (this.skip(")")) return items;
      if (!this.skip(" ")) return this.fail(this.isAtEnd() ? `Unterminated ${what}` : `Invalid ${what}`);
    }
  }
}

function decodeUtf8(bytes: Buffer, what: string, cursor: TokenCursor): string | null {
  if (!isUtf8(bytes)) return cursor.fail(`Invalid UTF-8 in ${what}`);
  return bytes.toString("utf8");
}

function capitalize(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}
