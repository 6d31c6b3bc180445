import { describe, expect, it } from "vitest";
import { searchAccounts } from "./search-accounts.ts";
import { createAccountWithManager } from "./create-account-with-manager.ts";
import { createMailbox } from "./create-mailbox.ts";
import { suspendAccount } from "./suspend-account.ts";
import { TEST_PASSWORD, principalOf, testDb, uniqueName } from "../../scripts/test-support/fixtures.ts";

describe("searchAccounts", () => {
  it("lists accounts by name or domain with their domains, mailbox count, usage and suspension", async () => {
    const db = await testDb();
    const admin = await principalOf("admin@mailwright.test");
    const tag = uniqueName("srch");
    const { account, mailbox } = await createAccountWithManager(db, { actor: admin, name: tag, displayName: "Search Test Ltd", managerAddress: `boss@${tag}.test`, password: TEST_PASSWORD });
    await createMailbox(db, { actor: admin, address: `second@${tag}.test`, password: TEST_PASSWORD });
    await db.mailbox.update({ where: { id: mailbox.id }, data: { usedBytes: 5000n } });
    await suspendAccount(db, { actor: admin, accountId: account.id });

    const byName = await searchAccounts(db, { actor: admin, query: tag.toUpperCase() });
    expect(byName.rows).toEqual([
      { id: account.id, name: tag, displayName: "Search Test Ltd", createdAt: expect.any(Date), suspendedAt: expect.any(Date), domains: [`${tag}.test`], mailboxCount: 2, usedBytes: 5000 },
    ]);
    expect((await searchAccounts(db, { actor: admin, query: `${tag}.test` })).rows.map((row) => row.id)).toEqual([account.id]);
    expect((await searchAccounts(db, { actor: admin, query: "Search Test Ltd" })).rows.map((row) => row.id)).toContain(account.id);
    expect((await searchAccounts(db, { actor: admin, query: `${tag}-nothing` })).total).toBe(0);
    const demo = (await searchAccounts(db, { actor: admin, query: "example" })).rows.find((row) => row.name === "example");
    expect(demo).toMatchObject({ suspendedAt: null, domains: expect.arrayContaining(["example.test"]) });
  });

  it("is for staff only", async () => {
    const db = await testDb();
    await expect(searchAccounts(db, { actor: await principalOf("manager@example.test") })).rejects.toMatchObject({ code: "FORBIDDEN" });
    await expect(searchAccounts(db, { actor: await principalOf("alice@example.test") })).rejects.toMatchObject({ code: "FORBIDDEN" });
  });
});
