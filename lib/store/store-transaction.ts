import { providerOf, type Db } from "../db.ts";
import { prismaSql, type Transact } from "../sql.ts";

/** Long enough for a STORE or EXPUNGE over a whole large folder, or a wait behind a big delivery. */
const TRANSACTION_TIMEOUT_MS = 60_000;

/**
 * A write transaction of the store in plain SQL (lib/sql.ts): flag changes, expunges, \Recent
 * claims. Plain statements, not Prisma's model queries, because an IMAP session runs them for
 * nearly every command and Prisma's own work per query outweighed the database's.
 */
export function storeTransaction(db: Db): Transact {
  const provider = providerOf(db);
  return (work) => db.$transaction((tx) => work(prismaSql(tx, provider)), { timeout: TRANSACTION_TIMEOUT_MS, maxWait: TRANSACTION_TIMEOUT_MS });
}
