import { PrismaPg } from "@prisma/adapter-pg";
import { PrismaClient as PostgresClient } from "./generated/postgres/client.ts";
import { PrismaClient as SqliteClient } from "./generated/sqlite/client.ts";
import { configuredDatabaseTarget, type DatabaseTarget } from "./database-url.ts";
import { SQLITE_BUSY_TIMEOUT_MS, SQLITE_PRAGMAS } from "./sqlite-pragmas.ts";
import { ImmediateTransactionsSqliteAdapter } from "./sqlite-immediate-transactions.ts";

/**
 * The Prisma client type every service takes. The SQLite client is generated from a schema derived
 * from the PostgreSQL one, so its API is the same; provider differences stay inside lib/db*.
 */
export type Db = PostgresClient;

const targets = new WeakMap<object, DatabaseTarget>();

/** The database a client talks to. */
export function targetOf(db: Db): DatabaseTarget {
  const target = targets.get(db);
  if (!target) throw new Error("targetOf: this client was not opened by openDb()");
  return target;
}

/** Which database a client talks to, for the few statements that differ (lib/db-*.ts). */
export function providerOf(db: Db): DatabaseTarget["provider"] {
  return targetOf(db).provider;
}

/** Opens a client for a database. Daemons and tests build their own; the web app uses getDb(). */
export async function openDb(target: DatabaseTarget): Promise<Db> {
  if (target.provider === "postgres") {
    const client = new PostgresClient({ adapter: new PrismaPg({ connectionString: target.url }) });
    targets.set(client, target);
    return client;
  }
  const client = new SqliteClient({ adapter: new ImmediateTransactionsSqliteAdapter({ url: target.url, timeout: SQLITE_BUSY_TIMEOUT_MS }) });
  // $queryRaw: PRAGMA journal_mode answers with a row.
  for (const pragma of SQLITE_PRAGMAS) await client.$queryRawUnsafe(`PRAGMA ${pragma}`);
  targets.set(client, target);
  return client as unknown as Db;
}

// One client per process, kept on globalThis so `next dev` reloads reuse it; keyed to the
// generated class so a `prisma generate` during development replaces a stale client.
const cache = globalThis as unknown as { __mailwrightDb?: { key: unknown; db: Promise<Db> } };

/** The process's one Prisma client. */
export function getDb(): Promise<Db> {
  if (cache.__mailwrightDb?.key !== PostgresClient) {
    cache.__mailwrightDb = { key: PostgresClient, db: openDb(configuredDatabaseTarget()) };
  }
  return cache.__mailwrightDb.db;
}
