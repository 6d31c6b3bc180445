import { PrismaBetterSQLite3 } from "@prisma/adapter-better-sqlite3";
import { PrismaPg } from "@prisma/adapter-pg";
import pg from "pg";
import type { SqlDriverAdapter, SqlQuery } from "@prisma/driver-adapter-utils";
import type { DatabaseTarget } from "./database-url.ts";

// PostgreSQL's catalog types "char" (oid 18) and name (oid 19) appear in the schema engine's
// introspection queries, and adapter-pg refuses to decode them. Both are plain text on the wire,
// so the client used for migrations reports them as text (oid 25).
const CATALOG_TEXT_OIDS = new Set([18, 19]);
const TEXT_OID = 25;

function reportCatalogTypesAsText(result: pg.QueryResult | undefined) {
  for (const field of result?.fields ?? []) if (CATALOG_TEXT_OIDS.has(field.dataTypeID)) field.dataTypeID = TEXT_OID;
  return result;
}

// pg's query() has promise and callback forms; the adapter queries the pool (which calls a client
// with a callback) and, inside transactions, a checked-out client (promise form). Both are covered.
class CatalogTextClient extends pg.Client {
  override query(...args: unknown[]): never {
    const callback = args.at(-1);
    if (typeof callback === "function") {
      args[args.length - 1] = (error: Error | null, result: pg.QueryResult) => callback(error, reportCatalogTypesAsText(result));
    }
    const result = (super.query as (...a: unknown[]) => unknown)(...args);
    return (result instanceof Promise ? result.then(reportCatalogTypesAsText) : result) as never;
  }
}

// The schema engine takes SQLite with `PRAGMA locking_mode=EXCLUSIVE`, which fails (as an opaque
// "SocketTimeout") whenever the web app or a daemon has the file open. WAL and the engine's own
// transactions already keep a migration atomic, so that one statement is skipped.
const EXCLUSIVE_LOCK = /^\s*PRAGMA\s+(main\.)?locking_mode\s*=\s*EXCLUSIVE\s*;?\s*$/i;

function withoutExclusiveLock(adapter: SqlDriverAdapter): SqlDriverAdapter {
  return new Proxy(adapter, {
    get(target, property, receiver) {
      if (property === "queryRaw") {
        return (query: SqlQuery) => (EXCLUSIVE_LOCK.test(query.sql) ? Promise.resolve({ columnNames: [], columnTypes: [], rows: [] }) : target.queryRaw(query));
      }
      if (property === "executeRaw") {
        return (query: SqlQuery) => (EXCLUSIVE_LOCK.test(query.sql) ? Promise.resolve(0) : target.executeRaw(query));
      }
      const value = Reflect.get(target, property, receiver);
      return typeof value === "function" ? value.bind(target) : value;
    },
  });
}

class SharedSqliteMigrationAdapter extends PrismaBetterSQLite3 {
  override async connect() {
    return withoutExclusiveLock(await super.connect());
  }
}

/** The driver adapter the Prisma CLI migrates through (see prisma.config.ts). */
export function migrationAdapterFor(target: DatabaseTarget) {
  return target.provider === "postgres"
    ? new PrismaPg(new pg.Pool({ connectionString: target.url, Client: CatalogTextClient }), { disposeExternalPool: true })
    : new SharedSqliteMigrationAdapter({ url: target.url, timeout: 5_000 });
}
