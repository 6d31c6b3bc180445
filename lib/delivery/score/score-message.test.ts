import { describe, expect, it } from "vitest";
import { BUILT_IN_RULES } from "./rule-set.ts";
import { scoreMessage } from "./score-message.ts";
import type { ScoreInput, ScoreResult } from "./score-types.ts";

const DATE = "Thu, 28 Nov 2024 10:00:00 +0000";
const RECEIVED_AT = new Date("2024-11-28T10:00:30Z");
const HOUR = 3_600_000;

const DEFAULT_HEADERS: Record<string, string> = {
  "Return-Path": "<alice@example.com>",
  From: "Alice Example <alice@example.com>",
  To: "Bob Builder <bob@example.org>",
  Subject: "Lunch on Thursday",
  Date: DATE,
  "Message-ID": "<20241128100000.4711@mail.example.com>",
  "MIME-Version": "1.0",
  "Content-Type": "text/plain; charset=utf-8",
};
const DEFAULT_BODY = "Hi Bob,\r\n\r\nare we still on for lunch on Thursday? The usual place at noon.\r\n\r\nAlice\r\n";

/** A message like a mail program writes; a header set to null is left out. */
function message(headers: Record<string, string | null> = {}, body = DEFAULT_BODY): Buffer {
  const merged = { ...DEFAULT_HEADERS, ...headers };
  const lines = Object.entries(merged).flatMap(([name, value]) => (value === null ? [] : [`${name}: ${value}`]));
  return Buffer.from(`${lines.join("\r\n")}\r\n\r\n${body}`);
}

/** A multipart message of `parts`, each its own header block, blank line and body. */
function multipart(subtype: string, parts: string[], headers: Record<string, string | null> = {}): Buffer {
  const boundary = "=_boundary_4711";
  const body = `${parts.map((part) => `--${boundary}\r\n${part}\r\n`).join("")}--${boundary}--\r\n`;
  return message({ "Content-Type": `multipart/${subtype}; boundary="${boundary}"`, ...headers }, body);
}

const PLAIN_PART = "Content-Type: text/plain; charset=utf-8\r\n\r\nHello Bob, the report is attached.";

function score(raw: Buffer, input: Partial<ScoreInput> = {}): ScoreResult {
  return scoreMessage({
    raw,
    authentication: { spf: "none", dkim: "none", dmarc: "none", arc: "none" },
    dnsblListings: [],
    clientIp: "192.0.2.10",
    helo: "mail.example.com",
    mailFrom: "alice@example.com",
    receivedAt: RECEIVED_AT,
    ...input,
  });
}

/** The names of the rules that hit, in the result's order, and the total. */
function summarize(result: ScoreResult): { names: string[]; score: number } {
  return { names: result.hits.map((hit) => hit.name), score: result.score };
}

describe("scoreMessage", () => {
  it("scores a plain, well-formed personal message 0 with no hits", () => {
    expect(score(message())).toEqual({ score: 0, hits: [] });
  });

  it("describes each hit and sorts hits by name", () => {
    const result = score(message({ Subject: "FREE MONEY WAITING!!!", Date: null }), { helo: "localhost" });
    expect(result.hits).toEqual([
      { name: "FSL_HELO_NON_FQDN_1", score: 1.5, description: "HELO is not a fully qualified domain name" },
      { name: "MISSING_DATE", score: 1.4, description: "Missing Date: header" },
      { name: "SUBJ_ALL_CAPS", score: 1.5, description: "Subject is all capitals" },
      { name: "SUBJ_EXCLAIM_3", score: 1.0, description: "Subject has three or more exclamation marks" },
    ]);
    expect(result.score).toBe(5.4);
  });

  it("has uniquely named rules, in SpamAssassin's style, each described", () => {
    const names = BUILT_IN_RULES.map((rule) => rule.name);
    expect(new Set(names).size).toBe(names.length);
    for (const rule of BUILT_IN_RULES) {
      expect(rule.name).toMatch(/^[A-Z][A-Z0-9_]+$/);
      expect(rule.description.length).toBeGreaterThan(10);
    }
  });

  it("rounds the total to tenths", () => {
    // 0.2 + 0.1 is 0.30000000000000004 in floating point
    const urls = Array.from({ length: 21 }, (_, i) => `https://docs.example.com/page/${i}`).join("\r\n");
    const raw = message({ Date: new Date(RECEIVED_AT.getTime() - 30 * HOUR).toUTCString() }, urls);
    expect(summarize(score(raw))).toEqual({ names: ["DATE_IN_PAST_24_48", "URI_MANY_LINKS"], score: 0.3 });
  });
});

