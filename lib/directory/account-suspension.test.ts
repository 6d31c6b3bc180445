import { describe, expect, it } from "vitest";
import { suspendAccount } from "./suspend-account.ts";
import { resumeAccount } from "./resume-account.ts";
import { createAccountWithManager } from "./create-account-with-manager.ts";
import { verifyLogin, type LoginProtocol } from "../auth/verify-login.ts";
import { loadPrincipal } from "../auth/load-principal.ts";
import { TEST_LIMITS, TEST_PASSWORD, principalOf, testDb, uniqueName } from "../../scripts/test-support/fixtures.ts";

const PROTOCOLS: LoginProtocol[] = ["web", "imap", "smtp"];

/** A fresh account of its own (other tests run in parallel on the demo accounts). */
async function freshAccount() {
  const db = await testDb();
  const tag = uniqueName("susp");
  const created = await createAccountWithManager(db, {
    actor: await principalOf("admin@mailwright.test"),
    name: tag,
    displayName: "Suspension test",
    managerAddress: `boss@${tag}.test`,
    password: TEST_PASSWORD,
  });
  return { db, ...created, address: `boss@${tag}.test` };
}

const login = (address: string, protocol: LoginProtocol, password = TEST_PASSWORD) =>
  testDb().then((db) => verifyLogin(db, { address, password, ip: uniqueName("ip"), protocol, limits: TEST_LIMITS }));

describe("suspendAccount and resumeAccount", () => {
  it("refuse logins of the account's mailboxes over every protocol and end web sessions, until resumed", async () => {
    const { db, account, mailbox, address } = await freshAccount();
    const admin = await principalOf("admin@mailwright.test");
    for (const protocol of PROTOCOLS) await expect(login(address, protocol)).resolves.toMatchObject({ mailboxId: mailbox.id });

    await suspendAccount(db, { actor: admin, clientIp: "192.0.2.44", accountId: account.id, reason: "unpaid" });
    for (const protocol of PROTOCOLS) {
      // The same answer as a wrong password: a suspension is not announced to whoever guesses.
      await expect(login(address, protocol)).rejects.toMatchObject({ code: "INVALID_CREDENTIALS", message: "Wrong address or password." });
    }
    expect(await loadPrincipal(db, mailbox.id)).toBeNull();
    // Other accounts are untouched.
    await expect(login("alice@example.test", "imap")).resolves.toMatchObject({ address: "alice@example.test" });

    await resumeAccount(db, { actor: admin, clientIp: "192.0.2.45", accountId: account.id });
    for (const protocol of PROTOCOLS) await expect(login(address, protocol)).resolves.toMatchObject({ mailboxId: mailbox.id });
    expect(await loadPrincipal(db, mailbox.id)).toMatchObject({ mailboxId: mailbox.id, accessLevel: "FULL_MANAGEMENT" });

    const events = await db.auditEvent.findMany({ where: { targetType: "account", targetId: account.id }, orderBy: { at: "asc" } });
    expect(events.map((event) => [event.action, event.actorAddress, event.clientIp])).toEqual([
      ["account.create", "admin@mailwright.test", null],
      ["account.suspend", "admin@mailwright.test", "192.0.2.44"],
      ["account.resume", "admin@mailwright.test", "192.0.2.45"],
    ]);
    expect(events[1]!.details).toMatchObject({ accountId: account.id, reason: "unpaid" });
  });

  it("are for staff only, and refuse to suspend twice or resume an active account", async () => {
    const { db, account } = await freshAccount();
    const manager = await principalOf("manager@example.test");
    const admin = await principalOf("admin@mailwright.test");
    await expect(suspendAccount(db, { actor: manager, accountId: manager.accountId })).rejects.toMatchObject({ code: "FORBIDDEN" });
    await expect(suspendAccount(db, { actor: await principalOf("alice@example.test"), accountId: account.id })).rejects.toMatchObject({ code: "FORBIDDEN" });
    await expect(resumeAccount(db, { actor: manager, accountId: account.id })).rejects.toMatchObject({ code: "FORBIDDEN" });
    await expect(resumeAccount(db, { actor: admin, accountId: account.id })).rejects.toMatchObject({ code: "CONFLICT", message: expect.stringMatching(/not suspended/) });
    await suspendAccount(db, { actor: admin, accountId: account.id });
    await expect(suspendAccount(db, { actor: admin, accountId: account.id })).rejects.toMatchObject({ code: "CONFLICT", message: expect.stringMatching(/suspended already/) });
    await expect(suspendAccount(db, { actor: admin, accountId: "no-such-account" })).rejects.toMatchObject({ code: "NOT_FOUND" });
    expect(await db.auditEvent.count({ where: { targetId: account.id, action: "account.suspend" } })).toBe(1);
    expect((await db.account.findUniqueOrThrow({ where: { id: account.id } })).suspendedAt).toBeInstanceOf(Date);
  });

  it("still counts a suspended account's logins as failures, so guessing stays throttled", async () => {
    const { db, account, address } = await freshAccount();
    await suspendAccount(db, { actor: await principalOf("admin@mailwright.test"), accountId: account.id });
    const ip = uniqueName("ip");
    const limits = { ...TEST_LIMITS, maxFailures: 2 };
    const attempt = () => verifyLogin(db, { address, password: TEST_PASSWORD, ip, protocol: "imap", limits });
    await expect(attempt()).rejects.toMatchObject({ code: "INVALID_CREDENTIALS" });
    await expect(attempt()).rejects.toMatchObject({ code: "LOCKED_OUT" });
  });
});

