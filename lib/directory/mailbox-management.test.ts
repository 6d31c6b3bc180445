import { describe, expect, it } from "vitest";
import { createMailbox } from "./create-mailbox.ts";
import { createAccount } from "./create-account.ts";
import { createDomain } from "./create-domain.ts";
import { setMailboxPassword } from "./set-mailbox-password.ts";
import { setMailboxLdapPassword } from "./set-mailbox-ldap-password.ts";
import { setAccountLdapPassword } from "./set-account-ldap-password.ts";
import { setAccessLevel } from "./set-access-level.ts";
import { setQuota } from "./set-quota.ts";
import { setMailboxDisabled } from "./set-mailbox-disabled.ts";
import { deleteMailbox } from "./delete-mailbox.ts";
import { undoDeleteMailbox } from "./undo-delete-mailbox.ts";
import { purgeDeletedMailboxes } from "./purge-deleted-mailboxes.ts";
import { listMailboxes } from "./list-mailboxes.ts";
import { verifyLogin } from "../auth/verify-login.ts";
import { loadPrincipal } from "../auth/load-principal.ts";
import { verifyPassword } from "../auth/password.ts";
import { SYSTEM_ACTOR, type Actor } from "../auth/principal.ts";
import { resolveRecipient } from "../delivery/resolve-recipient.ts";
import { readerFor } from "../db-reader.ts";
import { ingestMessage } from "../store/ingest-message.ts";
import { createTestStore, sampleMessage } from "../../scripts/test-support/store-fixtures.ts";
import { TEST_LIMITS, TEST_PASSWORD, principalOf, testDb, uniqueName } from "../../scripts/test-support/fixtures.ts";

const DAY = 86_400_000;

async function newMailbox(options: { domain?: string; accessLevel?: "FULL_MANAGEMENT" | "SELF"; localPart?: string; displayName?: string } = {}) {
  const address = `${options.localPart ?? uniqueName("mb")}@${options.domain ?? "example.test"}`;
  const mailbox = await createMailbox(await testDb(), { actor: SYSTEM_ACTOR, address, password: TEST_PASSWORD, accessLevel: options.accessLevel, displayName: options.displayName });
  return { id: mailbox.id, accountId: mailbox.accountId, address };
}

/** A second customer account with one manager and one SELF mailbox. */
async function otherAccount() {
  const db = await testDb();
  const account = await createAccount(db, { actor: SYSTEM_ACTOR, name: uniqueName("acct"), displayName: "Other Co" });
  const domain = `${uniqueName("other")}.test`;
  await createDomain(db, { actor: SYSTEM_ACTOR, accountId: account.id, name: domain });
  const manager = await newMailbox({ domain, accessLevel: "FULL_MANAGEMENT" });
  const member = await newMailbox({ domain });
  return { accountId: account.id, domain, manager, member, managerActor: (await loadPrincipal(db, manager.id))! };
}

const login = async (address: string, password = TEST_PASSWORD) =>
  verifyLogin(await testDb(), { address, password, ip: uniqueName("ip"), protocol: "imap", limits: TEST_LIMITS });

type Service = (actor: Actor, mailboxId: string) => Promise<unknown>;
const db = () => testDb();
// Each management service with input that would succeed, so that only the permission decides.
const SERVICES: Record<string, Service> = {
  setMailboxPassword: async (actor, mailboxId) => setMailboxPassword(await db(), { actor, mailboxId, password: "another fine password" }),
  setAccessLevel: async (actor, mailboxId) => setAccessLevel(await db(), { actor, mailboxId, accessLevel: "SELF" }),
  setQuota: async (actor, mailboxId) => setQuota(await db(), { actor, mailboxId, quotaBytes: 5_000_000n }),
  setMailboxDisabled: async (actor, mailboxId) => setMailboxDisabled(await db(), { actor, mailboxId, isDisabled: true }),
  deleteMailbox: async (actor, mailboxId) => deleteMailbox(await db(), { actor, mailboxId }),
  setMailboxLdapPassword: async (actor, mailboxId) => setMailboxLdapPassword(await db(), { actor, mailboxId, password: "ldap secret 12345" }),
};

