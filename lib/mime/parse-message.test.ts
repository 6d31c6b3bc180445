import { describe, expect, it } from "vitest";
import { MAX_INDEXED_PARTS, MAX_NESTING_DEPTH, buildPartTree } from "./build-part-tree.ts";
import { extractMessageText } from "./extract-message-text.ts";
import { listPartTreeProblems } from "./list-part-tree-problems.ts";
import type { MimePart, ParsedMessage } from "./message-index.ts";
import { parseMessage } from "./parse-message.ts";

const joinCrlf = (...lines: string[]) => Buffer.from(lines.join("\r\n"), "utf8");
const joinLf = (...lines: string[]) => Buffer.from(lines.join("\n"), "utf8");

/** Parses and checks what must hold for every index: consistent offsets, and JSON that round-trips unchanged. */
function parseChecked(raw: Buffer): ParsedMessage {
  const parsed = parseMessage(raw);
  expect(listPartTreeProblems(parsed.root, raw.length)).toEqual([]);
  expect(JSON.parse(JSON.stringify(parsed))).toEqual(parsed);
  return parsed;
}

const readHeader = (raw: Buffer, part: MimePart) => raw.toString("utf8", part.headerStart, part.headerEnd);
const readBody = (raw: Buffer, part: MimePart) => raw.toString("utf8", part.bodyStart, part.bodyEnd);

function findPart(root: MimePart, section: string, inMessage = false): MimePart {
  const found: MimePart[] = [];
  const visit = (part: MimePart, isMessageRoot: boolean) => {
    if (part.section === section && isMessageRoot === inMessage) found.push(part);
    part.children?.forEach((child) => visit(child, false));
    if (part.message) visit(part.message.root, true);
  };
  visit(root, true);
  if (found.length !== 1) throw new Error(`expected one part ${section}, found ${found.length}`);
  return found[0];
}

function measureDepth(part: MimePart): number {
  const below = [...(part.children ?? []), ...(part.message ? [part.message.root] : [])];
  return 1 + Math.max(0, ...below.map(measureDepth));
}

const nestedMessage = joinCrlf(
  "From: Alice <alice@example.com>",
  "To: Bob <bob@example.com>",
  "Subject: nested",
  "Content-Type: multipart/mixed; boundary=outer",
  "",
  "This is the preamble.",
  "--outer",
  "Content-Type: text/plain; charset=utf-8",
  "",
  "Hello Bob,",
  "",
  "--outer",
  "Content-Type: message/rfc822",
  "Content-Disposition: attachment",
  "",
  "From: Carol <carol@example.com>",
  "Subject: inner",
  "Content-Type: multipart/alternative; boundary=\"inner b\"",
  "",
  "--inner b",
  "",
  "inner plain",
  "--inner b",
  "Content-Type: text/html; charset=us-ascii",
  "",
  "<p>inner <b>html</b></p>",
  "--inner b--",
  "",
  "--outer",
  "Content-Type: application/pdf; name=report.pdf",
  "Content-Transfer-Encoding: base64",
  "",
  "JVBERi0xLjQK",
  "--outer--",
  "This is the epilogue.",
  "",
);

