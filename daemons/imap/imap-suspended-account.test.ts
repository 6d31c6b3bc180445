import { describe, expect, it } from "vitest";
import { connectRawImap } from "../../scripts/test-support/raw-imap-client.ts";
import { startTestImapForFile, type TestImap } from "../../scripts/test-support/imap-fixtures.ts";
import { principalOf } from "../../scripts/test-support/fixtures.ts";
import { suspendAccount } from "../../lib/directory/suspend-account.ts";
import { resumeAccount } from "../../lib/directory/resume-account.ts";

let imap: TestImap;
startTestImapForFile((started) => (imap = started));

/** The tagged answer to LOGIN for the fixture's alice, over a fresh plain loopback connection. */
async function logInAsAlice(): Promise<string> {
  const client = await connectRawImap("127.0.0.1", imap.port);
  try {
    return (await client.command([`LOGIN "${imap.alice.address}" "${imap.alice.password}"`])).toString();
  } finally {
    client.close();
  }
}

describe("IMAP logins of a suspended account", () => {
  it("fail with AUTHENTICATIONFAILED while the account is suspended, and succeed again once it is resumed", async () => {
    const admin = await principalOf("admin@mailwright.test");
    const { accountId } = await imap.db.mailbox.findUniqueOrThrow({ where: { id: imap.alice.mailboxId }, select: { accountId: true } });
    expect(await logInAsAlice()).toMatch(/^\S+ OK /m);

    await suspendAccount(imap.db, { actor: admin, accountId });
    const refused = await logInAsAlice();
    expect(refused).toMatch(/^\S+ NO \[AUTHENTICATIONFAILED\] /m);
    expect(refused).not.toMatch(/suspend/i); // the same words as a wrong password

    await resumeAccount(imap.db, { actor: admin, accountId });
    expect(await logInAsAlice()).toMatch(/^\S+ OK /m);
  });
});