describe("the permission matrix through the services", () => {
  for (const [name, service] of Object.entries(SERVICES)) {
    it(`${name}: the account's manager and staff may; a SELF mailbox and another account's manager may not`, async () => {
      const other = await otherAccount();
      for (const actorAddress of ["manager@example.test", "admin@mailwright.test"]) {
        const target = await newMailbox();
        await expect(service(await principalOf(actorAddress), target.id)).resolves.not.toThrow();
      }
      const target = await newMailbox();
      await expect(service(await principalOf("alice@example.test"), target.id)).rejects.toMatchObject({ code: "FORBIDDEN" });
      await expect(service(other.managerActor, target.id)).rejects.toMatchObject({ code: "FORBIDDEN" });
      // the refused calls changed nothing
      const unchanged = await (await db()).mailbox.findUniqueOrThrow({ where: { id: target.id } });
      expect(unchanged).toMatchObject({ accessLevel: "SELF", isDisabled: false, deletedAt: null, ldapPasswordHash: null, quotaBytes: 1_073_741_824n });
      await expect(service(SYSTEM_ACTOR, "no-such-mailbox")).rejects.toMatchObject({ code: "NOT_FOUND" });
    });
  }

  it("lets a SELF mailbox set its own LDAP password, but not its own mail password, quota, access level or state", async () => {
    const self = await newMailbox();
    const actor = (await loadPrincipal(await db(), self.id))!;
    await expect(SERVICES.setMailboxLdapPassword!(actor, self.id)).resolves.not.toThrow();
    for (const name of ["setMailboxPassword", "setAccessLevel", "setQuota", "setMailboxDisabled", "deleteMailbox"]) {
      await expect(SERVICES[name]!(actor, self.id)).rejects.toMatchObject({ code: "FORBIDDEN" });
    }
  });
});

describe("createMailbox's refusals", () => {
  it("refuses an invalid local part, a taken address, another account's domain and a weak password", async () => {
    const manager = await principalOf("manager@example.test");
    const database = await db();
    await expect(createMailbox(database, { actor: manager, address: "two words@example.test", password: "a fine password" })).rejects.toMatchObject({ code: "INVALID_INPUT", message: expect.stringMatching(/not a valid email address/) });
    await expect(createMailbox(database, { actor: manager, address: "bob@example.test", password: "a fine password" })).rejects.toMatchObject({ code: "CONFLICT", message: expect.stringMatching(/already exists/) });
    const other = await otherAccount();
    await expect(createMailbox(database, { actor: manager, address: `${uniqueName("x")}@${other.domain}`, password: "a fine password" })).rejects.toMatchObject({ code: "FORBIDDEN" });
    await expect(createMailbox(database, { actor: manager, address: `${uniqueName("x")}@example.test`, password: "short" })).rejects.toMatchObject({ code: "INVALID_INPUT", message: expect.stringMatching(/at least 10/) });
  });
});

describe("setMailboxPassword", () => {
  it("applies the password rules, then the new password signs in, the old one not, and it is audited", async () => {
    const target = await newMailbox();
    const manager = await principalOf("manager@example.test");
    await expect(setMailboxPassword(await db(), { actor: manager, mailboxId: target.id, password: "short" })).rejects.toMatchObject({ code: "INVALID_INPUT", message: expect.stringMatching(/at least 10/) });
    await expect(setMailboxPassword(await db(), { actor: manager, mailboxId: target.id, password: target.address })).rejects.toMatchObject({ code: "INVALID_INPUT", message: expect.stringMatching(/not be the address/) });
    await setMailboxPassword(await db(), { actor: manager, clientIp: "192.0.2.7", mailboxId: target.id, password: "reset by manager 1" });
    await expect(login(target.address, "reset by manager 1")).resolves.toMatchObject({ mailboxId: target.id });
    await expect(login(target.address)).rejects.toMatchObject({ code: "INVALID_CREDENTIALS" });
    const audit = await (await db()).auditEvent.findFirstOrThrow({ where: { targetId: target.id, action: "mailbox.password.set" } });
    expect(audit).toMatchObject({ actorId: manager.mailboxId, clientIp: "192.0.2.7" });
  });
});

