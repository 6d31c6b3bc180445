import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openDb, type Db } from "../db.ts";
import { verifyLogin } from "../auth/verify-login.ts";
import { seedDemo, DEMO_MAILBOXES } from "./seed-demo.ts";
import { createScratchDatabase, type ScratchDatabase } from "../../scripts/test-support/scratch-database.ts";
import { TEST_LIMITS } from "../../scripts/test-support/fixtures.ts";

const provider = process.env.TEST_DB === "postgres" ? "postgres" : "sqlite";
let scratch: ScratchDatabase;
let db: Db;

beforeAll(async () => {
  scratch = await createScratchDatabase(provider);
  db = await openDb(scratch.target);
});
afterAll(async () => {
  await db.$disconnect();
  await scratch.drop();
});

async function snapshot() {
  return {
    accounts: await db.account.findMany({ orderBy: { name: "asc" } }),
    domains: await db.domain.findMany({ orderBy: { name: "asc" } }),
    mailboxes: await db.mailbox.findMany({ orderBy: { localPart: "asc" } }),
    audit: await db.auditEvent.count(),
  };
}

describe("demo seed", () => {
  it("creates the provider, Example Co and the four demo mailboxes on an empty database", async () => {
    expect(await seedDemo(db, { password: "demo password 1" })).toEqual({ created: true });
    const { accounts, domains, mailboxes } = await snapshot();
    expect(accounts.map((a) => [a.name, a.displayName])).toEqual([["example", "Example Co"], ["mailwright", "Mailwright (provider)"]]);
    expect(domains.map((d) => d.name)).toEqual(["example.test", "mailwright.test"]);
    expect(mailboxes).toHaveLength(DEMO_MAILBOXES.length);
    for (const demo of DEMO_MAILBOXES) {
      const principal = await verifyLogin(db, { address: demo.address, password: "demo password 1", ip: "192.0.2.1", protocol: "web", limits: TEST_LIMITS });
      expect(principal).toMatchObject({ address: demo.address, accessLevel: demo.accessLevel, role: demo.role });
    }
  });

  it("changes nothing when run again", async () => {
    const before = await snapshot();
    expect(await seedDemo(db, { password: "another password" })).toEqual({ created: false });
    expect(await snapshot()).toEqual(before);
  });
});
