import { createHash } from "node:crypto";
import { describe, expect, it, onTestFinished } from "vitest";
import { ingestMessage } from "./ingest-message.ts";
import { listFolders, createFolder, renameFolder, deleteFolder } from "./folders.ts";
import { listSubscriptions, setSubscription } from "./subscriptions.ts";
import { updateFlags } from "./update-flags.ts";
import { expungeMessages } from "./expunge-messages.ts";
import { copyMessages, moveMessages } from "./transfer-messages.ts";
import { DEFAULT_FOLDERS } from "./default-folders.ts";
import { searchMessages } from "./search-messages.ts";
import { collectBlobs } from "./collect-blobs.ts";
import { readBlob, INLINE_BLOB_MAX_BYTES } from "./message-bytes.ts";
import { readMessageSection } from "./read-message.ts";
import { countQueuedText, indexQueuedText } from "../db-full-text.ts";
import { providerOf } from "../db.ts";
import { prismaSql } from "../sql.ts";
import { createTestStore, sampleMessage } from "../../scripts/test-support/store-fixtures.ts";

const counters = async (db: Awaited<ReturnType<typeof createTestStore>>["db"], mailboxId: string, name: string) => {
  const folder = await db.folder.findUniqueOrThrow({ where: { mailboxId_name: { mailboxId, name } } });
  const messages = await db.message.findMany({ where: { folderId: folder.id } });
  return {
    stored: { messageCount: folder.messageCount, unseenCount: folder.unseenCount, totalBytes: Number(folder.totalBytes) },
    actual: { messageCount: messages.length, unseenCount: messages.filter((m) => !m.isSeen).length, totalBytes: messages.reduce((s, m) => s + m.size, 0) },
    folder,
  };
};

