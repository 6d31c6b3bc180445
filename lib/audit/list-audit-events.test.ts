import { describe, expect, it } from "vitest";
import { listAuditEvents } from "./list-audit-events.ts";
import { createAccountWithManager } from "../directory/create-account-with-manager.ts";
import { createMailbox } from "../directory/create-mailbox.ts";
import { suspendAccount } from "../directory/suspend-account.ts";
import { resumeAccount } from "../directory/resume-account.ts";
import { loadPrincipal } from "../auth/load-principal.ts";
import { TEST_PASSWORD, principalOf, testDb, uniqueName } from "../../scripts/test-support/fixtures.ts";

/** An account of the test's own: created by staff, whose manager then creates a mailbox; suspended and resumed. */
async function accountWithHistory() {
  const db = await testDb();
  const admin = await principalOf("admin@mailwright.test");
  const tag = uniqueName("audit");
  const created = await createAccountWithManager(db, { actor: admin, clientIp: "198.51.100.1", name: tag, displayName: "Audit test", managerAddress: `boss@${tag}.test`, password: TEST_PASSWORD });
  const manager = (await loadPrincipal(db, created.mailbox.id))!;
  const staffer = await createMailbox(db, { actor: manager, clientIp: "198.51.100.2", address: `staffer@${tag}.test`, password: TEST_PASSWORD });
  await suspendAccount(db, { actor: admin, clientIp: "198.51.100.3", accountId: created.account.id });
  await resumeAccount(db, { actor: admin, clientIp: "198.51.100.4", accountId: created.account.id });
  return { db, admin, manager, staffer, ...created };
}

describe("listAuditEvents", () => {
  it("shows staff one account's events newest first, with who, what, when and the IP", async () => {
    const { db, admin, account, domain, mailbox, staffer } = await accountWithHistory();
    const listing = await listAuditEvents(db, { actor: admin, accountId: account.id });
    expect(listing.total).toBe(6);
    const described = listing.rows.map((row) => [row.action, row.actorAddress, row.clientIp].join(" "));
    expect(described.slice(0, 3)).toEqual([
      "account.resume admin@mailwright.test 198.51.100.4",
      "account.suspend admin@mailwright.test 198.51.100.3",
      `mailbox.create ${mailbox.address} 198.51.100.2`,
    ]);
    // Written in one transaction, possibly in the same millisecond: their order among themselves is open.
    expect(described.slice(3).sort()).toEqual([
      "account.create admin@mailwright.test 198.51.100.1",
      "domain.create admin@mailwright.test 198.51.100.1",
      "mailbox.create admin@mailwright.test 198.51.100.1",
    ]);
    expect(new Set(listing.rows.map((row) => row.targetId))).toEqual(new Set([account.id, domain.id, mailbox.id, staffer.id]));
    const times = listing.rows.map((row) => row.at.getTime());
    expect(times).toEqual([...times].sort((a, b) => b - a));
  });

  it("shows a manager only their own account's events, and refuses others' and SELF mailboxes", async () => {
    const { db, manager, account } = await accountWithHistory();
    const other = await accountWithHistory();
    const own = await listAuditEvents(db, { actor: manager });
    expect(own.accountId).toBe(account.id);
    expect(own.total).toBe(6);
    expect(own.rows.some((row) => row.targetId === other.account.id)).toBe(false);
    await expect(listAuditEvents(db, { actor: manager, accountId: other.account.id })).rejects.toMatchObject({ code: "FORBIDDEN" });
    await expect(listAuditEvents(db, { actor: await principalOf("alice@example.test") })).rejects.toMatchObject({ code: "FORBIDDEN" });
    // The demo manager's view holds nothing of the fresh accounts.
    const demo = await listAuditEvents(db, { actor: await principalOf("manager@example.test"), pageSize: 500 });
    expect(demo.rows.some((row) => [account.id, other.account.id].includes(row.targetId))).toBe(false);
  });

  it("filters by actor, action prefix, target and date range, and pages", async () => {
    const { db, admin, manager, account, staffer } = await accountWithHistory();
    const list = (filters: Omit<Parameters<typeof listAuditEvents>[1], "actor">) => listAuditEvents(db, { actor: admin, accountId: account.id, ...filters });
    expect((await list({ actorAddress: manager.address.toUpperCase() })).rows.map((row) => row.targetId)).toEqual([staffer.id]);
    expect((await list({ actionPrefix: "account." })).rows.map((row) => row.action)).toEqual(["account.resume", "account.suspend", "account.create"]);
    expect((await list({ targetType: "mailbox", targetId: staffer.id })).rows.map((row) => row.action)).toEqual(["mailbox.create"]);
    const all = (await list({})).rows;
    const newest = all[0]!.at;
    expect((await list({ from: new Date(newest.getTime() + 1) })).total).toBe(0);
    expect((await list({ from: newest })).rows.map((row) => row.action)).toContain("account.resume");
    expect((await list({ until: all[all.length - 1]!.at })).total).toBe(0);
    const first = await list({ pageSize: 4, page: 1 });
    const second = await list({ pageSize: 4, page: 2 });
    expect(first.total).toBe(6);
    expect([...first.rows, ...second.rows].map((row) => row.id)).toEqual(all.map((row) => row.id));
    // Unfiltered, staff see every account's events.
    const everything = await listAuditEvents(db, { actor: admin, actionPrefix: "account.resume", pageSize: 500 });
    expect(everything.rows.map((row) => row.targetId)).toContain(account.id);
    await expect(listAuditEvents(db, { actor: admin, pageSize: 0 })).rejects.toMatchObject({ code: "INVALID_INPUT" });
  });
});