describe("parseMessage: MIME structure", () => {
  it("indexes a nested multipart with an embedded message, offsets exact and sections per IMAP", () => {
    const raw = nestedMessage;
    const { root } = parseChecked(raw);
    expect(root).toMatchObject({ section: "", type: "multipart", subtype: "mixed", params: { boundary: "outer" } });
    expect(root.children?.map((child) => child.section)).toEqual(["1", "2", "3"]);

    const text = findPart(root, "1");
    expect(readHeader(raw, text)).toBe("Content-Type: text/plain; charset=utf-8\r\n\r\n");
    // RFC 2046 §5.1.1: the CRLF before "--outer" belongs to the delimiter; the blank line before it is body
    expect(readBody(raw, text)).toBe("Hello Bob,\r\n");
    expect(text.lines).toBe(1);

    const attached = findPart(root, "2");
    expect(attached).toMatchObject({ type: "message", subtype: "rfc822", disposition: { type: "attachment", params: {} } });
    expect(readBody(raw, attached)).toMatch(/^From: Carol[\s\S]*--inner b--\r\n$/);
    const embedded = attached.message!.root;
    expect(embedded).toMatchObject({ section: "2", type: "multipart", subtype: "alternative", params: { boundary: "inner b" } });
    expect(embedded.headerStart).toBe(attached.bodyStart);
    expect(attached.message!.envelope).toMatchObject({ subject: "inner", from: [{ name: "Carol", adl: null, mailbox: "carol", host: "example.com" }] });
    expect(embedded.children?.map((child) => [child.section, child.type, child.subtype])).toEqual([
      ["2.1", "text", "plain"],
      ["2.2", "text", "html"],
    ]);
    expect(readHeader(raw, findPart(root, "2.1"))).toBe("\r\n");
    expect(readBody(raw, findPart(root, "2.1"))).toBe("inner plain");
    expect(readBody(raw, findPart(root, "2.2"))).toBe("<p>inner <b>html</b></p>");

    const pdf = findPart(root, "3");
    expect(pdf).toMatchObject({ type: "application", subtype: "pdf", params: { name: "report.pdf" }, encoding: "base64" });
    expect(readBody(raw, pdf)).toBe("JVBERi0xLjQK");
    expect(pdf.lines).toBeUndefined();
    // the preamble and the epilogue are not parts, but belong to the multipart's body
    expect(readBody(raw, root)).toMatch(/^This is the preamble\.[\s\S]*This is the epilogue\.\r\n$/);
  });

  it("indexes a message that is not multipart as a single root", () => {
    const raw = joinCrlf("Subject: plain", "", "line one", "line two", "");
    const { root } = parseChecked(raw);
    expect(root).toEqual({
      section: "",
      headerStart: 0,
      headerEnd: 18,
      bodyStart: 18,
      bodyEnd: raw.length,
      type: "text",
      subtype: "plain",
      params: { charset: "us-ascii" },
      encoding: "7bit",
      lines: 2,
    });
  });

  it("ends the last part at the end of the parent body when the close delimiter is missing", () => {
    const raw = joinCrlf("Content-Type: multipart/mixed; boundary=b", "", "--b", "", "first", "--b", "", "second, never closed", "");
    const { root } = parseChecked(raw);
    expect(root.children).toHaveLength(2);
    expect(readBody(raw, findPart(root, "2"))).toBe("second, never closed\r\n");
    expect(root.bodyEnd).toBe(raw.length);
  });

  it("ends an unclosed inner multipart at the outer delimiter", () => {
    const raw = joinCrlf(
      "Content-Type: multipart/mixed; boundary=outer",
      "",
      "--outer",
      "Content-Type: multipart/alternative; boundary=inner",
      "",
      "--inner",
      "",
      "inner text",
      "--outer",
      "",
      "after",
      "--outer--",
    );
    const { root } = parseChecked(raw);
    expect(readBody(raw, findPart(root, "1.1"))).toBe("inner text");
    expect(readBody(raw, findPart(root, "1"))).toBe("--inner\r\n\r\ninner text");
    expect(readBody(raw, findPart(root, "2"))).toBe("after");
  });

  it("reads bare LF line endings like CRLF", () => {
    const raw = joinLf("Subject: lf", "Content-Type: multipart/mixed; boundary=b", "", "--b", "Content-Type: text/plain", "", "one", "two", "--b--", "");
    const { root, subject } = parseChecked(raw);
    expect(subject).toBe("lf");
    const part = findPart(root, "1");
    expect(readHeader(raw, part)).toBe("Content-Type: text/plain\n\n");
    expect(readBody(raw, part)).toBe("one\ntwo");
    expect(part.lines).toBe(1);
  });

  it("accepts transport padding after a boundary and rejects a longer boundary", () => {
    const raw = joinCrlf("Content-Type: multipart/mixed; boundary=b", "", "--b \t ", "", "one", "--bx", "still one", "--b--\t", "epilogue");
    const { root } = parseChecked(raw);
    expect(root.children).toHaveLength(1);
    expect(readBody(raw, findPart(root, "1"))).toBe("one\r\n--bx\r\nstill one");
  });

  it("keeps the line break of a header cut short by a delimiter with the delimiter", () => {
    const raw = joinCrlf("Content-Type: multipart/mixed; boundary=b", "", "--b", "Content-Type: text/plain", "--b", "", "two", "--b--");
    const { root } = parseChecked(raw);
    const first = findPart(root, "1");
    expect(readHeader(raw, first)).toBe("Content-Type: text/plain");
    expect(first.bodyStart).toBe(first.bodyEnd);
    expect(readBody(raw, findPart(root, "2"))).toBe("two");
  });

  it("splits an inner multipart that reuses the outer boundary by the innermost first", () => {
    const raw = joinCrlf(
      "Content-Type: multipart/mixed; boundary=same",
      "",
      "--same",
      "Content-Type: multipart/alternative; boundary=same",
      "",
      "--same",
      "",
      "a",
      "--same",
      "",
      "b",
      "--same--",
      "--same",
      "",
      "c",
      "--same--",
    );
    const { root } = parseChecked(raw);
    expect(findPart(root, "1").children?.map((child) => readBody(raw, child))).toEqual(["a", "b"]);
    expect(readBody(raw, findPart(root, "2"))).toBe("c");
  });

  it("indexes a multipart without a boundary, or without parts, as a leaf", () => {
    const noBoundary = joinCrlf("Content-Type: multipart/mixed", "", "--x", "", "text");
    expect(parseChecked(noBoundary).root.children).toBeUndefined();
    const noParts = joinCrlf("Content-Type: multipart/mixed; boundary=b", "", "only a preamble");
    const parsed = parseChecked(noParts);
    expect(parsed.root.children).toBeUndefined();
    expect(readBody(noParts, parsed.root)).toBe("only a preamble");
    expect(parsed.hasAttachments).toBe(false);
  });

  it("defaults the parts of multipart/digest to message/rfc822 (RFC 2046 §5.1.5)", () => {
    const raw = joinCrlf(
      "Content-Type: multipart/digest; boundary=d",
      "",
      "--d",
      "",
      "Subject: first digest entry",
      "",
      "entry one",
      "--d",
      "Content-Type: text/plain",
      "",
      "not a message",
      "--d--",
    );
    const { root } = parseChecked(raw);
    const first = findPart(root, "1");
    expect(first).toMatchObject({ type: "message", subtype: "rfc822", lines: 2 });
    expect(first.message?.envelope.subject).toBe("first digest entry");
    expect(readBody(raw, first.message!.root)).toBe("entry one");
    expect(findPart(root, "2")).toMatchObject({ type: "text", subtype: "plain" });
    expect(findPart(root, "2").message).toBeUndefined();
  });

  it("numbers the parts of a top-level message/rfc822 from 1.1", () => {
    const raw = joinCrlf("Content-Type: message/rfc822", "", "Subject: wrapped", "Content-Type: multipart/mixed; boundary=w", "", "--w", "", "x", "--w--");
    const { root } = parseChecked(raw);
    expect(root.message?.root.section).toBe("1");
    expect(root.message?.root.children?.map((child) => child.section)).toEqual(["1.1"]);
  });

  it("does not look into a base64-encoded message/rfc822", () => {
    const raw = joinCrlf("Content-Type: message/rfc822", "Content-Transfer-Encoding: base64", "", "U3ViamVjdDogeA0KDQp5");
    const { root } = parseChecked(raw);
    expect(root.message).toBeUndefined();
    expect(root.lines).toBe(0);
  });
});