describe("ingestMessage", () => {
  it("stores the bytes exactly, allocates UIDs and MODSEQs, indexes, charges quota and feeds changes", async () => {
    const { deps, db, mailboxId } = await createTestStore();
    const raw = sampleMessage({ subject: "=?utf-8?q?Gr=C3=BC=C3=9Fe?=" });
    const first = await ingestMessage(deps, { mailboxId, folder: "inbox", raw, source: "smtp" });
    const second = await ingestMessage(deps, { mailboxId, folder: "INBOX", raw: sampleMessage(), flags: ["\\Seen", "$Forwarded"], source: "imap-append" });
    expect([first.uid, second.uid]).toEqual([1, 2]);
    expect(second.modseq).toBeGreaterThan(first.modseq);
    expect(first.blobHash).toBe(createHash("sha256").update(raw).digest("hex"));
    expect(await readBlob(deps, first.blobHash)).toEqual(raw);

    const stored = await db.message.findUniqueOrThrow({ where: { id: first.id } });
    expect(stored).toMatchObject({ subject: "Grüße", fromAddress: "alice@example.test", fromName: "Alice Example", size: raw.length, isSeen: false });
    expect(JSON.parse(stored.envelope)).toMatchObject({ subject: "=?utf-8?q?Gr=C3=BC=C3=9Fe?=" });
    const secondRow = await db.message.findUniqueOrThrow({ where: { id: second.id } });
    expect(secondRow).toMatchObject({ isSeen: true, keywords: "$Forwarded" });

    const { stored: counted, actual, folder } = await counters(db, mailboxId, "INBOX");
    expect(counted).toEqual(actual);
    expect(counted).toMatchObject({ messageCount: 2, unseenCount: 1 });
    expect(folder.uidNext).toBe(3);
    expect((await db.mailbox.findUniqueOrThrow({ where: { id: mailboxId } })).usedBytes).toBe(BigInt(actual.totalBytes));
    expect(await db.change.count({ where: { folderId: folder.id, kind: "APPEND" } })).toBe(2);
  });

  it("keeps one blob for identical bytes and counts its references", async () => {
    const { deps, db, mailboxId } = await createTestStore();
    const raw = sampleMessage();
    const a = await ingestMessage(deps, { mailboxId, folder: "INBOX", raw, source: "smtp" });
    await ingestMessage(deps, { mailboxId, folder: { specialUse: "ARCHIVE" }, raw, source: "import" });
    expect((await db.blob.findUniqueOrThrow({ where: { hash: a.blobHash } })).refCount).toBe(2);
  });

  it("refuses oversized mail, a full mailbox, a missing folder and bad flags, clearly and without storing", async () => {
    const { deps, db, mailboxId } = await createTestStore({ quotaBytes: 1000n, maxMessageBytes: 5000 });
    await expect(ingestMessage(deps, { mailboxId, folder: "INBOX", raw: Buffer.alloc(6000, 65), source: "smtp" })).rejects.toMatchObject({ code: "TOO_LARGE" });
    await expect(ingestMessage(deps, { mailboxId, folder: "INBOX", raw: sampleMessage({ body: "x".repeat(2000) }), source: "smtp" })).rejects.toMatchObject({ code: "QUOTA_EXCEEDED", message: "The mailbox is full." });
    await expect(ingestMessage(deps, { mailboxId, folder: "Nope", raw: sampleMessage(), source: "smtp" })).rejects.toMatchObject({ code: "NOT_FOUND", details: { tryCreate: true } });
    await expect(ingestMessage(deps, { mailboxId, folder: "INBOX", raw: sampleMessage(), flags: ["\\Recent"], source: "imap-append" })).rejects.toMatchObject({ code: "INVALID_INPUT" });
    await expect(ingestMessage(deps, { mailboxId, folder: "INBOX", raw: sampleMessage(), flags: ["bad keyword"], source: "imap-append" })).rejects.toMatchObject({ code: "INVALID_INPUT" });
    expect(await db.message.count({ where: { mailboxId } })).toBe(0);
    expect((await db.mailbox.findUniqueOrThrow({ where: { id: mailboxId } })).usedBytes).toBe(0n);
  });

  it("answers each of many concurrent ingests on its own, though they may share a commit", async () => {
    const raws = Array.from({ length: 12 }, (_, i) => sampleMessage({ messageId: `<burst-${String(i).padStart(2, "0")}@example.test>` }));
    const size = raws[0]!.length;
    expect(raws.every((raw) => raw.length === size)).toBe(true);
    const full = await createTestStore({ quotaBytes: BigInt(size * 5) });
    const roomy = await createTestStore();
    const burst = await Promise.allSettled([
      ...raws.map((raw) => ingestMessage(full.deps, { mailboxId: full.mailboxId, folder: "INBOX", raw, source: "smtp" })),
      ...raws.map((raw) => ingestMessage(roomy.deps, { mailboxId: roomy.mailboxId, folder: "INBOX", raw, flags: ["\\Seen"], source: "smtp" })),
      ingestMessage(roomy.deps, { mailboxId: roomy.mailboxId, folder: "No such folder", raw: raws[0]!, source: "smtp" }),
    ]);
    const [toFull, toRoomy, toNowhere] = [burst.slice(0, 12), burst.slice(12, 24), burst[24]!];
    expect(toFull.filter((r) => r.status === "fulfilled")).toHaveLength(5);
    for (const refused of toFull.filter((r) => r.status === "rejected")) expect(refused.reason).toMatchObject({ code: "QUOTA_EXCEEDED" });
    expect(toRoomy.every((r) => r.status === "fulfilled")).toBe(true);
    expect(toNowhere).toMatchObject({ status: "rejected", reason: { code: "NOT_FOUND" } });

    for (const [store, accepted] of [[full, 5], [roomy, 12]] as const) {
      const folder = await store.db.folder.findUniqueOrThrow({ where: { mailboxId_name: { mailboxId: store.mailboxId, name: "INBOX" } } });
      const messages = await store.db.message.findMany({ where: { folderId: folder.id }, orderBy: { uid: "asc" } });
      expect(messages.map((m) => m.uid)).toEqual(Array.from({ length: accepted }, (_, i) => i + 1));
      expect([folder.messageCount, Number(folder.totalBytes), folder.uidNext]).toEqual([accepted, accepted * size, accepted + 1]);
      expect((await store.db.mailbox.findUniqueOrThrow({ where: { id: store.mailboxId } })).usedBytes).toBe(BigInt(accepted * size));
      expect(await store.db.change.count({ where: { folderId: folder.id, kind: "APPEND" } })).toBe(accepted);
    }
    const roomyInbox = await roomy.db.folder.findUniqueOrThrow({ where: { mailboxId_name: { mailboxId: roomy.mailboxId, name: "INBOX" } } });
    expect(roomyInbox.unseenCount).toBe(0);
    // Each blob is referenced once per stored message, whichever group it came in.
    for (const raw of raws) {
      const hash = createHash("sha256").update(raw).digest("hex");
      const stored = await roomy.db.message.count({ where: { blobHash: hash } });
      expect((await roomy.db.blob.findUniqueOrThrow({ where: { hash } })).refCount).toBe(stored);
    }
  });

  it("keeps a small message's bytes in its Blob row and a large one's in a file, and reads both", async () => {
    const { deps, db, mailboxId } = await createTestStore();
    const small = sampleMessage({ subject: "small", body: "short and sweet" });
    const large = sampleMessage({ subject: "large", body: "0123456789abcdef\r\n".repeat(Math.ceil(INLINE_BLOB_MAX_BYTES / 18) + 10) });
    expect(large.length).toBeGreaterThan(INLINE_BLOB_MAX_BYTES);
    const [inline, file] = await Promise.all([small, large].map((raw) => ingestMessage(deps, { mailboxId, folder: "INBOX", raw, source: "smtp" })));
    const rowOf = (hash: string) => db.blob.findUniqueOrThrow({ where: { hash } });
    expect(Buffer.from((await rowOf(inline!.blobHash)).content!)).toEqual(small);
    expect(await deps.blobs.has(inline!.blobHash)).toBe(false); // no file, no fsync of its own
    expect((await rowOf(file!.blobHash)).content).toBeNull();
    expect(await deps.blobs.get(file!.blobHash)).toEqual(large);
    for (const [result, raw] of [[inline!, small], [file!, large]] as const) {
      expect(await readBlob(deps, result.blobHash)).toEqual(raw);
      expect(await readMessageSection(deps, { mailboxId, folder: "INBOX", uid: result.uid, section: "" })).toEqual(raw);
      expect(await readMessageSection(deps, { mailboxId, folder: "INBOX", uid: result.uid, section: "TEXT", partial: { offset: 2, length: 5 } })).toEqual(raw.subarray(raw.indexOf("\r\n\r\n") + 6, raw.indexOf("\r\n\r\n") + 11));
    }
    // The same small bytes again: one row, two references, still inline.
    const again = await ingestMessage(deps, { mailboxId, folder: "INBOX", raw: small, source: "smtp" });
    expect(again.blobHash).toBe(inline!.blobHash);
    expect(await rowOf(inline!.blobHash)).toMatchObject({ refCount: 2 });
  });

  it("never throws on malformed MIME and keeps the bytes exact", async () => {
    const { deps, mailboxId } = await createTestStore();
    for (const raw of [Buffer.from(""), Buffer.from([0, 255, 13, 10, 0x80, 0x81]), Buffer.from("Content-Type: multipart/mixed; boundary=x\r\n\r\n--x\r\nno end")]) {
      const result = await ingestMessage(deps, { mailboxId, folder: "INBOX", raw, source: "smtp" });
      expect(await readBlob(deps, result.blobHash)).toEqual(raw);
    }
  });

  it("threads replies with their parents, even when the reply arrives first", async () => {
    const { deps, db, mailboxId } = await createTestStore();
    const root = await ingestMessage(deps, { mailboxId, folder: "INBOX", raw: sampleMessage({ messageId: "<root@x>", subject: "Plan" }), source: "smtp" });
    const reply = await ingestMessage(deps, { mailboxId, folder: "INBOX", raw: sampleMessage({ messageId: "<r1@x>", inReplyTo: "<root@x>", references: "<root@x>", subject: "Re: Plan" }), source: "smtp" });
    const early = await ingestMessage(deps, { mailboxId, folder: "INBOX", raw: sampleMessage({ messageId: "<c2@x>", inReplyTo: "<p2@x>", references: "<p2@x>", subject: "Re: Other" }), source: "smtp" });
    const late = await ingestMessage(deps, { mailboxId, folder: "INBOX", raw: sampleMessage({ messageId: "<p2@x>", subject: "Other" }), source: "smtp" });
    const fallback = await ingestMessage(deps, { mailboxId, folder: "INBOX", raw: sampleMessage({ messageId: "<f@x>", subject: "RE: plan" }), source: "smtp" });
    const unrelated = await ingestMessage(deps, { mailboxId, folder: "INBOX", raw: sampleMessage({ subject: "Plan" }), source: "smtp" });
    const thread = async (id: string) => (await db.message.findUniqueOrThrow({ where: { id } })).threadId;
    expect(await thread(reply.id)).toBe(await thread(root.id));
    expect(await thread(late.id)).toBe(await thread(early.id));
    expect(await thread(fallback.id)).toBe(await thread(root.id));
    expect(await thread(unrelated.id)).not.toBe(await thread(root.id));
  });
});

