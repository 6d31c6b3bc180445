import { describe, expect, it } from "vitest";
import { createAlias } from "./create-alias.ts";
import { setAliasTargets } from "./set-alias-targets.ts";
import { deleteAlias } from "./delete-alias.ts";
import { addForward, MAX_FORWARDS_PER_MAILBOX } from "./add-forward.ts";
import { removeForward } from "./remove-forward.ts";
import { setForwardKeepsCopy } from "./set-forward-keeps-copy.ts";
import { createMailbox } from "./create-mailbox.ts";
import { listAliases } from "./list-aliases.ts";
import { listForwards } from "./list-forwards.ts";
import { listDomains } from "./list-domains.ts";
import { listMailboxChoices } from "./list-mailbox-choices.ts";
import { readerFor } from "../db-reader.ts";
import { resolveRecipient } from "../delivery/resolve-recipient.ts";
import { SYSTEM_ACTOR } from "../auth/principal.ts";
import { loadPrincipal } from "../auth/load-principal.ts";
import { principalOf, testDb, uniqueName, TEST_PASSWORD } from "../../scripts/test-support/fixtures.ts";

describe("aliases", () => {
  it("a manager creates an alias that the MX fans out, changes its targets and deletes it, all audited", async () => {
    const db = await testDb();
    const manager = await principalOf("manager@example.test");
    const alice = await principalOf("alice@example.test");
    const address = `${uniqueName("team")}@example.test`;
    const alias = await createAlias(db, { actor: manager, clientIp: "192.0.2.20", address: address.toUpperCase(), targetMailboxIds: [alice.mailboxId, manager.mailboxId, alice.mailboxId] });
    expect(alias.localPart).toBe(address.split("@")[0]);
    const targetsOf = async () => (await resolveOk(address)).map((t) => t.mailboxId).sort();
    expect(await targetsOf()).toEqual([alice.mailboxId, manager.mailboxId].sort());

    await setAliasTargets(db, { actor: manager, aliasId: alias.id, targetMailboxIds: [alice.mailboxId] });
    expect(await targetsOf()).toEqual([alice.mailboxId]);

    await deleteAlias(db, { actor: manager, aliasId: alias.id });
    const after = await resolveRecipient(readerFor(db), address);
    expect(after).toMatchObject({ ok: false, refusal: { reasonKey: "unknown_user" } });
    const actions = (await db.auditEvent.findMany({ where: { targetId: alias.id } })).map((e) => e.action).sort();
    expect(actions).toEqual(["alias.create", "alias.delete", "alias.targets.set"]);
  });

  it("refuses a local part taken by a mailbox or alias, targets of another account, no targets and '+'", async () => {
    const db = await testDb();
    const manager = await principalOf("manager@example.test");
    const admin = await principalOf("admin@mailwright.test");
    await expect(createAlias(db, { actor: manager, address: "alice@example.test", targetMailboxIds: [manager.mailboxId] })).rejects.toMatchObject({ code: "CONFLICT", message: "alice@example.test is a mailbox." });
    const address = `${uniqueName("dup")}@example.test`;
    const alias = await createAlias(db, { actor: manager, address, targetMailboxIds: [manager.mailboxId] });
    await expect(createAlias(db, { actor: manager, address, targetMailboxIds: [manager.mailboxId] })).rejects.toMatchObject({ code: "CONFLICT", message: `The alias ${address} already exists.` });
    await expect(createAlias(db, { actor: manager, address: `${uniqueName("x")}@example.test`, targetMailboxIds: [admin.mailboxId] })).rejects.toMatchObject({
      code: "NOT_FOUND",
      message: "An alias can only deliver to mailboxes of its own account.",
    });
    await expect(setAliasTargets(db, { actor: manager, aliasId: alias.id, targetMailboxIds: [manager.mailboxId, admin.mailboxId] })).rejects.toMatchObject({ code: "NOT_FOUND" });
    await expect(setAliasTargets(db, { actor: manager, aliasId: alias.id, targetMailboxIds: [] })).rejects.toMatchObject({ code: "INVALID_INPUT", message: expect.stringMatching(/at least one mailbox/) });
    await expect(createAlias(db, { actor: manager, address: `a+b-${uniqueName("p")}@example.test`, targetMailboxIds: [manager.mailboxId] })).rejects.toMatchObject({ code: "INVALID_INPUT", message: expect.stringMatching(/subaddress/) });
    await expect(createAlias(db, { actor: manager, address: "not an address", targetMailboxIds: [manager.mailboxId] })).rejects.toMatchObject({ code: "INVALID_INPUT" });
    await expect(createAlias(db, { actor: manager, address: `x@${uniqueName("nowhere")}.test`, targetMailboxIds: [manager.mailboxId] })).rejects.toMatchObject({ code: "NOT_FOUND" });
    // The targets are unchanged after the refused edits.
    expect((await db.aliasTarget.findMany({ where: { aliasId: alias.id } })).map((t) => t.mailboxId)).toEqual([manager.mailboxId]);
  });

  it("is for the account's managers and staff only", async () => {
    const db = await testDb();
    const manager = await principalOf("manager@example.test");
    const alice = await principalOf("alice@example.test");
    const admin = await principalOf("admin@mailwright.test");
    await expect(createAlias(db, { actor: alice, address: `${uniqueName("s")}@example.test`, targetMailboxIds: [alice.mailboxId] })).rejects.toMatchObject({ code: "FORBIDDEN" });
    await expect(createAlias(db, { actor: manager, address: `${uniqueName("s")}@mailwright.test`, targetMailboxIds: [manager.mailboxId] })).rejects.toMatchObject({ code: "FORBIDDEN" });
    const alias = await createAlias(db, { actor: admin, address: `${uniqueName("s")}@example.test`, targetMailboxIds: [alice.mailboxId] });
    await expect(setAliasTargets(db, { actor: alice, aliasId: alias.id, targetMailboxIds: [alice.mailboxId] })).rejects.toMatchObject({ code: "FORBIDDEN" });
    await expect(deleteAlias(db, { actor: alice, aliasId: alias.id })).rejects.toMatchObject({ code: "FORBIDDEN" });
    await expect(deleteAlias(db, { actor: manager, aliasId: "no-such-alias" })).rejects.toMatchObject({ code: "NOT_FOUND" });
  });
});

