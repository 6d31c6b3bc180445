import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestLdap, type TestLdap } from "../../scripts/test-support/ldap-fixtures.ts";
import { connectLdapClient } from "../../scripts/test-support/ldap-client.ts";
import { principalOf } from "../../scripts/test-support/fixtures.ts";
import { suspendAccount } from "../../lib/directory/suspend-account.ts";
import { resumeAccount } from "../../lib/directory/resume-account.ts";

let ldap: TestLdap;
beforeAll(async () => {
  ldap = await startTestLdap();
});
afterAll(async () => {
  await ldap?.close();
});

/** A simple bind over a fresh loopback connection: resolves on success, rejects with the LDAP error. */
async function bind(dn: string, password: string): Promise<unknown> {
  const client = await connectLdapClient(ldap.url);
  try {
    return await client.bind(dn, password);
  } finally {
    client.close();
  }
}

describe("LDAP binds of a suspended account", () => {
  it("fail with invalidCredentials (49) for its mailboxes and the account itself while suspended, and succeed once resumed", async () => {
    const admin = await principalOf("admin@mailwright.test");
    const { account } = ldap;
    await bind(account.alice.bindDn, account.alice.ldapPassword);
    await bind(account.accountBindDn, account.accountLdapPassword);

    await suspendAccount(ldap.db, { actor: admin, accountId: account.accountId });
    await expect(bind(account.alice.bindDn, account.alice.ldapPassword)).rejects.toMatchObject({ code: 49 });
    await expect(bind(account.accountBindDn, account.accountLdapPassword)).rejects.toMatchObject({ code: 49 });
    // The other account's mailboxes are not touched.
    await bind(ldap.other.alice.bindDn, ldap.other.alice.ldapPassword);

    await resumeAccount(ldap.db, { actor: admin, accountId: account.accountId });
    await bind(account.alice.bindDn, account.alice.ldapPassword);
    await bind(account.accountBindDn, account.accountLdapPassword);
  });
});
