import { beforeAll, describe, expect, it } from "vitest";
import { createSharedBook } from "./create-shared-book.ts";
import { renameSharedBook } from "./rename-shared-book.ts";
import { deleteSharedBook } from "./delete-shared-book.ts";
import { listBookGrants } from "./list-book-grants.ts";
import { grantBook } from "./grant-book.ts";
import { createContact } from "./create-contact.ts";
import { listBooks } from "./list-books.ts";
import { ensureAccountBook, ensurePersonalBook } from "./ensure-books.ts";
import { createAccount } from "../directory/create-account.ts";
import { createDomain } from "../directory/create-domain.ts";
import { createMailbox } from "../directory/create-mailbox.ts";
import { SYSTEM_ACTOR, type Principal } from "../auth/principal.ts";
import { principalOf, testDb, uniqueName } from "../../scripts/test-support/fixtures.ts";

let manager: Principal;
let alice: Principal;
let bob: Principal;
let admin: Principal;
/** The manager of another account: manages its own account, not Example Co. */
let otherManager: Principal;

beforeAll(async () => {
  manager = await principalOf("manager@example.test");
  alice = await principalOf("alice@example.test");
  bob = await principalOf("bob@example.test");
  admin = await principalOf("admin@mailwright.test");
  const db = await testDb();
  const account = await createAccount(db, { actor: SYSTEM_ACTOR, name: uniqueName("other"), displayName: "Other Co" });
  const domain = await createDomain(db, { actor: SYSTEM_ACTOR, accountId: account.id, name: `${uniqueName("other")}.test` });
  const mailbox = await createMailbox(db, { actor: SYSTEM_ACTOR, address: `boss@${domain.name}`, password: "a fine password", accessLevel: "FULL_MANAGEMENT" });
  otherManager = await principalOf(`boss@${domain.name}`);
  expect(otherManager).toMatchObject({ mailboxId: mailbox.id, accessLevel: "FULL_MANAGEMENT", role: null });
});

const person = (name: string) => ({ displayName: name, emails: [{ type: "work" as const, address: `${name.toLowerCase().replace(/\W/g, "")}@contacts.test` }] });
const newBook = async () => createSharedBook(await testDb(), { actor: manager, accountId: manager.accountId, name: uniqueName("Team") });

