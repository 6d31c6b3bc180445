import { describe, expect, it } from "vitest";
import { astring, formatFlagList, formatInternalDate, imapString, joinResponsePieces, literal, MAX_QUOTED_BYTES, nstring, quoted, type ResponsePiece } from "./response-values.ts";

const wire = (pieces: ResponsePiece[]) => joinResponsePieces(pieces).toString("latin1");

describe("response values", () => {
  it("quotes with \" and \\ escaped, and refuses what a quoted string cannot hold", () => {
    expect(quoted('say "hi" \\ bye')).toBe('"say \\"hi\\" \\\\ bye"');
    expect(() => quoted("a\r\nb")).toThrow(RangeError);
    expect(() => quoted("a\0b")).toThrow(RangeError);
  });

  it("writes literals with their byte count, strings as UTF-8 and buffers byte for byte", () => {
    expect(wire(literal("Grüße"))).toBe("{7}\r\nGr\xc3\xbc\xc3\x9fe");
    const latin1 = Buffer.from([0x63, 0x61, 0x66, 0xe9]);
    expect(joinResponsePieces(literal(latin1))).toEqual(Buffer.concat([Buffer.from("{4}\r\n"), latin1]));
  });

  it("chooses quoted or literal as Dovecot does", () => {
    expect(wire(imapString("plain text"))).toBe('"plain text"');
    expect(wire(imapString(""))).toBe('""');
    expect(wire(imapString('four "" \\\\ escapes'))).toBe('"four \\"\\" \\\\\\\\ escapes"');
    expect(wire(imapString('five """"" escapes'))).toBe('{18}\r\nfive """"" escapes');
    expect(wire(imapString("two\r\nlines"))).toBe("{10}\r\ntwo\r\nlines");
    expect(wire(imapString("nul\0byte"))).toBe("{8}\r\nnul\0byte");
    expect(wire(imapString("x".repeat(MAX_QUOTED_BYTES)))).toBe(`"${"x".repeat(MAX_QUOTED_BYTES)}"`);
    expect(wire(imapString("x".repeat(MAX_QUOTED_BYTES + 1)))).toMatch(/^\{4097\}\r\n/);
  });

  it("sends 8-bit text as a literal, or quoted once UTF8=ACCEPT is on and it is UTF-8", () => {
    expect(wire(imapString("Köln"))).toBe("{5}\r\nK\xc3\xb6ln");
    expect(joinResponsePieces(imapString("Köln", { utf8: true })).toString("utf8")).toBe('"Köln"');
    const notUtf8 = Buffer.from([0x4b, 0xf6, 0x6c, 0x6e]);
    expect(joinResponsePieces(imapString(notUtf8, { utf8: true }))).toEqual(Buffer.concat([Buffer.from("{4}\r\n"), notUtf8]));
    expect(joinResponsePieces(imapString(Buffer.from("Köln"), { utf8: true })).toString("utf8")).toBe('"Köln"');
  });

  it("writes NIL for null in an nstring", () => {
    expect(wire(nstring(null))).toBe("NIL");
    expect(wire(nstring("NIL"))).toBe('"NIL"');
    expect(wire(nstring(Buffer.from("x")))).toBe('"x"');
  });

  it("writes an astring as an atom when it can", () => {
    expect(wire(astring("INBOX"))).toBe("INBOX");
    expect(wire(astring("Sent]Items"))).toBe("Sent]Items");
    expect(wire(astring("Sent Items"))).toBe('"Sent Items"');
    expect(wire(astring("a(b"))).toBe('"a(b"');
    expect(wire(astring("50%"))).toBe('"50%"');
    expect(wire(astring("nil"))).toBe('"nil"');
    expect(wire(astring(""))).toBe('""');
    expect(wire(astring("Entwürfe"))).toBe("{9}\r\nEntw\xc3\xbcrfe");
  });

  it("formats flag lists", () => {
    expect(formatFlagList([])).toBe("()");
    expect(formatFlagList(["\\Seen", "\\Flagged", "$Forwarded"])).toBe("(\\Seen \\Flagged $Forwarded)");
  });

  it("formats INTERNALDATE in UTC with a two-digit day, as Dovecot does", () => {
    expect(formatInternalDate(new Date("2026-01-01T10:00:00Z"))).toBe('"01-Jan-2026 10:00:00 +0000"');
    expect(formatInternalDate(new Date("2025-12-31T23:59:59.999+01:00"))).toBe('"31-Dec-2025 22:59:59 +0000"');
    expect(formatInternalDate(new Date("0999-03-05T01:02:03Z"))).toBe('"05-Mar-0999 01:02:03 +0000"');
  });
});