describe("authentication rules", () => {
  it.each([
    [{ spf: "fail" }, ["SPF_FAIL"], 1.0],
    [{ spf: "softfail" }, ["SPF_SOFTFAIL"], 0.7],
    [{ spf: "pass" }, [], 0],
    [{ spf: "neutral" }, [], 0],
    [{ spf: "temperror" }, [], 0],
    [{ dkim: "fail" }, ["DKIM_INVALID"], 0.5],
    [{ dkim: "fail", arc: "pass" }, [], 0],
    [{ dkim: "fail", arc: "fail" }, ["DKIM_INVALID"], 0.5],
    [{ dmarc: "fail" }, ["DMARC_FAIL"], 2.0],
    [{ dkim: "pass", dmarc: "pass" }, ["DKIM_DMARC_PASS"], -0.5],
    [{ dkim: "pass", dmarc: "none" }, [], 0],
    [{ spf: "pass", dmarc: "pass" }, [], 0],
    [{ spf: "fail", dkim: "fail", dmarc: "fail" }, ["DKIM_INVALID", "DMARC_FAIL", "SPF_FAIL"], 3.5],
  ] as const)("%o hits %o", (verdicts, names, total) => {
    const authentication = { spf: "none", dkim: "none", dmarc: "none", arc: "none", ...verdicts } as const;
    expect(summarize(score(message(), { authentication }))).toEqual({ names, score: total });
  });
});

describe("DNSBL rules", () => {
  it.each([
    [[{ zone: "zen.spamhaus.org", answer: "127.0.0.2" }], ["RCVD_IN_SBL"], 2.5],
    [[{ zone: "zen.spamhaus.org", answer: "127.0.0.3" }], ["RCVD_IN_SBL_CSS"], 3.0],
    [[{ zone: "zen.spamhaus.org", answer: "127.0.0.4" }, { zone: "zen.spamhaus.org", answer: "127.0.0.11" }], ["RCVD_IN_PBL", "RCVD_IN_XBL"], 5.5],
    // two answers meaning the same list count once
    [[{ zone: "zen.spamhaus.org", answer: "127.0.0.10" }, { zone: "ZEN.Spamhaus.org.", answer: "127.0.0.11" }], ["RCVD_IN_PBL"], 2.5],
    [[{ zone: "zen.spamhaus.org", answer: "127.0.0.99" }], ["RCVD_IN_ZEN"], 2.0],
    [[{ zone: "bl.spamcop.net", answer: "127.0.0.2" }], ["RCVD_IN_BL_SPAMCOP_NET"], 1.5],
    [[{ zone: "psbl.surriel.com", answer: "127.0.0.2" }], ["RCVD_IN_PSBL"], 2.5],
    [[{ zone: "dnsbl.example.net", answer: "127.0.0.2" }], ["RCVD_IN_DNSBL_EXAMPLE_NET"], 1.0],
    // Spamhaus's "query refused" answers, and answers outside 127/8, list nothing
    [[{ zone: "zen.spamhaus.org", answer: "127.255.255.254" }], [], 0],
    [[{ zone: "dnsbl.example.net", answer: "192.0.2.1" }], [], 0],
  ])("%o hits %o", (dnsblListings, names, total) => {
    expect(summarize(score(message(), { dnsblListings }))).toEqual({ names, score: total });
  });

  it("names the zone in the description of an unknown zone", () => {
    const [hit] = score(message(), { dnsblListings: [{ zone: "dnsbl.example.net", answer: "127.0.0.2" }] }).hits;
    expect(hit.description).toBe("Client IP listed in dnsbl.example.net");
  });
});