describe("renameSharedBook", () => {
  it("renames a shared book, trimmed, audited with the old and new names", async () => {
    const db = await testDb();
    const book = await newBook();
    const name = uniqueName("Sales");
    await expect(renameSharedBook(db, { actor: manager, bookId: book.id, name: `  ${name} ` })).resolves.toMatchObject({ id: book.id, name });
    expect((await listBooks(db, { actor: manager })).find((b) => b.id === book.id)).toMatchObject({ name, kind: "SHARED" });
    const event = await db.auditEvent.findFirstOrThrow({ where: { targetId: book.id, action: "addressbook.rename" } });
    expect(event).toMatchObject({ actorId: manager.mailboxId, details: { from: book.name, to: name } });
    // Staff rename any account's shared book.
    await expect(renameSharedBook(db, { actor: admin, bookId: book.id, name: "By staff" })).resolves.toMatchObject({ name: "By staff" });
  });

  it("refuses a SELF mailbox, even one granted READ_WRITE, and another account's manager", async () => {
    const db = await testDb();
    const book = await newBook();
    await grantBook(db, { actor: manager, bookId: book.id, mailboxId: alice.mailboxId, access: "READ_WRITE" });
    await expect(renameSharedBook(db, { actor: alice, bookId: book.id, name: "Alice's now" })).rejects.toMatchObject({ code: "FORBIDDEN" });
    await expect(renameSharedBook(db, { actor: otherManager, bookId: book.id, name: "Taken over" })).rejects.toMatchObject({ code: "FORBIDDEN" });
    expect((await db.addressBook.findUniqueOrThrow({ where: { id: book.id } })).name).toBe(book.name);
    expect(await db.auditEvent.count({ where: { targetId: book.id, action: "addressbook.rename" } })).toBe(0);
  });

  it("refuses an empty or too long name, the account and personal books, and unknown books", async () => {
    const db = await testDb();
    const book = await newBook();
    await expect(renameSharedBook(db, { actor: manager, bookId: book.id, name: "   " })).rejects.toMatchObject({ code: "INVALID_INPUT", message: "Address book: name: must not be empty" });
    await expect(renameSharedBook(db, { actor: manager, bookId: book.id, name: "x".repeat(101) })).rejects.toMatchObject({ code: "INVALID_INPUT", message: "Address book: name: at most 100 characters" });
    await expect(renameSharedBook(db, { actor: manager, bookId: book.id, name: "x".repeat(100) })).resolves.toMatchObject({ name: "x".repeat(100) });

    const accountBook = await ensureAccountBook(db, { actor: manager, accountId: manager.accountId });
    const personalBook = await ensurePersonalBook(db, { actor: manager, mailboxId: alice.mailboxId });
    await expect(renameSharedBook(db, { actor: manager, bookId: accountBook.id, name: "Renamed" })).rejects.toMatchObject({ code: "INVALID_INPUT", message: "Only shared address books can be renamed." });
    await expect(renameSharedBook(db, { actor: alice, bookId: personalBook.id, name: "Renamed" })).rejects.toMatchObject({ code: "FORBIDDEN" });
    await expect(renameSharedBook(db, { actor: manager, bookId: personalBook.id, name: "Renamed" })).rejects.toMatchObject({ code: "INVALID_INPUT" });
    expect((await db.addressBook.findUniqueOrThrow({ where: { id: accountBook.id } })).name).toBe("Example Co");
    expect((await db.addressBook.findUniqueOrThrow({ where: { id: personalBook.id } })).name).toBe("alice@example.test");
    await expect(renameSharedBook(db, { actor: manager, bookId: "no-such-book", name: "Renamed" })).rejects.toMatchObject({ code: "NOT_FOUND" });
  });
});

