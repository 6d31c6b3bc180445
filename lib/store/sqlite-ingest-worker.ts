import { parentPort, workerData } from "node:worker_threads";
import Database from "better-sqlite3";
import { SQLITE_BUSY_TIMEOUT_MS, SQLITE_PRAGMAS } from "../sqlite-pragmas.ts";
import { connectionSql, connectionTransact } from "../sqlite-connection-sql.ts";
import { countQueuedText, indexQueuedText } from "../db-full-text.ts";
import { commitIngests, type PreparedIngest } from "./commit-ingests.ts";
import { toWire, type WireOutcome, type WriterReply, type WriterRequest } from "./sqlite-ingest-wire.ts";
import { STORE_WRITES, type StoreWriteName } from "./store-writes.ts";
import type { Sql } from "../sql.ts";

// The SQLite writer thread (see sqlite-ingest-writer.ts): its own connection to the database file,
// committing the groups the process's ingests send it and running its other writes (store-writes.ts),
// one at a time, and moving queued text into the full-text index when deliveries pause.

/** Rows indexed per transaction: some 40 ms of work, so a delivery arriving meanwhile waits little. */
const INDEX_BATCH = 50;
/** Deliveries have paused when none has come for this long. */
const PAUSE_MS = 100;
/**
 * A queue this long is indexed even while deliveries go on: every search scans the whole queue (all
 * mailboxes' queued text), so under steady mail it must stay short. Deliveries then share the
 * thread with indexing, which costs the MX some of its peak rate.
 */
const MAX_QUEUED = 1_000;
/** After a failed indexing transaction (another process held the lock too long), try again this much later. */
const RETRY_MS = 1_000;

const connection = new Database((workerData as { file: string }).file, { timeout: SQLITE_BUSY_TIMEOUT_MS });
for (const pragma of SQLITE_PRAGMAS) connection.pragma(pragma);
const transact = connectionTransact(connection);

let queued = await countQueuedText(connectionSql(connection)); // left by an earlier run, or another process
let lastCommitAt = 0;
let indexTimer: NodeJS.Timeout | undefined;

parentPort!.on("message", async (request: WriterRequest) => {
  parentPort!.postMessage({ id: request.id, outcomes: request.kind === "ingest" ? await commitUnits(request.items) : [await runWrite(request.name, request.input)] } satisfies WriterReply);
});

async function commitUnits(items: PreparedIngest[]): Promise<WireOutcome[]> {
  let outcomes: WireOutcome[];
  try {
    const settled = await commitIngests(transact, items);
    outcomes = settled.map(toWire);
    for (const outcome of settled) if (outcome.ok) queued += outcome.value.length;
  } catch (error) {
    outcomes = items.map(() => toWire({ ok: false, error }));
  }
  lastCommitAt = Date.now();
  scheduleIndexing(queued >= MAX_QUEUED ? 0 : PAUSE_MS);
  return outcomes;
}

async function runWrite(name: StoreWriteName, input: unknown): Promise<WireOutcome> {
  const write = STORE_WRITES[name] as (sql: Sql, input: unknown) => Promise<unknown>;
  try {
    return toWire({ ok: true, value: await transact((sql) => write(sql, input)) });
  } catch (error) {
    return toWire({ ok: false, error });
  }
}
scheduleIndexing(0);

function scheduleIndexing(delayMs: number) {
  if (indexTimer === undefined && queued > 0) indexTimer = setTimeout(indexSome, delayMs);
}

async function indexSome() {
  indexTimer = undefined;
  const quietFor = Date.now() - lastCommitAt;
  if (quietFor < PAUSE_MS && queued < MAX_QUEUED) return scheduleIndexing(PAUSE_MS - quietFor);
  try {
    const moved = await transact((sql) => indexQueuedText(sql, INDEX_BATCH));
    // A full batch may leave more behind than we counted (rows queued by COPY or by other processes).
    queued = moved < INDEX_BATCH ? 0 : Math.max(queued - moved, 1);
    scheduleIndexing(0);
  } catch (error) {
    console.error("full-text indexing failed; retrying:", error);
    indexTimer = setTimeout(indexSome, RETRY_MS);
  }
}
