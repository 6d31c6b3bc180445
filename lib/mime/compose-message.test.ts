import { randomBytes } from "node:crypto";
import { describe, expect, it } from "vitest";
import { composeMessage } from "./compose-message.ts";
import { parseMessage } from "./parse-message.ts";
import { decodeTextBody, decodeTransferEncoding } from "./decode-part-body.ts";
import type { MimePart } from "./message-index.ts";

const leaves = (part: MimePart): MimePart[] => (part.children ? part.children.flatMap(leaves) : [part]);
const headerOf = (raw: Buffer) => raw.subarray(0, raw.indexOf("\r\n\r\n")).toString("latin1");

describe("composeMessage", () => {
  it("builds a message whose headers, text and attachments parse back intact, the attachment byte for byte", async () => {
    const bytes = randomBytes(100_000);
    const message = await composeMessage({
      from: { name: "Alice Example", address: "alice@example.test" },
      to: [{ name: "Bob", address: "bob@example.test" }],
      cc: [{ name: "", address: "carol@example.org" }],
      subject: "Quarterly numbers",
      text: "Hello Bob,\nthe numbers are attached.\n",
      attachments: [{ filename: "numbers.bin", contentType: "application/octet-stream", content: bytes }],
      inReplyTo: "<parent@example.test>",
      references: ["<root@example.test>", "<parent@example.test>"],
    });
    const parsed = parseMessage(message.forTransport);
    expect(parsed.subject).toBe("Quarterly numbers");
    expect(parsed.from).toEqual([{ name: "Alice Example", address: "alice@example.test" }]);
    expect(parsed.to).toEqual([{ name: "Bob", address: "bob@example.test" }]);
    expect(parsed.cc).toEqual([{ name: "", address: "carol@example.org" }]);
    expect(parsed.inReplyTo).toBe("<parent@example.test>");
    expect(parsed.references).toEqual(["<root@example.test>", "<parent@example.test>"]);
    expect(parsed.messageId).toBe(message.messageId);
    expect(parsed.sentDate).not.toBeNull();
    const parts = leaves(parsed.root);
    const text = parts.find((p) => p.type === "text" && p.subtype === "plain")!;
    expect(decodeTextBody(message.forTransport, text)).toBe("Hello Bob,\r\nthe numbers are attached.\r\n");
    const file = parts.find((p) => p.disposition?.type === "attachment")!;
    expect(file.disposition?.params.filename).toBe("numbers.bin");
    expect(decodeTransferEncoding(message.forTransport, file).equals(bytes)).toBe(true);
    // RFC 5322 §2.3: CRLF only.
    expect(/[^\r]\n/.test(message.forTransport.toString("latin1"))).toBe(false);
  });

  it("keeps Bcc out of what goes out and in the sender's copy, and puts every recipient in the envelope", async () => {
    const message = await composeMessage({
      from: { name: "", address: "alice@example.test" },
      to: [{ name: "", address: "bob@example.test" }],
      bcc: [{ name: "Secret", address: "secret@example.org" }],
      subject: "s",
      text: "t",
    });
    expect(headerOf(message.forTransport)).not.toMatch(/^Bcc:/im);
    expect(headerOf(message.withBcc)).toMatch(/^Bcc: Secret <secret@example\.org>$/m);
    expect(message.envelope).toEqual({ from: "alice@example.test", to: ["bob@example.test", "secret@example.org"] });
    // One message in two variants: the same Message-ID and Date.
    expect(parseMessage(message.withBcc).messageId).toBe(parseMessage(message.forTransport).messageId);
    expect(parseMessage(message.withBcc).sentDate).toBe(parseMessage(message.forTransport).sentDate);
  });

  it("encodes non-ASCII subjects, names and file names (RFC 2047, RFC 2231) and decodes them back", async () => {
    const message = await composeMessage({
      from: { name: "Zoë Ångström", address: "zoe@example.test" },
      to: [{ name: "Jürgen Müller", address: "juergen@example.test" }],
      subject: "Grüße aus Köln – 東京",
      text: "Schöne Grüße",
      attachments: [{ filename: "Übersicht.pdf", contentType: "application/pdf", content: Buffer.from("%PDF-1.4") }],
    });
    const header = headerOf(message.forTransport);
    expect(/^[\x00-\x7f]*$/.test(header)).toBe(true);
    const parsed = parseMessage(message.forTransport);
    expect(parsed.subject).toBe("Grüße aus Köln – 東京");
    expect(parsed.from[0]).toEqual({ name: "Zoë Ångström", address: "zoe@example.test" });
    expect(parsed.to[0]).toEqual({ name: "Jürgen Müller", address: "juergen@example.test" });
    const file = leaves(parsed.root).find((p) => p.disposition?.type === "attachment")!;
    expect(file.disposition?.params.filename).toBe("Übersicht.pdf");
  });

  it("sanitises the editor's HTML: formatting and web links stay, scripts, images, styles and javascript: links go", async () => {
    const message = await composeMessage({
      from: { name: "", address: "alice@example.test" },
      to: [{ name: "", address: "bob@example.test" }],
      subject: "html",
      text: "plain",
      html: `<p style="color:red" onclick="x()"><strong>bold</strong> <em>it</em> <img src="https://tracker.example/p.gif"><script>alert(1)</script><a href="javascript:alert(1)">bad</a> <a href="https://example.org/x">good</a></p><ul><li>one</li></ul><blockquote>q</blockquote>`,
    });
    const html = leaves(parseMessage(message.forTransport).root).find((p) => p.subtype === "html")!;
    const body = decodeTextBody(message.forTransport, html);
    expect(body).toContain("<strong>bold</strong>");
    expect(body).toContain('<a href="https://example.org/x">good</a>');
    expect(body).toContain("<ul><li>one</li></ul><blockquote>q</blockquote>");
    expect(body).not.toMatch(/<img|<script|javascript:|style=|onclick/i);
  });
});
