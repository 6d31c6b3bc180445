import { connect } from "node:net";
import { networkInterfaces } from "node:os";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { SYSTEM_ACTOR } from "../../lib/auth/principal.ts";
import { createContact } from "../../lib/addressbook/create-contact.ts";
import { updateContact } from "../../lib/addressbook/update-contact.ts";
import { deleteContact } from "../../lib/addressbook/delete-contact.ts";
import { grantBook } from "../../lib/addressbook/grant-book.ts";
import { getDesktopClientSettings } from "../../lib/addressbook/desktop-client-settings.ts";
import { principalOf, TEST_PASSWORD } from "../../scripts/test-support/fixtures.ts";
import { BIG_BOOK_SIZE, dnsOf, LDAP_SUFFIX, runLdapTool, startTestLdap, type TestLdap } from "../../scripts/test-support/ldap-fixtures.ts";
import { connectLdapClient } from "../../scripts/test-support/ldap-client.ts";

let ldap: TestLdap;
beforeAll(async () => {
  ldap = await startTestLdap();
});
afterAll(async () => {
  await ldap?.close();
});

type Binder = { bindDn: string; ldapPassword: string };
const accountBinder = (account: TestLdap["account"]): Binder => ({ bindDn: account.accountBindDn, ldapPassword: account.accountLdapPassword });

/** ldapsearch bound over StartTLS (-ZZ: fail unless TLS starts), LDIF without line wrapping. */
function searchAs(who: Binder, base: string, filter: string, ...rest: string[]) {
  return runLdapTool("ldapsearch", ["-LLL", "-o", "ldif-wrap=no", "-x", "-ZZ", "-H", ldap.url, "-D", who.bindDn, "-w", who.ldapPassword, "-b", base, filter, ...rest]);
}

/** Attribute values of the single entry in an LDIF answer, by lower-case name. */
function attributesOf(ldif: string): Record<string, string[]> {
  const attributes: Record<string, string[]> = {};
  for (const line of ldif.split("\n")) {
    const match = /^([A-Za-z0-9-]+): (.*)$/.exec(line);
    if (match) (attributes[match[1]!.toLowerCase()] ??= []).push(match[2]!);
  }
  return attributes;
}

