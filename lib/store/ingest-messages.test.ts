import { describe, expect, it } from "vitest";
import { ingestMessage, ingestMessages, type MessageInput } from "./ingest-message.ts";
import { readBlob, INLINE_BLOB_MAX_BYTES } from "./message-bytes.ts";
import { createTestStore, sampleMessage } from "../../scripts/test-support/store-fixtures.ts";

// ingestMessages: several messages into one folder in one commit, all or nothing (IMAP MULTIAPPEND).

type TestStore = Awaited<ReturnType<typeof createTestStore>>;

/** What a folder holds: its counters and UIDNEXT, its messages' UIDs and its change-feed entries. */
async function folderContents({ db, mailboxId }: TestStore, name: string) {
  const folder = await db.folder.findUniqueOrThrow({ where: { mailboxId_name: { mailboxId, name } } });
  const messages = await db.message.findMany({ where: { folderId: folder.id }, orderBy: { uid: "asc" } });
  const changes = await db.change.findMany({ where: { folderId: folder.id }, orderBy: { id: "asc" } });
  const { usedBytes } = await db.mailbox.findUniqueOrThrow({ where: { id: mailboxId } });
  return { folder, messages, changes, usedBytes };
}

const messagesOf = (raws: Buffer[]): MessageInput[] => raws.map((raw) => ({ raw }));

