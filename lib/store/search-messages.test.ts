import { describe, expect, it } from "vitest";
import { ingestMessage } from "./ingest-message.ts";
import { searchMessages, type SearchKey } from "./search-messages.ts";
import { createTestStore } from "../../scripts/test-support/store-fixtures.ts";

// What server-agreement.test.ts found against Dovecot: header keys under OR and NOT, a header's
// presence, and sent dates by the day the Date header is written on.

const message = (...header: string[]) => Buffer.from([...header, "MIME-Version: 1.0", "Content-Type: text/plain", "", "Hello.", ""].join("\r\n"));

async function searchIn(raws: Buffer[]) {
  const { deps, mailboxId } = await createTestStore();
  for (const raw of raws) await ingestMessage(deps, { mailboxId, folder: "INBOX", raw, source: "imap-append" });
  return (key: SearchKey) => searchMessages(deps, { mailboxId, folder: "INBOX", key });
}

describe("searchMessages", () => {
  it("matches header keys under OR and NOT in their own field only, and HEADER with an empty string by the field's name", async () => {
    const search = await searchIn([
      message("From: Carol <carol@example.test>", "To: bob@example.test", "Subject: first", "X-Mailer: Mutt"),
      message("From: dave@example.test", "To: Carol <carol@example.test>", "Subject: second", "X-Old-Mailer: Mutt"),
    ]);
    const fromCarol: SearchKey = { type: "header", field: "from", value: "carol" };
    expect(await search(fromCarol)).toEqual([1]);
    // the index finds "carol" in both messages' headers; only the first has it in From
    expect(await search({ type: "or", left: fromCarol, right: { type: "header", field: "subject", value: "nothing" } })).toEqual([1]);
    expect(await search({ type: "not", key: fromCarol })).toEqual([2]);
    // "x-mailer:" is also the end of "x-old-mailer:"
    const hasMailer: SearchKey = { type: "header", field: "x-mailer", value: "" };
    expect(await search(hasMailer)).toEqual([1]);
    expect(await search({ type: "header", field: "mailer", value: "" })).toEqual([]);
    expect(await search({ type: "not", key: hasMailer })).toEqual([2]);
  });

  it("compares sent dates by the day the Date header is written on, disregarding time and zone (RFC 9051 §6.4.4)", async () => {
    const search = await searchIn([
      // the 21st where it was written, the 22nd in UTC
      message("Subject: late", "Date: Wed, 21 Aug 2002 20:31:57 -1600"),
      // the 22nd where it was written, the 21st in UTC
      message("Subject: early", "Date: Thu, 22 Aug 2002 00:30:00 +0200"),
      message("Subject: noon", "Date: Thu, 22 Aug 2002 12:00:00 +0000"),
      message("Subject: long before", "Date: Mon, 1 Jan 2001 10:00:00 +0000"),
      message("Subject: long after", "Date: Sun, 1 Dec 2002 10:00:00 +0000"),
      message("Subject: no date"),
    ]);
    const sent = (op: "before" | "on" | "since", day: string): SearchKey => ({ type: "date", field: "sent", op, day });
    expect(await search(sent("on", "2002-08-21"))).toEqual([1]);
    expect(await search(sent("on", "2002-08-22"))).toEqual([2, 3]);
    expect(await search(sent("before", "2002-08-22"))).toEqual([1, 4]);
    expect(await search(sent("since", "2002-08-22"))).toEqual([2, 3, 5]);
    // a message without a Date is sent on no day
    expect(await search({ type: "not", key: sent("on", "2002-08-22") })).toEqual([1, 4, 5, 6]);
    expect(await search({ type: "and", keys: [sent("since", "2002-08-21"), { type: "header", field: "subject", value: "early" }] })).toEqual([2]);
  });

  it("answers an AND criterion by criterion, each among the hits of those before, whatever their kind", async () => {
    const search = await searchIn([
      message("From: Carol <carol@example.test>", "To: bob@example.test", "Subject: unsubscribe here", "Date: Thu, 22 Aug 2002 12:00:00 +0000"),
      message("From: dave@example.test", "To: carol@example.test", "Subject: unsubscribe there", "Date: Thu, 22 Aug 2002 12:00:00 +0000"),
      message("From: Carol <carol@example.test>", "To: bob@example.test", "Subject: greetings", "Date: Thu, 22 Aug 2002 12:00:00 +0000"),
      message("From: Carol <carol@example.test>", "To: bob@example.test", "Subject: unsubscribe later", "Date: Sun, 1 Dec 2002 10:00:00 +0000"),
    ]);
    const fromCarol: SearchKey = { type: "summary", field: "from", value: "carol" };
    const unsubscribe: SearchKey = { type: "text", where: "text", value: "unsubscribe" };
    expect(await search({ type: "and", keys: [unsubscribe, fromCarol] })).toEqual([1, 4]);
    // A sent date is answered for the whole folder: the narrowing keeps only the intersection.
    const onThe22nd: SearchKey = { type: "date", field: "sent", op: "on", day: "2002-08-22" };
    expect(await search({ type: "and", keys: [onThe22nd, unsubscribe, fromCarol] })).toEqual([1]);
    expect(await search({ type: "and", keys: [fromCarol, { type: "not", key: unsubscribe }] })).toEqual([3]);
    // To OR Cc: the candidates are the hits of either side, confirmed in their own field.
    const toCarol: SearchKey = { type: "or", left: { type: "header", field: "to", value: "carol" }, right: { type: "header", field: "cc", value: "carol" } };
    expect(await search(toCarol)).toEqual([2]);
    expect(await search({ type: "and", keys: [toCarol, unsubscribe] })).toEqual([2]);
    expect(await search({ type: "and", keys: [toCarol, { type: "text", where: "text", value: "greetings" }] })).toEqual([]);
  });

  it("leaves out in SQL the rows a flag or has:attachment refuses, and still evaluates them", async () => {
    const { deps, mailboxId } = await createTestStore();
    const attached = Buffer.from(["Subject: with file", "MIME-Version: 1.0", 'Content-Type: multipart/mixed; boundary="b"', "", "--b", "Content-Type: text/plain", "", "See file.", "--b", "Content-Type: application/pdf", 'Content-Disposition: attachment; filename="a.pdf"', "", "JVBERi0=", "--b--", ""].join("\r\n"));
    await ingestMessage(deps, { mailboxId, folder: "INBOX", raw: attached, source: "imap-append", flags: ["\\Seen"] });
    await ingestMessage(deps, { mailboxId, folder: "INBOX", raw: attached, source: "imap-append" });
    await ingestMessage(deps, { mailboxId, folder: "INBOX", raw: message("Subject: plain"), source: "imap-append", flags: ["\\Flagged"] });
    const search = (key: SearchKey) => searchMessages(deps, { mailboxId, folder: "INBOX", key });
    expect(await search({ type: "hasAttachments" })).toEqual([1, 2]);
    expect(await search({ type: "and", keys: [{ type: "hasAttachments" }, { type: "flag", flag: "\\Seen", isSet: false }] })).toEqual([2]);
    expect(await search({ type: "and", keys: [{ type: "flag", flag: "\\Flagged", isSet: true }, { type: "flag", flag: "\\Seen", isSet: false }] })).toEqual([3]);
    expect(await search({ type: "and", keys: [{ type: "hasAttachments" }, { type: "flag", flag: "\\Flagged", isSet: true }] })).toEqual([]);
    expect(await search({ type: "or", left: { type: "hasAttachments" }, right: { type: "flag", flag: "\\Flagged", isSet: true } })).toEqual([1, 2, 3]);
  });

  it("matches the webmail's keys: attachments, and the internal date against an instant", async () => {
    const { deps, mailboxId } = await createTestStore();
    const withAttachment = Buffer.from(
      [
        "Subject: report",
        "MIME-Version: 1.0",
        'Content-Type: multipart/mixed; boundary="b"',
        "",
        "--b",
        "Content-Type: text/plain",
        "",
        "See attached.",
        "--b",
        "Content-Type: application/pdf",
        'Content-Disposition: attachment; filename="r.pdf"',
        "Content-Transfer-Encoding: base64",
        "",
        "JVBERi0=",
        "--b--",
        "",
      ].join("\r\n"),
    );
    await ingestMessage(deps, { mailboxId, folder: "INBOX", raw: message("Subject: plain"), internalDate: new Date("2026-11-20T22:30:00Z"), source: "imap-append" });
    await ingestMessage(deps, { mailboxId, folder: "INBOX", raw: withAttachment, internalDate: new Date("2026-11-20T23:30:00Z"), source: "imap-append" });
    const search = (key: SearchKey) => searchMessages(deps, { mailboxId, folder: "INBOX", key });
    expect(await search({ type: "hasAttachments" })).toEqual([2]);
    expect(await search({ type: "not", key: { type: "hasAttachments" } })).toEqual([1]);
    // midnight of the 21st in Berlin (UTC+1) is 23:00 UTC on the 20th: one message falls each side
    const midnight = new Date("2026-11-20T23:00:00Z");
    expect(await search({ type: "receivedAt", op: "before", at: midnight })).toEqual([1]);
    expect(await search({ type: "receivedAt", op: "since", at: midnight })).toEqual([2]);
    expect(await search({ type: "receivedAt", op: "since", at: new Date("2026-11-20T23:30:00Z") })).toEqual([2]);
  });

  it("matches the webmail's subject and from on the message's own columns, decoded and in any case", async () => {
    const search = await searchIn([
      message("From: =?UTF-8?B?SsO8cmdlbiBNw7xsbGVy?= <juergen@example.test>", "To: Report Team <report@example.test>", "Subject: Lunch"),
      message("From: Report Bot <bot@example.test>", "Subject: =?UTF-8?Q?Quarterly_report_=E2=80=93_Q3?="),
    ]);
    const summary = (field: "subject" | "from", value: string): SearchKey => ({ type: "summary", field, value });
    // "report" is in both messages' headers; only the second's subject has it
    expect(await search(summary("subject", "REPORT"))).toEqual([2]);
    expect(await search(summary("subject", "report – q3"))).toEqual([2]);
    expect(await search(summary("from", "jürgen"))).toEqual([1]);
    expect(await search(summary("from", "bot@"))).toEqual([2]);
    expect(await search(summary("from", "report"))).toEqual([2]);
    expect(await search({ type: "not", key: summary("from", "report") })).toEqual([1]);
    expect(await search({ type: "or", left: summary("subject", "lunch"), right: summary("from", "bot") })).toEqual([1, 2]);
  });
});
