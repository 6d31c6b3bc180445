import { randomBytes } from "node:crypto";
import { ImapFlow } from "imapflow";
import { expect, signIn, switchMailbox, test, E2E_PASSWORD } from "./fixtures/test.ts";
import { withE2eDatabase } from "./fixtures/e2e-database.ts";
import { startE2eImap } from "./fixtures/e2e-imap.ts";
import { parseMessage } from "../lib/mime/parse-message.ts";
import { loadPrincipal } from "../lib/auth/load-principal.ts";
import { listBooks } from "../lib/addressbook/list-books.ts";
import { createContact } from "../lib/addressbook/create-contact.ts";
import { decodeTransferEncoding } from "../lib/mime/decode-part-body.ts";
import type { MimePart } from "../lib/mime/message-index.ts";

const leaves = (part: MimePart): MimePart[] => (part.children ? part.children.flatMap(leaves) : [part]);

/** The raw bytes of the message with this subject in a folder, as an IMAP client fetches them. */
async function fetchOverImap(port: number, user: string, folder: string, subject: string): Promise<Buffer | null> {
  const client = new ImapFlow({ host: "127.0.0.1", port, secure: false, auth: { user, pass: E2E_PASSWORD }, logger: false, tls: { rejectUnauthorized: false } }); // STARTTLS with the daemon's self-signed certificate
  await client.connect();
  try {
    const lock = await client.getMailboxLock(folder);
    try {
      const uids = await client.search({ subject }, { uid: true });
      if (!uids || uids.length === 0) return null;
      const message = await client.fetchOne(String(uids[0]), { source: true }, { uid: true });
      return message ? message.source ?? null : null;
    } finally {
      lock.release();
    }
  } finally {
    await client.logout();
  }
}

test("alice sends bob a message with an attachment: bob's IMAP client gets it intact, alice's Sent has a copy", async ({ page }) => {
  const subject = `Report ${randomBytes(4).toString("hex")}`;
  const bytes = randomBytes(300 * 1024);
  await signIn(page, "alice@example.test");
  await expect(page.getByTestId("signed-in-as")).toHaveText("alice@example.test");
  await page.goto("/mail/compose");
  await expect(page.getByLabel("From")).toHaveValue("alice@example.test");
  await page.getByRole("combobox", { name: "To" }).fill("bob@example.test");
  await page.getByRole("combobox", { name: "To" }).press("Enter");
  await expect(page.getByTestId("recipients-to").getByTestId("recipient-chip")).toHaveText(/bob@example\.test/);
  await page.getByLabel("Subject").fill(subject);
  await page.getByTestId("message-editor").click();
  await page.keyboard.type("Hello Bob, the numbers are attached.");
  await expect(page.getByTestId("upload-limit")).toHaveText("Up to 25 MiB per file");
  await page.getByTestId("attach-input").setInputFiles({ name: "numbers.bin", mimeType: "application/octet-stream", buffer: bytes });
  await expect(page.getByTestId("attachment")).toContainText("numbers.bin");
  await expect(page.getByRole("progressbar")).toHaveCount(0);
  await page.getByRole("button", { name: "Send" }).click();
  // The first send of a domain makes its DKIM key (RSA 2048).
  await expect(page.getByTestId("sent-notice")).toHaveText("Message sent", { timeout: 20_000 });

  const imap = await startE2eImap();
  try {
    const received = await fetchOverImap(imap.port, "bob@example.test", "INBOX", subject);
    expect(received).not.toBeNull();
    const parsed = parseMessage(received!);
    expect(parsed.from[0]?.address).toBe("alice@example.test");
    const file = leaves(parsed.root).find((part) => part.disposition?.type === "attachment");
    expect(file?.disposition?.params.filename).toBe("numbers.bin");
    expect(decodeTransferEncoding(received!, file!).equals(bytes)).toBe(true);
    expect(received!.toString("latin1")).toContain("Hello Bob, the numbers are attached.");

    const sent = await fetchOverImap(imap.port, "alice@example.test", "Sent", subject);
    expect(sent).not.toBeNull();
  } finally {
    await imap.close();
  }
});