describe("forwards", () => {
  it("a mailbox forwards its own mail, toggles keep-a-copy and removes it, all audited", async () => {
    const db = await testDb();
    const mailbox = await createMailbox(db, { actor: SYSTEM_ACTOR, address: `${uniqueName("fw")}@example.test`, password: TEST_PASSWORD });
    const self = (await loadPrincipal(db, mailbox.id))!;
    const forward = await addForward(db, { actor: self, clientIp: "192.0.2.30", mailboxId: mailbox.id, address: " Someone@Elsewhere.Example " });
    expect(forward).toMatchObject({ address: "someone@elsewhere.example", keepsCopy: true });
    expect((await setForwardKeepsCopy(db, { actor: self, forwardId: forward.id, keepsCopy: false })).keepsCopy).toBe(false);
    await removeForward(db, { actor: self, forwardId: forward.id });
    expect(await db.forward.count({ where: { mailboxId: mailbox.id } })).toBe(0);
    const actions = (await db.auditEvent.findMany({ where: { targetId: mailbox.id, action: { startsWith: "forward." } } })).map((e) => e.action).sort();
    expect(actions).toEqual(["forward.add", "forward.keeps-copy.set", "forward.remove"]);
  });

  it("refuses bad addresses, the mailbox's own address, duplicates and more than the limit", async () => {
    const db = await testDb();
    const address = `${uniqueName("fl")}@example.test`;
    const mailbox = await createMailbox(db, { actor: SYSTEM_ACTOR, address, password: TEST_PASSWORD });
    const add = (to: string) => addForward(db, { actor: SYSTEM_ACTOR, mailboxId: mailbox.id, address: to });
    await expect(add("not an address")).rejects.toMatchObject({ code: "INVALID_INPUT" });
    await expect(add(address.toUpperCase())).rejects.toMatchObject({ code: "INVALID_INPUT", message: expect.stringMatching(/its own address/) });
    await expect(add(address.replace("@", "+news@"))).rejects.toMatchObject({ code: "INVALID_INPUT", message: expect.stringMatching(/its own address/) });
    for (let i = 0; i < MAX_FORWARDS_PER_MAILBOX; i++) await add(`to${i}@elsewhere.example`);
    await expect(add("to0@elsewhere.example")).rejects.toMatchObject({ code: "CONFLICT", message: expect.stringMatching(/already forwards to to0@elsewhere\.example/) });
    await expect(add("one-more@elsewhere.example")).rejects.toMatchObject({ code: "CONFLICT", message: expect.stringMatching(/at most 10/) });
    expect(await db.forward.count({ where: { mailboxId: mailbox.id } })).toBe(MAX_FORWARDS_PER_MAILBOX);
  });

  it("lets the account's managers act for a mailbox, but not other mailboxes or other accounts", async () => {
    const db = await testDb();
    const manager = await principalOf("manager@example.test");
    const alice = await principalOf("alice@example.test");
    const admin = await principalOf("admin@mailwright.test");
    const mailbox = await createMailbox(db, { actor: SYSTEM_ACTOR, address: `${uniqueName("fm")}@example.test`, password: TEST_PASSWORD });
    const forward = await addForward(db, { actor: manager, mailboxId: mailbox.id, address: "x@elsewhere.example", keepsCopy: false });
    expect(forward.keepsCopy).toBe(false);
    await expect(addForward(db, { actor: alice, mailboxId: mailbox.id, address: "y@elsewhere.example" })).rejects.toMatchObject({ code: "FORBIDDEN" });
    await expect(setForwardKeepsCopy(db, { actor: alice, forwardId: forward.id, keepsCopy: true })).rejects.toMatchObject({ code: "FORBIDDEN" });
    await expect(removeForward(db, { actor: alice, forwardId: forward.id })).rejects.toMatchObject({ code: "FORBIDDEN" });
    await expect(addForward(db, { actor: manager, mailboxId: admin.mailboxId, address: "y@elsewhere.example" })).rejects.toMatchObject({ code: "FORBIDDEN" });
    await expect(removeForward(db, { actor: manager, forwardId: "no-such-forward" })).rejects.toMatchObject({ code: "NOT_FOUND" });
  });
});

