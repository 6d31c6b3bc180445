// An LDAP daemon for a test file: an account with a manager, alice and bob (each with an LDAP
// password that differs from the mail password), their books filled with contacts (the account
// book with 5,000), a shared book granted to alice only, and a second account that must stay
// invisible; the server listening on ephemeral loopback ports, plain (StartTLS) and LDAPS.
import { execFile } from "node:child_process";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { createAccount } from "../../lib/directory/create-account.ts";
import { createDomain } from "../../lib/directory/create-domain.ts";
import { createMailbox } from "../../lib/directory/create-mailbox.ts";
import { hashPassword } from "../../lib/auth/password.ts";
import { SYSTEM_ACTOR } from "../../lib/auth/principal.ts";
import { ensureAccountBook, ensurePersonalBook } from "../../lib/addressbook/ensure-books.ts";
import { createSharedBook } from "../../lib/addressbook/create-shared-book.ts";
import { toContactRow, type ContactFieldsInput, ContactFields } from "../../lib/addressbook/contact-input.ts";
import { ensureTlsCertificate, readTlsFiles } from "../../lib/runtime/ensure-tls-certificate.ts";
import { createLdapServer, type LdapLimits } from "../../daemons/ldap/ldap-server.ts";
import { insertSyntheticContacts } from "./ldap-contacts.ts";
import { testDb, uniqueName, TEST_PASSWORD, TEST_LIMITS } from "./fixtures.ts";
import type { LoginLimits } from "../../lib/auth/login-throttle.ts";

export const LDAP_SUFFIX = "dc=mailwright,dc=test";
export const BIG_BOOK_SIZE = 5000;

export async function startTestLdap(options: { loginLimits?: LoginLimits; limits?: Partial<LdapLimits> } = {}) {
  const db = await testDb();
  const account = await makeAccount(uniqueName("ldap"));
  const other = await makeAccount(uniqueName("ldapx"));
  await insertSyntheticContacts(db, account.accountBook.id, BIG_BOOK_SIZE, `${account.name}.test`);
  const shared = await createSharedBook(db, { actor: SYSTEM_ACTOR, accountId: account.accountId, name: "Suppliers" });
  await db.addressBookGrant.create({ data: { bookId: shared.id, mailboxId: account.alice.mailboxId, access: "READ" } });
  await addContact(shared.id, { displayName: "Sofia Supplier", givenName: "Sofia", familyName: "Supplier", emails: [{ type: "work", address: "sofia@supplier.test" }] });

  const dataDir = mkdtempSync(path.join(tmpdir(), "mailwright-ldap-"));
  const tls = readTlsFiles(await ensureTlsCertificate({ dataDir, publicHostname: "ldap.mailwright.test", tls: undefined }));
  const server = createLdapServer({ db, suffix: LDAP_SUFFIX, tls, loginLimits: options.loginLimits ?? TEST_LIMITS, limits: options.limits });
  const { port } = await server.listen(0, "127.0.0.1");
  const { port: tlsPort } = await server.listen(0, "127.0.0.1", { implicitTls: true });
  return { db, port, tlsPort, account, other, shared, url: `ldap://127.0.0.1:${port}`, ldapsUrl: `ldaps://127.0.0.1:${tlsPort}`, listen: (host: string) => server.listen(0, host), close: () => server.close() };

  async function addContact(bookId: string, contact: ContactFieldsInput) {
    return db.contact.create({ data: { bookId, ...toContactRow(ContactFields.parse(contact)) } });
  }

  async function makeAccount(name: string) {
    const created = await createAccount(db, { actor: SYSTEM_ACTOR, name, displayName: `LDAP test ${name}` });
    const domain = `${name}.test`;
    await createDomain(db, { actor: SYSTEM_ACTOR, accountId: created.id, name: domain });
    const accountLdapPassword = `account-ldap-${name}`;
    await db.account.update({ where: { id: created.id }, data: { ldapPasswordHash: await hashPassword(accountLdapPassword) } });
    const user = async (localPart: string, accessLevel: "SELF" | "FULL_MANAGEMENT" = "SELF") => {
      const address = `${localPart}@${domain}`;
      const mailbox = await createMailbox(db, { actor: SYSTEM_ACTOR, address, password: TEST_PASSWORD, accessLevel });
      const ldapPassword = `ldap-secret-${localPart}-${name}`;
      await db.mailbox.update({ where: { id: mailbox.id }, data: { ldapPasswordHash: await hashPassword(ldapPassword) } });
      const personal = await ensurePersonalBook(db, { actor: SYSTEM_ACTOR, mailboxId: mailbox.id });
      return { address, mailboxId: mailbox.id, password: TEST_PASSWORD, ldapPassword, bindDn: `cn=${address},ou=auth,${LDAP_SUFFIX}`, bookDn: `ou=${address},ou=ab,${LDAP_SUFFIX}`, personal };
    };
    const manager = await user("manager", "FULL_MANAGEMENT");
    const alice = await user("alice");
    const bob = await user("bob");
    const accountBook = await ensureAccountBook(db, { actor: SYSTEM_ACTOR, accountId: created.id });
    await addContact(alice.personal.id, {
      displayName: "Annika Private",
      givenName: "Annika",
      familyName: "Private",
      nickname: "Anni",
      emails: [{ type: "home", address: "annika@private.test" }, { type: "work", address: "a.private@work.test" }],
      phones: [{ type: "work", number: "+49 30 1234" }, { type: "home", number: "+49 30 5678" }, { type: "mobile", number: "+49 170 1111" }, { type: "fax", number: "+49 30 9999" }],
      addresses: [{ type: "work", street: "Hauptstr. 1", locality: "Berlin", region: "BE", postalCode: "10115", country: "DE" }],
      organization: "Private AG",
      department: "Research",
      title: "Chemist",
      url: "https://private.test",
      birthday: "1985-04-12",
      notes: "Met at the fair",
    });
    await addContact(bob.personal.id, { displayName: "Bertram Bobfriend", givenName: "Bertram", familyName: "Bobfriend", emails: [{ type: "work", address: "bertram@bob.test" }] });
    return { accountId: created.id, name, domain, accountLdapPassword, accountBindDn: `cn=${name},ou=auth,${LDAP_SUFFIX}`, accountBookDn: `ou=${name},ou=ab,${LDAP_SUFFIX}`, accountBook, manager, alice, bob };
  }
}

export type TestLdap = Awaited<ReturnType<typeof startTestLdap>>;

export type ToolResult = { code: number; stdout: string; stderr: string };

/** Runs one of Debian's ldap-utils (ldapsearch, ldapwhoami, ldapmodify...) with the test's TLS settings. */
export function runLdapTool(tool: string, args: readonly string[], input?: string): Promise<ToolResult> {
  return new Promise((resolve) => {
    const child = execFile(
      tool,
      [...args],
      { env: { ...process.env, LDAPTLS_REQCERT: "never", LDAPCONF: "/dev/null", LDAPRC: "/dev/null" }, timeout: 20_000, maxBuffer: 64 * 1024 * 1024 },
      (error, stdout, stderr) => {
        const code = error ? (typeof (error as { code?: unknown }).code === "number" ? ((error as { code: number }).code) : -1) : 0;
        resolve({ code, stdout, stderr });
      },
    );
    if (input !== undefined) child.stdin?.end(input);
  });
}

/** The DNs in ldapsearch's LDIF output. */
export function dnsOf(ldif: string): string[] {
  return ldif.split("\n").filter((line) => line.startsWith("dn: ")).map((line) => line.slice(4));
}