describe("LDAP passwords", () => {
  it("stores a mailbox's LDAP password as a hash apart from the mail password, and refuses the mail password itself", async () => {
    const target = await newMailbox();
    const manager = await principalOf("manager@example.test");
    await expect(setMailboxLdapPassword(await db(), { actor: manager, mailboxId: target.id, password: TEST_PASSWORD })).rejects.toMatchObject({ code: "INVALID_INPUT", message: expect.stringMatching(/differ from the mail password/) });
    await expect(setMailboxLdapPassword(await db(), { actor: manager, mailboxId: target.id, password: "short" })).rejects.toMatchObject({ code: "INVALID_INPUT", message: expect.stringMatching(/at least 10/) });
    await setMailboxLdapPassword(await db(), { actor: manager, mailboxId: target.id, password: "address book secret" });
    const row = await (await db()).mailbox.findUniqueOrThrow({ where: { id: target.id } });
    expect(row.ldapPasswordHash).toMatch(/^\$argon2id\$/);
    expect(await verifyPassword(row.ldapPasswordHash!, "address book secret")).toBe(true);
    // the mail password is untouched, and the LDAP secret does not open mail
    await expect(login(target.address)).resolves.toMatchObject({ mailboxId: target.id });
    await expect(login(target.address, "address book secret")).rejects.toMatchObject({ code: "INVALID_CREDENTIALS" });
    expect(await (await db()).auditEvent.count({ where: { targetId: target.id, action: "mailbox.ldap-password.set" } })).toBe(1);
  });

  it("sets the account's LDAP password for its managers and staff only", async () => {
    const other = await otherAccount();
    const database = await db();
    await expect(setAccountLdapPassword(database, { actor: await principalOf("alice@example.test"), accountId: other.accountId, password: "account secret 1" })).rejects.toMatchObject({ code: "FORBIDDEN" });
    await expect(setAccountLdapPassword(database, { actor: await principalOf("manager@example.test"), accountId: other.accountId, password: "account secret 1" })).rejects.toMatchObject({ code: "FORBIDDEN" });
    const member = (await loadPrincipal(database, other.member.id))!;
    await expect(setAccountLdapPassword(database, { actor: member, accountId: other.accountId, password: "account secret 1" })).rejects.toMatchObject({ code: "FORBIDDEN" });
    await expect(setAccountLdapPassword(database, { actor: other.managerActor, accountId: other.accountId, password: "tiny" })).rejects.toMatchObject({ code: "INVALID_INPUT", message: expect.stringMatching(/at least 10/) });
    expect((await database.account.findUniqueOrThrow({ where: { id: other.accountId } })).ldapPasswordHash).toBeNull();
    await setAccountLdapPassword(database, { actor: other.managerActor, accountId: other.accountId, password: "account secret 1" });
    const account = await database.account.findUniqueOrThrow({ where: { id: other.accountId } });
    expect(await verifyPassword(account.ldapPasswordHash!, "account secret 1")).toBe(true);
    await setAccountLdapPassword(database, { actor: await principalOf("admin@mailwright.test"), accountId: other.accountId, password: "account secret 2" });
    const changed = await database.account.findUniqueOrThrow({ where: { id: other.accountId } });
    expect(await verifyPassword(changed.ldapPasswordHash!, "account secret 2")).toBe(true);
    await expect(setAccountLdapPassword(database, { actor: SYSTEM_ACTOR, accountId: "no-such-account", password: "account secret 3" })).rejects.toMatchObject({ code: "NOT_FOUND" });
  });
});

describe("setAccessLevel", () => {
  it("refuses a manager demoting the account's last FULL_MANAGEMENT mailbox; staff may", async () => {
    const other = await otherAccount();
    const database = await db();
    await expect(setAccessLevel(database, { actor: other.managerActor, mailboxId: other.manager.id, accessLevel: "SELF" })).rejects.toMatchObject({ code: "CONFLICT", message: expect.stringMatching(/last mailbox with full management/) });
    // a second manager makes the demotion possible, and the new manager's next request sees its access
    await setAccessLevel(database, { actor: other.managerActor, mailboxId: other.member.id, accessLevel: "FULL_MANAGEMENT" });
    expect((await loadPrincipal(database, other.member.id))!.accessLevel).toBe("FULL_MANAGEMENT");
    await setAccessLevel(database, { actor: other.managerActor, mailboxId: other.manager.id, accessLevel: "SELF" });
    const newManager = (await loadPrincipal(database, other.member.id))!;
    await expect(setAccessLevel(database, { actor: newManager, mailboxId: other.member.id, accessLevel: "SELF" })).rejects.toMatchObject({ code: "CONFLICT" });
    await setAccessLevel(database, { actor: await principalOf("admin@mailwright.test"), mailboxId: other.member.id, accessLevel: "SELF" });
    expect(await database.mailbox.count({ where: { accountId: other.accountId, accessLevel: "FULL_MANAGEMENT" } })).toBe(0);
    await expect(setAccessLevel(database, { actor: SYSTEM_ACTOR, mailboxId: other.member.id, accessLevel: "OWNER" as "SELF" })).rejects.toMatchObject({ code: "INVALID_INPUT" });
  });

  it("does not count a deleted manager", async () => {
    const other = await otherAccount();
    const database = await db();
    const second = await newMailbox({ domain: other.domain, accessLevel: "FULL_MANAGEMENT" });
    await deleteMailbox(database, { actor: other.managerActor, mailboxId: second.id });
    await expect(setAccessLevel(database, { actor: other.managerActor, mailboxId: other.manager.id, accessLevel: "SELF" })).rejects.toMatchObject({ code: "CONFLICT" });
  });
});

