// Fresh, throw-away databases for tests: a SQLite file in a temporary folder, or a new database on
// the PostgreSQL server at TEST_DATABASE_URL. Migrations are applied exactly as `npm start` does.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { randomBytes } from "node:crypto";
import pg from "pg";
import type { DatabaseTarget } from "../../lib/database-url.ts";
import { applyMigrations } from "../migrate.ts";

export const DEFAULT_TEST_DATABASE_URL = "postgresql://postgres@127.0.0.1:5432/postgres";

export type ScratchDatabase = { target: DatabaseTarget; drop(): Promise<void> };

export function testDatabaseAdminUrl(): string {
  return process.env.TEST_DATABASE_URL || DEFAULT_TEST_DATABASE_URL;
}

/** True when the PostgreSQL server for tests answers. */
export async function isPostgresReachable(url = testDatabaseAdminUrl()): Promise<boolean> {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 3_000 });
  try {
    await client.connect();
    return true;
  } catch {
    return false;
  } finally {
    await client.end().catch(() => undefined);
  }
}

/** Creates an empty database of the given kind, migrated unless `migrate: false`. */
export async function createScratchDatabase(provider: "sqlite" | "postgres", options: { migrate?: boolean } = {}): Promise<ScratchDatabase> {
  let scratch: ScratchDatabase;
  if (provider === "sqlite") {
    const dir = mkdtempSync(path.join(tmpdir(), "mailwright-test-"));
    const file = path.join(dir, "test.db");
    scratch = { target: { provider, url: `file:${file}`, file }, drop: async () => rmSync(dir, { recursive: true, force: true }) };
  } else {
    const adminUrl = testDatabaseAdminUrl();
    const name = `mailwright_test_${Date.now()}_${randomBytes(4).toString("hex")}`;
    const admin = new pg.Client({ connectionString: adminUrl });
    await admin.connect();
    await admin.query(`CREATE DATABASE "${name}"`);
    await admin.end();
    const url = new URL(adminUrl);
    url.pathname = `/${name}`;
    scratch = {
      target: { provider, url: url.toString() },
      drop: async () => {
        const client = new pg.Client({ connectionString: adminUrl });
        await client.connect();
        await client.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
        await client.end();
      },
    };
  }
  if (options.migrate !== false) await applyMigrations(scratch.target);
  return scratch;
}