describe("binds", () => {
  it("accept the LDAP password over StartTLS and LDAPS; ldapwhoami names the bind", async () => {
    const { alice } = ldap.account;
    const starttls = await runLdapTool("ldapwhoami", ["-x", "-ZZ", "-H", ldap.url, "-D", alice.bindDn, "-w", alice.ldapPassword]);
    expect(starttls).toMatchObject({ code: 0 });
    expect(starttls.stdout.trim()).toBe(`dn:${alice.bindDn}`);
    const ldaps = await runLdapTool("ldapwhoami", ["-x", "-H", ldap.ldapsUrl, "-D", alice.bindDn, "-w", alice.ldapPassword]);
    expect(ldaps.stdout.trim()).toBe(`dn:${alice.bindDn}`);
    const account = await runLdapTool("ldapwhoami", ["-x", "-H", ldap.ldapsUrl, "-D", ldap.account.accountBindDn, "-w", ldap.account.accountLdapPassword]);
    expect(account.stdout.trim()).toBe(`dn:${ldap.account.accountBindDn}`);
  });

  it("refuse a wrong LDAP password and the mail password with invalidCredentials (49)", async () => {
    const { bob } = ldap.account;
    const wrong = await runLdapTool("ldapwhoami", ["-x", "-H", ldap.ldapsUrl, "-D", bob.bindDn, "-w", "not-the-ldap-password"]);
    expect(wrong.code).toBe(49);
    expect(wrong.stderr).toMatch(/Invalid credentials/);
    const mailPassword = await runLdapTool("ldapwhoami", ["-x", "-H", ldap.ldapsUrl, "-D", bob.bindDn, "-w", bob.password]);
    expect(mailPassword.code).toBe(49);
    const client = await connectLdapClient(ldap.ldapsUrl);
    await expect(client.bind(bob.bindDn, bob.password)).rejects.toMatchObject({ code: 49 });
    await client.bind(bob.bindDn, bob.ldapPassword); // the same connection binds with the right one
    client.close();
  });

  it("refuse anonymous binds with inappropriateAuthentication (48), and searches before a bind", async () => {
    const anonymous = await runLdapTool("ldapwhoami", ["-x", "-ZZ", "-H", ldap.url]);
    expect(anonymous.code).toBe(48);
    expect(anonymous.stderr).toMatch(/Anonymous binds are refused/);
    const client = await connectLdapClient(ldap.ldapsUrl);
    await expect(client.bind("", "")).rejects.toMatchObject({ code: 48 });
    await expect(client.search(ldap.account.accountBookDn, { filter: "(cn=*)" })).rejects.toMatchObject({ code: 50 });
    client.close();
  });

  it("refuse a bind in clear from another machine until StartTLS (confidentialityRequired, 13); loopback may", async (context) => {
    const { alice } = ldap.account;
    const loopback = await runLdapTool("ldapwhoami", ["-x", "-H", ldap.url, "-D", alice.bindDn, "-w", alice.ldapPassword]);
    expect(loopback.stdout.trim()).toBe(`dn:${alice.bindDn}`);
    const address = Object.values(networkInterfaces()).flat().find((i) => i && i.family === "IPv4" && !i.internal)?.address;
    if (!address) {
      console.log("skipped: this machine has no non-loopback IPv4 address to connect from");
      return context.skip();
    }
    const { port } = await ldap.listen(address);
    const plain = await runLdapTool("ldapwhoami", ["-x", "-H", `ldap://${address}:${port}`, "-D", alice.bindDn, "-w", alice.ldapPassword]);
    expect(plain.code).toBe(13);
    expect(plain.stderr).toMatch(/StartTLS/);
    const starttls = await runLdapTool("ldapwhoami", ["-x", "-ZZ", "-H", `ldap://${address}:${port}`, "-D", alice.bindDn, "-w", alice.ldapPassword]);
    expect(starttls.stdout.trim()).toBe(`dn:${alice.bindDn}`);
  });

  it("lock out after too many failures, through lib/auth's throttle, even for the right password", async () => {
    const locking = await startTestLdap({ loginLimits: { maxFailures: 3, maxFailuresPerIp: 1000, windowMs: 60_000, lockMs: 60_000 } });
    try {
      const { alice } = locking.account;
      const client = await connectLdapClient(locking.ldapsUrl);
      for (let i = 0; i < 3; i += 1) await expect(client.bind(alice.bindDn, `wrong-${i}`)).rejects.toMatchObject({ code: 49 });
      client.close();
      const locked = await runLdapTool("ldapwhoami", ["-x", "-H", locking.ldapsUrl, "-D", alice.bindDn, "-w", alice.ldapPassword]);
      expect(locked.code).toBe(49);
      expect(locked.stderr).toMatch(/Too many failed sign-in attempts/);
      const bob = await runLdapTool("ldapwhoami", ["-x", "-H", locking.ldapsUrl, "-D", locking.account.bob.bindDn, "-w", locking.account.bob.ldapPassword]);
      expect(bob.code).toBe(0); // another bind name is not locked
    } finally {
      await locking.close();
    }
  });
});

