import { describe, expect, it } from "vitest";
import { connectRawPop3, startTestPop3ForFile, type Pop3User, type TestPop3 } from "../../scripts/test-support/pop3-fixtures.ts";
import { principalOf } from "../../scripts/test-support/fixtures.ts";
import { suspendAccount } from "../../lib/directory/suspend-account.ts";
import { resumeAccount } from "../../lib/directory/resume-account.ts";

let pop3: TestPop3;
startTestPop3ForFile((started) => (pop3 = started));

/** The answer to PASS for the user, over a fresh plain loopback connection. */
async function logIn(user: Pop3User): Promise<string> {
  const client = await connectRawPop3(pop3.port);
  try {
    await client.waitFor(/^\+OK/);
    client.send(`USER ${user.address}\r\nPASS ${user.password}\r\n`);
    const heard = await client.waitFor(/\r\n(\+OK|-ERR)[^\r\n]*\r\n(\+OK|-ERR)[^\r\n]*\r\n$/);
    return heard.split("\r\n").at(-2)!;
  } finally {
    client.destroy();
  }
}

describe("POP3 logins of a suspended account", () => {
  it("fail with [AUTH] while the account is suspended, in the words of a wrong password, and succeed once it is resumed", async () => {
    const admin = await principalOf("admin@mailwright.test");
    const user = await pop3.newUser();
    const { accountId } = await pop3.db.mailbox.findUniqueOrThrow({ where: { id: user.mailboxId }, select: { accountId: true } });
    expect(await logIn(user)).toMatch(/^\+OK/);

    await suspendAccount(pop3.db, { actor: admin, accountId });
    const refused = await logIn(user);
    expect(refused).toMatch(/^-ERR \[AUTH\] /);
    expect(refused).toBe(await logIn({ ...user, password: "not the password" }));

    await resumeAccount(pop3.db, { actor: admin, accountId });
    expect(await logIn(user)).toMatch(/^\+OK/);
  });
});
