import Database from "better-sqlite3";
import { targetOf, type Db } from "../db.ts";
import type { Sql, SqlValue } from "../sql.ts";
import { connectionSql } from "../sqlite-connection-sql.ts";
import { SQLITE_BUSY_TIMEOUT_MS } from "../sqlite-pragmas.ts";

// RFC 1939 §8: a POP3 server must lock the maildrop while a session holds it. Our POP3 daemons may
// run on several machines, so the lock is a row (Pop3Lock) rather than anything in memory: taken
// atomically, kept alive by a heartbeat, removed at the end of the session. A process that crashes
// leaves its row behind; once its heartbeat is older than `staleMs` anyone may take it over.
//
// The row is not worth an fsync: a lock lost in a power cut is a lock no one holds any more (every
// session died with the machine), and one that survives goes stale. Every POP3 session takes and
// drops it, and with the commit's WAL flush each cost some 10 ms of waiting (on SQLite with the
// process's thread blocked meanwhile), more than the rest of a session. So these writes commit
// without waiting for the disk: on PostgreSQL with synchronous_commit off for their transaction,
// on SQLite on a connection of their own with synchronous = NORMAL (durable at the next checkpoint,
// and across a crash of the process, just not a power cut).

const TAKE = `INSERT INTO "Pop3Lock" ("mailboxId", "holder", "heartbeatAt") VALUES (?, ?, ?)
  ON CONFLICT ("mailboxId") DO UPDATE SET "holder" = excluded."holder", "heartbeatAt" = excluded."heartbeatAt"
  WHERE "Pop3Lock"."heartbeatAt" < ?`;
const REFRESH = `UPDATE "Pop3Lock" SET "heartbeatAt" = ? WHERE "mailboxId" = ? AND "holder" = ?`;
const RELEASE = `DELETE FROM "Pop3Lock" WHERE "mailboxId" = ? AND "holder" = ?`;

/**
 * Takes the lock on a mailbox's maildrop for `holder`; false when a live session of anyone has it.
 * One statement: the insert, or the takeover of a stale row. Of two sessions taking over the same
 * stale row at once the second finds it fresh (PostgreSQL re-checks the condition under the first
 * one's row lock; SQLite has one writer).
 */
export async function takePop3Lock(db: Db, input: { mailboxId: string; holder: string; staleMs: number; now?: Date }): Promise<boolean> {
  const now = input.now ?? new Date();
  return (await writeUnsynced(db, TAKE, [input.mailboxId, input.holder, now, new Date(now.getTime() - input.staleMs)])) === 1;
}

/** Renews the heartbeat; false when the lock is no longer `holder`'s (it went stale and someone took it over). */
export async function refreshPop3Lock(db: Db, input: { mailboxId: string; holder: string; now?: Date }): Promise<boolean> {
  return (await writeUnsynced(db, REFRESH, [input.now ?? new Date(), input.mailboxId, input.holder])) === 1;
}

/** Removes the lock if `holder` still has it (never someone else's that took over a stale one). */
export async function releasePop3Lock(db: Db, input: { mailboxId: string; holder: string }): Promise<void> {
  await writeUnsynced(db, RELEASE, [input.mailboxId, input.holder]);
}

/** SQLite: the process's connection for these writes, with its prepared statements. */
const sqliteWriters = new WeakMap<Db, Sql>();

/** One statement, committed without waiting for the disk; returns the rows changed. */
async function writeUnsynced(db: Db, statement: string, params: SqlValue[]): Promise<number> {
  const target = targetOf(db);
  if (target.provider === "sqlite") {
    let writer = sqliteWriters.get(db);
    if (!writer) {
      const connection = new Database(target.file, { timeout: SQLITE_BUSY_TIMEOUT_MS });
      connection.pragma("synchronous = NORMAL");
      writer = connectionSql(connection);
      sqliteWriters.set(db, writer);
    }
    return writer.execute(statement, params);
  }
  let n = 0;
  const numbered = statement.replace(/\?/g, () => `$${++n}`);
  const [, changed] = await db.$transaction([db.$executeRawUnsafe("SET LOCAL synchronous_commit TO OFF"), db.$executeRawUnsafe(numbered, ...params)]);
  return changed;
}
