import { Worker } from "node:worker_threads";
import type { IngestResult, PreparedIngest } from "./commit-ingests.ts";
import type { Settled } from "./group-commit.ts";
import { fromWire, type CommitReply, type CommitRequest } from "./sqlite-ingest-wire.ts";

/**
 * Commits groups of ingested messages on a thread of their own, with its own connection to the
 * SQLite file (sqlite-ingest-worker.ts runs commit-ingests.ts there, on better-sqlite3 directly).
 *
 * Why a thread: better-sqlite3 is synchronous, so on the process's thread every statement and the
 * commit's fsync stop everything else (parsing the next messages, answering other sessions); and
 * Prisma's per-statement work cost as much as SQLite's own. On its own thread the commit runs in
 * parallel with the preparation of the next group. The thread never waits on the process while it
 * holds the write lock, so the process's own Prisma writes, which block its thread while they wait
 * for that lock, cannot deadlock with it.
 */
export type IngestWriter = (items: PreparedIngest[]) => Promise<Settled<IngestResult[]>[]>;

// The worker is TypeScript, loaded through tsx's API: Node 20 does not apply `--import tsx`
// loader hooks to a worker's entry module. A failure to load is rethrown as the worker's error.
const BOOTSTRAP = `
const { workerData } = require("node:worker_threads");
import(workerData.tsx)
  .then((tsx) => tsx.tsImport(workerData.entry, workerData.entry))
  .catch((error) => setImmediate(() => { throw error; }));
`;

type Pending = { resolve: (outcomes: Settled<IngestResult[]>[]) => void; reject: (error: unknown) => void };

const writers = new Map<string, IngestWriter>();

/** The process's writer thread for a database file, started on first use. */
export function sqliteIngestWriter(file: string): IngestWriter {
  let writer = writers.get(file);
  if (!writer) {
    writer = startWriter(file);
    writers.set(file, writer);
  }
  return writer;
}

function startWriter(file: string): IngestWriter {
  const pending = new Map<number, Pending>();
  let nextId = 1;
  const worker = new Worker(BOOTSTRAP, { eval: true, workerData: { file, entry: new URL("./sqlite-ingest-worker.ts", import.meta.url).href, tsx: import.meta.resolve("tsx/esm/api") } });
  const fail = (error: unknown) => {
    if (writers.get(file) === write) writers.delete(file); // the next ingest starts a new thread
    for (const { reject } of pending.values()) reject(error);
    pending.clear();
  };
  worker.on("message", ({ id, outcomes }: CommitReply) => {
    const request = pending.get(id);
    pending.delete(id);
    if (pending.size === 0) worker.unref();
    request?.resolve(outcomes.map(fromWire));
  });
  worker.on("error", fail);
  worker.on("exit", (code) => fail(new Error(`The SQLite writer thread exited (code ${code}).`)));
  // After the listeners (a "message" listener refs the worker again): an idle writer never keeps
  // the process alive; one with a commit in flight does, until the commit is answered.
  worker.unref();

  const write: IngestWriter = (items) =>
    new Promise((resolve, reject) => {
      const id = nextId++;
      pending.set(id, { resolve, reject });
      if (pending.size === 1) worker.ref();
      worker.postMessage({ id, items } satisfies CommitRequest);
    });
  return write;
}