test("bob replies to all, completing a Bcc address from his address book; the reply is threaded under alice's message", async ({ page }) => {
  // Two sign-ins and two sends, the first of which pays the web process's cold start (DKIM key, store writer).
  test.setTimeout(60_000);
  const tag = randomBytes(4).toString("hex");
  const subject = `Plans ${tag}`;
  const contactAddress = `carol.${tag}@elsewhere.example`;
  await signIn(page, "alice@example.test");
  await expect(page.getByTestId("signed-in-as")).toHaveText("alice@example.test");
  await page.goto("/mail/compose");
  await page.getByRole("combobox", { name: "To" }).fill("bob@example.test, manager@example.test,");
  await expect(page.getByTestId("recipients-to").getByTestId("recipient-chip")).toHaveCount(2);
  await page.getByLabel("Subject").fill(subject);
  await page.getByTestId("message-editor").click();
  await page.keyboard.type("Shall we meet on Friday?");
  await page.getByRole("button", { name: "Send" }).click();
  await expect(page.getByTestId("sent-notice")).toHaveText("Message sent", { timeout: 20_000 });

  const original = await withE2eDatabase(async (db) => {
    const bob = await db.mailbox.findFirstOrThrow({ where: { localPart: "bob", domain: { name: "example.test" } } });
    const principal = (await loadPrincipal(db, bob.id))!;
    const personal = (await listBooks(db, { actor: principal })).find((book) => book.kind === "PERSONAL")!;
    await createContact(db, { actor: principal, bookId: personal.id, contact: { displayName: `Carol ${tag}`, emails: [{ type: "work", address: contactAddress }] } });
    return db.message.findFirstOrThrow({ where: { subject, mailboxId: bob.id } });
  });

  await switchMailbox(page, "bob@example.test");
  await expect(page.getByTestId("signed-in-as")).toHaveText("bob@example.test");
  await page.goto(`/mail/compose?reply=${original.id}&mode=all`);
  await expect(page.getByLabel("Subject")).toHaveValue(`Re: ${subject}`);
  await expect(page.getByTestId("recipients-to").getByTestId("recipient-chip")).toHaveText(["Alice Example×"]);
  await expect(page.getByTestId("recipients-cc").getByTestId("recipient-chip")).toHaveText(["manager@example.test×"]);
  await expect(page.getByTestId("message-editor")).toContainText(/On .+, Alice Example wrote:/);
  await expect(page.getByTestId("message-editor")).toContainText("> Shall we meet on Friday?");
  await page.getByRole("combobox", { name: "Bcc" }).fill(`carol ${tag}`.slice(0, 9));
  await page.getByRole("option", { name: `Carol ${tag} <${contactAddress}>` }).click();
  await expect(page.getByTestId("recipients-bcc").getByTestId("recipient-chip")).toHaveText([`Carol ${tag}×`]);
  await page.getByTestId("message-editor").click();
  await page.keyboard.press("Control+Home");
  await page.keyboard.type("Friday works.");
  await page.getByRole("button", { name: "Send" }).click();
  await expect(page.getByTestId("sent-notice")).toHaveText("Message sent", { timeout: 20_000 });

  await withE2eDatabase(async (db) => {
    const replies = await db.message.findMany({ where: { subject: `Re: ${subject}`, folder: { specialUse: "INBOX" } }, select: { inReplyTo: true, folder: { select: { mailbox: { select: { localPart: true } } } } } });
    expect(replies.map((r) => r.folder.mailbox.localPart).sort()).toEqual(["alice", "manager"]);
    expect(replies.every((r) => r.inReplyTo === original.messageIdHeader)).toBe(true);
    const queued = await db.outboundRecipient.findFirst({ where: { address: contactAddress }, select: { message: { select: { origin: true } } } });
    expect(queued?.message.origin).toBe("WEBMAIL");
  });
});