describe("setQuota", () => {
  it("takes bytes, not below zero", async () => {
    const target = await newMailbox();
    const manager = await principalOf("manager@example.test");
    await expect(setQuota(await db(), { actor: manager, mailboxId: target.id, quotaBytes: -1n })).rejects.toMatchObject({ code: "INVALID_INPUT", message: expect.stringMatching(/below zero/) });
    await setQuota(await db(), { actor: manager, mailboxId: target.id, quotaBytes: 0n });
    expect((await (await db()).mailbox.findUniqueOrThrow({ where: { id: target.id } })).quotaBytes).toBe(0n);
    await setQuota(await db(), { actor: manager, mailboxId: target.id, quotaBytes: 2_500_000_000n });
    expect((await (await db()).mailbox.findUniqueOrThrow({ where: { id: target.id } })).quotaBytes).toBe(2_500_000_000n);
  });
});

describe("setMailboxDisabled", () => {
  it("stops logins and delivery until enabled again; nobody disables their own mailbox", async () => {
    const target = await newMailbox();
    const manager = await principalOf("manager@example.test");
    const database = await db();
    await setMailboxDisabled(database, { actor: manager, mailboxId: target.id, isDisabled: true });
    await expect(login(target.address)).rejects.toMatchObject({ code: "INVALID_CREDENTIALS" });
    expect(await resolveRecipient(readerFor(database), target.address)).toMatchObject({ ok: false, refusal: { enhancedCode: "5.2.1" } });
    await setMailboxDisabled(database, { actor: manager, mailboxId: target.id, isDisabled: false });
    await expect(login(target.address)).resolves.toMatchObject({ mailboxId: target.id });
    await expect(setMailboxDisabled(database, { actor: manager, mailboxId: manager.mailboxId, isDisabled: true })).rejects.toMatchObject({ code: "CONFLICT" });
    expect(await database.auditEvent.count({ where: { targetId: target.id, action: { in: ["mailbox.disable", "mailbox.enable"] } } })).toBe(2);
  });
});

describe("deleteMailbox and undoDeleteMailbox", () => {
  it("refuses a deleted mailbox's login and session and makes the MX answer 550 5.1.1; undo restores both", async () => {
    const target = await newMailbox();
    const manager = await principalOf("manager@example.test");
    const database = await db();
    await expect(login(target.address)).resolves.toMatchObject({ mailboxId: target.id });
    expect(await resolveRecipient(readerFor(database), target.address)).toMatchObject({ ok: true });

    await deleteMailbox(database, { actor: manager, clientIp: "192.0.2.8", mailboxId: target.id });
    await expect(login(target.address)).rejects.toMatchObject({ code: "INVALID_CREDENTIALS" });
    expect(await loadPrincipal(database, target.id)).toBeNull();
    const refused = await resolveRecipient(readerFor(database), target.address);
    expect(refused).toMatchObject({ ok: false, refusal: { smtpCode: 550, enhancedCode: "5.1.1", reasonKey: "unknown_user" } });
    // a deleted mailbox is frozen until restored, and its address stays taken
    await expect(setQuota(database, { actor: manager, mailboxId: target.id, quotaBytes: 1n })).rejects.toMatchObject({ code: "CONFLICT", message: expect.stringMatching(/undo the deletion/) });
    await expect(createMailbox(database, { actor: manager, address: target.address, password: "a fine password" })).rejects.toMatchObject({ code: "CONFLICT" });

    await expect(undoDeleteMailbox(database, { actor: await principalOf("alice@example.test"), mailboxId: target.id })).rejects.toMatchObject({ code: "FORBIDDEN" });
    await undoDeleteMailbox(database, { actor: manager, mailboxId: target.id });
    await expect(login(target.address)).resolves.toMatchObject({ mailboxId: target.id });
    expect(await resolveRecipient(readerFor(database), target.address)).toMatchObject({ ok: true });
    await expect(undoDeleteMailbox(database, { actor: manager, mailboxId: target.id })).rejects.toMatchObject({ code: "CONFLICT", message: expect.stringMatching(/not deleted/) });
    const actions = (await database.auditEvent.findMany({ where: { targetId: target.id }, orderBy: { at: "asc" } })).map((e) => e.action);
    expect(actions).toEqual(["mailbox.create", "mailbox.delete", "mailbox.delete.undo"]);
  });

  it("refuses deleting the mailbox one is signed in with", async () => {
    const manager = await principalOf("manager@example.test");
    await expect(deleteMailbox(await db(), { actor: manager, mailboxId: manager.mailboxId })).rejects.toMatchObject({ code: "CONFLICT" });
    await expect(login("manager@example.test")).resolves.toMatchObject({ mailboxId: manager.mailboxId });
  });
});

