import { spawn, type ChildProcess } from "node:child_process";
import { createHash } from "node:crypto";
import { createInterface } from "node:readline";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { ingestMessage } from "./ingest-message.ts";
import { startChangeFeed, type ChangeEvent } from "./change-feed.ts";
import { updateFlags } from "./update-flags.ts";
import { moveMessages } from "./transfer-messages.ts";
import { expungeMessages } from "./expunge-messages.ts";
import { readBlob } from "./message-bytes.ts";
import { configuredDatabaseTarget } from "../database-url.ts";
import { createTestStore, sampleMessage } from "../../scripts/test-support/store-fixtures.ts";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");
const worker = path.join(root, "scripts/test-support/ingest-worker.ts");

type Worker = { child: ChildProcess; acknowledged: { uid: number; hash: string }[]; exited: Promise<number | null>; waitFor(n: number): Promise<void> };

function startWorker(blobDir: string, mailboxId: string, count: number, tag: string): Worker {
  const child = spawn(process.execPath, ["--import", "tsx", worker, blobDir, mailboxId, String(count), tag], { cwd: root, stdio: ["ignore", "pipe", "inherit"] });
  const acknowledged: Worker["acknowledged"] = [];
  const waiters: { n: number; resolve: () => void }[] = [];
  createInterface({ input: child.stdout! }).on("line", (line) => {
    const match = /^ok (\d+) ([0-9a-f]{64})$/.exec(line);
    if (match) acknowledged.push({ uid: Number(match[1]), hash: match[2]! });
    for (const waiter of waiters.filter((w) => acknowledged.length >= w.n)) waiter.resolve();
  });
  const exited = new Promise<number | null>((resolve) => child.once("exit", (code) => resolve(code)));
  return { child, acknowledged, exited, waitFor: (n) => new Promise((resolve) => (acknowledged.length >= n ? resolve() : waiters.push({ n, resolve }))) };
}

async function expectConsistent(store: Awaited<ReturnType<typeof createTestStore>>) {
  const { db, mailboxId, deps } = store;
  const folder = await db.folder.findUniqueOrThrow({ where: { mailboxId_name: { mailboxId, name: "INBOX" } } });
  const messages = await db.message.findMany({ where: { folderId: folder.id }, orderBy: { uid: "asc" } });
  const uids = messages.map((m) => m.uid);
  expect(new Set(uids).size).toBe(uids.length);
  expect(folder.messageCount).toBe(messages.length);
  expect(folder.unseenCount).toBe(messages.filter((m) => !m.isSeen).length);
  expect(Number(folder.totalBytes)).toBe(messages.reduce((s, m) => s + m.size, 0));
  expect(Math.max(0, ...uids)).toBeLessThan(folder.uidNext);
  for (const message of messages) {
    const bytes = await readBlob(deps, message.blobHash);
    expect(createHash("sha256").update(bytes).digest("hex")).toBe(message.blobHash);
    expect(bytes.length).toBe(message.size);
  }
  return { folder, messages };
}

describe("the store across processes", () => {
  it("two processes ingesting into one folder never share a UID, and the counters stay exact", async () => {
    const store = await createTestStore();
    const a = startWorker(store.blobDir, store.mailboxId, 60, "a");
    const b = startWorker(store.blobDir, store.mailboxId, 60, "b");
    expect(await a.exited).toBe(0);
    expect(await b.exited).toBe(0);
    const { messages } = await expectConsistent(store);
    expect(messages.map((m) => m.uid)).toEqual(Array.from({ length: 120 }, (_, i) => i + 1));
    // Each process saw its own UIDs strictly increase.
    for (const w of [a, b]) expect(w.acknowledged.map((x) => x.uid)).toEqual([...w.acknowledged.map((x) => x.uid)].sort((x, y) => x - y));
  }, 120_000);

  it("flag changes, moves and expunges in one process while another ingests: no deadlock, no busy error, exact counters", async () => {
    const store = await createTestStore();
    const { db, mailboxId } = store;
    const w = startWorker(store.blobDir, mailboxId, 80, "mix");
    let operations = 0;
    let isDone = false;
    await w.waitFor(1);
    void w.exited.then(() => (isDone = true));
    while (!isDone) {
      const uid = Math.max(1, w.acknowledged.length - 2);
      await updateFlags(db, { mailboxId, folder: "INBOX", uids: [[1, uid]], mode: "add", flags: ["\\Seen"] });
      await moveMessages(db, { mailboxId, from: "INBOX", to: "Archive", uids: [[uid, uid]] });
      await updateFlags(db, { mailboxId, folder: "Archive", uids: [[1, 1_000_000]], mode: "add", flags: ["\\Deleted"] });
      await expungeMessages(db, { mailboxId, folder: "Archive" });
      operations += 4;
      // Let the writer make progress before the next round: SQLite's lock is not fair, and a
      // process writing in a tight loop can starve another process's writers (see the store notes).
      await Promise.race([w.waitFor(w.acknowledged.length + 1), w.exited]);
    }
    expect(await w.exited).toBe(0);
    expect(operations).toBeGreaterThan(0);
    await expectConsistent(store);
    const archive = await db.folder.findUniqueOrThrow({ where: { mailboxId_name: { mailboxId, name: "Archive" } } });
    expect(archive.messageCount).toBe(await db.message.count({ where: { folderId: archive.id } }));
  }, 120_000);

  it("kill -9 during ingest loses no acknowledged message, shows no half-written one, reuses no UID", async () => {
    const store = await createTestStore();
    const w = startWorker(store.blobDir, store.mailboxId, 1000, "k");
    await w.waitFor(40);
    w.child.kill("SIGKILL");
    await w.exited;
    const { messages } = await expectConsistent(store);
    const byUid = new Map(messages.map((m) => [m.uid, m]));
    for (const ack of w.acknowledged) expect(byUid.get(ack.uid)?.blobHash).toBe(ack.hash);
    expect(messages.length).toBeGreaterThanOrEqual(w.acknowledged.length);
    const highest = Math.max(...messages.map((m) => m.uid));
    const next = await ingestMessage(store.deps, { mailboxId: store.mailboxId, folder: "INBOX", raw: sampleMessage(), source: "smtp" });
    expect(next.uid).toBeGreaterThan(highest);
    await expectConsistent(store);
  }, 120_000);

  it("a reader process learns of a writer process's change in under a second", async () => {
    const store = await createTestStore();
    const feed = await startChangeFeed(store.db, configuredDatabaseTarget());
    try {
      const events: ChangeEvent[] = [];
      let resolveSeen: () => void;
      const seen = new Promise<void>((resolve) => (resolveSeen = resolve));
      feed.subscribe(store.mailboxId, (_mailbox, batch) => {
        events.push(...batch);
        if (events.some((e) => e.kind === "APPEND")) resolveSeen();
      });
      const w = startWorker(store.blobDir, store.mailboxId, 1, "feed");
      await w.waitFor(1);
      const acknowledgedAt = Date.now();
      await seen;
      expect(Date.now() - acknowledgedAt).toBeLessThan(1000);
      expect(events.find((e) => e.kind === "APPEND")).toMatchObject({ kind: "APPEND", uid: w.acknowledged[0]!.uid });
      await w.exited;
    } finally {
      await feed.close();
    }
  }, 60_000);
});
