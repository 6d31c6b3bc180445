import { Worker } from "node:worker_threads";

/**
 * Writes files durably on a small pool of worker threads: the temporary file is written and
 * fsync'd, renamed into place, and the directory fsync'd, so an acknowledged file survives a
 * crash or power cut, and a crash mid-write never leaves a partial file under the final name.
 *
 * Why threads: done with fs/promises, each file takes about ten thread-pool round trips, each
 * waiting for a free turn of the event loop; while the loop is busy (parsing, SQLite), a delivery
 * spends most of its time waiting for those turns. A worker does the whole sequence in one request.
 * The worker's source is inline so it runs the same under tsx, vitest and Next.js's bundler.
 */
const WORKER_SOURCE = `
const { parentPort } = require("node:worker_threads");
const fs = require("node:fs");
const path = require("node:path");
const crypto = require("node:crypto");
function syncDirectory(dir) {
  const fd = fs.openSync(dir, "r");
  try { fs.fsyncSync(fd); } finally { fs.closeSync(fd); }
}
// Directories known to exist (and to be durable): each write would otherwise ask the kernel again.
// At most 65,536 (blobs live in two levels of two hex digits).
const knownDirectories = new Set();
function makeDirectory(dir) {
  if (knownDirectories.has(dir)) return;
  const firstCreated = fs.mkdirSync(dir, { recursive: true });
  if (firstCreated) {
    for (let current = dir; ; current = path.dirname(current)) {
      syncDirectory(path.dirname(current));
      if (current === path.resolve(firstCreated)) break;
    }
  }
  knownDirectories.add(dir);
}
function write({ file, bytes }) {
  // An existing blob is marked as just used: a collector deleting idle blobs then leaves it.
  try {
    const now = new Date();
    fs.utimesSync(file, now, now);
    return;
  } catch (error) {
    if (error.code !== "ENOENT") throw error;
  }
  const dir = path.dirname(file);
  makeDirectory(dir);
  const temporary = path.join(dir, ".tmp-" + crypto.randomBytes(8).toString("hex"));
  const fd = fs.openSync(temporary, "wx", 0o600);
  try {
    let written = 0;
    while (written < bytes.length) written += fs.writeSync(fd, bytes, written, bytes.length - written);
    fs.fsyncSync(fd);
  } finally {
    fs.closeSync(fd);
  }
  try {
    fs.renameSync(temporary, file);
  } catch (error) {
    try { fs.unlinkSync(temporary); } catch { /* the rename error is the one to report */ }
    throw error;
  }
  syncDirectory(dir);
}
parentPort.on("message", (request) => {
  try {
    write(request);
    parentPort.postMessage({ id: request.id });
  } catch (error) {
    parentPort.postMessage({ id: request.id, error: { message: String(error && error.message), code: error && error.code } });
  }
});
`;

/** Threads mostly wait on fsync, not the CPU: a few more than cores lets the disk batch them. */
const POOL_SIZE = 8;

type Reply = { id: number; error?: { message: string; code?: string } };
type Slot = { worker: Worker; inFlight: number };

export type DurableWriter = {
  /**
   * Writes `bytes` to `file` (absolute path); durable when the promise resolves. When the file
   * exists (content-addressed: same bytes) it only gets a new modification time.
   */
  write(file: string, bytes: Buffer): Promise<void>;
};

export function createDurableWriter(): DurableWriter {
  let slots: Slot[] | null = null;
  let nextId = 0;
  const pending = new Map<number, { resolve: () => void; reject: (error: Error) => void; slot: Slot }>();

  const start = (): Slot[] =>
    Array.from({ length: POOL_SIZE }, () => {
      const slot: Slot = { worker: new Worker(WORKER_SOURCE, { eval: true }), inFlight: 0 };
      slot.worker.on("message", (reply: Reply) => {
        const request = pending.get(reply.id);
        if (!request) return;
        pending.delete(reply.id);
        slot.inFlight -= 1;
        if (slot.inFlight === 0) slot.worker.unref();
        if (reply.error) request.reject(Object.assign(new Error(reply.error.message), { code: reply.error.code }));
        else request.resolve();
      });
      slot.worker.on("error", (error) => {
        for (const [id, request] of pending) {
          if (request.slot !== slot) continue;
          pending.delete(id);
          request.reject(error);
        }
        slots = slots?.filter((other) => other !== slot) ?? null;
        if (slots?.length === 0) slots = null;
      });
      // After the listeners: adding a "message" listener refs the worker's port again.
      slot.worker.unref(); // an idle pool never keeps the process alive
      return slot;
    });

  return {
    write(file, bytes) {
      slots ??= start();
      const slot = slots.reduce((least, candidate) => (candidate.inFlight < least.inFlight ? candidate : least));
      const id = nextId++;
      return new Promise<void>((resolve, reject) => {
        pending.set(id, { resolve, reject, slot });
        if (slot.inFlight === 0) slot.worker.ref(); // a write in flight keeps the process alive until done
        slot.inFlight += 1;
        slot.worker.postMessage({ id, file, bytes });
      });
    },
  };
}
