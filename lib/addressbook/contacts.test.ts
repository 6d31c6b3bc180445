import { beforeAll, describe, expect, it } from "vitest";
import { ensurePersonalBook } from "./ensure-books.ts";
import { createSharedBook } from "./create-shared-book.ts";
import { createContact } from "./create-contact.ts";
import { updateContact } from "./update-contact.ts";
import { deleteContact } from "./delete-contact.ts";
import { listContacts } from "./list-contacts.ts";
import type { Principal } from "../auth/principal.ts";
import { principalOf, testDb, uniqueName } from "../../scripts/test-support/fixtures.ts";

let manager: Principal;
let alice: Principal;
let bob: Principal;

beforeAll(async () => {
  manager = await principalOf("manager@example.test");
  alice = await principalOf("alice@example.test");
  bob = await principalOf("bob@example.test");
});

async function freshBook() {
  const db = await testDb();
  return createSharedBook(db, { actor: manager, accountId: manager.accountId, name: uniqueName("Contacts") });
}

describe("createContact, updateContact, deleteContact", () => {
  it("stores every field, keeps searchText current and audits each change", async () => {
    const db = await testDb();
    const book = await freshBook();
    const contact = await createContact(db, {
      actor: manager,
      bookId: book.id,
      contact: {
        displayName: " Zoë Quinn ",
        givenName: "Zoë",
        familyName: "Quinn",
        emails: [{ type: "work", address: "Zoe.Quinn@Example.ORG" }],
        phones: [{ type: "mobile", number: "+44 (0)20 7946-0958" }],
        addresses: [{ type: "home", street: "1 High St", locality: "London", postalCode: "N1 1AA", country: "UK" }],
        birthday: "--04-30",
      },
    });
    expect(contact).toMatchObject({ displayName: "Zoë Quinn", searchText: "zoë quinn zoë quinn zoe.quinn@example.org", birthday: "--04-30" });

    const updated = await updateContact(db, { actor: manager, contactId: contact.id, contact: { displayName: "Zoë Baker", emails: [{ address: "zb@example.org" }] } });
    expect(updated.searchText).toBe("zoë baker zb@example.org");
    expect(updated.phones).toEqual([]);

    await expect(deleteContact(db, { actor: alice, contactId: contact.id })).rejects.toMatchObject({ code: "NOT_FOUND" });
    await deleteContact(db, { actor: manager, contactId: contact.id });
    expect(await db.contact.count({ where: { id: contact.id } })).toBe(0);
    await expect(updateContact(db, { actor: manager, contactId: contact.id, contact: { displayName: "x" } })).rejects.toMatchObject({ code: "NOT_FOUND" });
    const actions = (await db.auditEvent.findMany({ where: { targetId: contact.id }, })).map((e) => e.action);
    // Sorted: events of one millisecond have no order.
    expect(actions.sort()).toEqual(["contact.create", "contact.delete", "contact.update"]);
  });

  it("refuses invalid fields, naming each", async () => {
    const db = await testDb();
    const book = await ensurePersonalBook(db, { actor: bob, mailboxId: bob.mailboxId });
    const refused = (contact: Parameters<typeof createContact>[1]["contact"], pattern: RegExp) =>
      expect(createContact(db, { actor: bob, bookId: book.id, contact })).rejects.toMatchObject({ code: "INVALID_INPUT", message: expect.stringMatching(pattern) });
    await refused({ displayName: "A", emails: [{ address: "not an address" }] }, /emails\.0\.address: not a valid email address/);
    await refused({ displayName: "A", phones: [{ type: "work", number: "call me maybe" }] }, /phones\.0\.number: only digits/);
    await refused({ displayName: "A", phones: [{ type: "work", number: "---" }] }, /phones\.0\.number: must contain a digit/);
    await refused({ displayName: "x".repeat(201) }, /displayName: at most 200 characters/);
    await refused({ displayName: "A", birthday: "1990-13-01" }, /birthday: must be YYYY-MM-DD or --MM-DD/);
    await refused({ displayName: "A", url: "javascript:alert(1)" }, /url: must start with http/);
    await refused({ displayName: "A", extraVcard: "X-OK:1\nEND:VCARD" }, /extraVcard: each line must be one vCard property/);
    await refused({ displayName: "A", extraVcard: "no colon here" }, /extraVcard: each line must be one vCard property/);
    await refused({ notes: "just a note" }, /a contact needs a name/);
    await refused({ displayName: "A", emails: Array.from({ length: 21 }, (_, i) => ({ address: `a${i}@example.org` })) }, /at most 20 email addresses/);
    expect(await db.contact.count({ where: { bookId: book.id, notes: "just a note" } })).toBe(0);
  });
});

describe("listContacts", () => {
  it("searches names and addresses case-insensitively and pages in display-name order", async () => {
    const db = await testDb();
    const book = await freshBook();
    for (const name of ["Delta Dawn", "Alpha Adams", "Charlie Chase", "Bravo Baker", "Echo Evans"]) {
      await createContact(db, { actor: manager, bookId: book.id, contact: { displayName: name, emails: [{ address: `${name.split(" ")[0]!.toLowerCase()}@firm.example` }] } });
    }
    const first = await listContacts(db, { actor: manager, bookId: book.id, pageSize: 2 });
    expect(first.total).toBe(5);
    expect(first.contacts.map((c) => c.displayName)).toEqual(["Alpha Adams", "Bravo Baker"]);
    const third = await listContacts(db, { actor: manager, bookId: book.id, pageSize: 2, page: 3 });
    expect(third.contacts.map((c) => c.displayName)).toEqual(["Echo Evans"]);
    expect((await listContacts(db, { actor: manager, bookId: book.id, search: "CHARLIE@FIRM" })).contacts.map((c) => c.displayName)).toEqual(["Charlie Chase"]);
    expect((await listContacts(db, { actor: manager, bookId: book.id, search: "baker" })).contacts[0]!.emails).toEqual([{ type: "other", address: "bravo@firm.example" }]);
    await expect(listContacts(db, { actor: manager, bookId: book.id, pageSize: 500 })).rejects.toMatchObject({ code: "INVALID_INPUT" });
  });
});
