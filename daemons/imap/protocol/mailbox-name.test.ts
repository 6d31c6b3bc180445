import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { decodeMailboxName, encodeMailboxName } from "./mailbox-name.ts";

describe("modified UTF-7 mailbox names", () => {
  it("encodes and decodes the RFC 3501 §5.1.3 example", () => {
    const name = "~peter/mail/\u53f0\u5317/\u65e5\u672c\u8a9e";
    expect(encodeMailboxName(name)).toBe("~peter/mail/&U,BTFw-/&ZeVnLIqe-");
    expect(decodeMailboxName("~peter/mail/&U,BTFw-/&ZeVnLIqe-")).toBe(name);
  });

  it("writes & as &- and leaves other printable ASCII alone", () => {
    expect(encodeMailboxName("Tom & Jerry")).toBe("Tom &- Jerry");
    expect(decodeMailboxName("Tom &- Jerry")).toBe("Tom & Jerry");
    expect(encodeMailboxName("INBOX/Sent Items")).toBe("INBOX/Sent Items");
  });

  it("encodes characters outside the BMP as surrogate pairs, and controls as base64", () => {
    expect(encodeMailboxName("\u{1F600}")).toBe("&2D3eAA-");
    expect(decodeMailboxName("&2D3eAA-")).toBe("\u{1F600}");
    expect(encodeMailboxName("a\tb")).toBe("a&AAk-b");
    expect(encodeMailboxName("Entwürfe")).toBe("Entw&APw-rfe");
  });

  it("replaces unpaired surrogates, which UTF-16 cannot carry", () => {
    expect(encodeMailboxName("a\ud800b")).toBe(encodeMailboxName("a\ufffdb"));
  });

  it("round-trips any string", () => {
    fc.assert(
      fc.property(fc.string({ unit: "grapheme" }), (name) => {
        const wire = encodeMailboxName(name);
        expect(wire).toMatch(/^[\x20-\x7e]*$/);
        expect(decodeMailboxName(wire)).toBe(name);
      }),
    );
    // lone surrogates included: they come back as U+FFFD
    fc.assert(
      fc.property(fc.string({ unit: "binary" }), (name) => {
        expect(decodeMailboxName(encodeMailboxName(name))).toBe(name.toWellFormed());
      }),
    );
  });

  it.each([
    ["&U,BTFw", "& not closed by -"],
    ["&U,BTF!-", "a character outside modified base64"],
    ["&U/BTFw-", "standard base64 / instead of ,"],
    ["&AGEAYgBj-", "base64 that encodes only printable ASCII (abc)"],
    ["&AGE-", "base64 for a printable ASCII character (a)"],
    ["&AGEA3A-", "printable ASCII mixed into an encoded run"],
    ["&AAk", "unterminated run"],
    ["&AAkA-", "a whole spare base64 character"],
    ["&AAl-", "non-zero padding bits"],
    ["&2D0-", "an unpaired high surrogate"],
    ["&3gA-", "an unpaired low surrogate"],
    ["&2D0-&3gA-", "a surrogate pair split over two runs"],
    ["&A-", "fewer bits than one character"],
    ["caf\u00e9", "an 8-bit character on the wire"],
    ["\u65e5", "a non-ASCII character on the wire"],
    ["a\tb", "a control character on the wire"],
  ])("rejects %j (%s)", (wire) => {
    expect(decodeMailboxName(wire)).toBeNull();
  });

  it("accepts the empty name and names without encoded runs", () => {
    expect(decodeMailboxName("")).toBe("");
    expect(decodeMailboxName("INBOX")).toBe("INBOX");
  });
});