describe("parseMessage: header decoding", () => {
  it("decodes RFC 2231 parameter continuations and charsets", () => {
    const raw = joinCrlf(
      "Content-Type: multipart/mixed; boundary=b",
      "",
      "--b",
      "Content-Type: application/octet-stream;",
      " name*=iso-8859-1'en'%E4pfel.bin",
      "Content-Disposition: attachment;",
      "\tfilename*0*=utf-8''%C3%A4pfel%20und;",
      "\tfilename*1*=%20birnen.txt; size=3 (a comment)",
      "",
      "abc",
      "--b",
      "Content-Type: text/plain; title*0=\"part \"; title*1=\"two\"",
      "",
      "x",
      "--b--",
    );
    const { root, hasAttachments } = parseChecked(raw);
    expect(findPart(root, "1").params).toEqual({ name: "äpfel.bin" });
    expect(findPart(root, "1").disposition).toEqual({ type: "attachment", params: { filename: "äpfel und birnen.txt", size: "3" } });
    expect(findPart(root, "2").params).toEqual({ title: "part two" });
    expect(hasAttachments).toBe(true);
  });

  it("decodes encoded-word subjects in several charsets and keeps the envelope raw", () => {
    const subjects: [string, string][] = [
      ["=?ISO-2022-JP?B?GyRCRnxLXDhsJE43b0w+GyhC?=", "日本語の件名"],
      ["=?windows-1252?Q?caf=E9_=80_=96_=93ok=94?=", "café € – “ok”"],
      ["=?iso-8859-1?q?Gr=FC=DFe?=", "Grüße"],
      ["=?KOI8-R?B?8NLJ18XU?=", "Привет"],
      ["=?gb2312?B?xOO6ww==?=", "你好"],
      ["=?utf-8?B?8J+Mjg==?= and =?utf-8?Q?more?=", "🌎 and more"],
      ["=?utf-8?Q?joined?=\r\n =?utf-8?Q?_words?=", "joined words"],
      ["=?x-unknown?Q?abc?= plain", "abc plain"],
      ["=?utf-8?B?broken", "=?utf-8?B?broken"],
    ];
    for (const [encoded, decoded] of subjects) {
      const raw = joinCrlf(`Subject: ${encoded}`, "", "body");
      const parsed = parseChecked(raw);
      expect(parsed.subject).toBe(decoded);
      expect(parsed.envelope.subject).toBe(encoded.replace("\r\n", ""));
    }
  });

  it("reads raw UTF-8 headers (RFC 6532) and falls back to latin1 for other 8-bit bytes", () => {
    const raw = joinCrlf("From: \"Jörg Müller\" <jörg@bücher.example>", "Subject: Grüße aus 日本", "", "body");
    const parsed = parseChecked(raw);
    expect(parsed.subject).toBe("Grüße aus 日本");
    expect(parsed.envelope.subject).toBe("Grüße aus 日本");
    expect(parsed.from).toEqual([{ name: "Jörg Müller", address: "jörg@bücher.example" }]);

    const latin1 = Buffer.concat([Buffer.from("Subject: caf"), Buffer.from([0xe9]), Buffer.from("\r\n\r\nbody")]);
    expect(parseChecked(latin1).subject).toBe("café");
  });

  it("builds the IMAP envelope: groups, defaults for Sender and Reply-To, raw unfolded values", () => {
    const raw = joinCrlf(
      "Date: Thu, 22 Aug 2002 12:34:53 +0100 (IST)",
      "From: \"Doe, John\" <john@example.com>",
      "To: team: a@example.com, =?utf-8?Q?B=C3=B6b?= <b@example.com>;, undisclosed-recipients:;",
      "Cc: c@example.com (Cee Person), <@route.example:d@example.com>",
      "Subject: folded",
      "  subject",
      "In-Reply-To: <parent@example.com>",
      "Message-ID: <self@example.com>",
      "",
      "body",
    );
    const { envelope, to, cc, sentDate } = parseChecked(raw);
    expect(envelope).toEqual({
      date: "Thu, 22 Aug 2002 12:34:53 +0100 (IST)",
      subject: "folded  subject",
      from: [{ name: "Doe, John", adl: null, mailbox: "john", host: "example.com" }],
      sender: [{ name: "Doe, John", adl: null, mailbox: "john", host: "example.com" }],
      replyTo: [{ name: "Doe, John", adl: null, mailbox: "john", host: "example.com" }],
      to: [
        { name: null, adl: null, mailbox: "team", host: null },
        { name: null, adl: null, mailbox: "a", host: "example.com" },
        { name: "=?utf-8?Q?B=C3=B6b?=", adl: null, mailbox: "b", host: "example.com" },
        { name: null, adl: null, mailbox: null, host: null },
        { name: null, adl: null, mailbox: "undisclosed-recipients", host: null },
        { name: null, adl: null, mailbox: null, host: null },
      ],
      cc: [
        { name: "Cee Person", adl: null, mailbox: "c", host: "example.com" },
        { name: null, adl: null, mailbox: "d", host: "example.com" },
      ],
      bcc: null,
      inReplyTo: "<parent@example.com>",
      messageId: "<self@example.com>",
    });
    expect(to).toEqual([
      { name: "", address: "a@example.com" },
      { name: "Böb", address: "b@example.com" },
    ]);
    expect(cc.map((contact) => contact.address)).toEqual(["c@example.com", "d@example.com"]);
    expect(sentDate).toBe("2002-08-22T11:34:53.000Z");
  });

  it("lists the contacts of every To, Cc and From field when one is repeated", () => {
    const raw = joinCrlf("From: a@x.example", "To: b@x.example", "Cc: c@x.example", "To: D <d@x.example>", "Cc: e@x.example", "", "body");
    const parsed = parseChecked(raw);
    expect(parsed.from.map((contact) => contact.address)).toEqual(["a@x.example"]);
    expect(parsed.to).toEqual([
      { name: "", address: "b@x.example" },
      { name: "D", address: "d@x.example" },
    ]);
    expect(parsed.cc.map((contact) => contact.address)).toEqual(["c@x.example", "e@x.example"]);
  });

  it("extracts message ids and dates tolerantly", () => {
    const raw = joinCrlf(
      "Date: not a date",
      "Message-ID: <id@x>",
      "In-Reply-To: Your message of Monday <first@x> and <second@x>",
      "References: <r1@x>",
      "\t<r2@x> <r1@x> garbage",
      "",
      "",
    );
    const parsed = parseChecked(raw);
    expect(parsed).toMatchObject({ sentDate: null, messageId: "<id@x>", inReplyTo: "<first@x>", references: ["<r1@x>", "<r2@x>", "<r1@x>"] }); // as written: RFC 5256 §4
  });
});

