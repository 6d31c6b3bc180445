import { describe, expect, it } from "vitest";
import { MAX_SAMPLE_BYTES, parseFeedbackReport, type FeedbackReport } from "./parse-feedback-report.ts";

const joinCrlf = (...lines: string[]) => lines.join("\r\n");

/** A multipart/report in the shape of RFC 5965 Appendix B: the note, the feedback part, the reported message. */
function buildReport(options: { feedbackPart: string; reportedPart?: string; contentType?: string }): Buffer {
  const parts = [
    joinCrlf(
      "Content-Type: text/plain; charset=us-ascii",
      "Content-Transfer-Encoding: 7bit",
      "",
      "This is an email abuse report for a message received from IP 192.0.2.25",
      "on Sat, 8 Mar 2025 14:00:00 -0400.",
    ),
    options.feedbackPart,
    ...(options.reportedPart === undefined ? [] : [options.reportedPart]),
  ];
  return Buffer.from(
    joinCrlf(
      "From: <feedback@fbl.mailbox.example>",
      "To: <fbl@mailwright.example>",
      "Subject: FW: Spring sale",
      "Date: Sat, 8 Mar 2025 19:40:36 +0000",
      "MIME-Version: 1.0",
      options.contentType ?? 'Content-Type: multipart/report; report-type=feedback-report;\r\n\tboundary="arf_boundary_7f3a"',
      "",
      "This is a multi-part message in MIME format.",
      ...parts.flatMap((part) => ["--arf_boundary_7f3a", part]),
      "--arf_boundary_7f3a--",
      "",
    ),
    "utf8",
  );
}

const reportedHeaderLines = [
  "Return-Path: <bounce-42@mailwright.example>",
  "Received: from out1.mailwright.example (out1.mailwright.example [192.0.2.25])",
  "\tby mx.mailbox.example with ESMTPS id 4f2a; Sat, 8 Mar 2025 14:00:00 -0400",
  "From: Mailwright News <news@mailwright.example>",
  "To: <reader@mailbox.example>",
  "Subject: Spring sale",
  "Date: Sat, 8 Mar 2025 17:59:58 +0000",
  "Message-ID: <spring-sale.42@mailwright.example>",
  "MIME-Version: 1.0",
  "Content-Type: text/plain; charset=utf-8",
];
const reportedHeaders = joinCrlf(...reportedHeaderLines) + "\r\n";
const reportedMessage = joinCrlf(...reportedHeaderLines, "", "Everything must go.", "Unsubscribe: https://mailwright.example/u/42");

const abuseFields = joinCrlf(
  "Feedback-Type: abuse",
  "User-Agent: MailboxFBL/2.1",
  "Version: 1",
  "Original-Mail-From: <bounce-42@mailwright.example>",
  "Original-Rcpt-To: <reader@mailbox.example>",
  "Arrival-Date: Sat, 8 Mar 2025 14:00:00 -0400",
  "Reporting-MTA: dns; mx.mailbox.example",
  "Source-IP: 192.0.2.25",
  "Authentication-Results: mx.mailbox.example;",
  "\tspf=pass smtp.mailfrom=mailwright.example",
  "Reported-Domain: mailwright.example",
  "Reported-URI: https://mailwright.example/sale",
  "",
);

function expectReport(raw: Buffer): FeedbackReport {
  const result = parseFeedbackReport(raw);
  if (!result.ok) throw new Error(`expected a report, got ${result.reason}`);
  return result.report;
}

