import Database from "better-sqlite3";
import { targetOf, type Db } from "./db.ts";
import { prismaSql, type Sql } from "./sql.ts";
import { connectionSql } from "./sqlite-connection-sql.ts";
import { SQLITE_BUSY_TIMEOUT_MS } from "./sqlite-pragmas.ts";

const readers = new WeakMap<Db, Sql>();

/**
 * Plain SQL reads for the hot paths (each MX recipient, each delivery's folder). On SQLite a
 * read-only better-sqlite3 connection of the process's own, with its prepared statements kept:
 * a lookup costs tens of microseconds where a Prisma raw query costs hundreds, all of it on the
 * process's one thread. It sees committed data only, and in WAL mode no writer blocks it. On
 * PostgreSQL, Prisma (the work is the server's).
 */
function openReadConnection(file: string): Database.Database {
  const connection = new Database(file, { readonly: true, timeout: SQLITE_BUSY_TIMEOUT_MS });
  connection.pragma("cache_size = -16384");
  // Pages read through a memory map, not a read() each: every commit by another connection empties
  // this connection's page cache, and the lookups then re-read their index pages.
  connection.pragma("mmap_size = 268435456");
  return connection;
}

export function readerFor(db: Db): Sql {
  let reader = readers.get(db);
  if (!reader) {
    const target = targetOf(db);
    reader = target.provider === "sqlite" ? connectionSql(openReadConnection(target.file)) : prismaSql(db, "postgres");
    readers.set(db, reader);
  }
  return reader;
}
