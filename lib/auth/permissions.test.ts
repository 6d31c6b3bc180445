import { beforeAll, describe, expect, it } from "vitest";
import { canManageAccount, canManageMailbox, canManagePlatform, canReadBook, canWriteBook, isAdmin, isStaff, type BookGrant, type BookRef } from "./permissions.ts";
import { SYSTEM_ACTOR, type Principal } from "./principal.ts";
import { getMailboxOverview } from "../directory/get-mailbox-overview.ts";
import { listAccountOverviews } from "../directory/list-account-overviews.ts";
import { findMailboxByAddress } from "../directory/find-mailbox-by-address.ts";
import { createMailbox } from "../directory/create-mailbox.ts";
import { principalOf, testDb, uniqueName } from "../../scripts/test-support/fixtures.ts";

// The matrix of the issue: ADMIN / FULL_MANAGEMENT / SELF against their own mailbox, another mailbox
// of the same account and a mailbox of another account, checked on the demo data.
const ACTORS = { admin: "admin@mailwright.test", manager: "manager@example.test", alice: "alice@example.test" } as const;
type Target = "own" | "sameAccount" | "otherAccount";
const EXPECTED: Record<keyof typeof ACTORS, Record<Target, boolean>> = {
  admin: { own: true, sameAccount: true, otherAccount: true },
  manager: { own: true, sameAccount: true, otherAccount: false },
  alice: { own: true, sameAccount: false, otherAccount: false },
};
// The provider's account holds only admin in the demo data, so a second staff-account mailbox is made here.
const supportAddress = `${uniqueName("support")}@mailwright.test`;
const TARGETS: Record<keyof typeof ACTORS, Record<Target, string>> = {
  admin: { own: ACTORS.admin, sameAccount: supportAddress, otherAccount: "bob@example.test" },
  manager: { own: ACTORS.manager, sameAccount: "alice@example.test", otherAccount: ACTORS.admin },
  alice: { own: ACTORS.alice, sameAccount: "bob@example.test", otherAccount: ACTORS.admin },
};

beforeAll(async () => {
  await createMailbox(await testDb(), { actor: SYSTEM_ACTOR, address: supportAddress, password: "support password 1" });
});

async function mailboxRef(address: string) {
  const mailbox = await findMailboxByAddress(await testDb(), address);
  if (!mailbox) throw new Error(address);
  return mailbox;
}

