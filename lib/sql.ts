import type { DbClient } from "./audit/record-audit-event.ts";
import type { DatabaseTarget } from "./database-url.ts";

export type SqlValue = string | number | bigint | boolean | Date | Uint8Array | null;

/**
 * Plain SQL on either a Prisma transaction or a bare SQLite connection. The ingest commit is
 * written against this so that the same code runs in the process (PostgreSQL, through Prisma) and
 * on the SQLite writer thread (better-sqlite3, no Prisma). Statements use `?` placeholders (and
 * therefore no `?` of their own); integers may come back as number or bigint.
 */
export interface Sql {
  readonly provider: DatabaseTarget["provider"];
  query<T>(text: string, params?: readonly SqlValue[]): Promise<T[]>;
  execute(text: string, params?: readonly SqlValue[]): Promise<number>;
  /**
   * Runs one statement once per row of parameters, returning the rows changed. Only where a
   * statement costs next to nothing to run again (a prepared statement on a bare SQLite
   * connection); through Prisma, insertRows (db-insert-rows.ts) sends the rows as one JSON parameter.
   */
  executeEach?(text: string, rows: readonly (readonly SqlValue[])[]): Promise<number>;
}

/** Runs `work` in one transaction and returns its result; a throw rolls everything back. */
export type Transact = <T>(work: (sql: Sql) => Promise<T>) => Promise<T>;

/** `Sql` over a Prisma client or transaction. */
export function prismaSql(tx: DbClient, provider: DatabaseTarget["provider"]): Sql {
  const text = provider === "postgres" ? numberPlaceholders : (statement: string) => statement;
  return {
    provider,
    query: (statement, params = []) => tx.$queryRawUnsafe(text(statement), ...params),
    execute: (statement, params = []) => tx.$executeRawUnsafe(text(statement), ...params),
  };
}

/** How Prisma stores a DateTime in SQLite (ISO 8601 with an explicit offset); text order is time order. */
export function sqliteTimestamp(date: Date): string {
  return date.toISOString().replace("Z", "+00:00");
}

/** PostgreSQL numbers its placeholders: `?` → `$1`, `$2`, … */
function numberPlaceholders(statement: string): string {
  let n = 0;
  return statement.replace(/\?/g, () => `$${++n}`);
}
