import { beforeAll, describe, expect, it } from "vitest";
import { ensureAccountBook, ensurePersonalBook } from "./ensure-books.ts";
import { listBooks } from "./list-books.ts";
import { createSharedBook } from "./create-shared-book.ts";
import { grantBook } from "./grant-book.ts";
import { createContact } from "./create-contact.ts";
import { listContacts } from "./list-contacts.ts";
import { createAccount } from "../directory/create-account.ts";
import { createDomain } from "../directory/create-domain.ts";
import { createMailbox } from "../directory/create-mailbox.ts";
import { SYSTEM_ACTOR, type Principal } from "../auth/principal.ts";
import { principalOf, testDb, uniqueName } from "../../scripts/test-support/fixtures.ts";

let manager: Principal;
let alice: Principal;
let bob: Principal;
let admin: Principal;

beforeAll(async () => {
  manager = await principalOf("manager@example.test");
  alice = await principalOf("alice@example.test");
  bob = await principalOf("bob@example.test");
  admin = await principalOf("admin@mailwright.test");
});

const person = (name: string) => ({ displayName: name, emails: [{ type: "work" as const, address: `${name.toLowerCase().replace(/\W/g, "")}@contacts.test` }] });

describe("ensureAccountBook and ensurePersonalBook", () => {
  it("create each book once, named after the account and the mailbox", async () => {
    const db = await testDb();
    const first = await ensureAccountBook(db, { actor: alice, accountId: alice.accountId });
    const second = await ensureAccountBook(db, { actor: bob, accountId: bob.accountId });
    expect(second.id).toBe(first.id);
    expect(first).toMatchObject({ kind: "ACCOUNT", name: "Example Co", ownerMailboxId: null });
    const personal = await ensurePersonalBook(db, { actor: alice, mailboxId: alice.mailboxId });
    expect(personal).toMatchObject({ kind: "PERSONAL", name: "alice@example.test", ownerMailboxId: alice.mailboxId });
    expect((await ensurePersonalBook(db, { actor: manager, mailboxId: alice.mailboxId })).id).toBe(personal.id);
  });

  it("make one book each when first requests come at once", async () => {
    const db = await testDb();
    const account = await createAccount(db, { actor: SYSTEM_ACTOR, name: uniqueName("acct"), displayName: "Racing Co" });
    const domain = await createDomain(db, { actor: SYSTEM_ACTOR, accountId: account.id, name: `${uniqueName("race")}.test` });
    const mailbox = await createMailbox(db, { actor: SYSTEM_ACTOR, address: `owner@${domain.name}`, password: "a fine password" });
    const accountBooks = await Promise.all(Array.from({ length: 4 }, () => ensureAccountBook(db, { actor: SYSTEM_ACTOR, accountId: account.id })));
    const personalBooks = await Promise.all(Array.from({ length: 4 }, () => ensurePersonalBook(db, { actor: SYSTEM_ACTOR, mailboxId: mailbox.id })));
    expect(new Set(accountBooks.map((b) => b.id)).size).toBe(1);
    expect(new Set(personalBooks.map((b) => b.id)).size).toBe(1);
    expect(await db.addressBook.count({ where: { accountId: account.id } })).toBe(2);
  });

  it("refuse another mailbox's personal book and another account's book", async () => {
    const db = await testDb();
    await expect(ensurePersonalBook(db, { actor: bob, mailboxId: alice.mailboxId })).rejects.toMatchObject({ code: "FORBIDDEN" });
    await expect(ensureAccountBook(db, { actor: alice, accountId: admin.accountId })).rejects.toMatchObject({ code: "FORBIDDEN" });
  });
});