describe("the Manager's lists", () => {
  it("show an account's aliases, forwards, domains and mailboxes to its managers only", async () => {
    const db = await testDb();
    const manager = await principalOf("manager@example.test");
    const alice = await principalOf("alice@example.test");
    const address = `${uniqueName("listed")}@example.test`;
    await createAlias(db, { actor: manager, address, targetMailboxIds: [alice.mailboxId] });
    const forwarding = await createMailbox(db, { actor: SYSTEM_ACTOR, address: `${uniqueName("lf")}@example.test`, password: TEST_PASSWORD });
    const forward = await addForward(db, { actor: manager, mailboxId: forwarding.id, address: `${uniqueName("out")}@elsewhere.example` });
    const accountId = manager.accountId;
    expect((await listAliases(db, { actor: manager, accountId })).find((a) => a.address === address)?.targets).toEqual([{ id: alice.mailboxId, address: "alice@example.test" }]);
    expect((await listForwards(db, { actor: manager, accountId })).find((f) => f.id === forward.id)).toMatchObject({ mailboxId: forwarding.id, keepsCopy: true });
    expect((await listDomains(db, { actor: manager, accountId })).find((d) => d.name === "example.test")).toMatchObject({ verifiedAt: expect.any(Date), verificationRecord: { name: "_mailwright.example.test" } });
    expect((await listMailboxChoices(db, { actor: manager, accountId })).map((m) => m.address)).toContain("alice@example.test");
    for (const list of [listAliases, listForwards, listDomains, listMailboxChoices]) {
      await expect(list(db, { actor: alice, accountId })).rejects.toMatchObject({ code: "FORBIDDEN" });
    }
  });
});

async function resolveOk(address: string) {
  const resolution = await resolveRecipient(readerFor(await testDb()), address);
  if (!resolution.ok) throw new Error(`expected ${address} to resolve, got ${resolution.refusal.reasonKey}`);
  return resolution.recipient.targets;
}
