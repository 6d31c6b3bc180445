import { describe, expect, it } from "vitest";
import { SYSTEM_ACTOR } from "../auth/principal.ts";
import { createAccount } from "../directory/create-account.ts";
import { createDomain } from "../directory/create-domain.ts";
import { createMailbox } from "../directory/create-mailbox.ts";
import { testDb, uniqueName, TEST_PASSWORD } from "../../scripts/test-support/fixtures.ts";
import { refreshPop3Lock, releasePop3Lock, takePop3Lock } from "./pop3-lock.ts";

async function newMailboxId(): Promise<string> {
  const db = await testDb();
  const tag = uniqueName("pop3lock");
  const account = await createAccount(db, { actor: SYSTEM_ACTOR, name: tag, displayName: "POP3 lock test" });
  await createDomain(db, { actor: SYSTEM_ACTOR, accountId: account.id, name: `${tag}.test` });
  return (await createMailbox(db, { actor: SYSTEM_ACTOR, address: `a@${tag}.test`, password: TEST_PASSWORD })).id;
}

describe("POP3 maildrop lock", () => {
  it("lets one holder in at a time, hands a stale lock over, and never releases someone else's", async () => {
    const db = await testDb();
    const mailboxId = await newMailboxId();
    const t0 = new Date("2026-01-01T00:00:00Z");
    const later = (ms: number) => new Date(t0.getTime() + ms);
    expect(await takePop3Lock(db, { mailboxId, holder: "a", staleMs: 60_000, now: t0 })).toBe(true);
    expect(await takePop3Lock(db, { mailboxId, holder: "b", staleMs: 60_000, now: later(30_000) })).toBe(false);
    expect(await refreshPop3Lock(db, { mailboxId, holder: "a", now: later(50_000) })).toBe(true);
    // 100 s after t0 but only 50 s after a's heartbeat: still a's
    expect(await takePop3Lock(db, { mailboxId, holder: "b", staleMs: 60_000, now: later(100_000) })).toBe(false);
    // a stalls; its heartbeat is 61 s old: b takes over, and of two takers only one wins
    const takers = await Promise.all(["b", "c"].map((holder) => takePop3Lock(db, { mailboxId, holder, staleMs: 60_000, now: later(111_000) })));
    expect(takers.filter(Boolean).length).toBe(1);
    const winner = takers[0] ? "b" : "c";
    expect(await refreshPop3Lock(db, { mailboxId, holder: "a", now: later(112_000) })).toBe(false);
    await releasePop3Lock(db, { mailboxId, holder: "a" });
    expect((await db.pop3Lock.findUnique({ where: { mailboxId } }))?.holder).toBe(winner);
    await releasePop3Lock(db, { mailboxId, holder: winner });
    expect(await db.pop3Lock.count({ where: { mailboxId } })).toBe(0);
    expect(await takePop3Lock(db, { mailboxId, holder: "d", staleMs: 60_000, now: later(113_000) })).toBe(true);
  });
});
