import { describe, expect, it } from "vitest";
import { ingestMessage } from "./ingest-message.ts";
import { loadMessageForDisplay, loadMessagePart, loadRawMessage } from "./load-message-for-display.ts";
import { isAppError } from "../errors.ts";
import type { Principal } from "../auth/principal.ts";
import { createTestStore } from "../../scripts/test-support/store-fixtures.ts";

const PNG = Buffer.from("iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==", "base64");
const PDF = Buffer.concat([Buffer.from("%PDF-1.4\n"), Buffer.alloc(3000, 7)]);

function richMessage(): Buffer {
  const lines = [
    "From: =?utf-8?q?J=C3=BCrgen?= <jurgen@example.test>",
    "To: Alice <alice@example.test>, bob@example.test",
    "Cc: Carol <carol@example.test>",
    "Reply-To: replies@example.test",
    "Subject: =?iso-8859-1?q?R=E9sum=E9?=",
    "Date: Sun, 29 Nov 2026 10:00:00 +0100",
    "Message-ID: <rich@example.test>",
    "MIME-Version: 1.0",
    'Content-Type: multipart/mixed; boundary="outer"',
    "",
    "--outer",
    'Content-Type: multipart/alternative; boundary="alt"',
    "",
    "--alt",
    "Content-Type: text/plain; charset=iso-8859-1",
    "Content-Transfer-Encoding: quoted-printable",
    "",
    "Caf=E9 in plain text",
    "--alt",
    'Content-Type: multipart/related; boundary="rel"',
    "",
    "--rel",
    "Content-Type: text/html; charset=utf-8",
    "Content-Transfer-Encoding: base64",
    "",
    Buffer.from('<p>Café in <b>HTML</b> <img src="cid:logo@example.test"></p>').toString("base64"),
    "--rel",
    "Content-Type: image/png",
    "Content-Transfer-Encoding: base64",
    "Content-ID: <logo@example.test>",
    "",
    PNG.toString("base64"),
    "--rel--",
    "--alt--",
    "--outer",
    'Content-Type: application/pdf; name="report.pdf"',
    "Content-Disposition: attachment; filename*=utf-8''R%C3%A9sum%C3%A9.pdf",
    "Content-Transfer-Encoding: base64",
    "",
    ...PDF.toString("base64").match(/.{1,76}/g)!,
    "--outer--",
    "",
  ];
  return Buffer.from(lines.join("\r\n"));
}

describe("loadMessageForDisplay", () => {
  it("decodes headers, picks HTML and plain bodies, lists attachments and serves their bytes", async () => {
    const { deps, mailboxId, address } = await createTestStore();
    const actor: Principal = { kind: "mailbox", mailboxId, accountId: "x", address, displayName: "", accessLevel: "SELF", role: null };
    const raw = richMessage();
    const { id } = await ingestMessage(deps, { mailboxId, folder: "INBOX", raw, source: "smtp" });

    const message = await loadMessageForDisplay(deps, { actor, messageId: id });
    expect(message).toMatchObject({
      subject: "Résumé",
      from: [{ name: "Jürgen", address: "jurgen@example.test" }],
      to: [{ name: "Alice", address: "alice@example.test" }, { name: "", address: "bob@example.test" }],
      cc: [{ name: "Carol", address: "carol@example.test" }],
      replyTo: [{ name: "", address: "replies@example.test" }],
      messageId: "<rich@example.test>",
      isSeen: false,
      body: { html: '<p>Café in <b>HTML</b> <img src="cid:logo@example.test"></p>', plain: "Café in plain text" },
    });
    expect(message.date.toISOString()).toBe("2026-11-29T09:00:00.000Z");
    expect(message.attachments).toEqual([
      { part: "1.2.2", filename: "part-1.2.2.png", contentType: "image/png", size: expect.any(Number), contentId: "logo@example.test", isInline: true },
      { part: "2", filename: "Résumé.pdf", contentType: "application/pdf", size: expect.any(Number), contentId: "", isInline: false },
    ]);
    expect(Math.abs(message.attachments[1]!.size - PDF.length)).toBeLessThan(PDF.length * 0.02);
    expect(message.inlineImages.size).toBe(0);
    // The body's cid: images as data: URLs when asked, within the budget only.
    const withImages = await loadMessageForDisplay(deps, { actor, messageId: id, inlineImagesUpTo: 10_000 });
    expect([...withImages.inlineImages]).toEqual([["logo@example.test", `data:image/png;base64,${PNG.toString("base64")}`]]);
    expect((await loadMessageForDisplay(deps, { actor, messageId: id, inlineImagesUpTo: 10 })).inlineImages.size).toBe(0);

    expect((await loadMessagePart(deps, { actor, messageId: id, part: "2" })).bytes).toEqual(PDF);
    expect((await loadMessagePart(deps, { actor, messageId: id, part: "1.2.2" })).bytes).toEqual(PNG);
    expect(await loadRawMessage(deps, { actor, messageId: id })).toEqual(raw);
    await expect(loadMessagePart(deps, { actor, messageId: id, part: "9" })).rejects.toSatisfy((e) => isAppError(e, "NOT_FOUND"));
  });

  it("shows a single-part plain message as part 1, and answers NOT_FOUND for another mailbox's message", async () => {
    const mine = await createTestStore();
    const theirs = await createTestStore();
    const actor: Principal = { kind: "mailbox", mailboxId: mine.mailboxId, accountId: "x", address: mine.address, displayName: "", accessLevel: "SELF", role: null };
    const own = await ingestMessage(mine.deps, { mailboxId: mine.mailboxId, folder: "INBOX", raw: Buffer.from("From: a@example.test\r\nSubject: plain\r\n\r\njust text\r\n"), source: "smtp" });
    const message = await loadMessageForDisplay(mine.deps, { actor, messageId: own.id });
    expect(message.body).toEqual({ html: null, plain: "just text\r\n" });
    expect(message.replyTo).toEqual([]);
    expect(message.attachments).toEqual([]);

    const foreign = await ingestMessage(theirs.deps, { mailboxId: theirs.mailboxId, folder: "INBOX", raw: Buffer.from("Subject: secret\r\n\r\nsecret\r\n"), source: "smtp" });
    const notFound = (e: unknown) => isAppError(e, "NOT_FOUND");
    await expect(loadMessageForDisplay(mine.deps, { actor, messageId: foreign.id })).rejects.toSatisfy(notFound);
    await expect(loadMessagePart(mine.deps, { actor, messageId: foreign.id, part: "1" })).rejects.toSatisfy(notFound);
    await expect(loadRawMessage(mine.deps, { actor, messageId: foreign.id })).rejects.toSatisfy(notFound);
    await expect(loadMessageForDisplay(mine.deps, { actor, messageId: "no-such-id" })).rejects.toSatisfy(notFound);
    // A staff member's read-only view of this mailbox reads none of its mail.
    await expect(loadMessageForDisplay(mine.deps, { actor: { ...actor, viewedBy: { mailboxId: "s", address: "s@x" } }, messageId: own.id })).rejects.toSatisfy(notFound);
  });
});
