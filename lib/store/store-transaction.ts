import { targetOf, type Db } from "../db.ts";
import { prismaSql, type Sql } from "../sql.ts";
import { sqliteStoreWriter } from "./sqlite-ingest-writer.ts";
import { STORE_WRITES, type StoreWriteName, type StoreWrites } from "./store-writes.ts";

/** Long enough for a STORE or EXPUNGE over a whole large folder, or a wait behind a big delivery. */
const TRANSACTION_TIMEOUT_MS = 60_000;

/**
 * Runs one of the store's writes (store-writes.ts) in a transaction of its own, in plain SQL
 * (lib/sql.ts): an IMAP session makes these for nearly every command, and Prisma's own work per
 * query outweighed the database's. On SQLite on the writer thread, with the ingests: the process's
 * thread never waits for SQLite's write lock or a commit's fsync. On PostgreSQL in the process.
 */
export function runStoreWrite<N extends StoreWriteName>(db: Db, name: N, input: Parameters<StoreWrites[N]>[1]): ReturnType<StoreWrites[N]> {
  const target = targetOf(db);
  if (target.provider === "sqlite") return sqliteStoreWriter(target.file)(name, input);
  const write = STORE_WRITES[name] as (sql: Sql, input: unknown) => Promise<unknown>;
  return db.$transaction((tx) => write(prismaSql(tx, "postgres"), input), { timeout: TRANSACTION_TIMEOUT_MS, maxWait: TRANSACTION_TIMEOUT_MS }) as ReturnType<StoreWrites[N]>;
}