describe("HELO rules", () => {
  it.each([
    ["192.0.2.10", "192.0.2.10", ["FSL_HELO_BARE_IP_1"], 2.0],
    ["[192.0.2.10]", "192.0.2.10", ["FSL_HELO_BARE_IP_1"], 2.0],
    ["192.0.2.10", "::ffff:192.0.2.10", ["FSL_HELO_BARE_IP_1"], 2.0],
    ["[IPv6:2001:DB8::1]", "2001:db8::1", ["FSL_HELO_BARE_IP_1"], 2.0],
    ["[198.51.100.7]", "192.0.2.10", ["FSL_HELO_BARE_IP_1", "RCVD_HELO_IP_MISMATCH"], 3.5],
    ["localhost", "192.0.2.10", ["FSL_HELO_NON_FQDN_1"], 1.5],
    ["DESKTOP-4F2K9QL", "192.0.2.10", ["FSL_HELO_NON_FQDN_1"], 1.5],
    ["host.123", "192.0.2.10", ["FSL_HELO_NON_FQDN_1"], 1.5],
    ["mail..example.com", "192.0.2.10", ["FSL_HELO_NON_FQDN_1"], 1.5],
    ["mail.example.com.", "192.0.2.10", [], 0],
    ["mx-1.example.co.uk", "192.0.2.10", [], 0],
  ])("HELO %s from %s hits %o", (helo, clientIp, names, total) => {
    expect(summarize(score(message(), { helo, clientIp }))).toEqual({ names, score: total });
  });
});

describe("header rules", () => {
  it.each([
    [{ Date: null }, ["MISSING_DATE"], 1.4],
    [{ "Message-ID": null }, ["MISSING_MID"], 0.5],
    [{ "Message-ID": "no angle brackets here" }, ["MISSING_MID"], 0.5],
    [{ From: null }, ["MISSING_FROM"], 1.5],
    [{ From: "undisclosed-recipients:;" }, ["MISSING_FROM"], 1.5],
    [{ From: '"support@paypal.com" <billing@account-check.example>' }, ["PDS_FROM_2_EMAILS"], 2.0],
    [{ From: '"PayPal Service (service@paypal.com)" <billing@account-check.example>' }, ["PDS_FROM_2_EMAILS"], 2.0],
    [{ From: '"alice@example.com" <Alice@Example.com>' }, [], 0],
    [{ From: "Alice Example <alice@example.com>" }, [], 0],
  ])("%o hits %o", (headers, names, total) => {
    expect(summarize(score(message(headers)))).toEqual({ names, score: total });
  });

  it.each([
    ["URGENT BUSINESS PROPOSAL", ["SUBJ_ALL_CAPS"], 1.5],
    ["RE: URGENT BUSINESS PROPOSAL", ["SUBJ_ALL_CAPS"], 1.5],
    ["=?utf-8?Q?GRATIS_F=C3=9CR_SIE?=", ["SUBJ_ALL_CAPS"], 1.5],
    ["Win a prize now!!!", ["SUBJ_EXCLAIM_3"], 1.0],
    ["CLAIM YOUR PRIZE NOW!!!", ["SUBJ_ALL_CAPS", "SUBJ_EXCLAIM_3"], 2.5],
    ["Wow！！！ great", ["SUBJ_EXCLAIM_3"], 1.0],
    ["Great news!!", [], 0],
    ["FYI", [], 0],
    ["Re: FW: HELLO", [], 0],
    ["Meeting AGENDA for Q3", [], 0],
    ["会议通知 下周一上午十点", [], 0],
  ])("Subject %s hits %o", (subject, names, total) => {
    expect(summarize(score(message({ Subject: subject })))).toEqual({ names, score: total });
  });
});

