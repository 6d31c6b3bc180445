import { mkdtempSync } from "node:fs";
import { readdir } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { randomBytes } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestSending } from "../../scripts/test-support/sending-fixtures.ts";
import { uniqueName } from "../../scripts/test-support/fixtures.ts";
import { loadPrincipal } from "../auth/load-principal.ts";
import type { Principal } from "../auth/principal.ts";
import { createFsBlobStore } from "../blobs/fs-blob-store.ts";
import { isAppError } from "../errors.ts";
import { findFolder } from "../store/find-folder.ts";
import { readBlob } from "../store/message-bytes.ts";
import { DEFAULT_MAX_MESSAGE_BYTES, type StoreDeps } from "../store/store-deps.ts";
import { parseMessage } from "../mime/parse-message.ts";
import { decodeTransferEncoding } from "../mime/decode-part-body.ts";
import type { MimePart } from "../mime/message-index.ts";
import { saveUpload } from "../uploads/save-upload.ts";
import { saveWebmailDraft } from "../webmail/save-webmail-draft.ts";
import { sendWebmailMessage, type WebmailSendDeps } from "./send-webmail-message.ts";
import { updateMailSettings } from "../mail-settings/update-mail-settings.ts";

let sending: Awaited<ReturnType<typeof startTestSending>>;
let deps: WebmailSendDeps;
let alice: Principal;

beforeAll(async () => {
  sending = await startTestSending();
  const dataDir = mkdtempSync(path.join(tmpdir(), "mailwright-webmail-send-"));
  const store: StoreDeps = { db: sending.db, blobs: createFsBlobStore(path.join(dataDir, "blobs")), maxMessageBytes: DEFAULT_MAX_MESSAGE_BYTES };
  deps = { db: sending.db, store, forwarding: { srs: sending.srs, policy: { discardScores: new Map(), defaultDiscardScore: 6 } }, uploadsDir: path.join(dataDir, "uploads"), maxRecipientsPerHour: 1000 };
  alice = (await loadPrincipal(sending.db, sending.ids.alice))!;
});
afterAll(async () => {
  await sending?.close();
});

const addr = (local: string) => `${local}@${sending.domain}`;
const leaves = (part: MimePart): MimePart[] => (part.children ? part.children.flatMap(leaves) : [part]);

async function messagesIn(mailboxId: string, specialUse: "INBOX" | "SENT" | "DRAFTS") {
  const folder = await findFolder(sending.db, mailboxId, { specialUse });
  const rows = await sending.db.message.findMany({ where: { folderId: folder.id }, orderBy: { uid: "asc" } });
  return Promise.all(rows.map(async (row) => ({ row, raw: await readBlob(deps.store, row.blobHash) })));
}

async function refusal(promise: Promise<unknown>) {
  const error = await promise.then(() => null, (e: unknown) => e);
  if (!isAppError(error)) throw new Error(`expected an AppError, got ${String(error)}`);
  return error;
}