describe("deleteSharedBook", () => {
  it("removes the book with its contacts and grants, audited, and other books keep theirs", async () => {
    const db = await testDb();
    const book = await newBook();
    const kept = await newBook();
    await grantBook(db, { actor: manager, bookId: book.id, mailboxId: alice.mailboxId, access: "READ_WRITE" });
    await grantBook(db, { actor: manager, bookId: book.id, mailboxId: bob.mailboxId, access: "READ" });
    await grantBook(db, { actor: manager, bookId: kept.id, mailboxId: bob.mailboxId, access: "READ" });
    await createContact(db, { actor: alice, bookId: book.id, contact: person("First Entry") });
    await createContact(db, { actor: manager, bookId: book.id, contact: person("Second Entry") });
    await createContact(db, { actor: manager, bookId: kept.id, contact: person("Kept Entry") });

    await expect(deleteSharedBook(db, { actor: manager, bookId: book.id })).resolves.toEqual({ contacts: 2, grants: 2 });
    expect(await db.addressBook.findUnique({ where: { id: book.id } })).toBeNull();
    expect(await db.contact.count({ where: { bookId: book.id } })).toBe(0);
    expect(await db.addressBookGrant.count({ where: { bookId: book.id } })).toBe(0);
    expect((await listBooks(db, { actor: alice })).some((b) => b.id === book.id)).toBe(false);
    expect(await db.contact.count({ where: { bookId: kept.id } })).toBe(1);
    expect(await db.addressBookGrant.count({ where: { bookId: kept.id } })).toBe(1);
    const event = await db.auditEvent.findFirstOrThrow({ where: { targetId: book.id, action: "addressbook.delete" } });
    expect(event.details).toEqual({ name: book.name, contacts: 2, grants: 2 });

    await expect(deleteSharedBook(db, { actor: manager, bookId: book.id })).rejects.toMatchObject({ code: "NOT_FOUND" });
  });

  it("refuses a SELF mailbox, another account's manager, and the account and personal books", async () => {
    const db = await testDb();
    const book = await newBook();
    await grantBook(db, { actor: manager, bookId: book.id, mailboxId: alice.mailboxId, access: "READ_WRITE" });
    await createContact(db, { actor: alice, bookId: book.id, contact: person("Stays") });
    await expect(deleteSharedBook(db, { actor: alice, bookId: book.id })).rejects.toMatchObject({ code: "FORBIDDEN" });
    await expect(deleteSharedBook(db, { actor: otherManager, bookId: book.id })).rejects.toMatchObject({ code: "FORBIDDEN" });
    expect(await db.contact.count({ where: { bookId: book.id } })).toBe(1);
    expect(await db.addressBookGrant.count({ where: { bookId: book.id } })).toBe(1);

    const accountBook = await ensureAccountBook(db, { actor: manager, accountId: manager.accountId });
    const personalBook = await ensurePersonalBook(db, { actor: manager, mailboxId: bob.mailboxId });
    await expect(deleteSharedBook(db, { actor: manager, bookId: accountBook.id })).rejects.toMatchObject({ code: "INVALID_INPUT" });
    await expect(deleteSharedBook(db, { actor: admin, bookId: personalBook.id })).rejects.toMatchObject({ code: "INVALID_INPUT" });
    await expect(deleteSharedBook(db, { actor: manager, bookId: "" })).rejects.toMatchObject({ code: "INVALID_INPUT" });
    expect(await db.addressBook.count({ where: { id: { in: [accountBook.id, personalBook.id] } } })).toBe(2);
    expect(await db.auditEvent.count({ where: { targetId: book.id, action: "addressbook.delete" } })).toBe(0);
  });
});

describe("listBookGrants", () => {
  it("lists the book's grants by address, following changes", async () => {
    const db = await testDb();
    const book = await newBook();
    await expect(listBookGrants(db, { actor: manager, bookId: book.id })).resolves.toEqual([]);
    await grantBook(db, { actor: manager, bookId: book.id, mailboxId: bob.mailboxId, access: "READ_WRITE" });
    await grantBook(db, { actor: manager, bookId: book.id, mailboxId: alice.mailboxId, access: "READ" });
    await expect(listBookGrants(db, { actor: manager, bookId: book.id })).resolves.toEqual([
      { mailboxId: alice.mailboxId, address: "alice@example.test", access: "READ" },
      { mailboxId: bob.mailboxId, address: "bob@example.test", access: "READ_WRITE" },
    ]);
    await grantBook(db, { actor: manager, bookId: book.id, mailboxId: alice.mailboxId, access: null });
    await expect(listBookGrants(db, { actor: admin, bookId: book.id })).resolves.toEqual([{ mailboxId: bob.mailboxId, address: "bob@example.test", access: "READ_WRITE" }]);
  });

  it("is for the account's managers and shared books only", async () => {
    const db = await testDb();
    const book = await newBook();
    await grantBook(db, { actor: manager, bookId: book.id, mailboxId: alice.mailboxId, access: "READ" });
    await expect(listBookGrants(db, { actor: alice, bookId: book.id })).rejects.toMatchObject({ code: "FORBIDDEN" });
    await expect(listBookGrants(db, { actor: otherManager, bookId: book.id })).rejects.toMatchObject({ code: "FORBIDDEN" });
    const accountBook = await ensureAccountBook(db, { actor: manager, accountId: manager.accountId });
    await expect(listBookGrants(db, { actor: manager, bookId: accountBook.id })).rejects.toMatchObject({ code: "INVALID_INPUT" });
    await expect(listBookGrants(db, { actor: manager, bookId: "no-such-book" })).rejects.toMatchObject({ code: "NOT_FOUND" });
  });
});
