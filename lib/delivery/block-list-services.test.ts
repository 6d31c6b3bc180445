import { describe, expect, it } from "vitest";
import { addBlockEntry, normalizeBlockValue } from "./add-block-entry.ts";
import { removeBlockEntry } from "./remove-block-entry.ts";
import { listBlockEntries } from "./list-block-entries.ts";
import { createBlockListCache } from "./block-list-cache.ts";
import { createAccount } from "../directory/create-account.ts";
import { SYSTEM_ACTOR } from "../auth/principal.ts";
import { principalOf, testDb, uniqueName } from "../../scripts/test-support/fixtures.ts";

describe("normalizeBlockValue", () => {
  it("normalizes addresses, domains, IP addresses and CIDR ranges", () => {
    expect(normalizeBlockValue("ADDRESS", " Pest@Spam.Example ")).toBe("pest@spam.example");
    expect(normalizeBlockValue("DOMAIN", "@Spam.Example.")).toBe("spam.example");
    expect(normalizeBlockValue("DOMAIN", "bücher.example")).toBe("xn--bcher-kva.example");
    expect(normalizeBlockValue("IP", "192.0.2.1")).toBe("192.0.2.1");
    expect(normalizeBlockValue("IP", "192.0.2.0/24")).toBe("192.0.2.0/24");
    expect(normalizeBlockValue("IP", "2001:DB8:0:0::1")).toBe("2001:db8::1");
    expect(normalizeBlockValue("IP", "2001:db8::/032")).toBe("2001:db8::/32");
  });

  it.each([
    ["ADDRESS", "no-at-sign"],
    ["DOMAIN", "not a domain"],
    ["DOMAIN", "localhost"],
    ["IP", "192.0.2.256"],
    ["IP", "192.0.2.0/33"],
    ["IP", "2001:db8::/129"],
    ["IP", "192.0.2.0/"],
    ["IP", "192.0.2.0/24/8"],
    ["IP", "192.0.2.0/-1"],
    ["IP", "example.com"],
  ] as const)("refuses %s %j", (kind, value) => {
    expect(() => normalizeBlockValue(kind, value)).toThrow(expect.objectContaining({ code: "INVALID_INPUT" }));
  });
});

describe("block-list services", () => {
  it("a manager adds entries the MX then refuses, lists and removes them, all audited", async () => {
    const db = await testDb();
    const admin = await principalOf("admin@mailwright.test");
    const account = await createAccount(db, { actor: SYSTEM_ACTOR, name: uniqueName("bl"), displayName: "Block list" });
    const add = (kind: "ADDRESS" | "DOMAIN" | "IP", value: string) => addBlockEntry(db, { actor: admin, clientIp: "192.0.2.40", accountId: account.id, kind, value, note: "test" });
    const byAddress = await add("ADDRESS", "Pest@Blocked.Example");
    await add("DOMAIN", "spam.example");
    await add("IP", "198.51.100.0/24");
    expect((await listBlockEntries(db, { actor: admin, accountId: account.id })).map((e) => [e.kind, e.value])).toEqual([
      ["ADDRESS", "pest@blocked.example"],
      ["DOMAIN", "spam.example"],
      ["IP", "198.51.100.0/24"],
    ]);

    const cache = createBlockListCache(db);
    const check = (mailFrom: string, clientIp: string) => cache.findSenderBlock({ accountId: account.id, mailFrom, clientIp });
    expect(await check("pest@blocked.example", "192.0.2.1")).toMatchObject({ id: byAddress.id });
    expect(await check("anyone@mail.spam.example", "192.0.2.1")).toMatchObject({ kind: "DOMAIN" });
    expect(await check("friend@ok.example", "198.51.100.77")).toMatchObject({ kind: "IP" });
    expect(await check("friend@ok.example", "192.0.2.1")).toBeNull();

    await removeBlockEntry(db, { actor: admin, clientIp: "192.0.2.40", entryId: byAddress.id });
    expect((await listBlockEntries(db, { actor: admin, accountId: account.id })).map((e) => e.value)).not.toContain("pest@blocked.example");
    expect(await db.auditEvent.count({ where: { targetId: byAddress.id, action: { in: ["block-list.add", "block-list.remove"] }, clientIp: "192.0.2.40" } })).toBe(2);
  });

  it("refuses duplicates, bad values and actors who do not manage the account", async () => {
    const db = await testDb();
    const manager = await principalOf("manager@example.test");
    const alice = await principalOf("alice@example.test");
    const admin = await principalOf("admin@mailwright.test");
    const value = `${uniqueName("pest")}@blocked.example`;
    const entry = await addBlockEntry(db, { actor: manager, accountId: manager.accountId, kind: "ADDRESS", value });
    await expect(addBlockEntry(db, { actor: manager, accountId: manager.accountId, kind: "ADDRESS", value: value.toUpperCase() })).rejects.toMatchObject({ code: "CONFLICT", message: `${value} is already blocked.` });
    await expect(addBlockEntry(db, { actor: manager, accountId: manager.accountId, kind: "IP", value: "10.0.0.0/40" })).rejects.toMatchObject({ code: "INVALID_INPUT", message: expect.stringMatching(/not an IP address or CIDR range/) });
    await expect(addBlockEntry(db, { actor: manager, accountId: manager.accountId, kind: "IP", value: "" })).rejects.toMatchObject({ code: "INVALID_INPUT" });
    await expect(addBlockEntry(db, { actor: alice, accountId: alice.accountId, kind: "DOMAIN", value: "spam.example" })).rejects.toMatchObject({ code: "FORBIDDEN" });
    await expect(addBlockEntry(db, { actor: manager, accountId: admin.accountId, kind: "DOMAIN", value: "spam.example" })).rejects.toMatchObject({ code: "FORBIDDEN" });
    await expect(addBlockEntry(db, { actor: manager, accountId: null, kind: "DOMAIN", value: "spam.example" })).rejects.toMatchObject({ code: "FORBIDDEN" });
    await expect(listBlockEntries(db, { actor: alice, accountId: alice.accountId })).rejects.toMatchObject({ code: "FORBIDDEN" });
    await expect(listBlockEntries(db, { actor: manager, accountId: null })).rejects.toMatchObject({ code: "FORBIDDEN" });
    await expect(removeBlockEntry(db, { actor: alice, entryId: entry.id })).rejects.toMatchObject({ code: "FORBIDDEN" });
    await expect(removeBlockEntry(db, { actor: manager, entryId: "no-such-entry" })).rejects.toMatchObject({ code: "NOT_FOUND" });
    expect(await db.blockListEntry.count({ where: { id: entry.id } })).toBe(1);
  });

  it("lets staff keep the global list, which applies to every account", async () => {
    const db = await testDb();
    const admin = await principalOf("admin@mailwright.test");
    const domain = `${uniqueName("global")}.example`;
    const entry = await addBlockEntry(db, { actor: admin, accountId: null, kind: "DOMAIN", value: domain });
    expect(entry.accountId).toBeNull();
    const cache = createBlockListCache(db);
    expect(await cache.findSenderBlock({ accountId: admin.accountId, mailFrom: `x@${domain}`, clientIp: "192.0.2.1" })).toMatchObject({ id: entry.id });
    await removeBlockEntry(db, { actor: admin, entryId: entry.id });
  });
});