describe("parseMessage: text, preview and attachments", () => {
  it("prefers text/plain for the preview and strips HTML for search", () => {
    const raw = joinCrlf(
      "Content-Type: multipart/alternative; boundary=a",
      "",
      "--a",
      "Content-Type: text/plain; charset=utf-8",
      "Content-Transfer-Encoding: quoted-printable",
      "",
      "Gr=C3=BC=C3=9Fe,   this is",
      "the   plain=",
      " version.",
      "--a",
      "Content-Type: text/html",
      "",
      "<html><head><style>p { color: red }</style><script>alert('x')</script></head>",
      "<body><p>HTML&nbsp;version &amp; more &#x263A;</p></body></html>",
      "--a--",
    );
    const parsed = parseChecked(raw);
    expect(parsed.preview).toBe("Grüße, this is the plain version.");
    // a no-break space reads as a space in search text
    expect(parsed.text).toContain("HTML version & more ☺");
    expect(parsed.text).not.toMatch(/color|alert/);
    expect(parsed.hasAttachments).toBe(false);
  });

  it("decodes base64 in a legacy charset and joins format=flowed lines", () => {
    const latin = Buffer.from("Ça coûte 5 €", "utf8").toString();
    const base64 = Buffer.from(latin.replace("€", "E"), "latin1").toString("base64");
    const raw = joinCrlf(
      "Content-Type: multipart/mixed; boundary=m",
      "",
      "--m",
      "Content-Type: text/plain; charset=iso-8859-1",
      "Content-Transfer-Encoding: base64",
      "",
      base64,
      "--m",
      "Content-Type: text/plain; charset=utf-8; format=flowed",
      "",
      "soft ",
      "wrapped",
      "--m--",
    );
    const parsed = parseChecked(raw);
    expect(parsed.preview).toBe("Ça coûte 5 E");
    expect(parsed.text).toContain("soft wrapped");
  });

  it("decodes ISO-2022-JP bodies and guesses an unknown charset", () => {
    const jis = Buffer.from("1b2442467c4b5c386c244e376f4c3e1b2842", "hex");
    const japanese = Buffer.concat([Buffer.from("Content-Type: text/plain; charset=ISO-2022-JP\r\n\r\n"), jis]);
    expect(parseChecked(japanese).preview).toBe("日本語の件名");
    const unknown = Buffer.concat([Buffer.from("Content-Type: text/plain; charset=x-martian\r\n\r\ncaf"), Buffer.from([0xe9])]);
    expect(parseChecked(unknown).preview).toBe("café");
  });

  it("searches the body of a message that is not MIME as it stands, its Content-Transfer-Encoding ignored", () => {
    // RFC 2045 §4: BODYSTRUCTURE says 7bit, so clients show these bytes, and search finds what they show
    const raw = joinCrlf("Subject: not MIME", "Content-Transfer-Encoding: quoted-printable", "", "caf=C3=A9 soft=", "break");
    const parsed = parseChecked(raw);
    expect(parsed.root.encoding).toBe("7bit");
    expect(parsed.text).toBe("caf=C3=A9 soft=\r\nbreak");
    const mime = joinCrlf("MIME-Version: 1.0", "Content-Transfer-Encoding: quoted-printable", "", "caf=C3=A9 soft=", "break");
    expect(parseChecked(mime).text).toBe("café softbreak");
  });

  it("uses the HTML part for the preview when there is no plain text", () => {
    const raw = joinCrlf("Content-Type: text/html; charset=utf-8", "", `<div>${"word ".repeat(100)}</div>`);
    const { preview } = parseChecked(raw);
    expect(preview).toBe(Array(40).fill("word").join(" "));
  });

  it("caps the search text at 1 MiB", () => {
    const raw = joinCrlf("Subject: big", "", "x".repeat(3 * 1024 * 1024));
    const { text } = parseChecked(raw);
    expect(Buffer.byteLength(text)).toBeLessThanOrEqual(1024 * 1024);
    expect(text.length).toBeGreaterThan(1000 * 1000);
  });

  it("counts attachments but not inline images of multipart/related", () => {
    const related = joinCrlf(
      "Content-Type: multipart/related; boundary=r",
      "",
      "--r",
      "Content-Type: text/html",
      "",
      "<img src=\"cid:logo\">",
      "--r",
      "Content-Type: image/png",
      "Content-ID: <logo>",
      "Content-Transfer-Encoding: base64",
      "",
      "iVBORw0KGgo=",
      "--r--",
    );
    const parsed = parseChecked(related);
    expect(findPart(parsed.root, "2").id).toBe("<logo>");
    expect(parsed.hasAttachments).toBe(false);
    expect(parseChecked(nestedMessage).hasAttachments).toBe(true);
  });
});

