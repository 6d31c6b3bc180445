import { describe, expect, it } from "vitest";
import { escapeDnValue, getDesktopClientSettings, ldapSuffixOf } from "./desktop-client-settings.ts";
import { loadConfig } from "../env.ts";
import { createMailbox } from "../directory/create-mailbox.ts";
import { loadPrincipal } from "../auth/load-principal.ts";
import { SYSTEM_ACTOR } from "../auth/principal.ts";
import { principalOf, testDb, uniqueName } from "../../scripts/test-support/fixtures.ts";

describe("getDesktopClientSettings", () => {
  it("gives the host, the ports of the mode, and the DNs of both books", async () => {
    const db = await testDb();
    const alice = await principalOf("alice@example.test");
    const config = loadConfig({ PUBLIC_HOSTNAME: "Mail.Example.test", MAILWRIGHT_MODE: "production" });
    const settings = await getDesktopClientSettings(db, { actor: alice, mailboxId: alice.mailboxId, config });
    expect(settings).toMatchObject({
      host: "Mail.Example.test",
      ldapPort: 389,
      ldapsPort: 636,
      suffix: "dc=mail,dc=example,dc=test",
      personal: { baseDn: "ou=alice@example.test,ou=ab,dc=mail,dc=example,dc=test", bindDn: "cn=alice@example.test,ou=auth,dc=mail,dc=example,dc=test" },
      account: { baseDn: "ou=example,ou=ab,dc=mail,dc=example,dc=test", bindDn: "cn=example,ou=auth,dc=mail,dc=example,dc=test" },
    });
    const development = await getDesktopClientSettings(db, { actor: alice, mailboxId: alice.mailboxId, config: loadConfig({ MAILWRIGHT_MODE: "development", LDAPS_PORT: "10636" }) });
    expect([development.ldapPort, development.ldapsPort, development.suffix]).toEqual([2389, 10636, "dc=localhost"]);
  });

  it("says whether the LDAP password is set, and is for the mailbox and its managers only", async () => {
    const db = await testDb();
    const mailbox = await createMailbox(db, { actor: SYSTEM_ACTOR, address: `${uniqueName("ldap")}@example.test`, password: "a fine password" });
    const owner = (await loadPrincipal(db, mailbox.id))!;
    const config = loadConfig({});
    await expect(getDesktopClientSettings(db, { actor: owner, mailboxId: mailbox.id, config })).resolves.toMatchObject({ personal: { hasPassword: false } });
    await db.mailbox.update({ where: { id: mailbox.id }, data: { ldapPasswordHash: "$argon2id$stand-in" } });
    await expect(getDesktopClientSettings(db, { actor: await principalOf("manager@example.test"), mailboxId: mailbox.id, config })).resolves.toMatchObject({ personal: { hasPassword: true } });
    await expect(getDesktopClientSettings(db, { actor: await principalOf("bob@example.test"), mailboxId: mailbox.id, config })).rejects.toMatchObject({ code: "FORBIDDEN" });
  });

  it("escapes DN specials (RFC 4514)", () => {
    expect(escapeDnValue('a+b,c="d"; #x ')).toBe('a\\+b\\,c\\=\\"d\\"\\; #x\\ ');
    expect(escapeDnValue("#lead")).toBe("\\#lead");
    expect(ldapSuffixOf("example.com")).toBe("dc=example,dc=com");
  });
});
