import { describe, expect, it } from "vitest";
import { isAppError } from "../errors.ts";
import { MAX_RETURNED_MESSAGE_BYTES, buildDeliveryReport, chooseBoundary, type DeliveryReportInput } from "./build-delivery-report.ts";
import { decodeTextBody } from "./decode-part-body.ts";
import type { MimePart } from "./message-index.ts";
import { parseMessage } from "./parse-message.ts";

const joinCrlf = (...lines: string[]) => Buffer.from(lines.join("\r\n"), "utf8");

const smallOriginal = joinCrlf("From: Alice <alice@example.test>", "To: bob@example.org, carol@example.net", "Subject: Lunch on Friday", "Message-ID: <lunch@example.test>", "", "Shall we meet at noon?", "");

/** A message whose body is over the size limit, so only its header goes back. */
const largeOriginal = Buffer.concat([joinCrlf("From: Alice <alice@example.test>", "To: bob@example.org", "Subject: Holiday photos", "", ""), Buffer.alloc(100 * 1024, "0123456789abcdef\r\n")]);

const failure: DeliveryReportInput = {
  kind: "failure",
  reportingMta: "mx.example.test",
  from: "MAILER-DAEMON@mx.example.test",
  to: "alice@example.test",
  arrivalDate: new Date("2026-11-29T20:10:35Z"),
  now: new Date("2026-11-29T20:15:00Z"),
  recipients: [
    { address: "bob@example.org", action: "failed", status: "5.1.1", diagnostic: "550 5.1.1 <bob@example.org>: no such user", remoteMta: "mx.example.org", lastAttemptAt: new Date("2026-11-29T20:14:02Z") },
    { address: "carol@example.net", action: "failed", status: "4.4.1" },
  ],
  original: smallOriginal,
};

const delay: DeliveryReportInput = {
  ...failure,
  kind: "delay",
  now: new Date("2026-11-30T00:10:35Z"),
  recipients: [
    {
      address: "bob@example.org",
      action: "delayed",
      status: "4.2.2",
      diagnostic: "452 4.2.2 mailbox full",
      remoteMta: "mx.example.org",
      lastAttemptAt: new Date("2026-11-30T00:05:00Z"),
      willRetryUntil: new Date("2026-12-04T20:10:35Z"),
    },
  ],
};

const readHeader = (raw: Buffer, part: MimePart) => raw.toString("utf8", part.headerStart, part.headerEnd);
const readBody = (raw: Buffer, part: MimePart) => raw.subarray(part.bodyStart, part.bodyEnd);
const childrenOf = (part: MimePart) => part.children ?? [];

/** The report's three parts, checked to be there. */
function readParts(raw: Buffer): [MimePart, MimePart, MimePart] {
  const children = childrenOf(parseMessage(raw).root);
  expect(children).toHaveLength(3);
  return [children[0], children[1], children[2]];
}

/**
 * The delivery-status body as field groups (RFC 3464 §2.1): per-message first, then one per recipient.
 * Every line must be a field or a continuation, so a stray line fails here.
 */
function readStatusGroups(raw: Buffer): Map<string, string>[] {
  const body = readBody(raw, readParts(raw)[1]).toString("utf8");
  return body
    .replace(/\r\n$/, "")
    .split("\r\n\r\n")
    .map((group) => {
      const fields = new Map<string, string>();
      for (const line of group.replace(/\r\n(?=[ \t])/g, "").split("\r\n")) {
        const match = /^([A-Za-z-]+): (.*)$/.exec(line);
        if (!match) throw new Error(`not a field line: ${JSON.stringify(line)}`);
        expect(fields.has(match[1])).toBe(false);
        fields.set(match[1], match[2]);
      }
      return fields;
    });
}

/** The lines of the top-level header, unfolded. */
function readTopFields(raw: Buffer): string[] {
  return readHeader(raw, parseMessage(raw).root).replace(/\r\n(?=[ \t])/g, "").split("\r\n").filter(Boolean);
}

function expectCrlfOnly(raw: Buffer) {
  const text = raw.toString("latin1");
  expect(text.match(/[^\r]\n|^\n/g)).toBeNull();
  expect(text.match(/\r(?!\n)/g)).toBeNull();
}

