import { describe, expect, it } from "vitest";
import { parseMessage } from "./parse-message.ts";
import { filterHeaderFields, findPart, parseSectionSpec, resolveSection, type SectionRange } from "./resolve-section.ts";

const joinCrlf = (...lines: string[]) => Buffer.from(lines.join("\r\n"), "utf8");

const raw = joinCrlf(
  "From Mailer-Daemon Thu Aug 22 12:36:23 2002",
  "From: Alice <alice@example.com>",
  "Subject: sections",
  "Content-Type: multipart/mixed; boundary=outer",
  "",
  "--outer",
  "Content-Type: text/plain",
  "",
  "part one",
  "--outer",
  "Content-Type: message/rfc822",
  "",
  "Subject: embedded",
  "X-Folded: a",
  "  b",
  "Content-Type: multipart/alternative; boundary=inner",
  "",
  "--inner",
  "Content-Type: text/plain",
  "",
  "embedded plain",
  "--inner",
  "Content-Type: text/html",
  "",
  "<p>embedded html</p>",
  "--inner--",
  "--outer",
  "Content-Type: message/rfc822",
  "",
  "Subject: single",
  "",
  "single body",
  "--outer--",
  "",
);
const { root } = parseMessage(raw);

/** The bytes a section resolves to, or null. */
function fetchSection(section: string): string | null {
  const range: SectionRange | null = resolveSection(root, section);
  if (!range) return null;
  const bytes = raw.subarray(range.start, range.end);
  if ("headerFields" in range) return filterHeaderFields(bytes, range.headerFields.fields, range.headerFields.not).toString();
  return bytes.toString();
}

describe("parseSectionSpec", () => {
  it("parses every form of RFC 3501 §6.4.5", () => {
    expect(parseSectionSpec("")).toEqual({ part: [], text: null, fields: [] });
    expect(parseSectionSpec("header")).toEqual({ part: [], text: "HEADER", fields: [] });
    expect(parseSectionSpec("TEXT")).toEqual({ part: [], text: "TEXT", fields: [] });
    expect(parseSectionSpec("1.2.3")).toEqual({ part: [1, 2, 3], text: null, fields: [] });
    expect(parseSectionSpec("1.MIME")).toEqual({ part: [1], text: "MIME", fields: [] });
    expect(parseSectionSpec("2.header")).toEqual({ part: [2], text: "HEADER", fields: [] });
    expect(parseSectionSpec("HEADER.FIELDS (From To)")).toEqual({ part: [], text: "HEADER.FIELDS", fields: ["From", "To"] });
    expect(parseSectionSpec('4.Header.Fields.Not (Subject "X-Odd")')).toEqual({ part: [4], text: "HEADER.FIELDS.NOT", fields: ["Subject", "X-Odd"] });
  });

  it("rejects malformed specs", () => {
    for (const spec of ["MIME", "0", "01", "1.", ".1", "1..2", "1.FOO", "HEADER ", "TEXT (A)", "HEADER.FIELDS", "HEADER.FIELDS ()", "HEADER.FIELDS (A  B)", "HEADER.FIELDS(A)", "HEADER.FIELDS (A", "99999999999", "1.MIME.TEXT", " 1"]) {
      expect(parseSectionSpec(spec), spec).toBeNull();
    }
  });
});

