import { createRequire } from "node:module";
import { describe, expect, it } from "vitest";
import { BookIndex } from "./book-index.ts";
import { compileFilter } from "./compile-filter.ts";
import { contactAttributes } from "./contact-attributes.ts";
import { makeEntry } from "./directory-entry.ts";
import type { LdapFilter } from "./ldapjs-shapes.ts";
import { syntheticContact } from "../../scripts/test-support/ldap-contacts.ts";

const { parseFilter } = createRequire(import.meta.url)("ldapjs") as { parseFilter(text: string): LdapFilter };

const entries = Array.from({ length: 600 }, (_, i) => {
  const contact = { id: `c${i}`, ...syntheticContact(i), createdAt: new Date(), updatedAt: new Date() };
  return makeEntry(`uid=c${i},ou=b`, contactAttributes(contact));
});
const index = new BookIndex(entries);

/** What the index lets through, then filtered: must equal testing every entry. */
function viaIndex(filter: LdapFilter) {
  const predicate = compileFilter(filter);
  const candidates = index.candidates(filter);
  return (candidates ? candidates.map((position) => entries[position]!) : entries).filter(predicate).map((entry) => entry.dn);
}

describe("BookIndex", () => {
  it("narrows prefix and equality searches without changing any answer", () => {
    const filters = [
      "(&(mail=*)(|(cn=anna b*)(mail=anna b*)(sn=anna b*)))",
      "(|(cn=KIRA*)(mail=kira.*)(sn=ber*))",
      "(sn=Bercal-416)",
      "(&(givenName=Hugo)(cn=*cal*))",
      "(&(cn=z*)(!(givenName=Zoe)))",
      "(|(cn=anna*)(mobile=*))", // one clause cannot be narrowed: every entry is a candidate
      "(cn=*dor*)",
    ];
    for (const text of filters) {
      const filter = parseFilter(text);
      const everyEntry = entries.filter(compileFilter(filter)).map((entry) => entry.dn);
      expect(viaIndex(filter), text).toEqual(everyEntry);
    }
    expect(index.candidates(parseFilter("(cn=anna b*)"))!.length).toBeLessThan(50);
    expect(index.candidates(parseFilter("(|(cn=anna*)(mobile=*))"))).toBeNull();
  });
});