describe("buildDeliveryReport", () => {
  it("builds a multipart/report of the explanation, the delivery status and the original (RFC 6522 §3)", () => {
    const raw = buildDeliveryReport(failure);
    const parsed = parseMessage(raw);
    expect(parsed.root.type).toBe("multipart");
    expect(parsed.root.subtype).toBe("report");
    expect(parsed.root.params["report-type"]).toBe("delivery-status");
    const [text, status, original] = readParts(raw);
    expect([text.type, text.subtype, text.params.charset]).toEqual(["text", "plain", "utf-8"]);
    expect([status.type, status.subtype]).toEqual(["message", "delivery-status"]);
    expect([original.type, original.subtype]).toEqual(["message", "rfc822"]);
  });

  it("addresses the report to the sender from the Mail Delivery System, marked as auto-replied", () => {
    const raw = buildDeliveryReport(failure);
    const parsed = parseMessage(raw);
    expect(parsed.subject).toBe("Undelivered Mail Returned to Sender");
    expect(parsed.from).toEqual([{ name: "Mail Delivery System", address: "MAILER-DAEMON@mx.example.test" }]);
    expect(parsed.to).toEqual([{ name: "", address: "alice@example.test" }]);
    expect(parsed.sentDate).toBe("2026-11-29T20:15:00.000Z");
    expect(parsed.messageId).toMatch(/^<[^@<>\s]+@mx\.example\.test>$/);
    const fields = readTopFields(raw);
    expect(fields).toContain("Date: Sun, 29 Nov 2026 20:15:00 +0000");
    expect(fields).toContain("MIME-Version: 1.0");
    expect(fields).toContain("Auto-Submitted: auto-replied");
  });

  it("gives every report its own Message-ID unless one is passed in", () => {
    expect(parseMessage(buildDeliveryReport(failure)).messageId).not.toBe(parseMessage(buildDeliveryReport(failure)).messageId);
    expect(parseMessage(buildDeliveryReport({ ...failure, messageId: "<dsn-1@mx.example.test>" })).messageId).toBe("<dsn-1@mx.example.test>");
    expect(parseMessage(buildDeliveryReport({ ...failure, messageId: "dsn-2@mx.example.test" })).messageId).toBe("<dsn-2@mx.example.test>");
  });

  it("writes the per-message fields and one block of fields for each recipient (RFC 3464 §2.2, §2.3)", () => {
    const [perMessage, bob, carol, ...rest] = readStatusGroups(buildDeliveryReport(failure));
    expect(rest).toEqual([]);
    expect(Object.fromEntries(perMessage)).toEqual({ "Reporting-MTA": "dns; mx.example.test", "Arrival-Date": "Sun, 29 Nov 2026 20:10:35 +0000" });
    expect(Object.fromEntries(bob)).toEqual({
      "Final-Recipient": "rfc822; bob@example.org",
      Action: "failed",
      Status: "5.1.1",
      "Remote-MTA": "dns; mx.example.org",
      "Diagnostic-Code": "smtp; 550 5.1.1 <bob@example.org>: no such user",
      "Last-Attempt-Date": "Sun, 29 Nov 2026 20:14:02 +0000",
    });
    expect(Object.fromEntries(carol)).toEqual({ "Final-Recipient": "rfc822; carol@example.net", Action: "failed", Status: "4.4.1" });
  });

  it("lists each recipient with the reason in the text part", () => {
    const raw = buildDeliveryReport(failure);
    const text = decodeTextBody(raw, readParts(raw)[0]);
    expect(text).toContain("<bob@example.org>");
    expect(text).toContain("The server mx.example.org said: 550 5.1.1 <bob@example.org>: no such user");
    expect(text).toContain("<carol@example.net>");
    expect(text).toContain("Delivery failed (status 4.4.1).");
    expect(text).toContain("Your message is attached.");
  });

  it("attaches a small original byte for byte as message/rfc822", () => {
    const raw = buildDeliveryReport(failure);
    const original = readParts(raw)[2];
    expect(readBody(raw, original).equals(smallOriginal)).toBe(true);
    expect(original.message?.envelope.subject).toBe("Lunch on Friday");
    expect(original.encoding).toBe("7bit");
  });

  it("attaches an original of exactly the size limit whole, one byte more only its header", () => {
    const header = joinCrlf("Subject: Exactly at the limit", "", "");
    const atLimit = Buffer.concat([header, Buffer.alloc(MAX_RETURNED_MESSAGE_BYTES - header.length, "x\r\n")]);
    expect(readParts(buildDeliveryReport({ ...failure, original: atLimit }))[2].subtype).toBe("rfc822");
    const overLimit = Buffer.concat([atLimit, Buffer.from("y")]);
    expect(readParts(buildDeliveryReport({ ...failure, original: overLimit }))[2].subtype).toBe("rfc822-headers");
  });

  it("returns only the header block of a 100 KiB original, as text/rfc822-headers", () => {
    const raw = buildDeliveryReport({ ...failure, original: largeOriginal });
    expect(raw.length).toBeLessThan(8 * 1024);
    const [text, , headers] = readParts(raw);
    expect([headers.type, headers.subtype]).toEqual(["text", "rfc822-headers"]);
    expect(readBody(raw, headers).toString("utf8")).toBe("From: Alice <alice@example.test>\r\nTo: bob@example.org\r\nSubject: Holiday photos\r\n");
    expect(decodeTextBody(raw, text)).toContain("The header of your message is attached");
  });

  it("finds the header block of a lenient original by LF LF and returns it with CRLF", () => {
    const lenient = Buffer.concat([Buffer.from("From: alice@example.test\nSubject: Bare LF\n\n"), Buffer.alloc(100 * 1024, "body line\n")]);
    const raw = buildDeliveryReport({ ...failure, original: lenient });
    expect(readBody(raw, readParts(raw)[2]).toString("utf8")).toBe("From: alice@example.test\r\nSubject: Bare LF\r\n");
    expectCrlfOnly(raw);
  });

  it("attaches a small lenient original with its line breaks made CRLF", () => {
    const raw = buildDeliveryReport({ ...failure, original: Buffer.from("Subject: Bare LF\n\nline one\nline two\n") });
    const original = readParts(raw)[2];
    expect(original.subtype).toBe("rfc822");
    expect(readBody(raw, original).toString("utf8")).toBe("Subject: Bare LF\r\n\r\nline one\r\nline two\r\n");
    expectCrlfOnly(raw);
  });

  it("returns only the header of a small original with a line no SMTP server takes (RFC 5322 §2.1.1)", () => {
    const raw = buildDeliveryReport({ ...failure, original: joinCrlf("Subject: Long line", "", "z".repeat(2000), "") });
    const headers = readParts(raw)[2];
    expect(headers.subtype).toBe("rfc822-headers");
    expect(readBody(raw, headers).toString("utf8")).toBe("Subject: Long line\r\n");
  });

  it("folds an over-long header line of the returned header instead of sending it as it is", () => {
    const original = Buffer.concat([joinCrlf(`X-Long: ${"é".repeat(1500)}`, "Subject: After", "", ""), Buffer.alloc(100 * 1024, "x")]);
    const raw = buildDeliveryReport({ ...failure, original });
    const headers = readParts(raw)[2];
    const lines = readBody(raw, headers).toString("latin1").split("\r\n");
    expect(lines.length).toBeGreaterThan(3);
    expect(Math.max(...lines.map((line) => line.length))).toBeLessThanOrEqual(998);
    const unfolded = readBody(raw, headers).toString("utf8").replace(/\r\n /g, "");
    expect(unfolded).toBe(`X-Long: ${"é".repeat(1500)}\r\nSubject: After\r\n`);
    expect(headers.encoding).toBe("8bit");
  });

  it("caps the returned header of an original that has no empty line", () => {
    const original = Buffer.alloc(1024 * 1024, "X-Filler: 0123456789\r\n");
    const raw = buildDeliveryReport({ ...failure, original });
    const headers = readBody(raw, readParts(raw)[2]);
    expect(headers.length).toBeLessThanOrEqual(MAX_RETURNED_MESSAGE_BYTES);
    expect(headers.length).toBeGreaterThan(MAX_RETURNED_MESSAGE_BYTES - 100);
    expect(headers.toString("latin1").endsWith("X-Filler: 0123456789\r\n")).toBe(true);
  });

  it("labels the report 8bit when the original is, and leaves a 7-bit report unlabelled", () => {
    const eightBit = Buffer.from("Subject: Grüße\r\n\r\nBis bald, Jürgen\r\n", "utf8");
    const raw = buildDeliveryReport({ ...failure, original: eightBit });
    expect(parseMessage(raw).root.encoding).toBe("8bit");
    const original = readParts(raw)[2];
    expect(original.encoding).toBe("8bit");
    expect(readBody(raw, original).equals(eightBit)).toBe(true);
    expect(parseMessage(buildDeliveryReport(failure)).root.encoding).toBe("7bit");
  });

  it("sends a delay notice with the retry deadline and only the original's header", () => {
    const raw = buildDeliveryReport(delay);
    expect(parseMessage(raw).subject).toBe("Delayed Mail (still being retried)");
    const [text, , headers] = readParts(raw);
    expect([headers.type, headers.subtype]).toEqual(["text", "rfc822-headers"]);
    expect(readBody(raw, headers).toString("utf8")).toBe("From: Alice <alice@example.test>\r\nTo: bob@example.org, carol@example.net\r\nSubject: Lunch on Friday\r\nMessage-ID: <lunch@example.test>\r\n");
    const [, bob] = readStatusGroups(raw);
    expect(bob.get("Action")).toBe("delayed");
    expect(bob.get("Status")).toBe("4.2.2");
    expect(bob.get("Will-Retry-Until")).toBe("Fri, 04 Dec 2026 20:10:35 +0000");
    expect(bob.get("Diagnostic-Code")).toBe("smtp; 452 4.2.2 mailbox full");
    const explanation = decodeTextBody(raw, text);
    expect(explanation).toContain("We keep trying until Fri, 04 Dec 2026 20:10:35 UTC.");
    expect(explanation).toContain("you need not send it again");
  });

  it("writes Will-Retry-Until only for delayed recipients (RFC 3464 §2.3.9)", () => {
    const until = new Date("2026-12-04T20:10:35Z");
    const raw = buildDeliveryReport({ ...failure, recipients: [{ address: "bob@example.org", action: "failed", status: "5.4.7", willRetryUntil: until }] });
    expect(readStatusGroups(raw)[1].has("Will-Retry-Until")).toBe(false);
  });

  it("uses CRLF line breaks only", () => {
    expectCrlfOnly(buildDeliveryReport(failure));
    expectCrlfOnly(buildDeliveryReport(delay));
    expectCrlfOnly(buildDeliveryReport({ ...failure, original: largeOriginal }));
  });

  it("keeps header-like text from outside on its own line, in the report's header and in the status fields", () => {
    const raw = buildDeliveryReport({
      ...failure,
      to: "alice@example.test\r\nBcc: evil@x",
      recipients: [{ address: "bob@example.org\nBcc: evil@x", action: "failed", status: "5.1.1", diagnostic: "550 5.1.1 unknown\r\nBcc: evil@x", remoteMta: "mx.example.org\r\nBcc: evil@x" }],
    });
    const parsed = parseMessage(raw);
    expect(parsed.envelope.bcc).toBeNull();
    expect(raw.toString("latin1").split("\r\n").filter((line) => /^bcc:/i.test(line))).toEqual([]);
    const [, bob] = readStatusGroups(raw);
    expect(bob.get("Diagnostic-Code")).toBe("smtp; 550 5.1.1 unknown Bcc: evil@x");
    expect(bob.get("Final-Recipient")).toBe("rfc822; bob@example.org Bcc: evil@x");
    expect(bob.get("Remote-MTA")).toBe("dns; mx.example.org");
    expect(readParts(raw)).toHaveLength(3);
  });

  it("cuts a long diagnostic to 900 octets and keeps every line under 998", () => {
    const raw = buildDeliveryReport({ ...failure, recipients: [{ address: "bob@example.org", action: "failed", status: "5.0.0", diagnostic: `550 ${"no ".repeat(2000)}${"x".repeat(3000)}` }] });
    const diagnostic = readStatusGroups(raw)[1].get("Diagnostic-Code") ?? "";
    expect(diagnostic.startsWith("smtp; 550 no no")).toBe(true);
    expect(diagnostic.endsWith("...")).toBe(true);
    expect(diagnostic.length).toBe("smtp; ".length + 900);
    const lines = raw.toString("latin1").split("\r\n");
    expect(Math.max(...lines.map((line) => line.length))).toBeLessThan(998);
    const text = decodeTextBody(raw, readParts(raw)[0]);
    expect(text).toContain(`Reason: 550 no no`);
  });

  it("keeps the status part ASCII: non-ASCII addresses as RFC 6533 utf-8-addr-xtext, other text replaced", () => {
    const raw = buildDeliveryReport({ ...failure, recipients: [{ address: "jösé+x@exämple.org", action: "failed", status: "5.1.1", diagnostic: "550 Benutzer unbekannt: Jürgen" }] });
    const [text, status] = readParts(raw);
    expect(readBody(raw, status).every((byte) => byte < 0x80)).toBe(true);
    const [, recipient] = readStatusGroups(raw);
    expect(recipient.get("Final-Recipient")).toBe("utf-8; j\\x{F6}s\\x{E9}\\x{2B}x@ex\\x{E4}mple.org");
    expect(recipient.get("Diagnostic-Code")).toBe("smtp; 550 Benutzer unbekannt: J?rgen");
    expect(text.encoding).toBe("quoted-printable");
    const explanation = decodeTextBody(raw, text);
    expect(explanation).toContain("<jösé+x@exämple.org>");
    expect(explanation).toContain("Reason: 550 Benutzer unbekannt: Jürgen");
  });

  it("reports a malformed status code as the undefined code of its action's class (RFC 3463 §3.1)", () => {
    const raw = buildDeliveryReport({
      ...failure,
      recipients: [
        { address: "bob@example.org", action: "failed", status: "550" },
        { address: "carol@example.net", action: "delayed", status: "4.4\r\nBcc: x" },
        { address: "dan@example.net", action: "failed", status: " 5.7.26 " },
      ],
    });
    expect(readStatusGroups(raw).slice(1).map((group) => group.get("Status"))).toEqual(["5.0.0", "4.0.0", "5.7.26"]);
  });

  it("types a diagnostic that is no SMTP reply as our own", () => {
    const raw = buildDeliveryReport({ ...failure, recipients: [{ address: "bob@example.org", action: "failed", status: "4.4.1", diagnostic: "connect to mx.example.org: timed out" }] });
    expect(readStatusGroups(raw)[1].get("Diagnostic-Code")).toBe("X-Mailwright; connect to mx.example.org: timed out");
  });

  it("uses a boundary that occurs only in its delimiter lines", () => {
    const raw = buildDeliveryReport(failure);
    const boundary = parseMessage(raw).root.params.boundary;
    expect(boundary.length).toBeGreaterThanOrEqual(30);
    expect(raw.toString("latin1").split(boundary)).toHaveLength(6); // the parameter, three delimiters, the close delimiter
  });

  it("skips a boundary candidate that occurs in a body", () => {
    const candidates = ["taken", "free"];
    expect(chooseBoundary([Buffer.from("text\r\n--taken\r\n")], () => candidates.shift() ?? "")).toBe("free");
    expect(candidates).toEqual([]);
  });

  it("refuses a report without recipients, addresses or host name, or with an invalid date", () => {
    const refuse = (input: DeliveryReportInput) => {
      try {
        buildDeliveryReport(input);
      } catch (error) {
        return isAppError(error, "INVALID_INPUT");
      }
      return false;
    };
    expect(refuse({ ...failure, recipients: [] })).toBe(true);
    expect(refuse({ ...failure, to: " \r\n" })).toBe(true);
    expect(refuse({ ...failure, recipients: [{ address: "<>", action: "failed", status: "5.1.1" }] })).toBe(true);
    expect(refuse({ ...failure, arrivalDate: new Date(Number.NaN) })).toBe(true);
    expect(refuse({ ...failure, from: "" })).toBe(true);
    expect(refuse({ ...failure, reportingMta: "\r\n" })).toBe(true);
    expect(refuse(failure)).toBe(false);
  });
});