describe("resolveSection", () => {
  it("returns the whole message, its header and its text", () => {
    expect(fetchSection("")).toBe(raw.toString());
    expect(fetchSection("HEADER")).toMatch(/^From Mailer-Daemon[\s\S]*boundary=outer\r\n\r\n$/);
    expect(fetchSection("TEXT")).toMatch(/^--outer\r\n[\s\S]*--outer--\r\n$/);
  });

  it("returns parts and their MIME headers", () => {
    expect(fetchSection("1")).toBe("part one");
    expect(fetchSection("1.MIME")).toBe("Content-Type: text/plain\r\n\r\n");
    expect(fetchSection("2")).toMatch(/^Subject: embedded[\s\S]*--inner--$/);
    expect(fetchSection("2.MIME")).toBe("Content-Type: message/rfc822\r\n\r\n");
  });

  it("addresses into an embedded message", () => {
    expect(fetchSection("2.HEADER")).toBe("Subject: embedded\r\nX-Folded: a\r\n  b\r\nContent-Type: multipart/alternative; boundary=inner\r\n\r\n");
    expect(fetchSection("2.TEXT")).toMatch(/^--inner\r\n[\s\S]*--inner--$/);
    expect(fetchSection("2.1")).toBe("embedded plain");
    expect(fetchSection("2.2")).toBe("<p>embedded html</p>");
    expect(fetchSection("2.2.MIME")).toBe("Content-Type: text/html\r\n\r\n");
    expect(fetchSection("2.HEADER.FIELDS (x-folded)")).toBe("X-Folded: a\r\n  b\r\n\r\n");
  });

  it("treats the body of an embedded message that is not multipart as its part 1", () => {
    expect(fetchSection("3.HEADER")).toBe("Subject: single\r\n\r\n");
    expect(fetchSection("3.1")).toBe("single body");
    expect(fetchSection("3.1.MIME")).toBe("Subject: single\r\n\r\n");
    expect(fetchSection("3.2")).toBeNull();
  });

  it("returns null for sections that do not exist or do not apply", () => {
    for (const section of ["4", "0", "1.1", "1.HEADER", "1.TEXT", "2.3", "2.1.1", "MIME", "garbage"]) expect(fetchSection(section), section).toBeNull();
  });

  it("treats part 1 of a message that is not multipart as its body", () => {
    const single = joinCrlf("Subject: one", "", "the body");
    const parsed = parseMessage(single);
    expect(resolveSection(parsed.root, "1")).toEqual({ start: 16, end: single.length });
    expect(resolveSection(parsed.root, "1.MIME")).toEqual({ start: 0, end: 16 });
    expect(resolveSection(parsed.root, "TEXT")).toEqual({ start: 16, end: single.length });
    expect(resolveSection(parsed.root, "2")).toBeNull();
    expect(resolveSection(parsed.root, "1.1")).toBeNull();
    expect(resolveSection(parsed.root, "1.HEADER")).toBeNull();
  });

  it("gives a multipart in which no part was found one empty part, as BODYSTRUCTURE shows it", () => {
    // the boundary never occurs: Dovecot answers "" for BODY[1], BODY[1.MIME] and BINARY[1] alike
    const partless = joinCrlf("Subject: no parts", "Content-Type: multipart/alternative; boundary=never", "", "preamble only", "");
    const parsed = parseMessage(partless);
    const empty = { start: parsed.root.bodyEnd, end: parsed.root.bodyEnd };
    expect(resolveSection(parsed.root, "1")).toEqual(empty);
    expect(resolveSection(parsed.root, "1.MIME")).toEqual(empty);
    expect(resolveSection(parsed.root, "TEXT")).toEqual({ start: parsed.root.bodyStart, end: parsed.root.bodyEnd });
    expect(resolveSection(parsed.root, "2")).toBeNull();
    expect(findPart(parsed.root, [1])).toMatchObject({ section: "1", type: "text", subtype: "plain", bodyStart: empty.start, bodyEnd: empty.end });
    // the same one level down, in an embedded message
    const nested = joinCrlf("Content-Type: multipart/mixed; boundary=outer", "", "--outer", "Content-Type: multipart/related; boundary=never", "", "no parts here", "--outer--", "");
    const nestedRoot = parseMessage(nested).root;
    const inner = nestedRoot.children![0]!;
    expect(findPart(nestedRoot, [1, 1])).toMatchObject({ section: "1.1", bodyStart: inner.bodyEnd, bodyEnd: inner.bodyEnd });
    expect(findPart(nestedRoot, [1, 2])).toBeNull();
  });

  it("returns the header range and the field list for HEADER.FIELDS", () => {
    expect(resolveSection(root, "HEADER.FIELDS.NOT (Subject)")).toEqual({ start: 0, end: root.headerEnd, headerFields: { fields: ["Subject"], not: true } });
    expect(fetchSection("HEADER.FIELDS (SUBJECT from)")).toBe("From: Alice <alice@example.com>\r\nSubject: sections\r\n\r\n");
    expect(fetchSection("HEADER.FIELDS.NOT (Subject Content-Type)")).toBe("From: Alice <alice@example.com>\r\n\r\n");
  });

  it("accepts an already parsed spec", () => {
    expect(resolveSection(root, { part: [2, 1], text: null, fields: [] })).toEqual(resolveSection(root, "2.1"));
  });
});

describe("filterHeaderFields", () => {
  it("keeps matching fields with their continuation lines, in order, then a blank line", () => {
    const header = Buffer.from("Received: a\r\n\tb\r\nSubject: s\r\nreceived: c\r\n\r\n");
    expect(filterHeaderFields(header, ["RECEIVED"], false).toString()).toBe("Received: a\r\n\tb\r\nreceived: c\r\n\r\n");
    expect(filterHeaderFields(header, ["Received"], true).toString()).toBe("Subject: s\r\n\r\n");
    expect(filterHeaderFields(header, ["X-None"], false).toString()).toBe("\r\n");
  });

  it("copes with bare LF and a header that ends the message without a line break", () => {
    expect(filterHeaderFields(Buffer.from("A: 1\nB: 2\n\n"), ["b"], false).toString()).toBe("B: 2\n\r\n");
    expect(filterHeaderFields(Buffer.from("A: 1\r\nB: 2"), ["b"], false).toString()).toBe("B: 2\r\n\r\n");
  });
});