describe("folders", () => {
  it("every mailbox starts with the default folders and their roles", async () => {
    const { db, mailboxId } = await createTestStore();
    const folders = await listFolders(db, mailboxId);
    expect(folders.map((f) => [f.name, f.specialUse])).toEqual(expect.arrayContaining(DEFAULT_FOLDERS.map((f) => [f.name, f.specialUse])));
    expect(folders).toHaveLength(DEFAULT_FOLDERS.length);
  });

  it("creates parents, renames subtrees, refuses what it must", async () => {
    const { deps, db, mailboxId } = await createTestStore();
    await createFolder(db, { mailboxId, name: "Projects/2026/Q4" });
    expect((await listFolders(db, mailboxId)).map((f) => f.name)).toEqual(expect.arrayContaining(["Projects", "Projects/2026", "Projects/2026/Q4"]));
    const before = await db.folder.findUniqueOrThrow({ where: { mailboxId_name: { mailboxId, name: "Projects/2026/Q4" } } });
    await ingestMessage(deps, { mailboxId, folder: "Projects/2026/Q4", raw: sampleMessage(), source: "import" });

    await renameFolder(db, { mailboxId, from: "Projects", to: "Archive/Old projects" });
    const names = (await listFolders(db, mailboxId)).map((f) => f.name);
    expect(names).toEqual(expect.arrayContaining(["Archive/Old projects", "Archive/Old projects/2026", "Archive/Old projects/2026/Q4"]));
    expect(names).not.toContain("Projects");
    const after = await db.folder.findUniqueOrThrow({ where: { mailboxId_name: { mailboxId, name: "Archive/Old projects/2026/Q4" } } });
    expect(after.id).toBe(before.id);
    expect(after.messageCount).toBe(1);

    await expect(createFolder(db, { mailboxId, name: "Archive/Old projects" })).rejects.toMatchObject({ code: "CONFLICT" });
    await expect(renameFolder(db, { mailboxId, from: "INBOX", to: "Old inbox" })).rejects.toMatchObject({ code: "INVALID_INPUT", message: "INBOX cannot be renamed." });
    await expect(renameFolder(db, { mailboxId, from: "Archive", to: "Archive/inside" })).rejects.toMatchObject({ code: "INVALID_INPUT" });
    await expect(deleteFolder(db, { mailboxId, name: "Archive/Old projects" })).rejects.toMatchObject({ code: "CONFLICT", message: expect.stringMatching(/has subfolders/) });
    await expect(deleteFolder(db, { mailboxId, name: "inbox" })).rejects.toMatchObject({ code: "INVALID_INPUT" });
  });

  it.each([
    ["", /empty/],
    ["a/../b", /"\.\."/],
    ["bad\u0007name", /control characters/],
    [Array.from({ length: 33 }, () => "d").join("/"), /deeper than 32/],
    ["x".repeat(256), /longer than 255 bytes/],
    ["a//b", /level is empty/],
    ["/lead", /level is empty/],
    ["star*", /contains one of/],
  ])("refuses the folder name %j", async (name, message) => {
    const { db, mailboxId } = await createTestStore();
    await expect(createFolder(db, { mailboxId, name })).rejects.toMatchObject({ code: "INVALID_INPUT", message });
  });

  it("deletes a folder with its messages and gives back their quota; a re-created folder gets a new UIDVALIDITY", async () => {
    const { deps, db, mailboxId } = await createTestStore();
    const created = await createFolder(db, { mailboxId, name: "Temp" });
    await ingestMessage(deps, { mailboxId, folder: "Temp", raw: sampleMessage(), source: "import" });
    await deleteFolder(db, { mailboxId, name: "Temp" });
    expect((await db.mailbox.findUniqueOrThrow({ where: { id: mailboxId } })).usedBytes).toBe(0n);
    const again = await createFolder(db, { mailboxId, name: "Temp" });
    expect(again.uidValidity).toBeGreaterThan(created.uidValidity);
  });

  it("keeps subscriptions by name: new folders subscribed, renames carried, deletes leave them, any name unsubscribable", async () => {
    const { db, mailboxId } = await createTestStore();
    expect(await listSubscriptions(db, mailboxId)).toEqual(["Archive", "Drafts", "INBOX", "Junk", "Sent", "Trash"]);
    await createFolder(db, { mailboxId, name: "Work/Old" });
    await setSubscription(db, { mailboxId, name: "Work", isSubscribed: false });
    await renameFolder(db, { mailboxId, from: "Work", to: "Jobs" });
    // Jobs was not subscribed (Work was not); Jobs/Old carried Work/Old's subscription
    expect(await listSubscriptions(db, mailboxId)).toEqual(expect.arrayContaining(["Jobs/Old"]));
    expect(await listSubscriptions(db, mailboxId)).not.toContain("Jobs");
    expect(await listSubscriptions(db, mailboxId)).not.toContain("Work/Old");
    // RFC 9051 §6.3.7: deleting the folder does not unsubscribe it
    await deleteFolder(db, { mailboxId, name: "Jobs/Old" });
    expect(await listSubscriptions(db, mailboxId)).toContain("Jobs/Old");
    // creating the name again finds it subscribed; unsubscribing works with or without a folder
    await createFolder(db, { mailboxId, name: "Jobs/Old" });
    await deleteFolder(db, { mailboxId, name: "Jobs/Old" });
    await setSubscription(db, { mailboxId, name: "Jobs/Old", isSubscribed: false });
    expect(await listSubscriptions(db, mailboxId)).not.toContain("Jobs/Old");
    await expect(setSubscription(db, { mailboxId, name: "Nowhere", isSubscribed: true })).rejects.toMatchObject({ code: "NOT_FOUND" });
  });
});