describe("date rules", () => {
  const dated = (offsetHours: number) => message({ Date: new Date(RECEIVED_AT.getTime() + offsetHours * HOUR).toUTCString() });

  it.each([
    ["Thu, 28 Nov 2024 10:00:00 +0000 (UTC)", [], 0],
    ["28 Nov 2024 10:00 -0000", [], 0],
    ["Thu, 28 Nov 2024 02:00:00 PST", [], 0],
    ["Thursday, 28 Nov 2024 10:00:00 +0000", ["INVALID_DATE"], 1.5],
    ["2024-11-28T10:00:00Z", ["INVALID_DATE"], 1.5],
    ["next thursday", ["INVALID_DATE"], 1.5],
    ["Thu, 28 Nov 2024 25:00:00 +0000", ["INVALID_DATE"], 1.5],
  ])("Date %s hits %o", (date, names, total) => {
    expect(summarize(score(message({ Date: date })))).toEqual({ names, score: total });
  });

  it.each([
    [2.9, [], 0],
    [3, ["DATE_IN_FUTURE_03_06"], 2.0],
    [7, ["DATE_IN_FUTURE_06_12"], 2.0],
    [13, ["DATE_IN_FUTURE_12_24"], 2.5],
    [30, ["DATE_IN_FUTURE_24_48"], 2.5],
    [50, ["DATE_IN_FUTURE_48_96"], 2.5],
    [500, ["DATE_IN_FUTURE_96_XX"], 3.0],
    [-2.9, [], 0],
    [-5, ["DATE_IN_PAST_03_06"], 0.1],
    [-30, ["DATE_IN_PAST_24_48"], 0.2],
    [-1000, ["DATE_IN_PAST_96_XX"], 0.3],
  ])("a Date %d hours from the arrival hits %o", (hours, names, total) => {
    expect(summarize(score(dated(hours)))).toEqual({ names, score: total });
  });

  it("judges the Date against now when the arrival time is left out", () => {
    const now = message({ Date: new Date().toUTCString() });
    expect(summarize(score(now, { receivedAt: undefined }))).toEqual({ names: [], score: 0 });
    const tomorrow = message({ Date: new Date(Date.now() + 30 * HOUR).toUTCString() });
    expect(summarize(score(tomorrow, { receivedAt: undefined })).names).toEqual(["DATE_IN_FUTURE_24_48"]);
  });
});

describe("body rules", () => {
  const words = (count: number) => Array.from({ length: count }, (_, i) => `word${i % 10}`).join(" ");
  const html = (inner: string) => `Content-Type: text/html; charset=utf-8\r\n\r\n<html><body>${inner}</body></html>`;

  it("flags HTML without a plain-text version", () => {
    const raw = message({ "Content-Type": "text/html; charset=utf-8" }, `<p>${words(300)}</p>`);
    expect(summarize(score(raw))).toEqual({ names: ["MIME_HTML_ONLY"], score: 1.0 });
  });

  it("does not flag HTML with a plain-text alternative", () => {
    const raw = multipart("alternative", [PLAIN_PART, html(`<p>${words(300)}</p>`)]);
    expect(summarize(score(raw))).toEqual({ names: [], score: 0 });
  });

  it("does not count an HTML attachment as the body", () => {
    const attachment = 'Content-Type: text/html; name="page.html"\r\nContent-Disposition: attachment; filename="page.html"\r\n\r\n<p>saved page</p>';
    expect(summarize(score(multipart("mixed", [PLAIN_PART, attachment])))).toEqual({ names: [], score: 0 });
  });

  it.each([
    [8, ["HTML_IMAGE_ONLY_04", "MIME_HTML_ONLY"], 2.8],
    [70, ["HTML_IMAGE_ONLY_08", "MIME_HTML_ONLY"], 2.2],
    [140, ["HTML_IMAGE_ONLY_12", "MIME_HTML_ONLY"], 1.6],
    [300, ["MIME_HTML_ONLY"], 1.0],
  ])("an image with %d words of HTML text hits %o", (count, names, total) => {
    const raw = message({ "Content-Type": "text/html; charset=utf-8" }, `<img src="https://cdn.example.com/offer.png"><p>${words(count)}</p>`);
    expect(summarize(score(raw))).toEqual({ names, score: total });
  });

  it("looks at the HTML alternative even when there is a plain-text one", () => {
    const raw = multipart("alternative", [PLAIN_PART, html('<img src="cid:offer@example.com"><br>See the offer')]);
    expect(summarize(score(raw))).toEqual({ names: ["HTML_IMAGE_ONLY_04"], score: 1.8 });
  });
});