describe("the directory layout", () => {
  it("serves the DNs the Manager's desktop client setup panel prints", async () => {
    const { alice } = ldap.account;
    const settings = await getDesktopClientSettings(ldap.db, {
      actor: await principalOf(alice.address),
      mailboxId: alice.mailboxId,
      config: { publicHostname: "mailwright.test", ports: { ldap: ldap.port, ldaps: ldap.tlsPort } as never },
    });
    expect(settings.suffix).toBe(LDAP_SUFFIX);
    const personal = await searchAs({ bindDn: settings.personal.bindDn, ldapPassword: alice.ldapPassword }, settings.personal.baseDn, "(mail=*)", "mail");
    expect(personal.stdout).toContain("mail: annika@private.test");
    const account = await searchAs({ bindDn: settings.personal.bindDn, ldapPassword: alice.ldapPassword }, settings.account.baseDn, "(mail=anna.bercal*)", "-s", "one", "mail");
    expect(dnsOf(account.stdout)).toHaveLength(1);
    const asAccount = await searchAs({ bindDn: settings.account.bindDn, ldapPassword: ldap.account.accountLdapPassword }, settings.account.baseDn, "(objectClass=*)", "-s", "base");
    expect(dnsOf(asAccount.stdout)).toEqual([settings.account.baseDn]);
  });

  it("answers the root DSE, announcing paged results, StartTLS and Who am I (also before any bind)", async () => {
    const dse = await searchAs(ldap.account.alice, "", "(objectClass=*)", "-s", "base", "+");
    expect(dse.code).toBe(0);
    const attributes = attributesOf(dse.stdout);
    expect(attributes.namingcontexts).toEqual([LDAP_SUFFIX]);
    expect(attributes.supportedcontrol).toContain("1.2.840.113556.1.4.319");
    expect(attributes.supportedextension).toEqual(expect.arrayContaining(["1.3.6.1.4.1.1466.20037", "1.3.6.1.4.1.4203.1.11.3"]));
    // ldapsearch always binds (anonymously without -D); the ldapjs client reads it without binding.
    const client = await connectLdapClient(ldap.url);
    const unbound = await client.search("", { scope: "base", filter: "(objectClass=*)", attributes: ["supportedControl"] });
    expect(unbound.entries).toEqual([{ dn: "", attributes: { supportedControl: ["1.2.840.113556.1.4.319"] } }]);
    client.close();
  });

  it("shows every contact field as the inetOrgPerson, Mozilla and Outlook attributes, under a stable DN", async () => {
    const { alice } = ldap.account;
    const contact = await ldap.db.contact.findFirstOrThrow({ where: { bookId: alice.personal.id, givenName: "Annika" } });
    const result = await searchAs(alice, alice.bookDn, "(cn=Annika Private)", "*");
    expect(dnsOf(result.stdout)).toEqual([`uid=${contact.id},${alice.bookDn}`]);
    expect(attributesOf(result.stdout)).toMatchObject({
      objectclass: expect.arrayContaining(["inetOrgPerson", "mozillaAbPersonAlpha"]),
      uid: [contact.id],
      cn: ["Annika Private"],
      displayname: ["Annika Private"],
      givenname: ["Annika"],
      sn: ["Private"],
      mozillanickname: ["Anni"],
      mail: ["annika@private.test"],
      mozillasecondemail: ["a.private@work.test"],
      telephonenumber: ["+49 30 1234"],
      homephone: ["+49 30 5678"],
      mobile: ["+49 170 1111"],
      facsimiletelephonenumber: ["+49 30 9999"],
      o: ["Private AG"],
      ou: ["Research"],
      title: ["Chemist"],
      street: ["Hauptstr. 1"],
      l: ["Berlin"],
      st: ["BE"],
      postalcode: ["10115"],
      c: ["DE"],
      labeleduri: ["https://private.test"],
      mozillaworkurl: ["https://private.test"],
      description: ["Met at the fair"],
      birthyear: ["1985"],
    });
  });
});

