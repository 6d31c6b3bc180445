// Gives each vitest run its own migrated database: SQLite by default, PostgreSQL when
// TEST_DB=postgres, holding the demo data. Test workers inherit DATABASE_URL, so lib/db's getDb() and openDb() find it.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { createScratchDatabase } from "./scratch-database.ts";
import { openDb } from "../../lib/db.ts";
import { seedDemo } from "../../lib/demo/seed-demo.ts";

/** The demo password in the test database; tests sign in with it. */
export const TEST_PASSWORD = "mailwright-demo";

export default async function setup() {
  const provider = process.env.TEST_DB === "postgres" ? "postgres" : "sqlite";
  const database = await createScratchDatabase(provider);
  const dataDir = mkdtempSync(path.join(tmpdir(), "mailwright-data-"));
  const db = await openDb(database.target);
  await seedDemo(db, { password: TEST_PASSWORD });
  await db.$disconnect();
  process.env.DATABASE_URL = database.target.url;
  process.env.DATA_DIR = dataDir;
  process.env.TEST_DB = provider;
  console.log(`vitest: running on ${provider} (${provider === "sqlite" ? database.target.url : "fresh PostgreSQL database"})`);
  return async () => {
    await database.drop();
    rmSync(dataDir, { recursive: true, force: true });
  };
}