describe("createAccountWithManager", () => {
  it("creates the account, its domain and a FULL_MANAGEMENT mailbox with folders, audited, that signs in", async () => {
    const { db, account, domain, mailbox, address } = await freshAccount();
    expect(account).toMatchObject({ suspendedAt: null });
    expect(domain).toMatchObject({ accountId: account.id, verifiedAt: null });
    const principal = await login(address, "web");
    expect(principal).toMatchObject({ mailboxId: mailbox.id, accountId: account.id, accessLevel: "FULL_MANAGEMENT", role: null });
    expect((await db.folder.findMany({ where: { mailboxId: mailbox.id } })).map((folder) => folder.name)).toContain("INBOX");
    const actions = await db.auditEvent.findMany({ where: { targetId: { in: [account.id, domain.id, mailbox.id] } }, select: { action: true } });
    expect(actions.map((event) => event.action).sort()).toEqual(["account.create", "domain.create", "mailbox.create"]);
  });

  it("is for staff only, and leaves nothing behind when the domain or name is taken or the input is bad", async () => {
    const db = await testDb();
    const admin = await principalOf("admin@mailwright.test");
    const manager = await principalOf("manager@example.test");
    const name = uniqueName("cawm");
    const base = { name, displayName: "X", managerAddress: `boss@${name}.test`, password: TEST_PASSWORD };
    await expect(createAccountWithManager(db, { actor: manager, ...base })).rejects.toMatchObject({ code: "FORBIDDEN" });
    await expect(createAccountWithManager(db, { actor: admin, ...base, managerAddress: "boss@example.test" })).rejects.toMatchObject({ code: "CONFLICT", message: expect.stringMatching(/example\.test/) });
    await expect(createAccountWithManager(db, { actor: admin, ...base, name: "example" })).rejects.toMatchObject({ code: "CONFLICT", message: expect.stringMatching(/"example"/) });
    await expect(createAccountWithManager(db, { actor: admin, ...base, password: "short" })).rejects.toMatchObject({ code: "INVALID_INPUT", message: expect.stringMatching(/at least 10/) });
    await expect(createAccountWithManager(db, { actor: admin, ...base, managerAddress: "not an address" })).rejects.toMatchObject({ code: "INVALID_INPUT" });
    await expect(createAccountWithManager(db, { actor: admin, ...base, name: "Bad Name!" })).rejects.toMatchObject({ code: "INVALID_INPUT", message: expect.stringMatching(/name/) });
    expect(await db.account.findUnique({ where: { name } })).toBeNull();
    expect(await db.domain.findUnique({ where: { name: `${name}.test` } })).toBeNull();
  });
});
