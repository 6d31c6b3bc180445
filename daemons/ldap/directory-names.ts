import { escapeDnValue } from "../../lib/addressbook/desktop-client-settings.ts";
import { parseDnString } from "./ldapjs-shapes.ts";

// The directory layout, as the Manager's setup panel prints it (lib/addressbook/desktop-client-settings.ts):
//   <suffix>
//   ou=auth,<suffix>                 bind names: cn=<mailbox address> and cn=<account name>
//   ou=ab,<suffix>                   the books
//     ou=<mailbox address>           a personal book
//     ou=<account name>              the account's book
//       ou=<book name>               each further (shared) book of the account
//         uid=<contact id>           a contact (the id never changes, so neither does the DN)
// DNs are compared in a normal form: attribute names and values lower-case, values escaped as
// escapeDnValue does, no spaces around separators.

/** A DN's normal form, or null when it does not parse. */
export function normalizeDn(dn: string): string | null {
  if (dn.trim() === "") return "";
  try {
    const parsed = parseDnString(dn);
    const rdns: string[] = [];
    for (let i = 0; i < parsed.length; i += 1) {
      const rdn = parsed.rdnAt(i);
      if (!rdn) return null;
      const parts: string[] = [];
      for (const name of rdn.keys()) parts.push(`${name.toLowerCase()}=${escapeDnValue(String(rdn.getValue(name)).toLowerCase())}`);
      rdns.push(parts.sort().join("+"));
    }
    return rdns.join(",");
  } catch {
    return null;
  }
}

/** The normal form of a DN we build ourselves (already escaped, no multi-valued RDNs). */
export function normalizeOwnDn(dn: string): string {
  return dn.toLowerCase();
}

/** The parent of a normalized DN ("" for a one-RDN DN). */
export function parentOf(normalizedDn: string): string {
  for (let i = 0; i < normalizedDn.length; i += 1) {
    if (normalizedDn[i] === "\\") i += 1;
    else if (normalizedDn[i] === ",") return normalizedDn.slice(i + 1);
  }
  return "";
}

export function bindDnOf(name: string, suffix: string): string {
  return `cn=${escapeDnValue(name)},ou=auth,${suffix}`;
}

export function booksDnOf(suffix: string): string {
  return `ou=ab,${suffix}`;
}

/** A personal book's DN (by owner address) or the account book's (by account name). */
export function topBookDnOf(ownerOrAccount: string, suffix: string): string {
  return `ou=${escapeDnValue(ownerOrAccount)},${booksDnOf(suffix)}`;
}

export function sharedBookDnOf(rdnValue: string, accountBookDn: string): string {
  return `ou=${escapeDnValue(rdnValue)},${accountBookDn}`;
}

export function contactDnOf(contactId: string, bookDn: string): string {
  return `uid=${escapeDnValue(contactId)},${bookDn}`;
}

/**
 * Who a bind DN names: cn=<value>,ou=auth,<suffix>; a value with an "@" is a mailbox address,
 * any other an account name. Null for every other DN.
 */
export function parseBindDn(dn: string, suffix: string): { kind: "mailbox" | "account"; name: string } | null {
  try {
    const parsed = parseDnString(dn);
    const normalized = normalizeDn(dn);
    const authBase = `,ou=auth,${normalizeOwnDn(suffix)}`;
    if (!normalized || !normalized.endsWith(authBase) || parsed.length < 3) return null;
    const first = parsed.rdnAt(0);
    const names = [...first.keys()];
    if (names.length !== 1 || names[0].toLowerCase() !== "cn") return null;
    if (parentOf(normalized) !== authBase.slice(1)) return null;
    const name = String(first.getValue(names[0])).trim();
    if (!name) return null;
    return { kind: name.includes("@") ? "mailbox" : "account", name };
  } catch {
    return null;
  }
}
