import { readdirSync } from "node:fs";
import Database from "better-sqlite3";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openDb, type Db } from "./db.ts";
import { createScratchDatabase, type ScratchDatabase } from "../scripts/test-support/scratch-database.ts";
import { applyMigrations } from "../scripts/migrate.ts";

const provider = process.env.TEST_DB === "postgres" ? "postgres" : "sqlite";
const migrationsDir = provider === "postgres" ? "prisma/migrations" : "prisma/sqlite/migrations";
const MODELS = ["Account", "Domain", "Mailbox", "Alias", "AliasTarget", "AuditEvent", "LoginThrottle"];

let scratch: ScratchDatabase;
let db: Db;

beforeAll(async () => {
  scratch = await createScratchDatabase(provider, { migrate: false });
});
afterAll(async () => {
  await db?.$disconnect();
  await scratch.drop();
});

async function tableNames(): Promise<string[]> {
  const rows =
    provider === "postgres"
      ? await db.$queryRawUnsafe<{ name: string }[]>("SELECT table_name::text AS name FROM information_schema.tables WHERE table_schema = 'public'")
      : await db.$queryRawUnsafe<{ name: string }[]>("SELECT name FROM sqlite_master WHERE type = 'table'");
  return rows.map((row) => row.name);
}

describe(`migrations on ${provider}`, () => {
  it("apply from empty, every one recorded, and again as a no-op", async () => {
    await applyMigrations(scratch.target);
    db = await openDb(scratch.target);
    expect(await tableNames()).toEqual(expect.arrayContaining(MODELS));
    const applied = await db.$queryRawUnsafe<{ migration_name: string }[]>(
      'SELECT migration_name FROM "_prisma_migrations" WHERE finished_at IS NOT NULL ORDER BY migration_name',
    );
    const shipped = readdirSync(migrationsDir).filter((entry) => /^\d/.test(entry)).sort();
    expect(applied.map((row) => row.migration_name)).toEqual(shipped);
    await applyMigrations(scratch.target);
    expect(await db.$queryRawUnsafe<unknown[]>('SELECT 1 FROM "_prisma_migrations"')).toHaveLength(shipped.length);
  });

  // Acknowledged mail must survive a power cut: every commit waits for its log to reach the disk.
  it("opens the database with durable commits", async () => {
    if (provider === "sqlite") {
      const [journal] = await db.$queryRawUnsafe<{ journal_mode: string }[]>("PRAGMA journal_mode");
      const [sync] = await db.$queryRawUnsafe<{ synchronous: bigint | number }[]>("PRAGMA synchronous");
      const [fk] = await db.$queryRawUnsafe<{ foreign_keys: bigint | number }[]>("PRAGMA foreign_keys");
      expect(journal!.journal_mode).toBe("wal");
      expect(Number(sync!.synchronous)).toBe(2); // FULL
      expect(Number(fk!.foreign_keys)).toBe(1);
    } else {
      const [commit] = await db.$queryRawUnsafe<{ synchronous_commit: string }[]>("SHOW synchronous_commit");
      expect(commit!.synchronous_commit).toBe("on");
    }
  });

  // In WAL mode a transaction that reads, then writes after another connection (the ingest writer
  // thread, another process) has committed, would fail at once with "database is locked".
  it("takes SQLite's write lock when a transaction begins, so a read-then-write transaction waits its turn", async () => {
    const { target } = scratch;
    if (target.provider !== "sqlite") return console.log("SQLite only: PostgreSQL locks rows, not the database");
    const other = new Database(target.file, { timeout: 0 });
    try {
      await db.$transaction(async (tx) => {
        await tx.account.findMany();
        expect(() => other.prepare("BEGIN IMMEDIATE").run()).toThrow(/locked|busy/i);
      });
      other.prepare("BEGIN IMMEDIATE").run(); // free once the transaction ended
      other.prepare("ROLLBACK").run();
    } finally {
      other.close();
    }
  });

  it("stores and reads back the tenancy model", async () => {
    const account = await db.account.create({ data: { name: "acme", displayName: "Acme" } });
    const domain = await db.domain.create({ data: { name: "acme.test", accountId: account.id } });
    const mailbox = await db.mailbox.create({
      data: { localPart: "ceo", domainId: domain.id, accountId: account.id, passwordHash: "x", quotaBytes: 5n * 1024n ** 4n },
    });
    await db.domain.update({ where: { id: domain.id }, data: { catchAllMailboxId: mailbox.id } });
    const alias = await db.alias.create({ data: { localPart: "info", domainId: domain.id, targets: { create: [{ mailboxId: mailbox.id }] } } });
    const read = await db.domain.findUniqueOrThrow({ where: { name: "acme.test" }, include: { catchAllMailbox: true, aliases: { include: { targets: true } } } });
    expect(read.catchAllMailbox?.localPart).toBe("ceo");
    expect(read.aliases[0]?.targets.map((t) => t.mailboxId)).toEqual([mailbox.id]);
    expect((await db.mailbox.findUniqueOrThrow({ where: { id: mailbox.id } })).quotaBytes).toBe(5n * 1024n ** 4n);
    // local part + domain is unique
    await expect(db.mailbox.create({ data: { localPart: "ceo", domainId: domain.id, accountId: account.id, passwordHash: "y" } })).rejects.toThrow();
    // a domain with mailboxes cannot be deleted out from under them
    await expect(db.domain.delete({ where: { id: domain.id } })).rejects.toThrow();
    expect(alias.localPart).toBe("info");
  });
});