describe("flags, expunge, copy and move", () => {
  it("sets, adds and removes flags with one new MODSEQ, honours UNCHANGEDSINCE, keeps counters exact", async () => {
    const { deps, db, mailboxId } = await createTestStore();
    for (let i = 0; i < 3; i++) await ingestMessage(deps, { mailboxId, folder: "INBOX", raw: sampleMessage(), source: "smtp" });
    const added = await updateFlags(db, { mailboxId, folder: "INBOX", uids: [[1, 2]], mode: "add", flags: ["\\Seen", "Work"] });
    expect(added.messages.map((m) => m.flags)).toEqual([["\\Seen", "Work"], ["\\Seen", "Work"]]);
    expect(new Set(added.messages.map((m) => m.modseq)).size).toBe(1);
    const stamp = added.messages[0]!.modseq;

    const removed = await updateFlags(db, { mailboxId, folder: "INBOX", uids: [[2, 3]], mode: "remove", flags: ["work"], unchangedSince: stamp - 1n });
    expect(removed.modified).toEqual([2]);
    expect(removed.messages.map((m) => [m.uid, m.changed])).toEqual([[3, false]]);

    const set = await updateFlags(db, { mailboxId, folder: "INBOX", uids: [[1, 3]], mode: "set", flags: ["\\Flagged"] });
    expect(set.messages.map((m) => m.flags)).toEqual([["\\Flagged"], ["\\Flagged"], ["\\Flagged"]]);
    const { stored, actual } = await counters(db, mailboxId, "INBOX");
    expect(stored).toEqual(actual);
  });

  it("expunges only \\Deleted messages (and only the given UIDs for UID EXPUNGE), giving back quota", async () => {
    const { deps, db, mailboxId } = await createTestStore();
    for (let i = 0; i < 4; i++) await ingestMessage(deps, { mailboxId, folder: "INBOX", raw: sampleMessage(), source: "smtp" });
    await updateFlags(db, { mailboxId, folder: "INBOX", uids: [[1, 3]], mode: "add", flags: ["\\Deleted"] });
    expect((await expungeMessages(db, { mailboxId, folder: "INBOX", uids: [[3, 4]] })).uids).toEqual([3]);
    expect((await expungeMessages(db, { mailboxId, folder: "INBOX" })).uids).toEqual([1, 2]);
    const { stored, actual, folder } = await counters(db, mailboxId, "INBOX");
    expect(stored).toEqual(actual);
    expect(stored.messageCount).toBe(1);
    expect((await db.mailbox.findUniqueOrThrow({ where: { id: mailboxId } })).usedBytes).toBe(BigInt(actual.totalBytes));
    expect((await db.change.findMany({ where: { folderId: folder.id, kind: "EXPUNGE" }, orderBy: { uid: "asc" } })).map((c) => c.uid)).toEqual([1, 2, 3]);
  });

  it("copies with COPYUID pairs and charges quota; moves atomically without charging", async () => {
    const { deps, db, mailboxId } = await createTestStore();
    for (let i = 0; i < 3; i++) await ingestMessage(deps, { mailboxId, folder: "INBOX", raw: sampleMessage({ body: `message ${i}` }), source: "smtp" });
    const used = async () => (await db.mailbox.findUniqueOrThrow({ where: { id: mailboxId } })).usedBytes;
    const before = await used();
    const copied = await copyMessages(db, { mailboxId, from: "INBOX", to: "Archive", uids: [[1, 2]] });
    expect(copied.pairs).toEqual([{ from: 1, to: 1 }, { from: 2, to: 2 }]);
    expect(await used()).toBeGreaterThan(before);

    const afterCopy = await used();
    const moved = await moveMessages(db, { mailboxId, from: "INBOX", to: "Archive", uids: [[2, 3]] });
    expect(moved.pairs).toEqual([{ from: 2, to: 3 }, { from: 3, to: 4 }]);
    expect(await used()).toBe(afterCopy);
    for (const name of ["INBOX", "Archive"]) {
      const { stored, actual } = await counters(db, mailboxId, name);
      expect(stored).toEqual(actual);
    }
    const inbox = await counters(db, mailboxId, "INBOX");
    expect(inbox.stored.messageCount).toBe(1);
  });
});

