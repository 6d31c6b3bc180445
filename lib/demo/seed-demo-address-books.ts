import type { Db } from "../db.ts";
import { SYSTEM_ACTOR } from "../auth/principal.ts";
import { hashPassword } from "../auth/password.ts";
import { findMailboxByAddress } from "../directory/find-mailbox-by-address.ts";
import { ContactFields, toContactRow, type ContactFieldsInput } from "../addressbook/contact-input.ts";
import { ensureAccountBook, ensurePersonalBook } from "../addressbook/ensure-books.ts";

/** The demo customer account whose LDAP password is set (cn=example,ou=auth,…). */
export const DEMO_LDAP_ACCOUNT = "example";

const person = (givenName: string, familyName: string, address: string, extra: Partial<ContactFieldsInput> = {}): ContactFieldsInput => ({
  displayName: `${givenName} ${familyName}`,
  givenName,
  familyName,
  emails: [{ type: "work", address }],
  ...extra,
});

const ACCOUNT_CONTACTS = [
  person("Clara", "Customer", "clara@customer.example", { organization: "Customer Ltd", title: "Buyer", phones: [{ type: "work", number: "+44 20 7946 0018" }] }),
  person("Sam", "Supplier", "sam@supplier.example", { organization: "Supplier GmbH", addresses: [{ type: "work", street: "Hafenstr. 5", locality: "Hamburg", region: "", postalCode: "20457", country: "DE" }] }),
  person("Pat", "Partner", "pat@partner.example", { organization: "Partner Inc", phones: [{ type: "mobile", number: "+1 555 0142" }] }),
];

const personalContacts = (owner: string) => [
  person("Dana", "Doctor", `dana.doctor@${owner}.example`, { title: "GP", phones: [{ type: "work", number: "+1 555 0199" }] }),
  person("Felix", "Friend", `felix@${owner}.example`, { nickname: "Fix", phones: [{ type: "home", number: "+1 555 0123" }] }),
  person("Gina", "Gardener", `gina@${owner}.example`, { notes: "Comes on Tuesdays" }),
];

/**
 * The demo's address books, ready for a desktop client: each demo mailbox and the demo account
 * get the LDAP password `password` (the demo password; outside the demo the LDAP password must
 * differ from the mail password, lib/directory/set-mailbox-ldap-password.ts), and each book (the
 * accounts' books, every personal book) a few contacts.
 */
export async function seedDemoAddressBooks(db: Db, input: { password: string; addresses: readonly string[] }): Promise<void> {
  const ldapPasswordHash = await hashPassword(input.password);
  const accountIds = new Set<string>();
  for (const address of input.addresses) {
    const mailbox = await findMailboxByAddress(db, address);
    if (!mailbox) continue;
    accountIds.add(mailbox.accountId);
    await db.mailbox.update({ where: { id: mailbox.id }, data: { ldapPasswordHash } });
    const book = await ensurePersonalBook(db, { actor: SYSTEM_ACTOR, mailboxId: mailbox.id });
    await addContacts(db, book.id, personalContacts(mailbox.localPart));
  }
  await db.account.updateMany({ where: { name: DEMO_LDAP_ACCOUNT }, data: { ldapPasswordHash } });
  for (const accountId of accountIds) {
    const book = await ensureAccountBook(db, { actor: SYSTEM_ACTOR, accountId });
    await addContacts(db, book.id, ACCOUNT_CONTACTS);
  }
}

async function addContacts(db: Db, bookId: string, contacts: ContactFieldsInput[]) {
  await db.contact.createMany({ data: contacts.map((contact) => ({ bookId, ...toContactRow(ContactFields.parse(contact)) })) });
}
