import { beforeAll, describe, expect, it } from "vitest";
import { principalOf, testDb, uniqueName } from "../../scripts/test-support/fixtures.ts";
import type { Principal } from "../auth/principal.ts";
import { createContact } from "./create-contact.ts";
import { createSharedBook } from "./create-shared-book.ts";
import { grantBook } from "./grant-book.ts";
import { listBooks } from "./list-books.ts";
import { suggestRecipients } from "./suggest-recipients.ts";

let manager: Principal;
let alice: Principal;
let bob: Principal;

beforeAll(async () => {
  manager = await principalOf("manager@example.test");
  alice = await principalOf("alice@example.test");
  bob = await principalOf("bob@example.test");
});

describe("suggestRecipients", () => {
  it("matches names and any address by prefix, case-insensitively, across the personal, account and granted shared books only", async () => {
    const db = await testDb();
    const tag = uniqueName("zq").replace("-", "");
    const bookOf = async (actor: Principal, kind: "PERSONAL" | "ACCOUNT") => (await listBooks(db, { actor })).find((b) => b.kind === kind)!.id;
    await createContact(db, { actor: alice, bookId: await bookOf(alice, "PERSONAL"), contact: { displayName: `${tag} Personal`, emails: [{ type: "home", address: `home.${tag}@example.org` }, { type: "work", address: `work.${tag}@example.org` }] } });
    await createContact(db, { actor: manager, bookId: await bookOf(manager, "ACCOUNT"), contact: { displayName: `Account ${tag.toUpperCase()}`, emails: [{ type: "work", address: `acct@example.org` }] } });
    const granted = await createSharedBook(db, { actor: manager, accountId: manager.accountId, name: uniqueName("Granted") });
    await grantBook(db, { actor: manager, bookId: granted.id, mailboxId: alice.mailboxId, access: "READ" });
    await createContact(db, { actor: manager, bookId: granted.id, contact: { displayName: "Shared Person", emails: [{ type: "work", address: `${tag}.shared@example.org` }] } });
    const hidden = await createSharedBook(db, { actor: manager, accountId: manager.accountId, name: uniqueName("Hidden") });
    await createContact(db, { actor: manager, bookId: hidden.id, contact: { displayName: `${tag} Hidden`, emails: [{ type: "work", address: "hidden@example.org" }] } });
    await createContact(db, { actor: bob, bookId: await bookOf(bob, "PERSONAL"), contact: { displayName: `${tag} Bobs`, emails: [{ type: "work", address: "bobs@example.org" }] } });

    const labels = (await suggestRecipients(db, { actor: alice, prefix: tag.toUpperCase() })).map((s) => s.label).sort();
    expect(labels).toEqual(
      [`${tag} Personal <home.${tag}@example.org>`, `${tag} Personal <work.${tag}@example.org>`, `Account ${tag.toUpperCase()} <acct@example.org>`, `Shared Person <${tag}.shared@example.org>`].sort(),
    );
    // By an address only: "work.<tag>" matches one address of the personal contact, not the other.
    expect((await suggestRecipients(db, { actor: alice, prefix: `work.${tag}` })).map((s) => s.address)).toEqual([`work.${tag}@example.org`]);
    expect(await suggestRecipients(db, { actor: alice, prefix: "  " })).toEqual([]);
  });

  it("answers at most 10", async () => {
    const db = await testDb();
    const tag = uniqueName("many").replace("-", "");
    const book = (await listBooks(db, { actor: alice })).find((b) => b.kind === "PERSONAL")!.id;
    for (let i = 0; i < 12; i++) await createContact(db, { actor: alice, bookId: book, contact: { displayName: `${tag} ${i}`, emails: [{ type: "work", address: `${tag}${i}@example.org` }] } });
    expect(await suggestRecipients(db, { actor: alice, prefix: tag })).toHaveLength(10);
  });
});
