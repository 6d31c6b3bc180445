import { describe, expect, it } from "vitest";
import type { MimePart } from "../../../lib/mime/message-index.ts";
import { parseMessage } from "../../../lib/mime/parse-message.ts";
import { formatBodyStructure } from "./format-body-structure.ts";
import { joinResponsePieces } from "./response-values.ts";

const structureOf = (lines: string[], extensible = true) => {
  const root = parseMessage(Buffer.from(lines.join("\r\n"))).root;
  return joinResponsePieces(formatBodyStructure(root, extensible)).toString("utf8");
};

const leaf = (fields: Partial<MimePart>): MimePart => ({
  section: "1",
  headerStart: 0,
  headerEnd: 10,
  bodyStart: 10,
  bodyEnd: 20,
  type: "application",
  subtype: "octet-stream",
  params: {},
  encoding: "7bit",
  ...fields,
});

// The expected strings are Dovecot 2.3's answers for the same messages (see dovecot-agreement.test.ts).
describe("formatBodyStructure", () => {
  it("writes a text part with its size and lines, and a default charset when the header has none", () => {
    const message = ["MIME-Version: 1.0", "Content-Type: text/plain; format=flowed", "", "line", "line2", ""];
    expect(structureOf(message)).toBe('("text" "plain" ("format" "flowed" "charset" "us-ascii") NIL NIL "7bit" 13 2 NIL NIL NIL NIL)');
    expect(structureOf(message, false)).toBe('("text" "plain" ("format" "flowed" "charset" "us-ascii") NIL NIL "7bit" 13 2)');
  });

  it("writes a plain US-ASCII message in Dovecot's one spelling", () => {
    expect(structureOf(["Content-Type: text/plain; charset=US-ASCII", "", "x"])).toBe('("text" "plain" ("charset" "us-ascii") NIL NIL "7bit" 1 0 NIL NIL NIL NIL)');
    expect(structureOf(["Content-Type: text/plain; charset=US-ASCII", "Content-Description: d", "", "x"])).toBe('("text" "plain" ("charset" "US-ASCII") NIL "d" "7bit" 1 0 NIL NIL NIL NIL)');
  });

  it("writes a multipart with its parts, subtype and extension data, and an embedded message with its envelope", () => {
    const message = [
      "Date: Mon, 1 Jan 2001 00:00:00 +0000",
      'Content-Type: multipart/mixed; boundary="xx"; foo=bar',
      "",
      "pre",
      "--xx",
      "Content-Type: text/plain; charset=UTF-8; format=flowed",
      'Content-Disposition: attachment; filename="a b.txt"; size=3',
      "Content-Language: en, de",
      "",
      "line",
      "line2",
      "--xx",
      "Content-Type: message/rfc822",
      "",
      "From: c@d",
      "Subject: inner",
      "",
      "inner body",
      "--xx--",
      "",
    ];
    expect(structureOf(message)).toBe(
      '(("text" "plain" ("charset" "UTF-8" "format" "flowed") NIL NIL "7bit" 11 1 NIL ("attachment" ("filename" "a b.txt" "size" "3")) ("en" "de") NIL)' +
        '("message" "rfc822" NIL NIL NIL "7bit" 39 (NIL "inner" ((NIL NIL "c" "d")) ((NIL NIL "c" "d")) ((NIL NIL "c" "d")) NIL NIL NIL NIL NIL) ("text" "plain" ("charset" "us-ascii") NIL NIL "7bit" 10 0 NIL NIL NIL NIL) 3 NIL NIL NIL NIL)' +
        ' "mixed" ("boundary" "xx" "foo" "bar") NIL NIL NIL)',
    );
    expect(structureOf(message, false)).toBe(
      '(("text" "plain" ("charset" "UTF-8" "format" "flowed") NIL NIL "7bit" 11 1)' +
        '("message" "rfc822" NIL NIL NIL "7bit" 39 (NIL "inner" ((NIL NIL "c" "d")) ((NIL NIL "c" "d")) ((NIL NIL "c" "d")) NIL NIL NIL NIL NIL) ("text" "plain" ("charset" "us-ascii") NIL NIL "7bit" 10 0) 3) "mixed")',
    );
  });

  it("shows a multipart in which no part was found with one empty text part", () => {
    const message = ["MIME-Version: 1.0", "Content-Type: multipart/mixed", "", "x"];
    expect(structureOf(message)).toBe('(("text" "plain" ("charset" "us-ascii") NIL NIL "7bit" 0 0 NIL NIL NIL NIL) "mixed" NIL NIL NIL NIL)');
    expect(structureOf(message, false)).toBe('(("text" "plain" ("charset" "us-ascii") NIL NIL "7bit" 0 0) "mixed")');
  });

  it("shows an encoded message/rfc822 part, which was not parsed, as application/octet-stream", () => {
    expect(joinResponsePieces(formatBodyStructure(leaf({ type: "message", subtype: "rfc822", encoding: "base64", lines: 1 }), true)).toString()).toBe(
      '("application" "octet-stream" NIL NIL NIL "base64" 10 NIL NIL NIL NIL)',
    );
  });

  it("writes every extension field, and 8-bit parameter values as literals", () => {
    const part = leaf({
      id: "<a@b>",
      description: "Beschreibung",
      md5: "abc",
      disposition: { type: "inline", params: {} },
      language: ["en-US"],
      location: "http://x/ y",
      params: { name: "Grüße.pdf" },
    });
    expect(joinResponsePieces(formatBodyStructure(part, true)).toString()).toBe(
      '("application" "octet-stream" ("name" {11}\r\nGrüße.pdf) "<a@b>" "Beschreibung" "7bit" 10 "abc" ("inline" NIL) ("en-US") "http://x/ y")',
    );
    expect(joinResponsePieces(formatBodyStructure(part, true, { utf8: true })).toString()).toContain('("name" "Grüße.pdf")');
  });
});
