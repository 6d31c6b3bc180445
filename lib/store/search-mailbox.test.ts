import { beforeAll, describe, expect, it } from "vitest";
import { ingestMessage, ingestMessages } from "./ingest-message.ts";
import { searchMailbox } from "./search-mailbox.ts";
import { updateFlags } from "./update-flags.ts";
import { loadPrincipal } from "../auth/load-principal.ts";
import type { Principal } from "../auth/principal.ts";
import type { StoreDeps } from "./store-deps.ts";
import { isAppError } from "../errors.ts";
import { providerOf } from "../db.ts";
import { createTestStore } from "../../scripts/test-support/store-fixtures.ts";

const plain = (lines: string[], body = "Hello.") => Buffer.from([...lines, "MIME-Version: 1.0", "Content-Type: text/plain; charset=utf-8", "", body, ""].join("\r\n"));

const withAttachment = (subject: string) =>
  Buffer.from(
    [
      "From: Carol <carol@example.test>",
      `Subject: ${subject}`,
      "MIME-Version: 1.0",
      'Content-Type: multipart/mixed; boundary="b"',
      "",
      "--b",
      "Content-Type: text/plain",
      "",
      "The figures are attached.",
      "--b",
      "Content-Type: application/pdf",
      'Content-Disposition: attachment; filename="q3.pdf"',
      "Content-Transfer-Encoding: base64",
      "",
      "JVBERi0=",
      "--b--",
      "",
    ].join("\r\n"),
  );