describe("permission matrix", () => {
  for (const [actorName, actorAddress] of Object.entries(ACTORS) as [keyof typeof ACTORS, string][]) {
    for (const targetName of ["own", "sameAccount", "otherAccount"] as const) {
      const allowed = EXPECTED[actorName][targetName];
      it(`${actorName} ${allowed ? "may" : "may not"} manage ${targetName} mailbox`, async () => {
        const actor = await principalOf(actorAddress);
        const target = await mailboxRef(TARGETS[actorName][targetName]);
        expect(canManageMailbox(actor, target)).toBe(allowed);
        // The service enforces the same rule.
        const read = getMailboxOverview(await testDb(), { actor, mailboxId: target.id });
        if (allowed) await expect(read).resolves.toMatchObject({ id: target.id });
        else await expect(read).rejects.toMatchObject({ code: "FORBIDDEN" });
      });
    }
  }

  it("only staff and full-management mailboxes manage an account, and only their own", async () => {
    const admin = await principalOf(ACTORS.admin);
    const manager = await principalOf(ACTORS.manager);
    const alice = await principalOf(ACTORS.alice);
    expect(canManageAccount(admin, manager.accountId)).toBe(true);
    expect(canManageAccount(manager, manager.accountId)).toBe(true);
    expect(canManageAccount(manager, admin.accountId)).toBe(false);
    expect(canManageAccount(alice, alice.accountId)).toBe(false);
  });

  it("staff roles and the system actor", () => {
    const base: Principal = { kind: "mailbox", mailboxId: "m", accountId: "a", address: "x@y.test", displayName: "", accessLevel: "SELF", role: null };
    expect(isStaff(base)).toBe(false);
    expect(isStaff({ ...base, role: "STAFF" })).toBe(true);
    expect(isAdmin({ ...base, role: "STAFF" })).toBe(false);
    expect(isAdmin({ ...base, role: "ADMIN" })).toBe(true);
    expect(canManagePlatform({ ...base, accessLevel: "FULL_MANAGEMENT" })).toBe(false);
    expect(canManagePlatform(SYSTEM_ACTOR)).toBe(true);
    expect(canManageAccount({ ...base, role: "STAFF" }, "another")).toBe(true);
  });

  it("account pages: staff see every account, a manager their own, a SELF mailbox none", async () => {
    const db = await testDb();
    const all = await listAccountOverviews(db, { actor: await principalOf(ACTORS.admin) });
    expect(all.map((a) => a.name)).toEqual(expect.arrayContaining(["example", "mailwright"]));
    const own = await listAccountOverviews(db, { actor: await principalOf(ACTORS.manager) });
    expect(own.map((a) => a.name)).toEqual(["example"]);
    expect(own[0]!.mailboxes.map((m) => m.address)).toEqual(expect.arrayContaining(["alice@example.test", "bob@example.test", "manager@example.test"]));
    expect(own[0]!.mailboxes.map((m) => m.address)).not.toContain("admin@mailwright.test");
    await expect(listAccountOverviews(db, { actor: await principalOf(ACTORS.alice) })).rejects.toMatchObject({ code: "FORBIDDEN", message: expect.stringMatching(/Self access/) });
  });
});

describe("address book matrix", () => {
  const mailbox = (mailboxId: string, accountId: string, accessLevel: Principal["accessLevel"], role: Principal["role"] = null): Principal => ({ kind: "mailbox", mailboxId, accountId, address: `${mailboxId}@x.test`, displayName: "", accessLevel, role });
  const actors = { staff: mailbox("staff", "provider", "SELF", "STAFF"), manager: mailbox("manager", "acme", "FULL_MANAGEMENT"), owner: mailbox("owner", "acme", "SELF"), colleague: mailbox("colleague", "acme", "SELF"), stranger: mailbox("stranger", "other", "FULL_MANAGEMENT") };
  const books: Record<string, BookRef> = { account: { accountId: "acme", kind: "ACCOUNT", ownerMailboxId: null }, personal: { accountId: "acme", kind: "PERSONAL", ownerMailboxId: "owner" }, shared: { accountId: "acme", kind: "SHARED", ownerMailboxId: null } };
  // [read, write] per actor and book; the colleague's shared-book cells are for no grant / READ / READ_WRITE.
  const cases: [keyof typeof actors, string, BookGrant, boolean, boolean][] = [
    ["staff", "account", null, true, true], ["staff", "personal", null, true, true], ["staff", "shared", null, true, true],
    ["manager", "account", null, true, true], ["manager", "personal", null, true, true], ["manager", "shared", null, true, true],
    ["owner", "account", null, true, false], ["owner", "personal", null, true, true],
    ["colleague", "personal", null, false, false], ["colleague", "shared", null, false, false], ["colleague", "shared", "READ", true, false], ["colleague", "shared", "READ_WRITE", true, true],
    ["stranger", "account", null, false, false], ["stranger", "personal", null, false, false], ["stranger", "shared", "READ_WRITE", false, false],
  ];
  for (const [actor, book, grant, read, write] of cases) {
    it(`${actor} ${read ? "reads" : "does not read"} and ${write ? "writes" : "does not write"} the ${book} book${grant ? ` with a ${grant} grant` : ""}`, () => {
      expect(canReadBook(actors[actor], books[book]!, grant)).toBe(read);
      expect(canWriteBook(actors[actor], books[book]!, grant)).toBe(write);
      expect(canReadBook(SYSTEM_ACTOR, books[book]!)).toBe(true);
    });
  }
});