describe("ingestMessages", () => {
  it("stores several messages with consecutive UIDs, one MODSEQ, their flags and dates, and a change each", async () => {
    const store = await createTestStore();
    const { deps, mailboxId } = store;
    const before = await ingestMessage(deps, { mailboxId, folder: "Drafts", raw: sampleMessage({ subject: "before" }), source: "smtp" });
    const raws = [sampleMessage({ subject: "one" }), sampleMessage({ subject: "two" }), sampleMessage({ subject: "three" })];
    const date = new Date("2024-01-02T03:04:05Z");
    const results = await ingestMessages(deps, {
      mailboxId,
      folder: "Drafts",
      source: "imap-append",
      messages: [{ raw: raws[0]!, flags: ["\\Seen", "$Label"] }, { raw: raws[1]!, internalDate: date }, { raw: raws[2]!, flags: ["\\Draft"] }],
    });

    expect(results.map((r) => r.uid)).toEqual([2, 3, 4]);
    expect(new Set(results.map((r) => r.modseq)).size).toBe(1);
    expect(results[0]!.modseq).toBeGreaterThan(before.modseq);
    expect(results.every((r) => r.uidValidity === before.uidValidity)).toBe(true);
    const { folder, messages, changes, usedBytes } = await folderContents(store, "Drafts");
    expect(messages.map((m) => [m.uid, m.subject, m.isSeen, m.keywords, m.isDraft])).toEqual([
      [1, "before", false, "", false],
      [2, "one", true, "$Label", false],
      [3, "two", false, "", false],
      [4, "three", false, "", true],
    ]);
    expect(messages[2]!.internalDate).toEqual(date);
    expect([folder.uidNext, folder.messageCount, folder.unseenCount, folder.highestModseq]).toEqual([5, 4, 3, results[0]!.modseq]);
    expect(usedBytes).toBe(BigInt(before.size + raws.reduce((sum, raw) => sum + raw.length, 0)));
    expect(changes.map((c) => [c.kind, c.uid, c.modseq])).toEqual([["APPEND", 1, before.modseq], ...results.map((r) => ["APPEND", r.uid, r.modseq])]);
    for (const [i, result] of results.entries()) expect(await readBlob(deps, result.blobHash)).toEqual(raws[i]);
  });

  it("keeps its UIDs consecutive among concurrent single deliveries to the same folder", async () => {
    const store = await createTestStore();
    const { deps, mailboxId } = store;
    const batch = Array.from({ length: 6 }, (_, i) => sampleMessage({ subject: `batch ${i}` }));
    const singles = Array.from({ length: 6 }, (_, i) => sampleMessage({ subject: `single ${i}` }));
    const [batchResults, ...singleResults] = await Promise.all([
      ingestMessages(deps, { mailboxId, folder: "INBOX", source: "imap-append", messages: messagesOf(batch) }),
      ...singles.map((raw) => ingestMessage(deps, { mailboxId, folder: "INBOX", raw, source: "smtp" })),
    ]);
    const uids = batchResults.map((r) => r.uid);
    expect(uids).toEqual(Array.from({ length: 6 }, (_, i) => uids[0]! + i));
    const all = [...uids, ...singleResults.map((r) => r.uid)].sort((a, b) => a - b);
    expect(all).toEqual(Array.from({ length: 12 }, (_, i) => i + 1));
    expect((await folderContents(store, "INBOX")).messages).toHaveLength(12);
  });

  it("stores none of them when their sum is over quota, though each alone would fit; single deliveries still go in", async () => {
    const raws = Array.from({ length: 3 }, (_, i) => sampleMessage({ messageId: `<quota-${i}@example.test>` }));
    const size = raws[0]!.length;
    const store = await createTestStore({ quotaBytes: BigInt(size * 2) });
    const { deps, mailboxId } = store;
    const empty = await folderContents(store, "INBOX");

    await expect(ingestMessages(deps, { mailboxId, folder: "INBOX", source: "imap-append", messages: messagesOf(raws) })).rejects.toMatchObject({ code: "QUOTA_EXCEEDED" });
    const after = await folderContents(store, "INBOX");
    expect(after.messages).toHaveLength(0);
    expect(after.changes).toHaveLength(0);
    expect(after.usedBytes).toBe(0n);
    expect([after.folder.uidNext, after.folder.highestModseq, after.folder.messageCount, after.folder.totalBytes]).toEqual([empty.folder.uidNext, empty.folder.highestModseq, 0, 0n]);

    // Alongside deliveries that fit, in one group or not: the batch fails alone, the deliveries commit.
    const outcomes = await Promise.allSettled([
      ingestMessages(deps, { mailboxId, folder: "INBOX", source: "imap-append", messages: messagesOf(raws) }),
      ingestMessage(deps, { mailboxId, folder: "INBOX", raw: raws[0]!, source: "smtp" }),
      ingestMessage(deps, { mailboxId, folder: "INBOX", raw: raws[1]!, source: "smtp" }),
    ]);
    expect(outcomes.map((o) => o.status)).toEqual(["rejected", "fulfilled", "fulfilled"]);
    expect(outcomes[0]).toMatchObject({ reason: { code: "QUOTA_EXCEEDED" } });
    const filled = await folderContents(store, "INBOX");
    expect(filled.messages.map((m) => m.uid)).toEqual([1, 2]);
    expect(filled.usedBytes).toBe(BigInt(size * 2));
  });

  it("refuses all of them for a missing folder, a message over the size limit or bad flags, storing nothing", async () => {
    const store = await createTestStore({ maxMessageBytes: 4 * INLINE_BLOB_MAX_BYTES });
    const { deps, db, mailboxId } = store;
    const large = sampleMessage({ body: "x".repeat(2 * INLINE_BLOB_MAX_BYTES) });
    const ingest = (folder: string, messages: MessageInput[]) => ingestMessages(deps, { mailboxId, folder, source: "imap-append", messages });

    await expect(ingest("Nope", [{ raw: sampleMessage() }, { raw: large }])).rejects.toMatchObject({ code: "NOT_FOUND", details: { tryCreate: true } });
    await expect(ingest("INBOX", [{ raw: sampleMessage() }, { raw: Buffer.alloc(5 * INLINE_BLOB_MAX_BYTES, 65) }])).rejects.toMatchObject({ code: "TOO_LARGE" });
    await expect(ingest("INBOX", [{ raw: sampleMessage() }, { raw: sampleMessage(), flags: ["\\Recent"] }])).rejects.toMatchObject({ code: "INVALID_INPUT" });
    expect(await db.message.count({ where: { mailboxId } })).toBe(0);
    expect((await folderContents(store, "INBOX")).usedBytes).toBe(0n);
    expect(await ingestMessages(deps, { mailboxId, folder: "INBOX", source: "imap-append", messages: [] })).toEqual([]);

    // A large message's file is written before the commit, as for a single delivery.
    const [small, file] = await ingest("INBOX", [{ raw: sampleMessage() }, { raw: large }]);
    expect(await deps.blobs.has(small!.blobHash)).toBe(false);
    expect(await deps.blobs.get(file!.blobHash)).toEqual(large);
    expect([small!.uid, file!.uid]).toEqual([1, 2]);
  });
});
