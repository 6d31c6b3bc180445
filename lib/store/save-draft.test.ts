import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { principalOf, testDb, uniqueName, TEST_PASSWORD } from "../../scripts/test-support/fixtures.ts";
import { SYSTEM_ACTOR } from "../auth/principal.ts";
import { loadPrincipal } from "../auth/load-principal.ts";
import { createMailbox } from "../directory/create-mailbox.ts";
import type { Principal } from "../auth/principal.ts";
import { createFsBlobStore } from "../blobs/fs-blob-store.ts";
import { isAppError } from "../errors.ts";
import { composeMessage } from "../mime/compose-message.ts";
import { parseMessage } from "../mime/parse-message.ts";
import { findFolder } from "./find-folder.ts";
import { ingestMessage } from "./ingest-message.ts";
import { readBlob } from "./message-bytes.ts";
import { saveDraft } from "./save-draft.ts";
import { DEFAULT_MAX_MESSAGE_BYTES, type StoreDeps } from "./store-deps.ts";
import { saveWebmailDraft } from "../webmail/save-webmail-draft.ts";
import { loadComposeStart } from "../webmail/load-compose-start.ts";
import { saveUpload } from "../uploads/save-upload.ts";

let store: StoreDeps;
let uploadsDir: string;
let alice: Principal;
let bob: Principal;

beforeAll(async () => {
  const dir = mkdtempSync(path.join(tmpdir(), "mailwright-drafts-"));
  store = { db: await testDb(), blobs: createFsBlobStore(path.join(dir, "blobs")), maxMessageBytes: DEFAULT_MAX_MESSAGE_BYTES };
  uploadsDir = path.join(dir, "uploads");
  alice = await principalOf("alice@example.test");
  bob = await principalOf("bob@example.test");
});

async function draftsOf(mailboxId: string, subject: string) {
  const folder = await findFolder(store.db, mailboxId, { specialUse: "DRAFTS" });
  return store.db.message.findMany({ where: { folderId: folder.id, subject } });
}

const draftBytes = async (subject: string, text: string) =>
  (await composeMessage({ from: { name: "", address: "alice@example.test" }, to: [{ name: "", address: "bob@example.test" }], subject, text })).withBcc;

describe("saveDraft", () => {
  it("files a draft flagged \\Draft \\Seen, and each save replaces the one before, leaving one copy", async () => {
    const subject = uniqueName("draft");
    const first = await saveDraft(store, { mailboxId: alice.mailboxId, raw: await draftBytes(subject, "one") });
    const second = await saveDraft(store, { mailboxId: alice.mailboxId, raw: await draftBytes(subject, "two"), previousId: first.id });
    const third = await saveDraft(store, { mailboxId: alice.mailboxId, raw: await draftBytes(subject, "three"), previousId: second.id });
    const drafts = await draftsOf(alice.mailboxId, subject);
    expect(drafts.map((d) => d.id)).toEqual([third.id]);
    expect(drafts[0]).toMatchObject({ isDraft: true, isSeen: true, isDeleted: false });
    expect((await readBlob(store, drafts[0]!.blobHash)).toString()).toContain("three");
  });

  it("saves anew when the previous version is gone, and refuses to replace a message that is not a draft", async () => {
    const subject = uniqueName("draft");
    const saved = await saveDraft(store, { mailboxId: alice.mailboxId, raw: await draftBytes(subject, "x"), previousId: "no-such-message" });
    expect(await draftsOf(alice.mailboxId, subject)).toHaveLength(1);
    const inbox = await ingestMessage(store, { mailboxId: alice.mailboxId, folder: "INBOX", raw: await draftBytes(uniqueName("mail"), "y"), source: "webmail" });
    const error = await saveDraft(store, { mailboxId: alice.mailboxId, raw: await draftBytes(subject, "z"), previousId: inbox.id }).catch((e: unknown) => e);
    expect(isAppError(error, "INVALID_INPUT")).toBe(true);
    expect((await draftsOf(alice.mailboxId, subject)).map((d) => d.id)).toEqual([saved.id]);
    // Another mailbox's draft is as good as missing: it is not touched.
    await saveDraft(store, { mailboxId: bob.mailboxId, raw: await draftBytes(subject, "b"), previousId: saved.id });
    expect((await draftsOf(alice.mailboxId, subject)).map((d) => d.id)).toEqual([saved.id]);
    expect(await draftsOf(bob.mailboxId, subject)).toHaveLength(1);
  });
});

