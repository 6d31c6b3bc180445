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
// A batch: the files written one after another, one answer for all (see POOL_SIZE).
parentPort.on("message", ({ batch }) => {
  const errors = batch.map((request) => {
    try {
      write(request);
      return null;
    } catch (error) {
      return { message: String(error && error.message), code: error && error.code };
    }
  });
  parentPort.postMessage(errors);
});
`;

/**
 * Threads mostly wait on fsync, not the CPU: a few let the disk work on several files at once.
 * Writes that arrive while every thread is busy wait and go to the next free one together, in one
 * message and one answer: waking a thread costs about as much as writing a small file, so under
 * load a thread's wake-up is shared by a batch, and alone a write starts at once.
 */
const POOL_SIZE = 2;
/** Files in one batch at most, so no batch holds the ones behind it for long. */
const BATCH_LIMIT = 64;

type WriteError = { message: string; code?: string } | null;
type Request = { file: string; bytes: Buffer; resolve: () => void; reject: (error: Error) => void };
type Slot = { worker: Worker; batch: Request[] | null };

export type DurableWriter = {
  /**
   * Writes `bytes` to `file` (absolute path); durable when the promise resolves. When the file
   * exists (content-addressed: same bytes) it only gets a new modification time.
   */
  write(file: string, bytes: Buffer): Promise<void>;
};

export function createDurableWriter(): DurableWriter {
  let slots: Slot[] | null = null;
  const queue: Request[] = [];

  const dispatch = () => {
    for (const slot of slots ?? []) {
      if (queue.length === 0) return;
      if (slot.batch) continue;
      const batch = queue.splice(0, BATCH_LIMIT);
      slot.batch = batch;
      slot.worker.ref(); // a write in flight keeps the process alive until done
      slot.worker.postMessage({ batch: batch.map(({ file, bytes }) => ({ file, bytes })) });
    }
  };

  const start = (): Slot[] =>
    Array.from({ length: POOL_SIZE }, () => {
      const slot: Slot = { worker: new Worker(WORKER_SOURCE, { eval: true }), batch: null };
      slot.worker.on("message", (errors: WriteError[]) => {
        const batch = slot.batch ?? [];
        slot.batch = null;
        slot.worker.unref();
        batch.forEach((request, i) => {
          const error = errors[i];
          if (error) request.reject(Object.assign(new Error(error.message), { code: error.code }));
          else request.resolve();
        });
        dispatch();
      });
      slot.worker.on("error", (error) => {
        for (const request of slot.batch ?? []) request.reject(error);
        slot.batch = null;
        slots = slots?.filter((other) => other !== slot) ?? null;
        if (slots?.length === 0) slots = null;
        if (queue.length > 0) {
          slots ??= start(); // a new pool when the last thread died
          dispatch();
        }
      });
      // After the listeners: adding a "message" listener refs the worker's port again.
      slot.worker.unref(); // an idle pool never keeps the process alive
      return slot;
    });

  return {
    write(file, bytes) {
      return new Promise<void>((resolve, reject) => {
        queue.push({ file, bytes, resolve, reject });
        slots ??= start();
        dispatch();
      });
    },
  };
}