describe("searches", () => {
  it("answer Thunderbird's autocomplete filters for a partial name and a partial address", async () => {
    const { alice } = ldap.account;
    const byName = await searchAs(alice, alice.bookDn, "(&(mail=*)(|(cn=ann*)(mail=ann*)(sn=ann*)))", "cn", "mail");
    expect(attributesOf(byName.stdout).mail).toEqual(["annika@private.test"]);
    const twoWords = await searchAs(alice, alice.bookDn, "(|(cn=ANNI*PRI*)(mail=anni*pri*)(sn=anni*pri*))", "cn");
    expect(attributesOf(twoWords.stdout).cn).toEqual(["Annika Private"]);
    const byAddress = await searchAs(alice, ldap.account.accountBookDn, "(&(mail=*)(|(cn=kira.dorf*)(mail=kira.dorf*)(sn=kira.dorf*)))", "mail");
    expect(dnsOf(byAddress.stdout).length).toBeGreaterThan(0);
    for (const mail of attributesOf(byAddress.stdout).mail!) expect(mail).toMatch(/^kira\.dorf/);
  });

  it("answer Outlook's search across every readable book, and nothing of other mailboxes' books", async () => {
    const { alice } = ldap.account;
    const outlook = "(|(cn=*sofia*)(cn=*annika*)(cn=*bertram*)(mail=anna.bercal*)(givenName=Sofia)(sn=Private))";
    const result = await searchAs(alice, LDAP_SUFFIX, outlook, "cn");
    const names = attributesOf(result.stdout).cn!;
    expect(names).toEqual(expect.arrayContaining(["Sofia Supplier", "Annika Private"]));
    expect(names.some((name) => name.startsWith("Anna Bercal"))).toBe(true);
    expect(names).not.toContain("Bertram Bobfriend"); // bob's personal book
  });

  it("evaluate every filter type case-insensitively, with attribute selection and each scope", async () => {
    const { alice } = ldap.account;
    const count = async (base: string, filter: string, ...rest: string[]) => dnsOf((await searchAs(alice, base, filter, "1.1", ...rest)).stdout).length;
    expect(await count(alice.bookDn, "(SN=PRIVATE)")).toBe(1);
    expect(await count(alice.bookDn, "(cn=*nika*riv*)")).toBe(1);
    expect(await count(alice.bookDn, "(cn=*vate)")).toBe(1);
    expect(await count(alice.bookDn, "(cn~=nika)")).toBe(1);
    expect(await count(alice.bookDn, "(&(mozillaNickname=*)(!(sn=Smith)))")).toBe(1);
    expect(await count(alice.bookDn, "(!(objectClass=inetOrgPerson))")).toBe(1); // the book's own entry
    expect(await count(alice.bookDn, "(objectClass=*)", "-s", "base")).toBe(1);
    expect(await count(alice.bookDn, "(objectClass=*)", "-s", "one")).toBe(1);
    expect(await count(ldap.account.accountBookDn, "(objectClass=*)", "-s", "one")).toBe(BIG_BOOK_SIZE + 1); // + Suppliers
    expect(await count(ldap.account.accountBookDn, "(objectClass=*)", "-s", "sub", "-E", "pr=1000/noprompt")).toBe(BIG_BOOK_SIZE + 3);
    const selected = await searchAs(alice, alice.bookDn, "(sn=private)", "mail", "givenName");
    expect(Object.keys(attributesOf(selected.stdout)).sort()).toEqual(["dn", "givenname", "mail"]);
  });

  it("stop at the size limit with sizeLimitExceeded (4)", async () => {
    const { alice } = ldap.account;
    const limited = await searchAs(alice, ldap.account.accountBookDn, "(cn=anna*)", "-z", "5", "1.1");
    expect(limited.code).toBe(4);
    expect(dnsOf(limited.stdout)).toHaveLength(5);
  });

  it("page through the 5,000-contact book with Simple Paged Results (ldapsearch and the ldapjs client)", async () => {
    const { alice } = ldap.account;
    const result = await searchAs(alice, ldap.account.accountBookDn, "(objectClass=inetOrgPerson)", "-s", "one", "-E", "pr=500/noprompt", "cn");
    expect(result.code).toBe(0);
    const dns = dnsOf(result.stdout);
    expect(dns).toHaveLength(BIG_BOOK_SIZE);
    expect(new Set(dns).size).toBe(BIG_BOOK_SIZE);
    const client = await connectLdapClient(ldap.url, { startTls: true });
    await client.bind(alice.bindDn, alice.ldapPassword);
    const paged = await client.search(ldap.account.accountBookDn, { filter: "(mail=*)", scope: "one", attributes: ["mail"], paged: { pageSize: 1000 } });
    expect(paged.entries).toHaveLength(BIG_BOOK_SIZE);
    expect(paged.pages).toBeGreaterThanOrEqual(5);
    client.close();
  });

  it("never show one account's books to another account's binds", async () => {
    const { alice, bob } = ldap.account;
    const foreign = ldap.other;
    const otherBook = await searchAs(alice, foreign.accountBookDn, "(objectClass=*)");
    expect(otherBook.code).toBe(32);
    const otherPersonal = await searchAs(accountBinder(ldap.account), foreign.alice.bookDn, "(objectClass=*)");
    expect(otherPersonal.code).toBe(32);
    const fromTheTop = await searchAs(accountBinder(foreign), LDAP_SUFFIX, "(objectClass=*)", "1.1");
    expect(fromTheTop.code).toBe(0);
    expect(dnsOf(fromTheTop.stdout).some((dn) => dn.includes(ldap.account.name))).toBe(false);
    expect(dnsOf(fromTheTop.stdout)).toContain(foreign.accountBookDn);
    // Within an account: bob reads neither alice's personal book nor the book not granted to him;
    // the account bind reads the account's books but no personal book.
    expect((await searchAs(bob, alice.bookDn, "(objectClass=*)")).code).toBe(32);
    expect((await searchAs(bob, LDAP_SUFFIX, "(cn=Sofia Supplier)", "1.1")).stdout).toBe("");
    expect((await searchAs(accountBinder(ldap.account), alice.bookDn, "(objectClass=*)")).code).toBe(32);
    expect(dnsOf((await searchAs(accountBinder(ldap.account), LDAP_SUFFIX, "(cn=Sofia Supplier)", "1.1")).stdout)).toHaveLength(1);
  });

  it("show a change made in the Manager at the next search", async () => {
    const { manager, alice } = ldap.account;
    const actor = await principalOf(manager.address);
    const find = async () => attributesOf((await searchAs(alice, ldap.account.accountBookDn, "(sn=Newcomer)", "mail")).stdout).mail;
    expect(await find()).toBeUndefined();
    const created = await createContact(ldap.db, { actor, bookId: ldap.account.accountBook.id, contact: { givenName: "Nora", familyName: "Newcomer", emails: [{ type: "work", address: "nora@new.test" }] } });
    expect(await find()).toEqual(["nora@new.test"]);
    await updateContact(ldap.db, { actor, contactId: created.id, contact: { givenName: "Nora", familyName: "Newcomer", emails: [{ type: "work", address: "nora@changed.test" }] } });
    expect(await find()).toEqual(["nora@changed.test"]);
    await deleteContact(ldap.db, { actor, contactId: created.id });
    expect(await find()).toBeUndefined();
    await grantBook(ldap.db, { actor: SYSTEM_ACTOR, bookId: ldap.shared.id, mailboxId: alice.mailboxId, access: null });
    expect((await searchAs(alice, LDAP_SUFFIX, "(cn=Sofia Supplier)", "1.1")).stdout).toBe("");
    await grantBook(ldap.db, { actor: SYSTEM_ACTOR, bookId: ldap.shared.id, mailboxId: alice.mailboxId, access: "READ" });
    expect(dnsOf((await searchAs(alice, LDAP_SUFFIX, "(cn=Sofia Supplier)", "1.1")).stdout)).toHaveLength(1);
  });
});

