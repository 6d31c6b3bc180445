import { describe, expect, it } from "vitest";
import { BookIndex } from "./book-index.ts";
import { makeEntry } from "./directory-entry.ts";
import type { ContainerNode, DirectoryView } from "./directory-view.ts";
import { findEntries, SCOPE } from "./find-entries.ts";

const suffix = makeEntry("dc=test", { objectClass: ["top"] });
const book = makeEntry("ou=b,dc=test", { objectClass: ["organizationalUnit"], ou: ["b"] });
const contacts = Array.from({ length: 3000 }, (_, i) => makeEntry(`uid=${i},ou=b,dc=test`, { objectClass: ["inetOrgPerson"], cn: [`Person ${i}`] }));
const bookNode: ContainerNode = { entry: book, parent: "dc=test", bookId: "b" };
const view: DirectoryView = {
  containers: new Map<string, ContainerNode>([
    ["dc=test", { entry: suffix, parent: null, bookId: null }],
    ["ou=b,dc=test", bookNode],
  ]),
  children: new Map([["dc=test", [bookNode]]]),
  contactsOf: async () => ({ entries: contacts, byDn: new Map(contacts.map((entry) => [entry.normalizedDn, entry])), index: new BookIndex(contacts) }),
};
const all = () => true;
const later = Date.now() + 60_000;

describe("findEntries", () => {
  it("honours base, one-level and subtree scope, and finds a contact by its DN", async () => {
    expect(await findEntries(view, "ou=b,dc=test", SCOPE.base, all, later)).toMatchObject({ kind: "found", matches: [book] });
    expect(await findEntries(view, "dc=test", SCOPE.one, all, later)).toMatchObject({ kind: "found", matches: [book] });
    const sub = await findEntries(view, "dc=test", SCOPE.sub, all, later);
    expect(sub.kind === "found" && sub.matches.length).toBe(3002);
    expect(await findEntries(view, "uid=7,ou=b,dc=test", SCOPE.base, all, later)).toMatchObject({ kind: "found", matches: [contacts[7]] });
    expect(await findEntries(view, "uid=nope,ou=b,dc=test", SCOPE.base, all, later)).toEqual({ kind: "noSuchObject" });
    expect(await findEntries(view, "ou=other,dc=test", SCOPE.sub, all, later)).toEqual({ kind: "noSuchObject" });
  });

  it("stops at the deadline and says so", async () => {
    const result = await findEntries(view, "dc=test", SCOPE.sub, all, Date.now() - 1);
    expect(result).toMatchObject({ kind: "found", timedOut: true });
    expect(result.kind === "found" && result.matches.length).toBeLessThan(3002);
  });
});