describe("listBooks and who reads and writes which book", () => {
  it("shows a SELF mailbox the account book (read only), its own book and the shared books granted to it", async () => {
    const db = await testDb();
    const granted = await createSharedBook(db, { actor: manager, accountId: manager.accountId, name: uniqueName("Granted") });
    const hidden = await createSharedBook(db, { actor: manager, accountId: manager.accountId, name: uniqueName("Hidden") });
    await grantBook(db, { actor: manager, bookId: granted.id, mailboxId: alice.mailboxId, access: "READ" });

    const books = await listBooks(db, { actor: alice });
    const byId = new Map(books.map((b) => [b.id, b]));
    expect(books.filter((b) => b.kind === "ACCOUNT")).toEqual([expect.objectContaining({ canWrite: false, name: "Example Co" })]);
    expect(books.filter((b) => b.kind === "PERSONAL")).toEqual([expect.objectContaining({ ownerMailboxId: alice.mailboxId, canWrite: true })]);
    expect(byId.get(granted.id)).toMatchObject({ canWrite: false });
    expect(byId.has(hidden.id)).toBe(false);

    const managerBooks = await listBooks(db, { actor: manager });
    expect(managerBooks.find((b) => b.id === hidden.id)).toMatchObject({ canWrite: true });
    expect(managerBooks.find((b) => b.kind === "ACCOUNT")).toMatchObject({ canWrite: true });
    expect(managerBooks.some((b) => b.kind === "PERSONAL" && b.ownerMailboxId === alice.mailboxId)).toBe(true);
    await expect(listBooks(db, { actor: alice, accountId: admin.accountId })).rejects.toMatchObject({ code: "FORBIDDEN" });
  });

  it("lets writers write and readers only read, through the services", async () => {
    const db = await testDb();
    const accountBook = await ensureAccountBook(db, { actor: alice, accountId: alice.accountId });
    const alicesBook = await ensurePersonalBook(db, { actor: alice, mailboxId: alice.mailboxId });

    await expect(createContact(db, { actor: alice, bookId: accountBook.id, contact: person("Not Allowed") })).rejects.toMatchObject({ code: "FORBIDDEN" });
    const inAccount = await createContact(db, { actor: manager, bookId: accountBook.id, contact: person(uniqueName("Account Entry")) });
    await expect(listContacts(db, { actor: alice, bookId: accountBook.id, search: inAccount.displayName })).resolves.toMatchObject({ total: 1, book: { canWrite: false } });

    await createContact(db, { actor: alice, bookId: alicesBook.id, contact: person(uniqueName("Private")) });
    await expect(listContacts(db, { actor: bob, bookId: alicesBook.id })).rejects.toMatchObject({ code: "NOT_FOUND" });
    await expect(createContact(db, { actor: bob, bookId: alicesBook.id, contact: person("Intruder") })).rejects.toMatchObject({ code: "NOT_FOUND" });
    await expect(listContacts(db, { actor: admin, bookId: alicesBook.id })).resolves.toMatchObject({ book: { canWrite: true } });
  });
});

describe("grantBook", () => {
  it("grants READ, upgrades to READ_WRITE and revokes, audited each time", async () => {
    const db = await testDb();
    const book = await createSharedBook(db, { actor: manager, accountId: manager.accountId, name: uniqueName("Team") });
    await expect(createContact(db, { actor: bob, bookId: book.id, contact: person("Bob Entry") })).rejects.toMatchObject({ code: "NOT_FOUND" });

    await grantBook(db, { actor: manager, bookId: book.id, mailboxId: bob.mailboxId, access: "READ" });
    await expect(listContacts(db, { actor: bob, bookId: book.id })).resolves.toMatchObject({ total: 0, book: { canWrite: false } });
    await expect(createContact(db, { actor: bob, bookId: book.id, contact: person("Bob Entry") })).rejects.toMatchObject({ code: "FORBIDDEN" });

    await grantBook(db, { actor: manager, bookId: book.id, mailboxId: bob.mailboxId, access: "READ_WRITE" });
    await expect(createContact(db, { actor: bob, bookId: book.id, contact: person("Bob Entry") })).resolves.toMatchObject({ bookId: book.id });

    await grantBook(db, { actor: manager, bookId: book.id, mailboxId: bob.mailboxId, access: null });
    await expect(listContacts(db, { actor: bob, bookId: book.id })).rejects.toMatchObject({ code: "NOT_FOUND" });
    const actions = (await db.auditEvent.findMany({ where: { targetId: book.id }, })).map((e) => e.action);
    // Sorted: events of one millisecond have no order.
    expect(actions.sort()).toEqual(["addressbook.create", "addressbook.grant", "addressbook.grant", "addressbook.revoke"]);
  });

  it("is for managers, for shared books, and for mailboxes of the same account", async () => {
    const db = await testDb();
    const book = await createSharedBook(db, { actor: manager, accountId: manager.accountId, name: uniqueName("Team") });
    await expect(grantBook(db, { actor: alice, bookId: book.id, mailboxId: alice.mailboxId, access: "READ_WRITE" })).rejects.toMatchObject({ code: "FORBIDDEN" });
    await expect(grantBook(db, { actor: manager, bookId: book.id, mailboxId: admin.mailboxId, access: "READ" })).rejects.toMatchObject({ code: "NOT_FOUND" });
    const accountBook = await ensureAccountBook(db, { actor: manager, accountId: manager.accountId });
    await expect(grantBook(db, { actor: manager, bookId: accountBook.id, mailboxId: alice.mailboxId, access: "READ" })).rejects.toMatchObject({ code: "INVALID_INPUT" });
    await expect(createSharedBook(db, { actor: alice, accountId: alice.accountId, name: "Mine" })).rejects.toMatchObject({ code: "FORBIDDEN" });
    await expect(createSharedBook(db, { actor: manager, accountId: manager.accountId, name: "  " })).rejects.toMatchObject({ code: "INVALID_INPUT" });
    expect(await db.addressBookGrant.count({ where: { bookId: book.id } })).toBe(0);
  });
});