describe("parseFeedbackReport", () => {
  it("reads an abuse report with the whole message as message/rfc822", () => {
    const raw = buildReport({
      feedbackPart: joinCrlf("Content-Type: message/feedback-report", "", abuseFields),
      reportedPart: joinCrlf("Content-Type: message/rfc822", "Content-Disposition: inline", "", reportedMessage),
    });
    expect(expectReport(raw)).toEqual({
      feedbackType: "abuse",
      userAgent: "MailboxFBL/2.1",
      version: "1",
      originalMailFrom: "bounce-42@mailwright.example",
      originalRcptTo: ["reader@mailbox.example"],
      arrivalDate: new Date("2025-03-08T18:00:00.000Z"),
      sourceIp: "192.0.2.25",
      reportedDomain: ["mailwright.example"],
      reportedMessageId: "<spring-sale.42@mailwright.example>",
      reportedHeaders,
      sample: reportedMessage,
    } satisfies FeedbackReport);
  });

  it("reads an auth-failure report (RFC 6591) with text/rfc822-headers, whatever the case and folding of its fields", () => {
    const raw = buildReport({
      feedbackPart: joinCrlf(
        "Content-Type: message/feedback-report",
        "",
        "FEEDBACK-TYPE: Auth-Failure (dkim)",
        "user-agent: DMARC-Reporter/0.9",
        "VERSION: 1 (first)",
        "Auth-Failure: signature",
        "Original-Mail-From:",
        "  bounce-42@mailwright.example",
        "Original-Rcpt-To: reader@mailbox.example",
        "Received-Date: Sat, 8 Mar 2025 14:00:00 -0400",
        "source-ip: [IPv6:2001:db8::25] (out1.mailwright.example \\) (nested) still the comment)",
        "Reported-Domain: MailWright.Example",
        "",
      ),
      reportedPart: joinCrlf("Content-Type: text/rfc822-headers", "", ...reportedHeaderLines, ""),
    });
    const report = expectReport(raw);
    expect(report.feedbackType).toBe("auth-failure");
    expect(report.userAgent).toBe("DMARC-Reporter/0.9");
    expect(report.version).toBe("1");
    expect(report.originalMailFrom).toBe("bounce-42@mailwright.example");
    expect(report.originalRcptTo).toEqual(["reader@mailbox.example"]);
    expect(report.arrivalDate).toEqual(new Date("2025-03-08T18:00:00.000Z"));
    expect(report.sourceIp).toBe("2001:db8::25");
    expect(report.reportedDomain).toEqual(["mailwright.example"]);
    expect(report.reportedMessageId).toBe("<spring-sale.42@mailwright.example>");
    expect(report.reportedHeaders).toBe(reportedHeaders);
    expect(report.sample).toBe(reportedHeaders);
  });

  it("decodes a base64 feedback part and a base64 reported message", () => {
    const raw = buildReport({
      feedbackPart: joinCrlf(
        "Content-Type: message/feedback-report",
        "Content-Transfer-Encoding: base64",
        "",
        ...splitLines(Buffer.from(abuseFields).toString("base64"), 76),
      ),
      reportedPart: joinCrlf(
        "Content-Type: message/rfc822",
        "Content-Transfer-Encoding: base64",
        "",
        ...splitLines(Buffer.from(reportedMessage).toString("base64"), 76),
      ),
    });
    const report = expectReport(raw);
    expect(report.feedbackType).toBe("abuse");
    expect(report.userAgent).toBe("MailboxFBL/2.1");
    expect(report.originalRcptTo).toEqual(["reader@mailbox.example"]);
    expect(report.sourceIp).toBe("192.0.2.25");
    expect(report.reportedMessageId).toBe("<spring-sale.42@mailwright.example>");
    expect(report.reportedHeaders).toBe(reportedHeaders);
    expect(report.sample).toBe(reportedMessage);
  });

  it("decodes a quoted-printable feedback part", () => {
    const raw = buildReport({
      feedbackPart: joinCrlf(
        "Content-Type: message/feedback-report",
        "Content-Transfer-Encoding: quoted-printable",
        "",
        "Feedback-Type: fr=",
        "aud",
        "User-Agent: Mailbox=46BL/2.1",
        "Version: 1",
        "",
      ),
    });
    const report = expectReport(raw);
    expect(report.feedbackType).toBe("fraud");
    expect(report.userAgent).toBe("MailboxFBL/2.1");
  });

  it("lists every Original-Rcpt-To and Reported-Domain in order", () => {
    const raw = buildReport({
      feedbackPart: joinCrlf(
        "Content-Type: message/feedback-report",
        "",
        // a comment counts as white space: the type is the first word
        "Feedback-Type: abuse(user report)extra",
        "User-Agent: MailboxFBL/2.1",
        "Version: 1",
        "Original-Rcpt-To: <first@mailbox.example>",
        "Reported-Domain: mailwright.example",
        "Original-Rcpt-To: second@mailbox.example",
        "Original-Rcpt-To: <third@mailbox.example> (redacted elsewhere)",
        "Reported-Domain: links.mailwright.example",
        "",
      ),
      reportedPart: joinCrlf("Content-Type: message/rfc822", "", reportedMessage),
    });
    const report = expectReport(raw);
    expect(report.feedbackType).toBe("abuse");
    expect(report.originalRcptTo).toEqual(["first@mailbox.example", "second@mailbox.example", "third@mailbox.example"]);
    expect(report.reportedDomain).toEqual(["mailwright.example", "links.mailwright.example"]);
  });

  it("reads a report without the optional fields or a third part, as redacting providers send", () => {
    const raw = buildReport({
      contentType: 'Content-Type: multipart/report; boundary="arf_boundary_7f3a"',
      feedbackPart: joinCrlf("Content-Type: message/feedback-report", "", "", "Feedback-Type: not-spam", "Original-Mail-From: <>", "Source-IP: mx.mailbox.example", ""),
    });
    expect(expectReport(raw)).toEqual({
      feedbackType: "not-spam",
      userAgent: "",
      version: "",
      originalMailFrom: "",
      originalRcptTo: [],
      arrivalDate: null,
      sourceIp: "",
      reportedDomain: [],
      reportedMessageId: "",
      reportedHeaders: "",
      sample: "",
    } satisfies FeedbackReport);
  });

  it("keeps header bytes that are not UTF-8 as latin1", () => {
    const raw = Buffer.concat([
      buildReport({ feedbackPart: joinCrlf("Content-Type: message/feedback-report", "", abuseFields) }).subarray(0, -"--arf_boundary_7f3a--\r\n".length),
      Buffer.from("--arf_boundary_7f3a\r\nContent-Type: text/rfc822-headers\r\n\r\nMessage-ID: bare-id@mailwright.example\r\nSubject: caf", "latin1"),
      Buffer.from([0xe9]),
      Buffer.from("\r\n--arf_boundary_7f3a--\r\n", "latin1"),
    ]);
    const report = expectReport(raw);
    // the last byte is not the start of a UTF-8 character some limit cut off: it is kept
    expect(report.reportedHeaders).toBe("Message-ID: bare-id@mailwright.example\r\nSubject: café");
    expect(report.reportedMessageId).toBe("<bare-id@mailwright.example>");
  });

  it("cuts the sample at 64 KiB without splitting a character, and reads only that much", () => {
    const header = "Subject: bigger\r\nMessage-ID: <big@mailwright.example>\r\n\r\n";
    const body = "é".repeat(MAX_SAMPLE_BYTES);
    const raw = buildReport({
      feedbackPart: joinCrlf("Content-Type: message/feedback-report", "", abuseFields),
      reportedPart: joinCrlf("Content-Type: message/rfc822", "Content-Transfer-Encoding: base64", "", ...splitLines(Buffer.from(header + body).toString("base64"), 76)),
    });
    const report = expectReport(raw);
    // the header is odd in length, so the cut falls inside a two-byte "é"
    expect(Buffer.byteLength(header) % 2).toBe(1);
    expect(report.sample.startsWith(header + "éé")).toBe(true);
    expect(report.sample.endsWith("é")).toBe(true);
    expect(Buffer.byteLength(report.sample)).toBe(MAX_SAMPLE_BYTES - 1);
    expect(report.reportedHeaders).toBe("Subject: bigger\r\nMessage-ID: <big@mailwright.example>\r\n");
    expect(report.reportedMessageId).toBe("<big@mailwright.example>");
  });

  it("says why a message is not a feedback report", () => {
    const feedbackPart = joinCrlf("Content-Type: message/feedback-report", "", abuseFields);
    const cases: [string, Buffer, string][] = [
      ["plain text", Buffer.from(joinCrlf("From: a@b.example", "Subject: hi", "", "Feedback-Type: abuse", "")), "not_a_report"],
      ["multipart/mixed", buildReport({ feedbackPart, contentType: 'Content-Type: multipart/mixed; boundary="arf_boundary_7f3a"' }), "not_a_report"],
      ["multipart/report without parts", Buffer.from(joinCrlf('Content-Type: multipart/report; report-type=feedback-report; boundary="x"', "", "no parts", "")), "not_a_report"],
      ["a bounce", buildReport({ feedbackPart, contentType: 'Content-Type: multipart/report; report-type=delivery-status; boundary="arf_boundary_7f3a"' }), "wrong_report_type"],
      ["no feedback part", buildReport({ feedbackPart: joinCrlf("Content-Type: text/plain", "", abuseFields), reportedPart: joinCrlf("Content-Type: message/rfc822", "", reportedMessage) }), "no_feedback_part"],
      ["no Feedback-Type", buildReport({ feedbackPart: joinCrlf("Content-Type: message/feedback-report", "", "User-Agent: MailboxFBL/2.1", "Version: 1", "") }), "no_feedback_type"],
      ["an empty Feedback-Type", buildReport({ feedbackPart: joinCrlf("Content-Type: message/feedback-report", "", "Feedback-Type: (nothing)", "Version: 1", "") }), "no_feedback_type"],
      // the Feedback-Type after the blank line is in no field block: the body of the feedback part ends there
      ["Feedback-Type after the block", buildReport({ feedbackPart: joinCrlf("Content-Type: message/feedback-report", "", "Version: 1", "", "Feedback-Type: abuse", "") }), "no_feedback_type"],
      ["empty input", Buffer.alloc(0), "not_a_report"],
    ];
    for (const [name, raw, reason] of cases) {
      expect(parseFeedbackReport(raw), name).toEqual({ ok: false, reason });
    }
  });

  it("returns ok:false, never throws, on binary garbage", () => {
    let seed = 0x2f6b_1d3c;
    const nextByte = () => {
      // xorshift32: the same garbage on every run
      seed ^= seed << 13;
      seed ^= seed >>> 17;
      seed ^= seed << 5;
      return seed & 0xff;
    };
    for (let round = 0; round < 50; round++) {
      const garbage = Buffer.from(Array.from({ length: 200 + round * 97 }, nextByte));
      expect(parseFeedbackReport(garbage).ok).toBe(false);
      // the same garbage behind a report's header, in place of its parts
      const behindHeader = Buffer.concat([Buffer.from('Content-Type: multipart/report; report-type=feedback-report; boundary="g"\r\n\r\n--g\r\n'), garbage]);
      expect(parseFeedbackReport(behindHeader).ok).toBe(false);
    }
  });

  it("stays bounded on huge fields and deeply nested multiparts", () => {
    const huge = "x".repeat(4 * 1024 * 1024);
    const hugeFields = buildReport({
      feedbackPart: joinCrlf(
        "Content-Type: message/feedback-report",
        "",
        "Feedback-Type: abuse",
        `Reported-Domain: ${"(".repeat(30_000)}example`,
        `User-Agent: ${huge}`,
        `Original-Rcpt-To: <a@${huge}>`,
        "",
      ),
      reportedPart: joinCrlf("Content-Type: message/rfc822", "", `Subject: ${huge}`, "", huge),
    });
    const started = performance.now();
    const report = expectReport(hugeFields);
    expect(report.feedbackType).toBe("abuse");
    expect(report.userAgent.length).toBeLessThanOrEqual(64 * 1024);
    // what the 30,000 parentheses before it left of the first 64 KiB
    expect(report.userAgent.length).toBeGreaterThan(30 * 1024);
    expect(report.reportedDomain).toEqual([]);
    expect(report.sample.length).toBe(MAX_SAMPLE_BYTES);
    expect(report.reportedHeaders.length).toBe(MAX_SAMPLE_BYTES);

    const opening: string[] = [];
    const closing: string[] = [];
    for (let depth = 0; depth < 5000; depth++) {
      opening.push(`Content-Type: multipart/report; report-type=feedback-report; boundary="b${depth}"`, "", `--b${depth}`);
      closing.unshift(`--b${depth}--`);
    }
    const nested = joinCrlf(...opening, "Content-Type: message/feedback-report", "", "Feedback-Type: abuse", "", ...closing, "");
    // the feedback part sits 5000 levels down, not among the report's own parts
    expect(parseFeedbackReport(Buffer.from(nested))).toEqual({ ok: false, reason: "no_feedback_part" });
    expect(performance.now() - started).toBeLessThan(10_000);
  });
});

function splitLines(text: string, width: number): string[] {
  const lines: string[] = [];
  for (let i = 0; i < text.length; i += width) lines.push(text.slice(i, i + width));
  return lines;
}
