import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openDb, type Db } from "../db.ts";
import { createFsBlobStore } from "../blobs/fs-blob-store.ts";
import { DEFAULT_MAX_MESSAGE_BYTES, type StoreDeps } from "../store/store-deps.ts";
import { loadPrincipal } from "../auth/load-principal.ts";
import { findMailboxByAddress } from "../directory/find-mailbox-by-address.ts";
import { listConversationPage } from "../store/list-conversation-page.ts";
import { listConversation } from "../store/list-conversation.ts";
import { loadMessageForDisplay } from "../store/load-message-for-display.ts";
import { buildBodyDocument } from "../mime/build-body-document.ts";
import { seedDemo } from "./seed-demo.ts";
import { DEMO_MAIL_PAIRS, seedDemoMail } from "./seed-demo-mail.ts";
import { createScratchDatabase, type ScratchDatabase } from "../../scripts/test-support/scratch-database.ts";

const provider = process.env.TEST_DB === "postgres" ? "postgres" : "sqlite";
let scratch: ScratchDatabase;
let db: Db;
let store: StoreDeps;
let blobDir: string;

beforeAll(async () => {
  scratch = await createScratchDatabase(provider);
  db = await openDb(scratch.target);
  blobDir = mkdtempSync(path.join(tmpdir(), "mailwright-demo-mail-"));
  store = { db, blobs: createFsBlobStore(blobDir), maxMessageBytes: DEFAULT_MAX_MESSAGE_BYTES };
  await seedDemo(db, { password: "demo mail password" });
});
afterAll(async () => {
  await db.$disconnect();
  await scratch.drop();
  rmSync(blobDir, { recursive: true, force: true });
});

describe("demo mail", () => {
  it("gives each demo customer a welcome, a conversation with its reply in Sent, a flagged attachment and a newsletter", async () => {
    expect(await seedDemoMail(store, new Date("2026-11-30T12:00:00Z"))).toBe(DEMO_MAIL_PAIRS.length * 6);
    const alice = (await findMailboxByAddress(db, "alice@example.test"))!;
    const actor = (await loadPrincipal(db, alice.id))!;
    const inbox = await listConversationPage(store, { actor, mailboxId: alice.id, folder: "INBOX", offset: 0, limit: 50 });
    expect(inbox.rows.map((row) => [row.subject, row.messageCount, row.unreadCount, row.isAnyFlagged, row.hasAttachments])).toEqual([
      ["Winter breads are back", 1, 1, false, false],
      ["Figures for the November report", 1, 0, true, true],
      ["Re: Lunch on Thursday?", 2, 1, false, false],
      ["Welcome to your Mailwright mailbox", 1, 1, false, false],
    ]);
    expect(inbox.rows.map((row) => row.participants[0])).toEqual(["Harbour Bakery", "Bob Example", "Bob Example", "Mailwright"]);

    // The conversation spans INBOX and Sent, in order, threaded by References.
    const lunch = await listConversation(db, { actor, messageId: inbox.rows[2]!.id });
    expect(lunch.map((message) => [message.subject, message.folderName])).toEqual([
      ["Lunch on Thursday?", "INBOX"],
      ["Re: Lunch on Thursday?", "Sent"],
      ["Re: Lunch on Thursday?", "INBOX"],
    ]);

    // The newsletter's picture is remote: blocked until the reader asks.
    const newsletter = await loadMessageForDisplay(store, { actor, messageId: inbox.rows[0]!.id });
    const shown = buildBodyDocument({ html: newsletter.body.html, plain: newsletter.body.plain, format: "html", loadRemoteImages: false, resolveContentId: () => null });
    expect(shown.blockedRemoteCount).toBe(1);

    // Bob's mailbox has its own copies, with Alice as the colleague.
    const bob = (await findMailboxByAddress(db, "bob@example.test"))!;
    const bobActor = (await loadPrincipal(db, bob.id))!;
    const bobInbox = await listConversationPage(store, { actor: bobActor, mailboxId: bob.id, folder: "INBOX", offset: 0, limit: 50 });
    expect(bobInbox.rows.map((row) => row.participants[0])).toEqual(["Harbour Bakery", "Alice Example", "Alice Example", "Mailwright"]);
  });
});