describe("searchMailbox", () => {
  let deps: StoreDeps;
  let actor: Principal;
  let other: Principal;
  const search = (query: string, extra: { folderId?: string | null; offset?: number; limit?: number; timeZone?: string } = {}) =>
    searchMailbox(deps, { actor, query, folderId: null, offset: 0, limit: 50, timeZone: "Europe/Berlin", ...extra });
  const subjects = async (query: string, extra: Parameters<typeof search>[1] = {}) => (await search(query, extra)).rows.map((row) => row.subject);

  beforeAll(async () => {
    const store = await createTestStore();
    deps = store.deps;
    actor = (await loadPrincipal(store.db, store.mailboxId))!;
    const deliver = (raw: Buffer, internalDate: string, folder = "INBOX", flags: string[] = []) =>
      ingestMessage(deps, { mailboxId: store.mailboxId, folder, raw, internalDate: new Date(internalDate), flags, source: "smtp" });
    await deliver(plain(["From: Bob Builder <bob@example.test>", "To: me@example.test", "Subject: lunch plans"], "Shall we try the noodle bar?"), "2026-11-01T10:00:00Z", "INBOX", ["\\Seen"]);
    await deliver(withAttachment("quarterly report"), "2026-11-10T10:00:00Z");
    await deliver(plain(["From: dave@example.test", "To: someone@example.test", "Cc: Bob <bob@example.test>", "Subject: team offsite"], "Agenda to follow."), "2026-11-20T22:30:00Z", "Archive");
    await deliver(plain(["From: Bob Builder <bob@example.test>", "Subject: noodle recipe"], "Spicy."), "2026-11-20T23:30:00Z", "Trash");
    // another mailbox with mail that matches every query above: it must never appear
    const stranger = await createTestStore();
    other = (await loadPrincipal(stranger.db, stranger.mailboxId))!;
    for (const raw of [plain(["From: Bob Builder <bob@example.test>", "Subject: lunch plans too"], "noodle bar"), withAttachment("quarterly report (theirs)")]) {
      await ingestMessage(stranger.deps, { mailboxId: stranger.mailboxId, folder: "INBOX", raw, source: "smtp" });
    }
  });

  it("finds by bare words in headers and body, newest first, across folders but Trash and Junk", async () => {
    expect(await subjects("noodle")).toEqual(["lunch plans"]);
    expect(await subjects("in:Trash noodle")).toEqual(["noodle recipe"]);
    expect(await subjects("")).toEqual(["team offsite", "quarterly report", "lunch plans"]);
    const [row] = (await search("figures")).rows;
    expect(row).toMatchObject({ subject: "quarterly report", folderName: "INBOX", fromName: "Carol", fromAddress: "carol@example.test", hasAttachments: true, isSeen: false });
  });

  it("takes from:, to: (To or Cc), subject:, has:attachment and is:", async () => {
    expect(await subjects("from:bob")).toEqual(["lunch plans"]);
    expect(await subjects("to:bob")).toEqual(["team offsite"]);
    expect(await subjects('subject:"quarterly report"')).toEqual(["quarterly report"]);
    expect(await subjects("has:attachment")).toEqual(["quarterly report"]);
    expect(await subjects("is:unread")).toEqual(["team offsite", "quarterly report"]);
    expect(await subjects("is:read")).toEqual(["lunch plans"]);
    expect(await subjects("-from:bob -has:attachment")).toEqual(["team offsite"]);
  });

  it("takes before: and after: as days in the user's zone", async () => {
    // 22:30 UTC on the 20th is the 20th in London, 23:30 UTC is the 21st in Berlin
    expect(await subjects("in:all after:2026-11-21", { timeZone: "Europe/Berlin" })).toEqual([]);
    expect(await subjects("in:Trash after:2026-11-21", { timeZone: "Europe/Berlin" })).toEqual(["noodle recipe"]);
    expect(await subjects("in:Trash after:2026-11-21", { timeZone: "Europe/London" })).toEqual([]);
    expect(await subjects("before:2026-11-10")).toEqual(["lunch plans"]);
    expect(await subjects("after:2026-11-02 before:2026-11-21")).toEqual(["team offsite", "quarterly report"]);
  });

  it("searches the folder shown, and in: over it; pages with a total", async () => {
    const inbox = (await search("in:INBOX")).rows[0]!.folderId;
    expect(await subjects("", { folderId: inbox })).toEqual(["quarterly report", "lunch plans"]);
    expect(await subjects("in:archive", { folderId: inbox })).toEqual(["team offsite"]);
    expect(await subjects("in:all", { folderId: inbox })).toEqual(["team offsite", "quarterly report", "lunch plans"]);
    const page = await search("", { offset: 1, limit: 1 });
    expect(page.total).toBe(3);
    expect(page.rows.map((r) => r.subject)).toEqual(["quarterly report"]);
  });

  it("follows flag changes", async () => {
    const [row] = (await search("has:attachment")).rows;
    await updateFlags(deps.db, { mailboxId: actor.mailboxId, folder: { id: row!.folderId }, uids: [[row!.uid, row!.uid]], mode: "add", flags: ["\\Flagged"] });
    expect(await subjects("is:flagged")).toEqual(["quarterly report"]);
  });

  it("never shows another mailbox's mail, nor lets anyone search a folder not theirs", async () => {
    const theirs = await searchMailbox(deps, { actor: other, query: "", folderId: null, offset: 0, limit: 50, timeZone: "UTC" });
    expect(theirs.rows.map((r) => r.subject).sort()).toEqual(["lunch plans too", "quarterly report (theirs)"]);
    expect((await search("noodle")).rows.every((r) => r.subject !== "lunch plans too")).toBe(true);
    await expect(search("", { folderId: theirs.rows[0]!.folderId })).rejects.toSatisfy((e) => isAppError(e, "NOT_FOUND"));
    await expect(searchMailbox(deps, { actor: { ...actor, viewedBy: { mailboxId: other.mailboxId, address: other.address } }, query: "", offset: 0, limit: 10, timeZone: "UTC" })).rejects.toSatisfy((e) =>
      isAppError(e, "FORBIDDEN"),
    );
  });

  it("answers a bad query with INVALID_INPUT naming it", async () => {
    await expect(search("is:bogus")).rejects.toThrow(/is: takes/);
    await expect(search("in:Nowhere")).rejects.toSatisfy((e) => isAppError(e, "INVALID_INPUT"));
  });

  it("orders many hits newest first by their dates, not their UIDs, page by page", async () => {
    const store = await createTestStore();
    const owner = (await loadPrincipal(store.db, store.mailboxId))!;
    // 3,200 messages whose dates run against their UIDs in places; every third one read.
    const dayOf = (i: number) => (i * 7919) % 3200;
    await ingestMessages(store.deps, {
      mailboxId: store.mailboxId,
      folder: "INBOX",
      source: "import",
      messages: Array.from({ length: 3200 }, (_, i) => ({
        raw: plain([`Subject: number ${i}`]),
        internalDate: new Date(Date.UTC(2020, 0, 1) + dayOf(i) * 3_600_000),
        flags: i % 3 === 0 ? ["\\Seen"] : [],
      })),
    });
    const unread = Array.from({ length: 3200 }, (_, i) => i)
      .filter((i) => i % 3 !== 0)
      .sort((a, b) => dayOf(b) - dayOf(a))
      .map((i) => `number ${i}`);
    const page = (offset: number) => searchMailbox(store.deps, { actor: owner, query: "is:unread", folderId: null, offset, limit: 40, timeZone: "UTC" });
    const first = await page(0);
    // Two in three are unread: found by walking the folder, so the first page does not count them all.
    expect(first.isTotalExact).toBe(false);
    expect(first.total).toBeGreaterThan(40);
    expect(first.rows.map((r) => r.subject)).toEqual(unread.slice(0, 40));
    expect((await page(2000)).rows.map((r) => r.subject)).toEqual(unread.slice(2000, 2040));
    const last = await page(2120);
    expect(last.rows.map((r) => r.subject)).toEqual(unread.slice(2120));
    expect(last).toMatchObject({ isTotalExact: true, total: unread.length });
  });

  it("finds a common word's newest hits page by page, and a rare word's exactly, in a big folder", async () => {
    const store = await createTestStore();
    const owner = (await loadPrincipal(store.db, store.mailboxId))!;
    // 2,400 messages, dates against UIDs in places; two in three say "common", one says "rare".
    const dayOf = (i: number) => (i * 7919) % 2400;
    await ingestMessages(store.deps, {
      mailboxId: store.mailboxId,
      folder: "INBOX",
      source: "import",
      messages: Array.from({ length: 2400 }, (_, i) => ({
        raw: plain([`Subject: number ${i}`], i === 1234 ? "A rare word." : i % 3 === 0 ? "Nothing here." : "A common word."),
        internalDate: new Date(Date.UTC(2020, 0, 1) + dayOf(i) * 3_600_000),
      })),
    });
    const common = Array.from({ length: 2400 }, (_, i) => i)
      .filter((i) => i % 3 !== 0 && i !== 1234)
      .sort((a, b) => dayOf(b) - dayOf(a))
      .map((i) => `number ${i}`);
    const page = (query: string, offset: number) => searchMailbox(store.deps, { actor: owner, query, folderId: null, offset, limit: 40, timeZone: "UTC" });
    const first = await page("common", 0);
    expect(first.rows.map((r) => r.subject)).toEqual(common.slice(0, 40));
    // Counted to the end, or (a walk on PostgreSQL) at least one more than shown, so the list asks for more.
    // PostgreSQL walks the folder for a common word (its trigram index would have every hit's text read).
    expect(first.isTotalExact).toBe(providerOf(store.db) !== "postgres");
    if (first.isTotalExact) expect(first.total).toBe(common.length);
    else expect(first.total).toBeGreaterThan(40);
    expect((await page("common", 1000)).rows.map((r) => r.subject)).toEqual(common.slice(1000, 1040));
    const last = await page("common", 1560);
    expect(last.rows.map((r) => r.subject)).toEqual(common.slice(1560));
    expect(last).toMatchObject({ total: common.length, isTotalExact: true });
    expect(await page("rare", 0)).toMatchObject({ total: 1, isTotalExact: true, rows: [{ subject: "number 1234" }] });
  });
});