describe("sendWebmailMessage", () => {
  it("delivers to a local recipient at once with the attachment intact, DKIM-signed, a copy with Bcc in Sent (\\Seen), the remote Bcc through the queue without it", async () => {
    const subject = uniqueName("report");
    const bytes = randomBytes(300_000);
    const upload = await saveUpload(deps.uploadsDir, { mailboxId: alice.mailboxId, name: "data.bin", type: "application/octet-stream", bytes });
    const hidden = `${uniqueName("hidden")}@${sending.outside.remote}`;
    const sent = await sendWebmailMessage(deps, {
      actor: alice,
      displayName: "Alice",
      form: { from: addr("alice"), to: [{ name: "Bob", address: addr("bob") }], bcc: [{ name: "", address: hidden }], subject, text: "See attached.", attachmentIds: [upload.id] },
    });

    const inbox = (await messagesIn(sending.ids.bob, "INBOX")).find((m) => m.row.subject === subject);
    expect(inbox).toBeDefined();
    expect(inbox!.raw.toString("latin1")).toMatch(/^DKIM-Signature: /);
    expect(inbox!.raw.toString("latin1")).not.toMatch(/^Bcc:/im);
    const file = leaves(parseMessage(inbox!.raw).root).find((p) => p.disposition?.type === "attachment")!;
    expect(decodeTransferEncoding(inbox!.raw, file).equals(bytes)).toBe(true);

    const copy = (await messagesIn(sending.ids.alice, "SENT")).find((m) => m.row.subject === subject);
    expect(copy?.row.id).toBe(sent.sentId);
    expect(copy?.row.isSeen).toBe(true);
    expect(copy!.raw.toString("latin1")).toContain(`\r\nBcc: ${hidden}\r\n`);

    const remote = await sending.remote.waitFor(hidden);
    expect(remote.mailFrom).toBe(addr("alice"));
    expect(remote.raw.toString("latin1")).not.toMatch(/^Bcc:/im);
    const queued = await sending.db.outboundMessage.findFirst({ where: { messageIdHeader: sent.messageId.slice(1, -1) } });
    expect(queued?.origin).toBe("WEBMAIL");
    // The upload was used up.
    expect(await readdir(path.join(deps.uploadsDir, alice.mailboxId))).toEqual([]);
  });

  it("sends as an alias of the user's", async () => {
    const subject = uniqueName("alias");
    await sendWebmailMessage(deps, { actor: alice, displayName: "Alice", form: { from: addr("sales"), to: [{ address: addr("bob") }], subject } });
    const inbox = (await messagesIn(sending.ids.bob, "INBOX")).find((m) => m.row.subject === subject);
    expect(inbox?.row.fromAddress).toBe(addr("sales"));
  });

  it("a colleague who is away answers with the vacation reply, into the sender's INBOX", async () => {
    const bob = (await loadPrincipal(sending.db, sending.ids.bob))!;
    await updateMailSettings(sending.db, { actor: bob, settings: { vacation: { isEnabled: true, subject: "Away this week", body: "Back on Monday.", startDate: null, endDate: null, intervalDays: 7 } } });
    try {
      const subject = uniqueName("question");
      await sendWebmailMessage(deps, { actor: alice, displayName: "Alice", form: { from: addr("alice"), to: [{ address: addr("bob") }], subject } });
      const replies = (await messagesIn(alice.mailboxId, "INBOX")).filter((m) => m.row.subject === "Away this week");
      expect(replies).toHaveLength(1);
      expect(replies[0]!.raw.toString()).toMatch(/^Auto-Submitted: auto-replied\r$/m);
    } finally {
      await updateMailSettings(sending.db, { actor: bob, settings: { vacation: { isEnabled: false, subject: "", body: "", startDate: null, endDate: null, intervalDays: 7 } } });
    }
  });

  it("a reply marks the message it answers \\Answered", async () => {
    const bob = (await loadPrincipal(sending.db, sending.ids.bob))!;
    const subject = uniqueName("ask");
    await sendWebmailMessage(deps, { actor: bob, displayName: "Bob", form: { from: addr("bob"), to: [{ address: addr("alice") }], subject } });
    const [original] = (await messagesIn(alice.mailboxId, "INBOX")).filter((m) => m.row.subject === subject);
    expect(original!.row.isAnswered).toBe(false);
    const inReplyTo = original!.row.messageIdHeader!.startsWith("<") ? original!.row.messageIdHeader! : `<${original!.row.messageIdHeader}>`;
    await sendWebmailMessage(deps, { actor: alice, displayName: "Alice", form: { from: addr("alice"), to: [{ address: addr("bob") }], subject: `Re: ${subject}`, inReplyTo, references: [inReplyTo] } });
    const [answered] = (await messagesIn(alice.mailboxId, "INBOX")).filter((m) => m.row.subject === subject);
    expect(answered!.row.isAnswered).toBe(true);
  });

  it("refuses a From that is not the user's, and sends nothing", async () => {
    const subject = uniqueName("forged");
    const error = await refusal(sendWebmailMessage(deps, { actor: alice, displayName: "Alice", form: { from: addr("bob"), to: [{ address: addr("bob") }], subject } }));
    expect(error.code).toBe("FORBIDDEN");
    expect(error.message).toBe(`You cannot send as ${addr("bob")}: it is not one of your addresses.`);
    expect((await messagesIn(sending.ids.bob, "INBOX")).some((m) => m.row.subject === subject)).toBe(false);
  });

  it("refuses remote recipients beyond the hourly limit submission applies, counting what the mailbox queued", async () => {
    const queued = await sending.db.outboundRecipient.count({ where: { message: { senderMailboxId: alice.mailboxId, createdAt: { gte: new Date(Date.now() - 3_600_000) } } } });
    const limited = { ...deps, maxRecipientsPerHour: queued + 2 };
    const remote = (n: number) => ({ address: `${uniqueName(`r${n}`)}@${sending.outside.remote}` });
    const error = await refusal(sendWebmailMessage(limited, { actor: alice, displayName: "Alice", form: { from: addr("alice"), to: [remote(1), remote(2), remote(3)], subject: "too many" } }));
    expect(error.code).toBe("LOCKED_OUT");
    expect(error.message).toContain(`${queued + 2} recipients an hour`);
    await sendWebmailMessage(limited, { actor: alice, displayName: "Alice", form: { from: addr("alice"), to: [remote(1), remote(2)], subject: "just enough" } });
  });

  it("names an unknown local recipient, refuses a staff read-only view, and removes the draft it came from", async () => {
    const unknown = await refusal(sendWebmailMessage(deps, { actor: alice, displayName: "Alice", form: { from: addr("alice"), to: [{ address: addr("nobody") }], subject: "x" } }));
    expect(unknown.code).toBe("INVALID_INPUT");
    expect(unknown.message).toContain(addr("nobody"));
    const viewed = { ...alice, viewedBy: { mailboxId: "staff", address: "staff@example.test" } };
    expect((await refusal(sendWebmailMessage(deps, { actor: viewed, displayName: "Alice", form: { from: addr("alice"), to: [{ address: addr("bob") }], subject: "x" } }))).code).toBe("FORBIDDEN");

    const subject = uniqueName("drafted");
    const form = { from: addr("alice"), to: [{ address: addr("bob") }], subject, text: "draft" };
    const draft = await saveWebmailDraft({ store: deps.store, uploadsDir: deps.uploadsDir }, { actor: alice, displayName: "Alice", form });
    expect((await messagesIn(sending.ids.alice, "DRAFTS")).some((m) => m.row.id === draft.id)).toBe(true);
    await sendWebmailMessage(deps, { actor: alice, displayName: "Alice", form: { ...form, draftId: draft.id } });
    expect((await messagesIn(sending.ids.alice, "DRAFTS")).some((m) => m.row.subject === subject)).toBe(false);
    expect((await messagesIn(sending.ids.bob, "INBOX")).some((m) => m.row.subject === subject)).toBe(true);
  });
});