test("a draft is saved as the user types and survives a reload, at 390 px wide", async ({ page }) => {
  await page.setViewportSize({ width: 390, height: 844 });
  const subject = `Draft ${randomBytes(4).toString("hex")}`;
  await signIn(page, "alice@example.test");
  await expect(page).toHaveURL(/\/(mail|mailbox)/);
  await page.goto("/mail/compose");
  await page.getByLabel("Subject").fill(subject);
  await page.getByTestId("message-editor").click();
  await page.keyboard.type("Words worth keeping");
  await expect(page.getByTestId("draft-status")).toContainText("Draft saved");
  await expect(page).toHaveURL(/\/mail\/compose\?draft=[^&]+$/);
  // Nothing wider than the phone's screen.
  expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);

  await page.reload();
  await expect(page.getByLabel("Subject")).toHaveValue(subject);
  await expect(page.getByTestId("message-editor")).toContainText("Words worth keeping");

  await page.getByTestId("message-editor").click();
  await page.keyboard.type(" and more");
  await expect(page.getByTestId("draft-status")).toContainText("Draft saved");
  // Each save replaced the one before: one copy in Drafts.
  const drafts = await withE2eDatabase((db) => db.message.findMany({ where: { subject, folder: { specialUse: "DRAFTS" } }, select: { isDraft: true } }));
  expect(drafts).toEqual([{ isDraft: true }]);
});

test("sending as an address that is not hers is refused with a clear message", async ({ page, baseURL }) => {
  await signIn(page, "alice@example.test");
  await expect(page.getByTestId("signed-in-as")).toHaveText("alice@example.test");
  await page.goto("/mail/compose");
  // The select offers only her own addresses; a tampered page offers another one.
  await page.getByLabel("From").evaluate((select: HTMLSelectElement) => select.add(new Option("bob@example.test", "bob@example.test")));
  await page.getByLabel("From").selectOption("bob@example.test");
  await page.getByRole("combobox", { name: "To" }).fill("bob@example.test");
  await page.getByRole("combobox", { name: "To" }).press("Enter");
  await page.getByLabel("Subject").fill("Not from me");
  await page.getByRole("button", { name: "Send" }).click();
  await expect(page.getByTestId("form-error")).toHaveText("You cannot send as bob@example.test: it is not one of your addresses.");
  await expect(page).toHaveURL(/\/mail\/compose/);

  // A request from another site is refused whatever it says.
  const crossSite = await page.request.post("/api/mail/send", { data: { from: "alice@example.test", to: [{ address: "bob@example.test" }] }, headers: { origin: "https://evil.example" } });
  expect(crossSite.status()).toBe(403);
  expect(await crossSite.json()).toEqual({ error: "Cross-site requests are not allowed." });
  const forged = await page.request.post("/api/mail/send", { data: { from: "bob@example.test", to: [{ address: "bob@example.test" }] }, headers: { origin: baseURL! } });
  expect(forged.status()).toBe(403);
});

test("a file of 12 MiB uploads whole (above the proxy's default body limit)", async ({ page, baseURL }) => {
  await signIn(page, "alice@example.test");
  await expect(page.getByTestId("signed-in-as")).toHaveText("alice@example.test");
  const buffer = randomBytes(12 * 1024 * 1024);
  const response = await page.request.post("/api/mail/uploads", { multipart: { file: { name: "big.bin", mimeType: "application/octet-stream", buffer } }, headers: { origin: baseURL! } });
  expect(response.status()).toBe(201);
  expect(await response.json()).toMatchObject({ name: "big.bin", size: buffer.length });
});

test("a file over the upload limit gets a clear error, in the form and from the API", async ({ page, baseURL }) => {
  // 25 MiB through the browser's file input and again through the API.
  test.setTimeout(60_000);
  await signIn(page, "alice@example.test");
  await expect(page.getByTestId("signed-in-as")).toHaveText("alice@example.test");
  await page.goto("/mail/compose");
  const tooBig = Buffer.alloc(25 * 1024 * 1024 + 1);
  await page.getByTestId("attach-input").setInputFiles({ name: "huge.bin", mimeType: "application/octet-stream", buffer: tooBig });
  await expect(page.getByTestId("attachment-error")).toHaveText("huge.bin is larger than the limit of 25 MiB per file.");
  await expect(page.getByRole("button", { name: "Send" })).toBeEnabled();

  const response = await page.request.post("/api/mail/uploads", { multipart: { file: { name: "huge.bin", mimeType: "application/octet-stream", buffer: tooBig } }, headers: { origin: baseURL! } });
  expect(response.status()).toBe(413);
  expect(await response.json()).toEqual({ error: "The file is larger than the limit of 25 MiB per attachment.", limit: 25 * 1024 * 1024 });
});