describe("saveWebmailDraft and loadComposeStart", () => {
  it("reopens a saved draft with its recipients, Bcc, text and attachment, which come back as uploads", async () => {
    const subject = uniqueName("reopen");
    const bytes = Buffer.from("attachment bytes \u0000\u00ff", "latin1");
    const upload = await saveUpload(uploadsDir, { mailboxId: alice.mailboxId, name: "notes.bin", type: "application/octet-stream", bytes });
    const form = { from: "alice@example.test", to: [{ name: "Bob", address: "bob@example.test" }], bcc: [{ name: "", address: "hidden@example.org" }], subject, text: "Hallo Bob,\nbis morgen", attachmentIds: [upload.id] };
    const saved = await saveWebmailDraft({ store, uploadsDir }, { actor: alice, displayName: "Alice", form });
    const start = await loadComposeStart({ store, uploadsDir }, { actor: alice, draftId: saved.id });
    expect(start).toMatchObject({ from: "alice@example.test", subject, draftId: saved.id, to: [{ name: "Bob", address: "bob@example.test" }], bcc: [{ name: "", address: "hidden@example.org" }] });
    expect(start.text).toBe("Hallo Bob,\nbis morgen");
    expect(start.attachments).toHaveLength(1);
    expect(start.attachments[0]).toMatchObject({ name: "notes.bin", type: "application/octet-stream", size: bytes.length });
    expect(start.senders).toContain("alice@example.test");

    // Bob cannot open Alice's draft.
    const error = await loadComposeStart({ store, uploadsDir }, { actor: bob, draftId: saved.id }).catch((e: unknown) => e);
    expect(isAppError(error, "NOT_FOUND")).toBe(true);
  });

  it("offers the user's own address and aliases as From, and the signature from their mail settings", async () => {
    // A mailbox of its own, so that no other test sees its alias or signature.
    const db = store.db;
    const address = `${uniqueName("signer")}@example.test`;
    const mailbox = await createMailbox(db, { actor: SYSTEM_ACTOR, address, password: TEST_PASSWORD });
    const signer = (await loadPrincipal(db, mailbox.id))!;
    const alias = uniqueName("team");
    const domain = await db.domain.findFirstOrThrow({ where: { name: "example.test" } });
    await db.alias.create({ data: { localPart: alias, domainId: domain.id, targets: { create: [{ mailboxId: signer.mailboxId }] } } });
    await db.mailSettings.create({ data: { mailboxId: signer.mailboxId, signature: "Signer\nExample Co" } });
    const start = await loadComposeStart({ store, uploadsDir }, { actor: signer });
    expect(start.senders).toEqual([address, `${alias}@example.test`]);
    expect(start).toMatchObject({ from: address, signature: "Signer\nExample Co", to: [], subject: "", draftId: null });
  });

  it("starts a reply from a message in the mailbox, and a forward as attachment carries the original as an upload", async () => {
    const subject = uniqueName("question");
    const raw = Buffer.from(`From: Carol <carol@example.org>\r\nTo: alice@example.test\r\nSubject: ${subject}\r\nMessage-ID: <${subject}@example.org>\r\n\r\nAre you coming?\r\n`);
    const original = await ingestMessage(store, { mailboxId: alice.mailboxId, folder: "INBOX", raw, source: "smtp" });
    const reply = await loadComposeStart({ store, uploadsDir }, { actor: alice, reply: { messageId: original.id, mode: "reply" } });
    expect(reply).toMatchObject({ to: [{ name: "Carol", address: "carol@example.org" }], subject: `Re: ${subject}`, inReplyTo: `<${subject}@example.org>` });
    expect(reply.text).toContain("> Are you coming?");
    const attach = await loadComposeStart({ store, uploadsDir }, { actor: alice, reply: { messageId: original.id, mode: "attach" } });
    expect(attach.attachments).toMatchObject([{ name: `${subject}.eml`, type: "message/rfc822", size: raw.length }]);
    expect(parseMessage(raw).subject).toBe(subject);
    const error = await loadComposeStart({ store, uploadsDir }, { actor: bob, reply: { messageId: original.id, mode: "reply" } }).catch((e: unknown) => e);
    expect(isAppError(error, "NOT_FOUND")).toBe(true);
  });
});
