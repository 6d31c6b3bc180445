// npm run db:migration -- <name>
// Writes a versioned migration for both databases from the change to prisma/schema.prisma since
// the last commit (Prisma's `migrate dev` cannot replay SQLite migrations on the WebAssembly
// engine, so the diff is taken between the committed and the working schema instead).
import { execFileSync } from "node:child_process";
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { deriveSqliteSchema, sourceSchemaPath, sqliteSchemaPath } from "./derive-sqlite-schema.ts";

const name = process.argv[2];
if (!name || !/^[a-z0-9_]+$/.test(name)) {
  console.error("usage: npm run db:migration -- <name>   (lower case, digits and _)");
  process.exit(2);
}
if (execFileSync("git", ["status", "--porcelain", "prisma/migrations", "prisma/sqlite/migrations"], { encoding: "utf8" }).trim()) {
  console.error("There are uncommitted migrations: commit them (with the schema) before writing the next one.");
  process.exit(1);
}

function committedSchema(): string | undefined {
  try {
    return execFileSync("git", ["show", "HEAD:prisma/schema.prisma"], { encoding: "utf8", stdio: ["ignore", "pipe", "ignore"] });
  } catch {
    return undefined;
  }
}

const scratch = mkdtempSync(path.join(tmpdir(), "mailwright-migration-"));
const current = readFileSync(sourceSchemaPath, "utf8");
writeFileSync(sqliteSchemaPath, deriveSqliteSchema(current));
const previous = readdirSync("prisma/migrations").some((entry) => /^\d/.test(entry)) ? committedSchema() : undefined;
const stamp = new Date().toISOString().replace(/\D/g, "").slice(0, 14);

for (const provider of ["postgres", "sqlite"] as const) {
  const toSchema = provider === "postgres" ? sourceSchemaPath : sqliteSchemaPath;
  const from: string[] = ["--from-empty"];
  if (previous) {
    const previousPath = path.join(scratch, `${provider}.prisma`);
    writeFileSync(previousPath, provider === "postgres" ? previous : deriveSqliteSchema(previous));
    from.splice(0, 1, "--from-schema-datamodel", previousPath);
  }
  // The WebAssembly engine diffs through a driver adapter, so each provider needs a database to talk
  // to; nothing is written to it.
  const databaseUrl = provider === "postgres" ? (process.env.TEST_DATABASE_URL ?? "postgresql://postgres@127.0.0.1:5432/postgres") : `file:${path.join(scratch, "diff.db")}`;
  const env = { ...process.env, DATABASE_URL: databaseUrl };
  const sql = execFileSync("npx", ["--no-install", "prisma", "migrate", "diff", ...from, "--to-schema-datamodel", toSchema, "--script"], { encoding: "utf8", env });
  if (/This is an empty migration/.test(sql)) {
    console.log(`${provider}: no change`);
    continue;
  }
  const dir = path.join(provider === "postgres" ? "prisma/migrations" : "prisma/sqlite/migrations", `${stamp}_${name}`);
  mkdirSync(dir, { recursive: true });
  writeFileSync(path.join(dir, "migration.sql"), sql);
  writeFileSync(path.join(path.dirname(dir), "migration_lock.toml"), `provider = "${provider === "postgres" ? "postgresql" : "sqlite"}"\n`);
  console.log(`${provider}: wrote ${dir}/migration.sql`);
}
