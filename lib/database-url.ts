import path from "node:path";

/** Which database a process talks to, resolved from DATABASE_URL and DATA_DIR. */
export type DatabaseTarget =
  | { provider: "postgres"; url: string }
  | { provider: "sqlite"; url: string; file: string };

/**
 * PostgreSQL when the URL starts with postgres(ql)://; otherwise SQLite, by default the file
 * `mailwright.db` in the data directory so that `npm start` needs no database server.
 */
export function resolveDatabaseTarget(databaseUrl: string | undefined, dataDir: string): DatabaseTarget {
  if (databaseUrl && /^postgres(ql)?:\/\//.test(databaseUrl)) return { provider: "postgres", url: databaseUrl };
  const file = databaseUrl?.startsWith("file:")
    ? path.resolve(/*turbopackIgnore: true*/ process.cwd(), databaseUrl.slice("file:".length))
    : path.resolve(/*turbopackIgnore: true*/ process.cwd(), dataDir, "mailwright.db");
  return { provider: "sqlite", url: `file:${file}`, file };
}

/** The database this process is configured for (DATABASE_URL, else SQLite in DATA_DIR). */
export function configuredDatabaseTarget(env: Record<string, string | undefined> = process.env): DatabaseTarget {
  return resolveDatabaseTarget(env.DATABASE_URL || undefined, env.DATA_DIR || "./data");
}
