import { describe, expect, it } from "vitest";
import { createAccount } from "../directory/create-account.ts";
import { SYSTEM_ACTOR } from "../auth/principal.ts";
import { testDb, uniqueName } from "../../scripts/test-support/fixtures.ts";
import { createBlockListCache } from "./block-list-cache.ts";

describe("createBlockListCache", () => {
  it("matches addresses, parent domains and CIDR ranges, globally and per account, and sees edits within 10 s", async () => {
    const db = await testDb();
    const account = await createAccount(db, { actor: SYSTEM_ACTOR, name: uniqueName("blocks"), displayName: "Blocks" });
    const other = await createAccount(db, { actor: SYSTEM_ACTOR, name: uniqueName("blocks"), displayName: "Other" });
    const tag = uniqueName("b");
    await db.blockListEntry.createMany({
      data: [
        { accountId: account.id, kind: "ADDRESS", value: `pest@${tag}.example` },
        { accountId: account.id, kind: "DOMAIN", value: `spam-${tag}.example` },
        { accountId: account.id, kind: "IP", value: "198.51.100.0/24" },
        { accountId: account.id, kind: "IP", value: "2001:db8:bad::/48" },
        { accountId: account.id, kind: "IP", value: "not an address" },
      ],
    });
    let now = 1_000_000;
    const cache = createBlockListCache(db, () => now);
    const find = (accountId: string | null, mailFrom: string, clientIp = "192.0.2.1") => cache.findSenderBlock({ accountId, mailFrom, clientIp }).then((entry) => entry?.value ?? null);

    expect(await find(account.id, `PEST@${tag}.example`)).toBe(`pest@${tag}.example`);
    expect(await find(account.id, `friend@${tag}.example`)).toBeNull();
    expect(await find(account.id, `x@mail.spam-${tag}.example`)).toBe(`spam-${tag}.example`);
    expect(await find(account.id, "x@example.org", "198.51.100.77")).toBe("198.51.100.0/24");
    expect(await find(account.id, "x@example.org", "2001:db8:bad:1::5")).toBe("2001:db8:bad::/48");
    expect(await find(account.id, "", "198.51.101.1")).toBeNull();
    // Another account's list does not apply; nor does this one to mail for the other account.
    expect(await find(other.id, `pest@${tag}.example`)).toBeNull();

    // A global entry, added after the lists were loaded: seen once they are 10 s old (the stale list
    // answers once more while it is read again).
    await db.blockListEntry.create({ data: { accountId: null, kind: "DOMAIN", value: `global-${tag}.example` } });
    expect(await find(other.id, `a@global-${tag}.example`)).toBeNull();
    now += 10_001;
    await find(other.id, `a@global-${tag}.example`);
    await expect.poll(() => find(other.id, `a@global-${tag}.example`)).toBe(`global-${tag}.example`);
    await db.blockListEntry.deleteMany({ where: { value: `global-${tag}.example` } });
  });
});
