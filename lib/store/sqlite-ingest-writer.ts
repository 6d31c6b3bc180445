import { createRequire } from "node:module";
import path from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { Worker } from "node:worker_threads";
import type { IngestResult, PreparedIngest } from "./commit-ingests.ts";
import type { Settled } from "./group-commit.ts";
import { fromWire, type WireOutcome, type WriterReply, type WriterRequest, type WriterWork } from "./sqlite-ingest-wire.ts";
import type { StoreWriteName, StoreWrites } from "./store-writes.ts";

/**
 * The store's SQLite writes on a thread of their own, with its own connection to the SQLite file
 * (sqlite-ingest-worker.ts runs them there, on better-sqlite3 directly): groups of ingested
 * messages (commit-ingests.ts), and the writes an IMAP session makes for nearly every command
 * (store-writes.ts: flag changes, expunges). One thread, so they queue behind each other and
 * behind the full-text indexing instead of fighting over SQLite's one write lock.
 *
 * Why a thread: better-sqlite3 is synchronous, so on the process's thread every statement and the
 * commit's fsync stop everything else (parsing the next messages, answering other sessions); and
 * Prisma's per-statement work cost as much as SQLite's own. On its own thread the commit runs in
 * parallel with the preparation of the next group. The thread never waits on the process while it
 * holds the write lock, so the process's own Prisma writes, which block its thread while they wait
 * for that lock, cannot deadlock with it.
 */
export type IngestWriter = (items: PreparedIngest[]) => Promise<Settled<IngestResult[]>[]>;

/** Runs one of the store's writes (store-writes.ts) in a transaction on the thread. */
export type StoreWriter = <N extends StoreWriteName>(name: N, input: Parameters<StoreWrites[N]>[1]) => ReturnType<StoreWrites[N]>;

type WriterThread = { ingest: IngestWriter; write: StoreWriter };

// The worker is TypeScript, loaded through tsx's API: Node 20 does not apply `--import tsx`
// loader hooks to a worker's entry module. A failure to load is rethrown as the worker's error.
const BOOTSTRAP = `
const { workerData } = require("node:worker_threads");
import(workerData.tsx)
  .then((tsx) => tsx.tsImport(workerData.entry, workerData.entry))
  .catch((error) => setImmediate(() => { throw error; }));
`;

/**
 * Where the worker's source and tsx are. Beside this file; Next.js's server bundle keeps
 * import.meta.url pointing at the source file but has no import.meta.resolve, so there tsx is
 * found from the project root, the web process's working directory.
 */
function workerSources(): { entry: string; tsx: string } {
  // Not `new URL("./…", import.meta.url)`: a bundler takes that for an asset and rewrites it.
  const entry = pathToFileURL(path.join(path.dirname(fileURLToPath(import.meta.url)), "sqlite-ingest-worker.ts")).href;
  if (typeof import.meta.resolve === "function") return { entry, tsx: import.meta.resolve("tsx/esm/api") };
  // require.resolve finds the CommonJS build of tsx's API; the worker imports its ES module twin.
  const tsxApi = createRequire(path.resolve(/*turbopackIgnore: true*/ process.cwd(), "package.json")).resolve("tsx/esm/api").replace(/\.cjs$/, ".mjs");
  return { entry, tsx: pathToFileURL(tsxApi).href };
}

type Pending = { resolve: (outcomes: WireOutcome[]) => void; reject: (error: unknown) => void };

const threads = new Map<string, WriterThread>();

/** The process's writer thread for a database file, started on first use. */
function writerThread(file: string): WriterThread {
  let thread = threads.get(file);
  if (!thread) {
    thread = startWriterThread(file);
    threads.set(file, thread);
  }
  return thread;
}

/** Commits groups of ingests on the writer thread. */
export function sqliteIngestWriter(file: string): IngestWriter {
  return writerThread(file).ingest;
}

/** Runs the store's other writes (flags, expunges) on the writer thread. */
export function sqliteStoreWriter(file: string): StoreWriter {
  return writerThread(file).write;
}

function startWriterThread(file: string): WriterThread {
  const pending = new Map<number, Pending>();
  let nextId = 1;
  const worker = new Worker(BOOTSTRAP, { eval: true, workerData: { file, ...workerSources() } });
  const fail = (error: unknown) => {
    if (threads.get(file) === thread) threads.delete(file); // the next write starts a new thread
    for (const { reject } of pending.values()) reject(error);
    pending.clear();
  };
  worker.on("message", ({ id, outcomes }: WriterReply) => {
    const request = pending.get(id);
    pending.delete(id);
    if (pending.size === 0) worker.unref();
    request?.resolve(outcomes);
  });
  worker.on("error", fail);
  worker.on("exit", (code) => fail(new Error(`The SQLite writer thread exited (code ${code}).`)));
  // After the listeners (a "message" listener refs the worker again): an idle writer never keeps
  // the process alive; one with work in flight does, until it is answered.
  worker.unref();

  const post = (work: WriterWork) =>
    new Promise<WireOutcome[]>((resolve, reject) => {
      const id = nextId++;
      pending.set(id, { resolve, reject });
      if (pending.size === 1) worker.ref();
      worker.postMessage({ ...work, id } satisfies WriterRequest);
    });
  const thread: WriterThread = {
    ingest: async (items) => (await post({ kind: "ingest", items })).map((outcome) => fromWire<IngestResult[]>(outcome)),
    write: (async (name: StoreWriteName, input: unknown) => {
      const [outcome] = await post({ kind: "write", name, input });
      const settled = fromWire(outcome!);
      if (!settled.ok) throw settled.error;
      return settled.value;
    }) as StoreWriter,
  };
  return thread;
}