describe("URL rules", () => {
  const linked = (inner: string) =>
    multipart("alternative", [PLAIN_PART, `Content-Type: text/html; charset=utf-8\r\n\r\n<p>Hello Bob, ${inner} regards.</p>`]);

  it.each([
    ["Log in at http://203.0.113.7/login now", ["NUMERIC_HTTP_ADDR"], 2.0],
    ["Log in at http://3405803783/login now", ["NUMERIC_HTTP_ADDR"], 2.0],
    ["Log in at http://0xCB.0x00.0x71.0x07/login now", ["NUMERIC_HTTP_ADDR"], 2.0],
    ["Log in at http://[2001:db8::7]/login now", ["NUMERIC_HTTP_ADDR"], 2.0],
    ["See https://bit.ly/3xYzAbc for details.", ["URL_SHORTENER"], 0.8],
    ["See https://www.TinyURL.com/abc for details.", ["URL_SHORTENER"], 0.8],
    ["See https://bitlyrics.example/song for details.", [], 0],
    ["Docs at https://docs.example.com/guide, and the version 1.2.3.4 notes.", [], 0],
  ])("text %j hits %o", (body, names, total) => {
    expect(summarize(score(message({}, body)))).toEqual({ names, score: total });
  });

  it.each([
    ['<a href="http://paypal.com.account-check.example/login">https://www.paypal.com/signin</a>', ["HTML_LINK_DOMAIN_MISMATCH"], 1.0],
    ["<a href='https://evil.example/x'>www.<b>mybank</b>.com</a>", ["HTML_LINK_DOMAIN_MISMATCH"], 1.0],
    ['<a href="https://203.0.113.9/">paypal.com</a>', ["HTML_LINK_DOMAIN_MISMATCH", "NUMERIC_HTTP_ADDR"], 3.0],
    ['<A HREF="https://www.paypal.com/signin">paypal.com</A>', [], 0],
    ['<a href="https://click.example.com/t/1?u=x&amp;v=y">www.example.com</a>', [], 0],
    ['<a href="https://mail.example.co.uk/">example.co.uk</a>', [], 0],
    ['<a href="https://files.example.org/9">report.pdf</a>', [], 0],
    ['<a href="https://evil.example/">Click here</a>', [], 0],
    ['<a href="mailto:help@example.net">example.com</a>', [], 0],
  ])("HTML %s hits %o", (inner, names, total) => {
    expect(summarize(score(linked(inner)))).toEqual({ names, score: total });
  });

  it("counts distinct links, not repeated ones", () => {
    const links = (count: number) => Array.from({ length: count }, (_, i) => `https://shop.example.com/item/${i}`).join("\r\n");
    expect(summarize(score(message({}, links(21))))).toEqual({ names: ["URI_MANY_LINKS"], score: 0.1 });
    expect(summarize(score(message({}, links(20))))).toEqual({ names: [], score: 0 });
    expect(summarize(score(message({}, `${links(5)}\r\n`.repeat(10))))).toEqual({ names: [], score: 0 });
  });
});

describe("attachment rules", () => {
  const attached = (contentType: string, disposition: string) =>
    multipart("mixed", [PLAIN_PART, `Content-Type: ${contentType}\r\nContent-Disposition: ${disposition}\r\nContent-Transfer-Encoding: base64\r\n\r\nTVqQAAMAAAAEAAAA`]);

  it.each([
    ['attachment; filename="setup.exe"', ["ATTACH_EXECUTABLE"], 3.5],
    ['attachment; filename="SCREENSAVER.SCR"', ["ATTACH_EXECUTABLE"], 3.5],
    ["attachment; filename=shortcut.lnk", ["ATTACH_EXECUTABLE"], 3.5],
    ['attachment; filename="run.bat. "', ["ATTACH_EXECUTABLE"], 3.5],
    ['attachment; filename="invoice.pdf.exe"', ["ATTACH_DISGUISED_EXT", "ATTACH_EXECUTABLE"], 5.0],
    ['attachment; filename="scan.jpg      .vbs"', ["ATTACH_DISGUISED_EXT", "ATTACH_EXECUTABLE"], 5.0],
    // RFC 2231: U+202E RIGHT-TO-LEFT OVERRIDE makes "photo\u202Egpj.scr" display as "photorcs.jpg"
    ["attachment; filename*=utf-8''photo%E2%80%AEgpj.scr", ["ATTACH_DISGUISED_EXT", "ATTACH_EXECUTABLE"], 5.0],
    // RFC 2047 in a filename, as some mailers send it: "Rechnung.pdf.js"
    ['attachment; filename="=?utf-8?B?UmVjaG51bmcucGRmLmpz?="', ["ATTACH_DISGUISED_EXT", "ATTACH_EXECUTABLE"], 5.0],
    ['attachment; filename="report.pdf"', [], 0],
    ['attachment; filename="notes.exe.txt"', [], 0],
    ['attachment; filename="exe"', [], 0],
  ])("Content-Disposition %s hits %o", (disposition, names, total) => {
    expect(summarize(score(attached("application/octet-stream", disposition)))).toEqual({ names, score: total });
  });

  it("reads the name from Content-Type when there is no Content-Disposition filename", () => {
    expect(summarize(score(attached('application/x-msdownload; name="update.com"', "attachment")))).toEqual({ names: ["ATTACH_EXECUTABLE"], score: 3.5 });
  });

  it("finds a program inside a forwarded message", () => {
    const forwarded = [
      "Content-Type: message/rfc822",
      "",
      "From: Carol <carol@example.net>",
      "Subject: the tool",
      "Content-Type: multipart/mixed; boundary=inner",
      "",
      "--inner",
      "Content-Type: text/plain",
      "",
      "here it is",
      "--inner",
      'Content-Type: application/octet-stream; name="tool.exe"',
      "",
      "TVqQ",
      "--inner--",
    ].join("\r\n");
    expect(summarize(score(multipart("mixed", [PLAIN_PART, forwarded])))).toEqual({ names: ["ATTACH_EXECUTABLE"], score: 3.5 });
  });
});