describe("purgeDeletedMailboxes", () => {
  it("removes only mailboxes deleted longer ago than the grace period, with their mail, releasing blobs", async () => {
    const { deps, db: database, mailboxId: oldId, address: oldAddress } = await createTestStore();
    const raw = sampleMessage({ body: uniqueName("purge-body") });
    const stored = await ingestMessage(deps, { mailboxId: oldId, folder: "INBOX", raw, source: "import" });
    const message = await database.message.findFirstOrThrow({ where: { mailboxId: oldId, uid: stored.uid } });
    const blobBefore = await database.blob.findUniqueOrThrow({ where: { hash: message.blobHash } });
    const recent = await newMailbox();
    const now = new Date();
    await deleteMailbox(database, { actor: SYSTEM_ACTOR, mailboxId: oldId, now: new Date(now.getTime() - 31 * DAY) });
    await deleteMailbox(database, { actor: SYSTEM_ACTOR, mailboxId: recent.id, now: new Date(now.getTime() - 29 * DAY) });

    await expect(purgeDeletedMailboxes(database, { actor: await principalOf("manager@example.test") })).rejects.toMatchObject({ code: "FORBIDDEN" });
    const { purged } = await purgeDeletedMailboxes(database, { actor: SYSTEM_ACTOR, now });
    expect(purged).toContain(oldId);
    expect(purged).not.toContain(recent.id);
    expect(await database.mailbox.findUnique({ where: { id: oldId } })).toBeNull();
    expect(await database.folder.count({ where: { mailboxId: oldId } })).toBe(0);
    expect(await database.message.count({ where: { mailboxId: oldId } })).toBe(0);
    expect(await database.change.count({ where: { mailboxId: oldId } })).toBe(0);
    const blobAfter = await database.blob.findUniqueOrThrow({ where: { hash: message.blobHash } });
    expect(blobAfter.refCount).toBe(blobBefore.refCount - 1);
    expect(blobAfter.releasedAt).not.toBeNull();
    expect(await database.mailbox.findUnique({ where: { id: recent.id } })).not.toBeNull();
    expect(await database.auditEvent.count({ where: { targetId: oldId, action: "mailbox.purge" } })).toBe(1);
    // the address is free again
    await expect(createMailbox(database, { actor: SYSTEM_ACTOR, address: oldAddress, password: TEST_PASSWORD })).resolves.toMatchObject({ accessLevel: "SELF" });
    // a shorter grace period takes the recent one too
    expect((await purgeDeletedMailboxes(database, { actor: SYSTEM_ACTOR, now, graceDays: 7 })).purged).toContain(recent.id);
  });
});