describe("parseMessage: hostile input", () => {
  it("indexes empty input", () => {
    const parsed = parseChecked(Buffer.alloc(0));
    expect(parsed.root).toMatchObject({ headerStart: 0, headerEnd: 0, bodyStart: 0, bodyEnd: 0, type: "text", subtype: "plain" });
    expect(parsed).toMatchObject({ subject: "", from: [], sentDate: null, messageId: null, references: [], preview: "", text: "" });
    expect(parsed.envelope.from).toBeNull();
  });

  it("accepts a Uint8Array that is not a Buffer", () => {
    const bytes = new Uint8Array(joinCrlf("Subject: typed array", "", "body"));
    expect(parseMessage(bytes as Buffer)).toMatchObject({ subject: "typed array", preview: "body" });
  });

  it("indexes binary garbage without throwing", () => {
    let seed = 42;
    const random = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) % 256;
    for (let round = 0; round < 20; round++) {
      const garbage = Buffer.from(Array.from({ length: 20_000 }, random));
      // sprinkle in MIME-looking lines so the parser goes down its interesting paths
      const raw = Buffer.concat([Buffer.from("Content-Type: multipart/mixed; boundary=g\r\n\r\n--g\r\n"), garbage, Buffer.from("\r\n--g\r\nContent-Type: message/rfc822\r\n\r\n"), garbage]);
      // the parts parseMessage calls must not throw either: its catch-all fallback would hide that
      expect(() => extractMessageText(raw, buildPartTree(raw).root)).not.toThrow();
      parseChecked(raw);
      parseChecked(garbage);
    }
  });

  it("survives a header line of several megabytes", () => {
    const raw = joinCrlf(`Subject: ${"long ".repeat(1_000_000)}`, `X-Other: ${"(".repeat(100_000)}`, `Content-Type: text/plain; charset=${"x".repeat(100_000)}`, "", "body");
    const started = performance.now();
    const parsed = parseChecked(raw);
    expect(parsed.subject.length).toBeGreaterThan(4_000_000);
    expect(parsed.preview).toBe("body");
    expect(performance.now() - started).toBeLessThan(5000);
  });

  it("caps a nesting bomb of 100 multiparts at the nesting limit, quickly", () => {
    const depth = 100;
    const lines: string[] = [];
    for (let level = 0; level < depth; level++) lines.push(`Content-Type: multipart/mixed; boundary=level${level}`, "", `--level${level}`);
    lines.push("", "deepest");
    for (let level = depth - 1; level >= 0; level--) lines.push(`--level${level}--`);
    const raw = joinCrlf(...lines);
    const started = performance.now();
    const { root } = parseChecked(raw);
    expect(performance.now() - started).toBeLessThan(1000);
    expect(measureDepth(root)).toBe(MAX_NESTING_DEPTH + 1);
  });

  it("caps a nesting bomb of 100 embedded messages and one reusing a single boundary", () => {
    const messages = joinCrlf(...Array.from({ length: 100 }, () => "Content-Type: message/rfc822\r\n"), "Subject: core", "", "x");
    expect(measureDepth(parseChecked(messages).root)).toBe(MAX_NESTING_DEPTH + 1);

    const same = joinCrlf(...Array.from({ length: 100 }, () => "Content-Type: multipart/mixed; boundary=s\r\n\r\n--s"), "", "core");
    expect(measureDepth(parseChecked(same).root)).toBe(MAX_NESTING_DEPTH + 1);
  });

  it("stops indexing parts at the part limit but still finds where the multipart ends", () => {
    const raw = joinCrlf("Content-Type: multipart/mixed; boundary=p", "", ...Array.from({ length: 50_000 }, () => "--p"), "--p--", "epilogue");
    const started = performance.now();
    const { root } = parseChecked(raw);
    expect(performance.now() - started).toBeLessThan(2000);
    expect(root.children).toHaveLength(MAX_INDEXED_PARTS - 1);
    expect(root.bodyEnd).toBe(raw.length);
  });
});
