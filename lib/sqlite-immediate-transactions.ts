import type Database from "better-sqlite3";
import { PrismaBetterSQLite3 } from "@prisma/adapter-better-sqlite3";
import type { SqlDriverAdapter } from "@prisma/driver-adapter-utils";

/**
 * Prisma's SQLite adapter whose transactions take the write lock when they begin (BEGIN IMMEDIATE)
 * instead of at their first write (BEGIN). In WAL mode a transaction that has read and then wants to
 * write fails at once with "database is locked" (SQLITE_BUSY_SNAPSHOT, no waiting) if another
 * connection committed in between: the ingest writer thread, or another process. Begun immediately,
 * a transaction instead waits its turn (busy timeout) and then sees the latest data.
 *
 * The adapter issues a literal "BEGIN" on its better-sqlite3 connection (adapter 6.19, pinned); it
 * offers no option for it, so its connection's prepare() is wrapped. Tested in lib/db.test.ts.
 */
export class ImmediateTransactionsSqliteAdapter extends PrismaBetterSQLite3 {
  override async connect(): Promise<SqlDriverAdapter> {
    const adapter = await super.connect();
    const connection = (adapter as unknown as { client?: Database.Database }).client;
    if (typeof connection?.prepare !== "function") throw new Error("The SQLite adapter changed: its connection is not where BEGIN IMMEDIATE expects it.");
    const prepare = connection.prepare.bind(connection);
    connection.prepare = ((source: string) => prepare(source === "BEGIN" ? "BEGIN IMMEDIATE" : source)) as typeof connection.prepare;
    return adapter;
  }
}
