import { describe, expect, it } from "vitest";
import { readViewAs, signViewAs, VIEW_AS_SECONDS, type ViewAs } from "./view-as-token.ts";
import { endViewAs, startViewAs } from "./start-view-as.ts";
import { canReadMail, canViewAs } from "./permissions.ts";
import { SYSTEM_ACTOR } from "./principal.ts";
import { createAccountWithManager } from "../directory/create-account-with-manager.ts";
import { suspendAccount } from "../directory/suspend-account.ts";
import { findMailboxByAddress } from "../directory/find-mailbox-by-address.ts";
import { TEST_PASSWORD, principalOf, testDb, uniqueName } from "../../scripts/test-support/fixtures.ts";

const SECRET = "a test secret that is long enough";

describe("the view-as token", () => {
  const view = { staffMailboxId: "staff-1", mailboxId: "mailbox-1", expiresAt: 2_000_000 };

  it("round-trips until it expires", () => {
    const token = signViewAs(view, SECRET);
    expect(readViewAs(token, SECRET, 1_999_999)).toEqual(view);
    expect(readViewAs(token, SECRET, 2_000_000)).toBeNull();
  });

  it("refuses a token signed with another secret, altered, truncated or malformed", () => {
    const token = signViewAs(view, SECRET);
    const [payload, mac] = token.split(".");
    const pointedElsewhere = Buffer.from(JSON.stringify({ ...view, mailboxId: "mailbox-2" })).toString("base64url");
    for (const bad of [
      signViewAs(view, "another secret"),
      `${pointedElsewhere}.${mac}`,
      `${payload}.${mac!.slice(0, -2)}`,
      `${payload}`,
      `${payload}.${mac}.extra`,
      "",
      undefined,
      "%%%.%%%",
      `${Buffer.from("not json").toString("base64url")}.${mac}`,
    ]) {
      expect(readViewAs(bad, SECRET, 0)).toBeNull();
    }
    // Signed, but not a view (ids must be strings, the expiry a number).
    const wrongShape = { staffMailboxId: 1, mailboxId: "m", expiresAt: "later" } as unknown as ViewAs;
    expect(readViewAs(signViewAs(wrongShape, SECRET), SECRET, 0)).toBeNull();
  });
});

describe("canViewAs", () => {
  it("lets staff view customers' mailboxes, and nobody view staff's or view while viewing", async () => {
    const admin = await principalOf("admin@mailwright.test");
    const manager = await principalOf("manager@example.test");
    expect(canViewAs(admin, { role: null })).toBe(true);
    expect(canViewAs(admin, { role: "STAFF" })).toBe(false);
    expect(canViewAs(admin, { role: "ADMIN" })).toBe(false);
    expect(canViewAs(manager, { role: null })).toBe(false);
    expect(canViewAs(SYSTEM_ACTOR, { role: null })).toBe(false);
    expect(canViewAs({ ...manager, viewedBy: { mailboxId: admin.mailboxId, address: admin.address } }, { role: null })).toBe(false);
  });
});

describe("canReadMail", () => {
  it("lets a mailbox read only its own mail: not its manager, not staff, not a staff view of it", async () => {
    const admin = await principalOf("admin@mailwright.test");
    const manager = await principalOf("manager@example.test");
    const alice = await principalOf("alice@example.test");
    expect(canReadMail(alice, alice.mailboxId)).toBe(true);
    expect(canReadMail(manager, alice.mailboxId)).toBe(false);
    expect(canReadMail(admin, alice.mailboxId)).toBe(false);
    expect(canReadMail(SYSTEM_ACTOR, alice.mailboxId)).toBe(false);
    expect(canReadMail({ ...alice, viewedBy: { mailboxId: admin.mailboxId, address: admin.address } }, alice.mailboxId)).toBe(false);
  });
});

describe("startViewAs and endViewAs", () => {
  async function freshAccount() {
    const db = await testDb();
    const tag = uniqueName("view");
    const created = await createAccountWithManager(db, {
      actor: await principalOf("admin@mailwright.test"),
      name: tag,
      displayName: "View test",
      managerAddress: `boss@${tag}.test`,
      password: TEST_PASSWORD,
    });
    return { db, ...created };
  }

  it("opens an account's manager read-only for 30 minutes, with an audit entry at start and end", async () => {
    const { db, account, mailbox } = await freshAccount();
    const admin = await principalOf("admin@mailwright.test");
    const view = await startViewAs(db, { actor: admin, accountId: account.id, clientIp: "192.0.2.61", now: 1_000 });
    expect(view).toEqual({ staffMailboxId: admin.mailboxId, mailboxId: mailbox.id, expiresAt: 1_000 + VIEW_AS_SECONDS * 1000 });
    await endViewAs(db, { actor: admin, view, clientIp: "192.0.2.62" });
    const events = await db.auditEvent.findMany({ where: { targetType: "mailbox", targetId: mailbox.id, action: { startsWith: "staff.view-as" } }, orderBy: { at: "asc" } });
    expect(events.map((event) => [event.action, event.actorAddress, event.clientIp])).toEqual([
      ["staff.view-as.start", "admin@mailwright.test", "192.0.2.61"],
      ["staff.view-as.end", "admin@mailwright.test", "192.0.2.62"],
    ]);
    expect(events[0]!.details).toMatchObject({ readOnly: true, accountId: account.id });
  });

  it("is refused to customers, on staff mailboxes, on unknown ids and on suspended accounts", async () => {
    const { db, account, mailbox } = await freshAccount();
    const admin = await principalOf("admin@mailwright.test");
    const manager = await principalOf("manager@example.test");
    await expect(startViewAs(db, { actor: manager, mailboxId: mailbox.id })).rejects.toMatchObject({ code: "FORBIDDEN" });
    await expect(startViewAs(db, { actor: admin, mailboxId: admin.mailboxId })).rejects.toMatchObject({ code: "FORBIDDEN" });
    await expect(startViewAs(db, { actor: admin, mailboxId: "no-such-mailbox" })).rejects.toMatchObject({ code: "NOT_FOUND" });
    await expect(startViewAs(db, { actor: admin, accountId: "no-such-account" })).rejects.toMatchObject({ code: "NOT_FOUND" });
    await expect(startViewAs(db, { actor: admin, mailboxId: "" })).rejects.toMatchObject({ code: "INVALID_INPUT" });
    await suspendAccount(db, { actor: admin, accountId: account.id });
    await expect(startViewAs(db, { actor: admin, accountId: account.id })).rejects.toMatchObject({ code: "CONFLICT", message: expect.stringMatching(/cannot sign in/) });
    expect(await db.auditEvent.count({ where: { targetId: mailbox.id, action: "staff.view-as.start" } })).toBe(0);
    expect(await findMailboxByAddress(db, "manager@example.test")).not.toBeNull();
  });
});