describe("listMailboxes", () => {
  it("searches, sorts by address, name, usage and creation, pages, and shows quota usage", async () => {
    const tag = uniqueName("ls");
    const database = await db();
    const a = await newMailbox({ localPart: `${tag}-a`, displayName: "Zoe" });
    const b = await newMailbox({ localPart: `${tag}-b`, displayName: "Yann" });
    const c = await newMailbox({ localPart: `${tag}-c`, displayName: "Xavier" });
    const { deps } = await createTestStore();
    await ingestMessage(deps, { mailboxId: b.id, folder: "INBOX", raw: sampleMessage({ body: "x".repeat(5000) }), source: "import" });
    await ingestMessage(deps, { mailboxId: c.id, folder: "INBOX", raw: sampleMessage({ body: "y".repeat(500) }), source: "import" });
    const manager = await principalOf("manager@example.test");
    const list = (input: { sort?: "address" | "name" | "usage" | "created"; direction?: "asc" | "desc"; page?: number; pageSize?: number; search?: string }) =>
      listMailboxes(database, { actor: manager, accountId: manager.accountId, search: tag, ...input });
    const addresses = async (input: Parameters<typeof list>[0]) => (await list(input)).mailboxes.map((m) => m.address);

    expect(await addresses({})).toEqual([a.address, b.address, c.address]);
    expect(await addresses({ sort: "address", direction: "desc" })).toEqual([c.address, b.address, a.address]);
    expect(await addresses({ sort: "name" })).toEqual([c.address, b.address, a.address]);
    expect(await addresses({ sort: "usage", direction: "desc" })).toEqual([b.address, c.address, a.address]);
    expect(await addresses({ sort: "created", direction: "desc" })).toEqual([c.address, b.address, a.address]);
    expect(await addresses({ search: "XAVIER" })).toEqual([c.address]);
    expect(await addresses({ search: c.address.toUpperCase() })).toEqual([c.address]);
    const page2 = await list({ pageSize: 2, page: 2 });
    expect(page2).toMatchObject({ total: 3, page: 2, pageCount: 2 });
    expect(page2.mailboxes.map((m) => m.address)).toEqual([c.address]);
    const rowB = (await list({ search: b.address })).mailboxes[0]!;
    expect(rowB.usedBytes).toBeGreaterThan(5000);
    expect(rowB.quotaBytes).toBe(1_073_741_824);
    await expect(list({ sort: "password" as "name" })).rejects.toMatchObject({ code: "INVALID_INPUT" });
  });

  it("is for the account's managers and staff", async () => {
    const database = await db();
    const manager = await principalOf("manager@example.test");
    const other = await otherAccount();
    await expect(listMailboxes(database, { actor: await principalOf("alice@example.test"), accountId: manager.accountId })).rejects.toMatchObject({ code: "FORBIDDEN" });
    await expect(listMailboxes(database, { actor: other.managerActor, accountId: manager.accountId })).rejects.toMatchObject({ code: "FORBIDDEN" });
    const asStaff = await listMailboxes(database, { actor: await principalOf("admin@mailwright.test"), accountId: other.accountId });
    expect(asStaff.mailboxes.map((m) => m.address).sort()).toEqual([other.manager.address, other.member.address].sort());
  });
});

describe("createMailbox with a welcome message", () => {
  it("delivers it into the new INBOX through the store, decoded for previews", async () => {
    const { deps } = await createTestStore();
    const manager = await principalOf("manager@example.test");
    const address = `${uniqueName("welcome")}@example.test`;
    const mailbox = await createMailbox(deps.db, { actor: manager, address, password: TEST_PASSWORD, welcomeMessage: "Grüße und willkommen!\nYour IMAP server is imap.example.test." }, { store: deps });
    const [message, ...others] = await deps.db.message.findMany({ where: { mailboxId: mailbox.id }, include: { folder: true } });
    expect(others).toHaveLength(0);
    expect(message).toMatchObject({ subject: "Welcome to your new mailbox", fromAddress: "manager@example.test", folder: { name: "INBOX" } });
    expect(message!.preview).toMatch(/^Grüße und willkommen! Your IMAP server/);
    expect((await deps.db.mailbox.findUniqueOrThrow({ where: { id: mailbox.id } })).usedBytes).toBe(BigInt(message!.size));
  });

  it("refuses one without a store before creating anything, and an overlong one", async () => {
    const address = `${uniqueName("welcome")}@example.test`;
    const database = await db();
    await expect(createMailbox(database, { actor: SYSTEM_ACTOR, address, password: TEST_PASSWORD, welcomeMessage: "Hello" })).rejects.toMatchObject({ code: "INVALID_INPUT", message: expect.stringMatching(/needs the message store/) });
    await expect(createMailbox(database, { actor: SYSTEM_ACTOR, address, password: TEST_PASSWORD, welcomeMessage: "x".repeat(10_001) })).rejects.toMatchObject({ code: "INVALID_INPUT", message: expect.stringMatching(/at most 10,000/) });
    expect(await database.mailbox.count({ where: { localPart: address.split("@")[0] } })).toBe(0);
  });
});
