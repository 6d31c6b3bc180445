// npm run db:migrate: applies the versioned migrations to the configured database (the SQLite file
// in DATA_DIR, or DATABASE_URL). `npm start` and the tests call applyMigrations() the same way.
import { execFile } from "node:child_process";
import { mkdirSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { configuredDatabaseTarget, type DatabaseTarget } from "../lib/database-url.ts";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");

/** Runs `prisma migrate deploy` against a database; throws with Prisma's output when it fails. */
export async function applyMigrations(target: DatabaseTarget): Promise<void> {
  if (target.provider === "sqlite") mkdirSync(path.dirname(target.file), { recursive: true });
  try {
    await promisify(execFile)(path.join(root, "node_modules/.bin/prisma"), ["migrate", "deploy"], {
      cwd: root,
      env: { ...process.env, DATABASE_URL: target.url },
    });
  } catch (error) {
    const { stdout = "", stderr = "" } = error as { stdout?: string; stderr?: string };
    throw new Error(`Database migration failed (${target.provider}):\n${stdout}${stderr}`);
  }
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const target = configuredDatabaseTarget();
  await applyMigrations(target);
  console.log(`migrations applied (${target.provider})`);
}
