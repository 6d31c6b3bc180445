import type Database from "better-sqlite3";
import { sqliteTimestamp, type Sql, type SqlValue, type Transact } from "./sql.ts";

type Connection = Database.Database;

/** Prepared statements kept per connection; the commit's statements are few and repeat constantly. */
const STATEMENT_CACHE_SIZE = 200;

/**
 * `Sql` over a better-sqlite3 connection (the SQLite writer thread's). Statements run synchronously;
 * integers come back as bigint so a MODSEQ is exact at any size.
 */
export function connectionSql(connection: Connection): Sql {
  const statements = new Map<string, Database.Statement>();
  const prepare = (text: string) => {
    let statement = statements.get(text);
    if (!statement) {
      if (statements.size >= STATEMENT_CACHE_SIZE) statements.clear();
      statement = connection.prepare(text);
      statements.set(text, statement);
    }
    return statement;
  };
  return {
    provider: "sqlite",
    query: async <T>(text: string, params: readonly SqlValue[] = []) => {
      const statement = prepare(text);
      if (!statement.reader) {
        statement.run(...params.map(bindable));
        return [];
      }
      return statement.safeIntegers(true).all(...params.map(bindable)) as T[];
    },
    execute: async (text, params = []) => prepare(text).run(...params.map(bindable)).changes,
    executeEach: async (text, rows) => {
      const statement = prepare(text);
      let changes = 0;
      for (const params of rows) changes += statement.run(...params.map(bindable)).changes;
      return changes;
    },
  };
}

/** Transactions on the connection, taking the write lock up front (BEGIN IMMEDIATE), one at a time. */
export function connectionTransact(connection: Connection): Transact {
  const sql = connectionSql(connection);
  let previous: Promise<unknown> = Promise.resolve();
  return <T>(work: (sql: Sql) => Promise<T>) => {
    const run = async () => {
      connection.prepare("BEGIN IMMEDIATE").run();
      try {
        const result = await work(sql);
        connection.prepare("COMMIT").run();
        return result;
      } catch (error) {
        if (connection.inTransaction) connection.prepare("ROLLBACK").run();
        throw error;
      }
    };
    const result = previous.then(run, run);
    previous = result.catch(() => undefined);
    return result;
  };
}

function bindable(value: SqlValue): string | number | bigint | Buffer | null {
  if (value instanceof Date) return sqliteTimestamp(value);
  if (value instanceof Uint8Array) return Buffer.isBuffer(value) ? value : Buffer.from(value.buffer, value.byteOffset, value.byteLength);
  if (typeof value === "boolean") return value ? 1 : 0;
  return value;
}