describe("collectBlobs", () => {
  it("deletes bytes unreferenced for the grace period, and orphaned files, and keeps the rest", async () => {
    const { deps, db, mailboxId, close } = await createTestStore({ ownDatabase: true }); // the collector acts on every row
    onTestFinished(close);
    const keptRaw = sampleMessage({ body: "keep me" });
    const kept = await ingestMessage(deps, { mailboxId, folder: "INBOX", raw: keptRaw, source: "smtp" });
    // One of each kind: a large message's file, a small message's bytes in its row.
    const gone = await ingestMessage(deps, { mailboxId, folder: "INBOX", raw: sampleMessage({ body: "delete me\r\n".repeat(4000) }), flags: ["\\Deleted"], source: "smtp" });
    const goneSmall = await ingestMessage(deps, { mailboxId, folder: "INBOX", raw: sampleMessage({ body: "delete me too" }), flags: ["\\Deleted"], source: "smtp" });
    await expungeMessages(db, { mailboxId, folder: "INBOX", uids: [[gone.uid, goneSmall.uid]] });
    expect((await db.blob.findUniqueOrThrow({ where: { hash: gone.blobHash } })).refCount).toBe(0);
    expect((await db.blob.findUniqueOrThrow({ where: { hash: goneSmall.blobHash } })).refCount).toBe(0);
    const orphan = sampleMessage({ body: "written, then the mailbox was full" });
    const orphanHash = createHash("sha256").update(orphan).digest("hex");
    await deps.blobs.put(orphanHash, orphan);

    const graceMs = 3_600_000;
    expect(await collectBlobs(deps, { graceMs })).toEqual({ blobsDeleted: 0, bytesFreed: 0, orphansDeleted: 0 });
    expect(await deps.blobs.has(gone.blobHash)).toBe(true);

    const later = new Date(Date.now() + graceMs + 60_000);
    expect(await collectBlobs(deps, { graceMs, now: later })).toEqual({ blobsDeleted: 2, bytesFreed: gone.size + goneSmall.size, orphansDeleted: 1 });
    expect(await db.blob.findUnique({ where: { hash: gone.blobHash } })).toBeNull();
    expect(await db.blob.findUnique({ where: { hash: goneSmall.blobHash } })).toBeNull();
    expect([await deps.blobs.has(gone.blobHash), await deps.blobs.has(orphanHash)]).toEqual([false, false]);
    expect(await readBlob(deps, kept.blobHash)).toEqual(keptRaw);
    expect(await db.blob.findUniqueOrThrow({ where: { hash: kept.blobHash } })).toMatchObject({ refCount: 1 });

    // The same bytes delivered again after collection are stored again, whole.
    const again = await ingestMessage(deps, { mailboxId, folder: "INBOX", raw: orphan, source: "smtp" });
    expect(await readBlob(deps, again.blobHash)).toEqual(orphan);
  });
});

