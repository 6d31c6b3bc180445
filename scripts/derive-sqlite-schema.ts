// Writes prisma/sqlite/schema.prisma from the PostgreSQL source schema, so the two never drift.
// Runs in postinstall and before every migration step; the output is not committed.
import { readFileSync, writeFileSync, mkdirSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
export const sourceSchemaPath = path.join(root, "prisma/schema.prisma");
export const sqliteSchemaPath = path.join(root, "prisma/sqlite/schema.prisma");

/** The SQLite variant: other provider, own client output, no PostgreSQL-only column types. */
export function deriveSqliteSchema(source: string): string {
  const derived = source
    .replace(/provider\s*=\s*"postgresql"/, 'provider = "sqlite"')
    .replace('output     = "../lib/generated/postgres"', 'output     = "../../lib/generated/sqlite"')
    .replace(/ @db\.\w+(\([^)]*\))?/g, "")
    // SQLite assigns autoincrement ids only to an INTEGER PRIMARY KEY (which is 64-bit there);
    // Prisma writes BigInt as BIGINT, which would not be a rowid alias.
    .replace(/\bBigInt(\s+@id\s+@default\(autoincrement\(\)\))/g, "Int$1");
  if (derived.includes('"postgresql"') || !derived.includes("lib/generated/sqlite")) {
    throw new Error("derive-sqlite-schema: the source schema's generator or datasource block changed shape");
  }
  return "// GENERATED from prisma/schema.prisma by scripts/derive-sqlite-schema.ts. Do not edit.\n" + derived;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  mkdirSync(path.dirname(sqliteSchemaPath), { recursive: true });
  writeFileSync(sqliteSchemaPath, deriveSqliteSchema(readFileSync(sourceSchemaPath, "utf8")));
}
