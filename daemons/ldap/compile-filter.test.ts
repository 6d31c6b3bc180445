import { createRequire } from "node:module";
import { describe, expect, it } from "vitest";
import { compileFilter, FILTER_LIMITS, substringMatcher } from "./compile-filter.ts";
import { makeEntry } from "./directory-entry.ts";
import type { LdapFilter } from "./ldapjs-shapes.ts";

const { parseFilter } = createRequire(import.meta.url)("ldapjs") as { parseFilter(text: string): LdapFilter };

const annika = makeEntry("uid=1,ou=x", {
  objectClass: ["top", "inetOrgPerson"],
  cn: ["Annika Private"],
  sn: ["Private"],
  givenName: ["Annika"],
  mail: ["Annika@Private.test"],
  postalCode: ["10115"],
});
const matches = (filter: string) => compileFilter(parseFilter(filter))(annika);

describe("compileFilter", () => {
  it("matches equality, presence and the boolean operators, ignoring case in names and values", () => {
    expect(matches("(SN=PRIVATE)")).toBe(true);
    expect(matches("(sn=Privat)")).toBe(false);
    expect(matches("(objectclass=INETORGPERSON)")).toBe(true);
    expect(matches("(mail=*)")).toBe(true);
    expect(matches("(mobile=*)")).toBe(false);
    expect(matches("(&(sn=private)(givenName=annika))")).toBe(true);
    expect(matches("(&(sn=private)(givenName=bob))")).toBe(false);
    expect(matches("(|(sn=nobody)(givenName=annika))")).toBe(true);
    expect(matches("(!(sn=private))")).toBe(false);
  });

  it("matches substrings with initial, any and final parts in order", () => {
    expect(matches("(cn=ann*)")).toBe(true);
    expect(matches("(cn=*private)")).toBe(true);
    expect(matches("(cn=a*ika*riv*e)")).toBe(true);
    expect(matches("(cn=*riv*ika*)")).toBe(false);
    expect(matches("(mail=*@private.TEST)")).toBe(true);
    expect(substringMatcher("ab", [], "ba")("aba")).toBe(false); // the parts may not overlap
    expect(substringMatcher("ab", [], "ba")("abba")).toBe(true);
  });

  it("treats approximate match as a substring, resolves attribute aliases and compares orderings", () => {
    expect(matches("(cn~=nika pri)")).toBe(true);
    expect(matches("(commonName=annika private)")).toBe(true);
    expect(matches("(surname=private)")).toBe(true);
    expect(matches("(postalCode>=10000)")).toBe(true);
    expect(matches("(postalCode<=10000)")).toBe(false);
  });

  it("refuses filters deeper or larger than the limits", () => {
    const deep = "(!".repeat(FILTER_LIMITS.maxDepth + 1) + "(cn=x)" + ")".repeat(FILTER_LIMITS.maxDepth + 1);
    expect(() => compileFilter(parseFilter(deep))).toThrow(/too complex/);
    const wide = `(|${"(cn=x)".repeat(FILTER_LIMITS.maxNodes)})`;
    expect(() => compileFilter(parseFilter(wide))).toThrow(/too complex/);
    expect(() => compileFilter(parseFilter(`(|${"(cn=x)".repeat(100)})`))).not.toThrow();
  });
});
