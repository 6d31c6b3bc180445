import { describe, expect, it } from "vitest";
import { bindDnOf, contactDnOf, normalizeDn, parentOf, parseBindDn, sharedBookDnOf, topBookDnOf } from "./directory-names.ts";
import { placeBooks } from "./directory-view.ts";
import type { LdapBook } from "../../lib/addressbook/ldap-books.ts";

const SUFFIX = "dc=mailwright,dc=test";

describe("directory names", () => {
  it("normalizes DNs: case, spacing and escapes do not matter", () => {
    expect(normalizeDn("OU=Alice@Example.TEST, ou=AB,DC=mailwright, dc=test")).toBe("ou=alice@example.test,ou=ab,dc=mailwright,dc=test");
    expect(normalizeDn("ou=Smith\\2c Jones,dc=x")).toBe(normalizeDn("ou=Smith\\, Jones,dc=x"));
    expect(normalizeDn("")).toBe("");
    expect(normalizeDn("not a dn")).toBeNull();
    expect(parentOf("ou=a\\,b,ou=ab,dc=x")).toBe("ou=ab,dc=x");
  });

  it("reads bind DNs: an address names a mailbox, anything else an account", () => {
    expect(parseBindDn(bindDnOf("alice@example.test", SUFFIX), SUFFIX)).toEqual({ kind: "mailbox", name: "alice@example.test" });
    expect(parseBindDn(`CN=example, OU=auth, ${SUFFIX.toUpperCase()}`, SUFFIX)).toEqual({ kind: "account", name: "example" });
    expect(parseBindDn(`uid=alice,ou=auth,${SUFFIX}`, SUFFIX)).toBeNull();
    expect(parseBindDn(`cn=alice,ou=people,${SUFFIX}`, SUFFIX)).toBeNull();
    expect(parseBindDn(`cn=x,ou=y,ou=auth,${SUFFIX}`, SUFFIX)).toBeNull();
    expect(parseBindDn("cn=alice,ou=auth,dc=other", SUFFIX)).toBeNull();
  });

  it("places books: personal by owner, account by name, shared books under the account, duplicates kept apart", () => {
    const book = (id: string, kind: LdapBook["kind"], name: string, ownerAddress: string | null = null, at = 0): LdapBook => ({ id, kind, name, accountName: "example", ownerAddress, createdAt: new Date(at) });
    const placed = placeBooks([book("s2", "SHARED", "Team", null, 2), book("p", "PERSONAL", "alice@example.test", "alice@example.test"), book("a", "ACCOUNT", "Example Co"), book("s1", "SHARED", "Team", null, 1)], SUFFIX);
    const accountDn = topBookDnOf("example", SUFFIX);
    expect(Object.fromEntries(placed.map((p) => [p.book.id, p.dn]))).toEqual({
      p: `ou=alice@example.test,ou=ab,${SUFFIX}`,
      a: `ou=example,ou=ab,${SUFFIX}`,
      s1: sharedBookDnOf("Team", accountDn),
      s2: sharedBookDnOf("Team (s2)", accountDn),
    });
    expect(contactDnOf("c1", accountDn)).toBe(`uid=c1,ou=example,ou=ab,${SUFFIX}`);
  });
});