describe("searchMessages", () => {
  it("answers flag, text, header, date, size, UID and boolean criteria", async () => {
    const { deps, db, mailboxId } = await createTestStore();
    const ingest = (raw: Buffer, flags: string[] = [], internalDate?: Date) => ingestMessage(deps, { mailboxId, folder: "INBOX", raw, flags, internalDate, source: "imap-append" });
    await ingest(sampleMessage({ subject: "Quarterly report", body: "Revenue grew by 12 percent." }), ["\\Seen"], new Date("2026-01-10T12:00:00Z"));
    await ingest(sampleMessage({ subject: "=?utf-8?q?Caf=C3=A9_meeting?=", body: "Let us meet at the café.", from: "Carol <carol@example.test>" }), ["Work"], new Date("2026-02-10T12:00:00Z"));
    await ingest(sampleMessage({ subject: "Lunch", body: "Pizza? 100% yes_please" + "x".repeat(5000) }), ["\\Flagged", "work"], new Date("2026-03-10T12:00:00Z"));
    const search = (key: Parameters<typeof searchMessages>[1]["key"]) => searchMessages(deps, { mailboxId, folder: "INBOX", key });

    expect(await search({ type: "all" })).toEqual([1, 2, 3]);
    expect(await search({ type: "flag", flag: "\\seen", isSet: false })).toEqual([2, 3]);
    // Keywords match in any case, as they are stored ("Work" and "work" are one keyword).
    expect(await search({ type: "flag", flag: "Work", isSet: true })).toEqual([2, 3]);
    expect(await search({ type: "flag", flag: "wORK", isSet: true })).toEqual([2, 3]);
    expect(await search({ type: "flag", flag: "work", isSet: false })).toEqual([1]);
    expect(await search({ type: "text", where: "body", value: "REVENUE" })).toEqual([1]);
    expect(await search({ type: "text", where: "body", value: "café" })).toEqual([2]);
    expect(await search({ type: "text", where: "body", value: "100% yes_" })).toEqual([3]);
    expect(await search({ type: "text", where: "body", value: "Lunch" })).toEqual([]);
    expect(await search({ type: "text", where: "text", value: "Lunch" })).toEqual([3]);
    expect(await search({ type: "header", field: "Subject", value: "café" })).toEqual([2]);
    expect(await search({ type: "header", field: "From", value: "carol" })).toEqual([2]);
    expect(await search({ type: "header", field: "To", value: "carol" })).toEqual([]);
    expect(await search({ type: "date", field: "internal", op: "on", day: "2026-02-10" })).toEqual([2]);
    expect(await search({ type: "date", field: "internal", op: "before", day: "2026-02-10" })).toEqual([1]);
    expect(await search({ type: "date", field: "sent", op: "since", day: "2026-11-29" })).toEqual([1, 2, 3]);
    expect(await search({ type: "size", op: "larger", bytes: 4000 })).toEqual([3]);
    expect(await search({ type: "uid", uids: [[2, 3]] })).toEqual([2, 3]);
    expect(await search({ type: "or", left: { type: "uid", uids: [[1, 1]] }, right: { type: "flag", flag: "\\Flagged", isSet: true } })).toEqual([1, 3]);
    expect(await search({ type: "not", key: { type: "text", where: "text", value: "meeting" } })).toEqual([1, 3]);
    expect(await search({ type: "and", keys: [{ type: "flag", flag: "\\Seen", isSet: false }, { type: "text", where: "text", value: "pizza" }] })).toEqual([3]);
    const { highestModseq } = await db.folder.findUniqueOrThrow({ where: { mailboxId_name: { mailboxId, name: "INBOX" } } });
    expect(await search({ type: "modseq", since: highestModseq })).toEqual([3]);
  });

  it("finds text before and after it is indexed, in copies too, and forgets expunged messages", async () => {
    const { deps, db, mailboxId, close } = await createTestStore({ ownDatabase: true }); // counts the whole queue
    onTestFinished(close);
    const sqlite = providerOf(db) === "sqlite";
    const queued = () => countQueuedText(prismaSql(db, "sqlite"));
    const bodySearch = (folder: string, value: string) => searchMessages(deps, { mailboxId, folder, key: { type: "text", where: "body", value } });
    const ingest = (body: string) => ingestMessage(deps, { mailboxId, folder: "INBOX", raw: sampleMessage({ body }), source: "smtp" });

    await ingest("The zebra crossing is closed.");
    await ingest("Nothing to see here.");
    // SQLite indexes behind deliveries: right after one, the text is queued, and found there.
    if (sqlite) expect(await queued()).toBe(2);
    expect(await bodySearch("INBOX", "ZEBRA cross")).toEqual([1]);

    // The writer thread indexes the queue once deliveries pause.
    if (sqlite) await expect.poll(queued, { timeout: 10_000 }).toBe(0);
    expect(await bodySearch("INBOX", "zebra crossing")).toEqual([1]);

    await ingest("A second zebra, not yet indexed.");
    if (sqlite) expect(await queued()).toBe(1);
    await copyMessages(db, { mailboxId, from: "INBOX", to: "Archive", uids: [[1, 3]] });
    expect(await bodySearch("Archive", "zebra")).toEqual([1, 3]);
    await updateFlags(db, { mailboxId, folder: "INBOX", uids: [[1, 3]], mode: "add", flags: ["\\Deleted"] });
    await expungeMessages(db, { mailboxId, folder: "INBOX" });
    expect(await bodySearch("INBOX", "zebra")).toEqual([]);
    expect(await bodySearch("Archive", "zebra")).toEqual([1, 3]);

    if (sqlite) {
      // Indexing in one go (as the writer thread does in batches) leaves the answers unchanged,
      // and expunged messages left nothing behind in the index or the queue.
      await db.$transaction((tx) => indexQueuedText(prismaSql(tx, "sqlite"), 1_000));
      expect(await queued()).toBe(0);
      expect(await bodySearch("Archive", "zebra")).toEqual([1, 3]);
      const [{ rows }] = await db.$queryRawUnsafe<{ rows: bigint }[]>(`SELECT count(*) AS "rows" FROM "MessageSearch"`);
      expect(Number(rows)).toBe(await db.message.count());
    }
  });

  it("finds a body term as an exact substring, whatever characters it holds, indexed or queued", async () => {
    const { deps, db, mailboxId } = await createTestStore();
    const sqlite = providerOf(db) === "sqlite";
    const bodySearch = (value: string) => searchMessages(deps, { mailboxId, folder: "INBOX", key: { type: "text", where: "body", value } });
    const bodies = ['Prices 50%_off today, "quoted" words.', "Prices 50xyoff and xzy and a quote.", "Größe naïve ab", "GRÖSSE NAÏVE"];
    for (const body of bodies) await ingestMessage(deps, { mailboxId, folder: "INBOX", raw: sampleMessage({ body }), source: "smtp" });
    const expectations: [string, number[]][] = [
      ["50%_off", [1]], // % and _ are characters, not wildcards
      ["x%y", []],
      ['"quoted"', [1]],
      ['"', [1]],
      ["ab", [3]], // shorter than a trigram
      ["b", [3]],
      ["NAÏVE", [3, 4]],
      ["größe", [3]],
      ["quote", [1, 2]],
    ];
    const answers = async () => Promise.all(expectations.map(async ([term]) => [term, await bodySearch(term)]));
    // The same answers from the queue (SQLite, right after delivery) and from the index.
    expect(await answers()).toEqual(expectations);
    if (sqlite) {
      await db.$transaction((tx) => indexQueuedText(prismaSql(tx, "sqlite"), 100_000));
      expect(await answers()).toEqual(expectations);
    }
  });
});