describe("hostile input", () => {
  /** Scores `raw` and returns the result with the time it took. */
  const timed = (raw: Buffer, input: Partial<ScoreInput> = {}) => {
    const start = performance.now();
    const result = score(raw, input);
    return { result, ms: performance.now() - start };
  };
  const TEN_MB = 10 * 1024 * 1024;
  /** Generous for a slow CI machine; each case takes well under a second here. */
  const QUICKLY_MS = 3000;

  it("scores an empty buffer as a message without headers", () => {
    expect(summarize(score(Buffer.alloc(0), { helo: "" }))).toEqual({
      names: ["FSL_HELO_NON_FQDN_1", "MISSING_DATE", "MISSING_FROM", "MISSING_MID"],
      score: 4.9,
    });
  });

  it("scores binary garbage without throwing", () => {
    // a fixed linear congruential sequence: the same "random" bytes on every run
    const garbage = Buffer.alloc(2 * 1024 * 1024);
    let seed = 4711;
    for (let i = 0; i < garbage.length; i++) {
      seed = (seed * 1103515245 + 12345) >>> 0;
      garbage[i] = seed >>> 24;
    }
    const { result, ms } = timed(garbage);
    expect(result.hits.map((hit) => hit.name)).toContain("MISSING_FROM");
    expect(ms).toBeLessThan(QUICKLY_MS);
  });

  it.each([
    ["Subject", "A"],
    ["Subject", "=?"],
    ["From", "x"],
    ["Date", "1"],
    ["X-Junk", "<"],
  ])("finishes quickly on a 10 MB %s line of %j", (name, filler) => {
    const raw = Buffer.concat([Buffer.from(`${name}: `), Buffer.alloc(TEN_MB, filler), Buffer.from("\r\n\r\nbody\r\n")]);
    const { result, ms } = timed(raw);
    expect(result.score).toBeGreaterThan(0);
    expect(ms).toBeLessThan(QUICKLY_MS);
  });

  it.each([
    ["unclosed links", "<a href=x "],
    ["links that never end", '<a href="https://evil.example/">paypal.com '],
    ["images", "<img src=x>"],
    ["URLs", "http://203.0.113.7/"],
    ["tag openings", "<a<a<img"],
  ])("finishes quickly on 10 MB of HTML %s", (_, filler) => {
    const raw = message({ "Content-Type": "text/html" }, filler.repeat(Math.ceil(TEN_MB / filler.length)));
    const { result, ms } = timed(raw);
    expect(result.hits.map((hit) => hit.name)).toContain("MIME_HTML_ONLY");
    expect(ms).toBeLessThan(QUICKLY_MS);
  });

  it("finishes quickly on 10 MB of text URLs and long HELO", () => {
    const raw = message({}, "see https://bit.ly/x".repeat(TEN_MB / 20));
    const { result, ms } = timed(raw, { helo: "a.".repeat(100_000) });
    expect(result.hits.map((hit) => hit.name)).toEqual(["FSL_HELO_NON_FQDN_1", "URL_SHORTENER"]);
    expect(ms).toBeLessThan(QUICKLY_MS);
  });
});
