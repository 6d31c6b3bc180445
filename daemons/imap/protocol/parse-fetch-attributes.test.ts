import { describe, expect, it } from "vitest";
import type { FetchAttribute } from "./command.ts";
import { parse } from "./parse-command-test-helpers.ts";

/** The attributes of `a FETCH 1 <attributes>`, or the failure. */
function attributesOf(attributes: string) {
  const result = parse(`a FETCH 1 ${attributes}`);
  return result.ok && result.command.name === "FETCH" ? result.command.attributes : result;
}

const bad = (message: string) => ({ ok: false, tag: "a", message });

describe("FETCH attributes (RFC 9051 §6.4.5, RFC 3516)", () => {
  it("reads every simple attribute, in any case", () => {
    for (const type of ["UID", "FLAGS", "INTERNALDATE", "RFC822.SIZE", "ENVELOPE", "BODYSTRUCTURE", "MODSEQ", "RFC822", "RFC822.HEADER", "RFC822.TEXT", "BODY"]) {
      expect(attributesOf(type), type).toEqual([{ type }]);
      expect(attributesOf(`(${type.toLowerCase()})`), type).toEqual([{ type }]);
    }
  });

  it("expands the macros ALL, FAST and FULL (RFC 3501 §6.4.5)", () => {
    expect(attributesOf("all")).toEqual([{ type: "FLAGS" }, { type: "INTERNALDATE" }, { type: "RFC822.SIZE" }, { type: "ENVELOPE" }]);
    expect(attributesOf("FAST")).toEqual([{ type: "FLAGS" }, { type: "INTERNALDATE" }, { type: "RFC822.SIZE" }]);
    expect(attributesOf("FULL")).toEqual([{ type: "FLAGS" }, { type: "INTERNALDATE" }, { type: "RFC822.SIZE" }, { type: "ENVELOPE" }, { type: "BODY" }]);
    expect(attributesOf("(ALL)")).toEqual(bad("Unknown fetch attribute"));
    expect(attributesOf("(FLAGS FAST)")).toEqual(bad("Unknown fetch attribute"));
  });

  it("reads BODY[section] and BODY.PEEK with every section form and partials", () => {
    const body = (section: Extract<FetchAttribute, { type: "BODY[]" }>["section"], peek = false, partial: { offset: number; length: number } | null = null): FetchAttribute => ({
      type: "BODY[]",
      peek,
      section,
      partial,
    });
    const cases: [string, FetchAttribute][] = [
      ["BODY[]", body({ part: [], text: null, fields: [] })],
      ["body.peek[]", body({ part: [], text: null, fields: [] }, true)],
      ["BODY[HEADER]", body({ part: [], text: "HEADER", fields: [] })],
      ["BODY[TEXT]<0.2048>", body({ part: [], text: "TEXT", fields: [] }, false, { offset: 0, length: 2048 })],
      ["BODY[1.2.3]", body({ part: [1, 2, 3], text: null, fields: [] })],
      ["BODY[2.MIME]", body({ part: [2], text: "MIME", fields: [] })],
      ["BODY[3.header]", body({ part: [3], text: "HEADER", fields: [] })],
      ["BODY.PEEK[HEADER.FIELDS (From To Cc)]", body({ part: [], text: "HEADER.FIELDS", fields: ["From", "To", "Cc"] }, true)],
      ['BODY[1.HEADER.FIELDS.NOT ("X-Spam" {6}\r\nX-Mail)]<10.20>', body({ part: [1], text: "HEADER.FIELDS.NOT", fields: ["X-Spam", "X-Mail"] }, false, { offset: 10, length: 20 })],
    ];
    for (const [text, attribute] of cases) expect(attributesOf(text), text).toEqual([attribute]);
    expect(attributesOf("(UID BODY.PEEK[HEADER.FIELDS (DATE FROM SUBJECT)] BODY[]<0.100>)")).toEqual([
      { type: "UID" },
      body({ part: [], text: "HEADER.FIELDS", fields: ["DATE", "FROM", "SUBJECT"] }, true),
      body({ part: [], text: null, fields: [] }, false, { offset: 0, length: 100 }),
    ]);
  });

  it("reads BINARY, BINARY.PEEK and BINARY.SIZE (RFC 3516 §4.1)", () => {
    expect(attributesOf("BINARY[]")).toEqual([{ type: "BINARY[]", peek: false, part: [], partial: null }]);
    expect(attributesOf("binary.peek[1.2]<0.100>")).toEqual([{ type: "BINARY[]", peek: true, part: [1, 2], partial: { offset: 0, length: 100 } }]);
    expect(attributesOf("(BINARY.SIZE[3] UID)")).toEqual([{ type: "BINARY.SIZE", part: [3] }, { type: "UID" }]);
  });

  it("refuses malformed attributes", () => {
    const cases: [string, string][] = [
      ["()", "Empty fetch attribute list"],
      ["(FLAGS", "Unterminated fetch attribute list"],
      ["(FLAGS  UID)", "Invalid fetch attribute"],
      ["FOO", "Unknown fetch attribute"],
      ["BODY[", "Invalid section"],
      ["BODY[FOO]", "Invalid section"],
      ["BODY[0]", "Invalid section"],
      ["BODY[MIME]", "Invalid section"],
      ["BODY[HEADER.FIELDS]", "Invalid section"],
      ["BODY[HEADER.FIELDS ()]", "Empty header list"],
      ["BODY[HEADER.FIELDS (From]", "Unterminated header list"],
      ["BODY[HEADER.FIELDS (From)", "Invalid section"],
      ["BODY[TEXT]<5>", "Invalid partial"],
      ["BODY[TEXT]<5.0>", "Partial length out of range"],
      ["BODY[TEXT]<a.1>", "Invalid partial offset"],
      ["BODY[TEXT]<0.99999999999999999999>", "Partial length out of range"],
      ["BODY.PEEK", "Missing section after BODY.PEEK"],
      ["BINARY", "Missing section after BINARY"],
      ["BINARY[TEXT]", "Invalid binary section"],
      ["BINARY[1.0]", "Invalid binary section"],
      ["BINARY.SIZE[1]<0.1>", "Unexpected extra arguments"],
      ["RFC822.FOO", "Unknown fetch attribute"],
      ["FLAGS[]", "Unknown fetch attribute"],
    ];
    for (const [text, message] of cases) expect(attributesOf(text), text).toEqual(bad(message));
    expect(parse("a FETCH 1")).toEqual(bad("Missing fetch attributes"));
  });
});
