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
});
