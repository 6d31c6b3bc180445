import { PrismaBetterSQLite3 } from "@prisma/adapter-better-sqlite3";
import { PrismaPg } from "@prisma/adapter-pg";
import { PrismaClient as PostgresClient } from "./generated/postgres/client.ts";
import { PrismaClient as SqliteClient } from "./generated/sqlite/client.ts";
import { configuredDatabaseTarget, type DatabaseTarget } from "./database-url.ts";

/**
 * The Prisma client type every service takes. The SQLite client is generated from a schema derived
 * from the PostgreSQL one, so its API is the same; provider differences stay inside lib/db*.
 */
export type Db = PostgresClient;

const providers = new WeakMap<object, DatabaseTarget["provider"]>();

/** Which database a client talks to, for the few statements that differ (lib/db-*.ts). */
export function providerOf(db: Db): DatabaseTarget["provider"] {
  const provider = providers.get(db);
  if (!provider) throw new Error("providerOf: this client was not opened by openDb()");
  return provider;
}

/** Opens a client for a database. Daemons and tests build their own; the web app uses getDb(). */
export async function openDb(target: DatabaseTarget): Promise<Db> {
  if (target.provider === "postgres") {
    const client = new PostgresClient({ adapter: new PrismaPg({ connectionString: target.url }) });
    providers.set(client, "postgres");
    return client;
  }
  const client = new SqliteClient({ adapter: new PrismaBetterSQLite3({ url: target.url, timeout: 5_000 }) });
  // WAL lets the web app and every daemon read while one of them writes. synchronous=FULL makes
  // each commit fsync the WAL: NORMAL (better-sqlite3's compiled-in default for WAL) can lose the
  // last commits on a power cut, and a message we answered 250 for must survive one.
  await client.$queryRawUnsafe("PRAGMA journal_mode = WAL");
  await client.$executeRawUnsafe("PRAGMA synchronous = FULL");
  await client.$executeRawUnsafe("PRAGMA foreign_keys = ON");
  // 64 MiB of page cache (the default is 2): the message table's indexes are keyed by random ids
  // and hashes, so each insert touches pages all over them; with a small cache those are disk reads.
  await client.$executeRawUnsafe("PRAGMA cache_size = -65536");
  // Multi-row statements keep a statement journal (to undo a half-done statement); in memory it
  // is not a temporary file created, written and deleted for each one.
  await client.$executeRawUnsafe("PRAGMA temp_store = MEMORY");
  providers.set(client, "sqlite");
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