describe("the demo data", () => {
  it("lets a newcomer bind as a demo mailbox or the demo account with the demo password and find contacts", async () => {
    const alice = { bindDn: `cn=alice@example.test,ou=auth,${LDAP_SUFFIX}`, ldapPassword: TEST_PASSWORD };
    const personal = await searchAs(alice, `ou=alice@example.test,ou=ab,${LDAP_SUFFIX}`, "(mail=*)", "-s", "one", "mail");
    expect(dnsOf(personal.stdout).length).toBeGreaterThanOrEqual(3);
    const account = await searchAs({ bindDn: `cn=example,ou=auth,${LDAP_SUFFIX}`, ldapPassword: TEST_PASSWORD }, `ou=example,ou=ab,${LDAP_SUFFIX}`, "(cn=clara*)", "mail");
    expect(attributesOf(account.stdout).mail).toEqual(["clara@customer.example"]);
  });
});

describe("writes", () => {
  it("are refused with unwillingToPerform (53), pointing to the Manager and webmail", async () => {
    const { alice } = ldap.account;
    const dn = `uid=new,${alice.bookDn}`;
    const ldif = `dn: ${dn}\nobjectClass: inetOrgPerson\ncn: New\nsn: New\n`;
    const tls = ["-x", "-ZZ", "-H", ldap.url, "-D", alice.bindDn, "-w", alice.ldapPassword];
    const add = await runLdapTool("ldapadd", tls, ldif);
    expect(add.code).toBe(53);
    expect(add.stderr).toMatch(/edit contacts in the Manager or in webmail/);
    const contact = await ldap.db.contact.findFirstOrThrow({ where: { bookId: alice.personal.id } });
    const contactDn = `uid=${contact.id},${alice.bookDn}`;
    expect((await runLdapTool("ldapmodify", tls, `dn: ${contactDn}\nchangetype: modify\nreplace: cn\ncn: Changed\n`)).code).toBe(53);
    expect((await runLdapTool("ldapdelete", [...tls, contactDn])).code).toBe(53);
    expect((await runLdapTool("ldapmodrdn", [...tls, contactDn, "uid=renamed"])).code).toBe(53);
    const client = await connectLdapClient(ldap.ldapsUrl);
    await client.bind(alice.bindDn, alice.ldapPassword);
    await expect(client.add(dn, { objectClass: ["inetOrgPerson"], cn: ["New"], sn: ["New"] })).rejects.toMatchObject({ code: 53 });
    await expect(client.modify(contactDn, "cn", "Changed")).rejects.toMatchObject({ code: 53 });
    await expect(client.del(contactDn)).rejects.toMatchObject({ code: 53 });
    client.close();
    expect(await ldap.db.contact.findUnique({ where: { id: contact.id } })).toMatchObject({ displayName: "Annika Private" });
  });
});

describe("hostile input", () => {
  it("drops a connection that sends a message over the size limit, and keeps serving others", async () => {
    const closed = await new Promise<boolean>((resolve) => {
      const socket = connect(ldap.port, "127.0.0.1", () => {
        // An LDAPMessage header announcing 16 MiB, then 300 KiB of it.
        socket.write(Buffer.from([0x30, 0x84, 0x01, 0x00, 0x00, 0x00]));
        socket.write(Buffer.alloc(300 * 1024, 0x41));
      });
      socket.on("error", () => {});
      socket.on("close", () => resolve(true));
    });
    expect(closed).toBe(true);
    const dse = await searchAs(ldap.account.alice, "", "(objectClass=*)", "-s", "base", "namingContexts");
    expect(dse.stdout).toContain(LDAP_SUFFIX);
  });

  it("refuses a filter nested beyond the limit", async () => {
    const { alice } = ldap.account;
    const deep = "(!".repeat(40) + "(cn=x)" + ")".repeat(40);
    const result = await searchAs(alice, alice.bookDn, deep);
    expect(result.code).toBe(53);
    expect(result.stderr).toMatch(/too complex/);
  });
});
