// Prisma CLI configuration. Migrations run on Prisma's WebAssembly schema engine through a driver
// adapter (`engine: "js"`), so no native engine is ever downloaded: this machine reaches no binary host.
import path from "node:path";
import { defineConfig } from "prisma/config";
import { configuredDatabaseTarget } from "./lib/database-url.ts";
import { migrationAdapterFor } from "./lib/db-migration-adapter.ts";

// The CLI checks these paths before it looks at `engine`; pointing them at an existing file stops
// it from trying to download engines that the adapters make unnecessary.
const placeholderEngine = path.resolve("package.json");
process.env.PRISMA_SCHEMA_ENGINE_BINARY ??= placeholderEngine;
process.env.PRISMA_QUERY_ENGINE_LIBRARY ??= placeholderEngine;

const target = configuredDatabaseTarget();
process.env.DATABASE_URL ||= target.url;

export default defineConfig({
  experimental: { adapter: true },
  engine: "js",
  schema: target.provider === "postgres" ? "prisma/schema.prisma" : "prisma/sqlite/schema.prisma",
  async adapter() {
    return migrationAdapterFor(target);
  },
});
