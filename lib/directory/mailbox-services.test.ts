import { describe, expect, it } from "vitest";
import { createMailbox } from "./create-mailbox.ts";
import { changeOwnPassword } from "./change-own-password.ts";
import { createAccount } from "./create-account.ts";
import { verifyLogin } from "../auth/verify-login.ts";
import { loadPrincipal } from "../auth/load-principal.ts";
import { SYSTEM_ACTOR } from "../auth/principal.ts";
import { TEST_LIMITS, TEST_PASSWORD, principalOf, testDb, uniqueName } from "../../scripts/test-support/fixtures.ts";

describe("createMailbox", () => {
  it("lets a full-management mailbox create one in its account, and audits it", async () => {
    const db = await testDb();
    const manager = await principalOf("manager@example.test");
    const address = `${uniqueName("new")}@example.test`;
    const mailbox = await createMailbox(db, { actor: manager, clientIp: "192.0.2.10", address, password: "a fine password", displayName: "New" });
    expect(mailbox).toMatchObject({ accountId: manager.accountId, accessLevel: "SELF", role: null });
    const audit = await db.auditEvent.findFirstOrThrow({ where: { targetId: mailbox.id } });
    expect(audit).toMatchObject({ action: "mailbox.create", actorId: manager.mailboxId, actorAddress: "manager@example.test", clientIp: "192.0.2.10" });
  });

  it("refuses a SELF mailbox, another account's domain and a staff role from a non-admin", async () => {
    const db = await testDb();
    const alice = await principalOf("alice@example.test");
    const manager = await principalOf("manager@example.test");
    await expect(createMailbox(db, { actor: alice, address: `${uniqueName("x")}@example.test`, password: "a fine password" })).rejects.toMatchObject({ code: "FORBIDDEN" });
    await expect(createMailbox(db, { actor: manager, address: `${uniqueName("x")}@mailwright.test`, password: "a fine password" })).rejects.toMatchObject({ code: "FORBIDDEN" });
    await expect(createMailbox(db, { actor: manager, address: `${uniqueName("x")}@example.test`, password: "a fine password", role: "STAFF" })).rejects.toMatchObject({ code: "FORBIDDEN" });
  });

  it("refuses bad input with a clear message", async () => {
    const db = await testDb();
    await expect(createMailbox(db, { actor: SYSTEM_ACTOR, address: "alice@example.test", password: "a fine password" })).rejects.toMatchObject({ code: "CONFLICT", message: "alice@example.test already exists." });
    await expect(createMailbox(db, { actor: SYSTEM_ACTOR, address: "not an address", password: "a fine password" })).rejects.toMatchObject({ code: "INVALID_INPUT" });
    await expect(createMailbox(db, { actor: SYSTEM_ACTOR, address: `${uniqueName("y")}@example.test`, password: "short" })).rejects.toMatchObject({ code: "INVALID_INPUT", message: expect.stringMatching(/at least 10/) });
    await expect(createMailbox(db, { actor: SYSTEM_ACTOR, address: `${uniqueName("y")}@nowhere.test`, password: "a fine password" })).rejects.toMatchObject({ code: "NOT_FOUND" });
  });
});

describe("createAccount", () => {
  it("is for staff only and validates the short name", async () => {
    const db = await testDb();
    await expect(createAccount(db, { actor: await principalOf("manager@example.test"), name: uniqueName("acct"), displayName: "X" })).rejects.toMatchObject({ code: "FORBIDDEN" });
    await expect(createAccount(db, { actor: SYSTEM_ACTOR, name: "Bad Name!", displayName: "X" })).rejects.toMatchObject({ code: "INVALID_INPUT", message: expect.stringMatching(/name/) });
    await expect(createAccount(db, { actor: SYSTEM_ACTOR, name: "example", displayName: "X" })).rejects.toMatchObject({ code: "CONFLICT" });
  });
});

describe("changeOwnPassword", () => {
  it("needs the current password, applies the rules, and the new password then signs in", async () => {
    const db = await testDb();
    const address = `${uniqueName("pw")}@example.test`;
    const mailbox = await createMailbox(db, { actor: SYSTEM_ACTOR, address, password: TEST_PASSWORD });
    const actor = (await loadPrincipal(db, mailbox.id))!;
    await expect(changeOwnPassword(db, { actor, currentPassword: "wrong", newPassword: "new password 123" })).rejects.toMatchObject({ code: "INVALID_CREDENTIALS" });
    await expect(changeOwnPassword(db, { actor, currentPassword: TEST_PASSWORD, newPassword: "short" })).rejects.toMatchObject({ code: "INVALID_INPUT" });
    await changeOwnPassword(db, { actor, currentPassword: TEST_PASSWORD, newPassword: "new password 123" });
    const login = (password: string) => verifyLogin(db, { address, password, ip: uniqueName("ip"), protocol: "web", limits: TEST_LIMITS });
    await expect(login("new password 123")).resolves.toMatchObject({ address });
    await expect(login(TEST_PASSWORD)).rejects.toMatchObject({ code: "INVALID_CREDENTIALS" });
    expect(await db.auditEvent.count({ where: { targetId: mailbox.id, action: "mailbox.password.change" } })).toBe(1);
  });
});
