import { describe, expect, it } from "vitest";
import { loadSessionPrincipal } from "./load-session-principal.ts";
import { endWebSession } from "./end-web-session.ts";
import { createAccountWithManager } from "../directory/create-account-with-manager.ts";
import { createMailbox } from "../directory/create-mailbox.ts";
import { suspendAccount } from "../directory/suspend-account.ts";
import { resumeAccount } from "../directory/resume-account.ts";
import { setMailboxPassword } from "../directory/set-mailbox-password.ts";
import { setMailboxDisabled } from "../directory/set-mailbox-disabled.ts";
import { loadPrincipal } from "./load-principal.ts";
import { TEST_PASSWORD, principalOf, testDb, uniqueName } from "../../scripts/test-support/fixtures.ts";

async function freshAccount() {
  const db = await testDb();
  const tag = uniqueName("sess");
  const created = await createAccountWithManager(db, {
    actor: await principalOf("admin@mailwright.test"),
    name: tag,
    displayName: "Session test",
    managerAddress: `boss@${tag}.test`,
    password: TEST_PASSWORD,
  });
  const manager = (await loadPrincipal(db, created.mailbox.id))!;
  const member = await createMailbox(db, { actor: manager, address: `member@${tag}.test`, password: TEST_PASSWORD });
  return { db, ...created, manager, memberId: member.id };
}

const signedInNow = (mailboxId: string) => ({ mailboxId, sessionId: uniqueName("sid"), signedInAt: Date.now() - 1 });

describe("web sessions", () => {
  it("a signed-out session stays out, even when its cookie comes back; other sessions go on", async () => {
    const { db, mailbox } = await freshAccount();
    const session = signedInNow(mailbox.id);
    const other = signedInNow(mailbox.id);
    expect(await loadSessionPrincipal(db, session)).toMatchObject({ mailboxId: mailbox.id });
    await endWebSession(db, { sessionId: session.sessionId, expiresAt: new Date(Date.now() + 3600_000) });
    await endWebSession(db, { sessionId: session.sessionId, expiresAt: new Date(Date.now() + 3600_000) }); // twice is fine
    expect(await loadSessionPrincipal(db, session)).toBeNull();
    expect(await loadSessionPrincipal(db, other)).toMatchObject({ mailboxId: mailbox.id });
  });

  it("ended sessions are forgotten once they would have expired anyway", async () => {
    const db = await testDb();
    const old = uniqueName("sid");
    await endWebSession(db, { sessionId: old, expiresAt: new Date(Date.now() - 1000) });
    await endWebSession(db, { sessionId: uniqueName("sid"), expiresAt: new Date(Date.now() + 3600_000) });
    expect(await db.endedSession.findUnique({ where: { id: old } })).toBeNull();
  });

  it("a suspension ends the account's sessions for good: resuming brings back sign-in, not old sessions", async () => {
    const { db, account, mailbox } = await freshAccount();
    const admin = await principalOf("admin@mailwright.test");
    const before = signedInNow(mailbox.id);
    await suspendAccount(db, { actor: admin, accountId: account.id });
    expect(await loadSessionPrincipal(db, before)).toBeNull();
    await resumeAccount(db, { actor: admin, accountId: account.id });
    expect(await loadSessionPrincipal(db, before)).toBeNull();
    expect(await loadSessionPrincipal(db, { ...signedInNow(mailbox.id), signedInAt: Date.now() + 1 })).toMatchObject({ mailboxId: mailbox.id });
  });

  it("a manager's password reset or disabling ends the mailbox's sessions; setting one's own keeps one's session", async () => {
    const { db, manager, memberId } = await freshAccount();
    const memberSession = signedInNow(memberId);
    await setMailboxPassword(db, { actor: manager, mailboxId: memberId, password: "a brand new passphrase 9" });
    expect(await loadSessionPrincipal(db, memberSession)).toBeNull();

    const again = { ...signedInNow(memberId), signedInAt: Date.now() + 1 };
    expect(await loadSessionPrincipal(db, again)).toMatchObject({ mailboxId: memberId });
    await setMailboxDisabled(db, { actor: manager, mailboxId: memberId, isDisabled: true });
    await setMailboxDisabled(db, { actor: manager, mailboxId: memberId, isDisabled: false });
    expect(await loadSessionPrincipal(db, again)).toBeNull();

    const managerSession = signedInNow(manager.mailboxId);
    await setMailboxPassword(db, { actor: manager, mailboxId: manager.mailboxId, password: "my own new passphrase 7" });
    expect(await loadSessionPrincipal(db, managerSession)).toMatchObject({ mailboxId: manager.mailboxId });
  });
});
